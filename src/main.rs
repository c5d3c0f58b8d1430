use clap::Parser;

/// mimalloc rather than the system allocator: a large build makes millions
/// of small blocks (every review's and reply's text) on two threads at
/// once, where glibc's arenas spent a sixth of the user time. On the 1M
/// benchmark, `farm-bench -n 7`: user 0.74x, wall 0.84x of glibc with 2 MiB
/// page advice; advice on top of mimalloc gained nothing (see ARCHITECTURE,
/// "Memory").
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = reputable::cli::Cli::parse();
    if matches!(
        cli.command,
        reputable::cli::Command::Build(_) | reputable::cli::Command::Check(_)
    ) {
        keep_freed_memory();
    }
    reputable::cli::run(cli)
}

/// A one-shot build keeps the memory it frees for its own next blocks
/// instead of handing it back to the system a second after it is freed
/// (mimalloc 3's default):
/// each page handed back and taken again is zeroed by the kernel once more,
/// and a 1M build frees and takes a great deal (read blocks, link tables,
/// page buffers). `farm-bench -n 7` on the 1M benchmark: wall 0.92x, CPU
/// 0.94x; peak memory unchanged within noise. `serve` keeps the default: a
/// process that lives for hours should give back what it no longer uses.
fn keep_freed_memory() {
    // SAFETY: a plain FFI call with a valid option and value; mimalloc's
    // options are atomics, read by its own purge path, and setting one
    // after allocations began is supported (`mi_option_set`).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (the Rust bindings
/// do not name it); the test below checks it is the option whose default
/// is 1000 ms.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

#[cfg(test)]
mod tests {
    #[test]
    fn option_fifteen_is_mimallocs_purge_delay() {
        use libmimalloc_sys::mi_option_get;
        // SAFETY: a read of a mimalloc option by index.
        let delay = unsafe { mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000, "mimalloc 3 purges freed memory after 1000 ms");
        super::keep_freed_memory();
        // SAFETY: as above.
        assert_eq!(unsafe { mi_option_get(super::MI_OPTION_PURGE_DELAY) }, -1);
    }
}
