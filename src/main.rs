use clap::Parser;

fn main() -> std::process::ExitCode {
    reputable::cli::run(reputable::cli::Cli::parse())
}
