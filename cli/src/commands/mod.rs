//! One module per `rota` subcommand. Each has `Args` (clap) and `run`, which returns the exit
//! code, or an error message for exit code 2 (bad input).

pub mod check;
pub mod generate;
pub mod schema;
pub mod solve;
pub mod travel;
pub mod validate;

use rota::format::{self, InputErrors};
use rota::model::Problem;
use std::path::Path;

/// What a command returns: an exit code, or a message that means exit code 2.
pub type Outcome = Result<std::process::ExitCode, String>;

/// Load a problem, printing its warnings to stderr; every error becomes one message.
pub fn load_problem(path: &Path) -> Result<Problem, String> {
    match format::load_problem(path) {
        Ok((problem, warnings)) => {
            for w in &warnings.0 {
                eprintln!("{w}");
            }
            Ok(problem)
        }
        Err(errors) => Err(report(&errors)),
    }
}

/// All input errors as one message.
pub fn report(errors: &InputErrors) -> String {
    errors.to_string()
}

/// The folder a file is in, for resolving paths written inside it.
pub fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}
