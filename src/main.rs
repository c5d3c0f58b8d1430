use clap::Parser;

/// mimalloc rather than the system allocator: a large build makes millions
/// of small blocks (every review's and reply's text) on two threads at
/// once, where glibc's arenas spent a sixth of the user time. On the 1M
/// benchmark, `farm-bench -n 7`: user 0.74x, wall 0.84x of glibc with 2 MiB
/// page advice. Built with `no_thp` (Cargo.toml): with mimalloc's own advice
/// for 2 MiB pages, a build after another large process spent three times
/// the system time getting huge pages backed (see ARCHITECTURE, "Memory").
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    reputable::cli::run(reputable::cli::Cli::parse())
}
