use clap::Parser;

#[global_allocator]
static ALLOC: reputable::alloc::HugePages = reputable::alloc::HugePages;

fn main() -> std::process::ExitCode {
    reputable::cli::run(reputable::cli::Cli::parse())
}
