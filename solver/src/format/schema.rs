//! JSON Schemas generated from the file types; committed under `docs/schema/`.

use crate::format::Rota;
use crate::model::Problem;
use crate::travel::MatrixFileFormat;

fn pretty(schema: schemars::Schema) -> String {
    let mut s = serde_json::to_string_pretty(&schema).expect("schemas serialise");
    s.push('\n');
    s
}

/// The JSON Schema of the problem file.
pub fn problem() -> String {
    pretty(schemars::schema_for!(Problem))
}

/// The JSON Schema of the rota file.
pub fn rota() -> String {
    pretty(schemars::schema_for!(Rota))
}

/// The JSON Schema of the events file (`rota replan`).
pub fn events() -> String {
    pretty(schemars::schema_for!(crate::replan::Events))
}

/// The JSON Schema of the travel matrix file.
pub fn matrix() -> String {
    pretty(schemars::schema_for!(MatrixFileFormat))
}

/// The JSON Schema of the package file (`rota fit`).
pub fn package() -> String {
    pretty(schemars::schema_for!(crate::fit::Package))
}
