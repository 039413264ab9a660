//! One module per `rota` subcommand. Each has `Args` (clap) and `run`, which returns the exit
//! code, or an error message for exit code 2 (bad input).

pub mod bench;
pub mod capacity;
pub mod check;
pub mod county;
pub mod diff;
pub mod export;
pub mod fit;
pub mod generate;
pub mod import;
pub mod interrupt;
pub mod replan;
pub mod report;
pub mod schema;
pub mod solve;
pub mod sweep;
pub mod travel;
pub mod validate;

use rota::format::{self, InputErrors, Rota};
use rota::model::Problem;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Instant;

/// When the process started (forced first thing in `main`): `rota solve`'s time limit counts
/// from here, so reading the problem and building its travel count too.
pub static STARTED: LazyLock<Instant> = LazyLock::new(Instant::now);

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

/// Load a rota against its problem, printing its warnings (such as a rota made for a problem of
/// another name) to stderr; every error becomes one message.
pub fn load_rota(path: &Path, problem: &Problem) -> Result<Rota, String> {
    match format::load_rota(path, problem) {
        Ok((rota, warnings)) => {
            for w in &warnings.0 {
                eprintln!("{w}");
            }
            Ok(rota)
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

/// Find data shipped in the repository, such as `datasets/postcodes/canterbury.csv` or
/// `benchmarks/solomon1987`: `rel` under the current folder, else under each folder above the
/// `rota` executable (so `target/release/rota` finds the checkout it was built in).
pub fn shipped(rel: &Path) -> Option<PathBuf> {
    if rel.exists() {
        return Some(rel.to_path_buf());
    }
    let exe = std::env::current_exe().ok()?;
    exe.ancestors().skip(1).map(|dir| dir.join(rel)).find(|p| p.exists())
}

/// Check that `output` can be written without losing an input: it is not one of `inputs`, not a
/// folder, and its folder exists. Done before long work, so a bad path fails at once.
pub fn check_output(output: &Path, inputs: &[&Path]) -> Result<(), String> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    if let Some(input) = inputs.iter().find(|i| same(output, i)) {
        return Err(format!("refusing to overwrite the input {} with the output", input.display()));
    }
    if output.is_dir() {
        return Err(format!("cannot write {}: it is a folder", output.display()));
    }
    let folder = folder_of(output);
    if !folder.is_dir() {
        return Err(format!("cannot write {}: the folder {} does not exist", output.display(), folder.display()));
    }
    Ok(())
}

/// Write `text` to `output` (atomically), or to standard output when there is none.
pub fn write_text(output: Option<&Path>, text: &str) -> Result<(), String> {
    use std::io::Write;
    match output {
        Some(out) => {
            rota::format::write_atomic(out, text.as_bytes()).map_err(|e| format!("cannot write {}: {e}", out.display()))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("cannot write to standard output: {e}"))
        }
    }
}
