//! The `postlint` binary: a thin command line over the `postlint` library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
