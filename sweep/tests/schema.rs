//! The committed JSON Schema of the manifest is the one its types give (`rota schema sweep`).

#[test]
fn the_committed_manifest_schema_matches_the_types() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/schema/sweep.schema.json");
    let committed = std::fs::read_to_string(path).expect("docs/schema/sweep.schema.json");
    assert_eq!(committed, rota_sweep::manifest::schema(), "run `rota schema sweep > docs/schema/sweep.schema.json`");
}
