//! `reputable serve`: builds the site into memory, serves it on 127.0.0.1,
//! watches `reputable.yaml`, `content/`, `templates/` and `themes/`, and
//! rebuilds on change; open pages reload themselves (`http`).
//!
//! The site is served from memory and nothing is written: the output folder
//! is `build`'s alone, so serving never races a build for it, never leaves
//! a temporary folder, and the bytes `build` writes are the bytes rendered
//! here (the reload script is added as a page is sent).
//!
//! A rebuild redoes only what the change can affect: the review archives
//! and logs (or the configuration) reload everything; the policy or a
//! training page reload the content and keep the data and figures
//! (`Project::with_content`); templates and themes reload the theme only.

mod http;

use super::{CmdError, Diagnostics};
use super::{ProjectArgs, Verbosity};
use crate::diagnostic::Diagnostic;
use crate::project::Project;
use crate::site::{self, Theme};
use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// The port to listen on; 0 picks any free one (the address is printed).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Anything but a loopback address needs
    /// `--allow-remote`: the reports hold patients' review text.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Allow `--bind` to a non-loopback address (prints a warning).
    #[arg(long)]
    pub allow_remote: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// How long the file system must be quiet before a rebuild: an editor's
/// save (write, rename, change of mode) and a burst of saves are one.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// What the site currently is, as the HTTP side sees it.
pub struct Snapshot {
    /// Counts rebuilds; an open page older than this reloads.
    pub version: u64,
    /// The last good site.
    pub files: HashMap<String, Vec<u8>>,
    /// The last rebuild's failure, until a rebuild succeeds.
    pub error: Option<BuildError>,
}

/// A failed rebuild, for the terminal and the browser's overlay.
#[derive(Debug, Clone)]
pub struct BuildError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// Every diagnostic as the terminal shows it (`--> file:line:col`, help).
    pub text: String,
}

impl BuildError {
    fn of(diagnostics: &[Diagnostic]) -> BuildError {
        let first = diagnostics.first();
        BuildError {
            file: first.map_or_else(String::new, |d| d.file.clone()),
            line: first.and_then(|d| d.line),
            column: first.and_then(|d| d.column),
            message: first.map_or_else(String::new, |d| d.message.clone()),
            text: Diagnostics(diagnostics.to_vec()).to_string(),
        }
    }
}

/// The snapshot behind a lock, and a signal for the pages' event streams.
pub struct Shared {
    current: Mutex<Arc<Snapshot>>,
    changed: Condvar,
    /// Served on a loopback address: requests must name this machine.
    pub local_only: bool,
}

impl Shared {
    fn new(first: Snapshot, local_only: bool) -> Shared {
        Shared {
            current: Mutex::new(Arc::new(first)),
            changed: Condvar::new(),
            local_only,
        }
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn publish(&self, next: Snapshot) {
        *self.current.lock().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
        self.changed.notify_all();
    }

    /// Waits up to `timeout` for a snapshot newer than `seen`.
    pub fn wait_past(&self, seen: u64, timeout: Duration) -> Option<Arc<Snapshot>> {
        let guard = self.current.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.version <= seen)
            .unwrap_or_else(|e| e.into_inner());
        (guard.version > seen).then(|| Arc::clone(&guard))
    }
}

/// How much a change makes us redo, least first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Redo {
    Nothing,
    /// Templates or a theme: render again.
    Theme,
    /// The policy or a training page: reload the content, render again.
    Content,
    /// The configuration or the data: load everything again.
    Everything,
}

impl Redo {
    fn says(self) -> &'static str {
        match self {
            Redo::Nothing => "nothing",
            Redo::Theme => "templates",
            Redo::Content => "policy and training",
            Redo::Everything => "configuration and data",
        }
    }
}

/// What a changed path (relative to the project root) makes us redo.
pub fn redo_for(rel: &Path) -> Redo {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    match parts.as_slice() {
        [crate::config::FILE_NAME] => Redo::Everything,
        ["content", "policy.md"] => Redo::Content,
        ["content", "training", ..] => Redo::Content,
        ["content", dir, ..] if crate::ingest::DATA_DIRS.contains(dir) => Redo::Everything,
        ["templates", ..] | ["themes", ..] => Redo::Theme,
        _ => Redo::Nothing,
    }
}

/// What the rebuild loop keeps between rebuilds.
struct Builder {
    root: PathBuf,
    as_of: Option<String>,
    project: Option<Project>,
    theme: Option<Theme>,
    /// What a failed rebuild left to redo.
    owed: Redo,
}

impl Builder {
    fn rebuild(&mut self, asked: Redo) -> Result<HashMap<String, Vec<u8>>, Vec<Diagnostic>> {
        let mut redo = asked.max(self.owed);
        if self.project.is_none() {
            redo = Redo::Everything;
        }
        self.owed = redo;
        if redo == Redo::Everything {
            self.project = None;
            self.project = Some(Project::load(&self.root, self.as_of.as_deref())?);
        } else if redo == Redo::Content {
            let Some(project) = self.project.take() else {
                return Err(Vec::new());
            };
            match crate::content::load(&self.root, &project.config) {
                Ok(content) => self.project = Some(project.with_content(content)),
                Err(e) => {
                    self.project = Some(project);
                    return Err(e);
                }
            }
        }
        let Some(project) = &self.project else {
            return Err(Vec::new());
        };
        if redo >= Redo::Theme || self.theme.is_none() {
            self.theme = None;
            self.theme = Some(Theme::load(&self.root, &project.config.theme).map_err(|d| vec![d])?);
        }
        let Some(theme) = &self.theme else {
            return Err(Vec::new());
        };
        let files = site::render(project, theme).map_err(|d| vec![d])?;
        self.owed = Redo::Nothing;
        Ok(files
            .into_iter()
            .map(|f| (f.path.clone(), f.into_bytes()))
            .collect())
    }
}

enum Message {
    Changed(Redo),
    WatchFailed(String),
    Stop,
}

pub fn run(args: &ServeArgs, verbosity: Verbosity) -> Result<ExitCode, CmdError> {
    let root = &args.project.root;
    if !root.join(crate::config::FILE_NAME).is_file() {
        // The same message as `build` gives for a folder that is no project.
        if let Err(d) = Project::load(root, None) {
            return Err(Box::new(Diagnostics(d)));
        }
    }
    if !args.bind.is_loopback() && !args.allow_remote {
        return Err(format!(
            "error: refusing to serve on {}: other machines could read the reports\n  = help: pass `--allow-remote` as well if that is meant; without `--bind` the site is served on 127.0.0.1, this machine only",
            args.bind
        )
        .into());
    }
    let listener = TcpListener::bind(SocketAddr::new(args.bind, args.port)).map_err(|e| {
        format!(
            "error: cannot serve on {}:{}: {e}\n  = help: pass `--port` another number, or `--port 0` for any free port",
            args.bind, args.port
        )
    })?;
    let address = listener.local_addr()?;
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} (--allow-remote): anyone who can reach this machine can read the reports, which hold patients' review text",
            args.bind
        );
    }

    let root_abs = std::fs::canonicalize(root)?;
    let mut builder = Builder {
        root: root.clone(),
        as_of: args.project.as_of.clone(),
        project: None,
        theme: None,
        owed: Redo::Everything,
    };
    let started = Instant::now();
    let first = builder.rebuild(Redo::Everything);
    let shared = Arc::new(Shared::new(
        Snapshot {
            version: 0,
            files: HashMap::new(),
            error: None,
        },
        args.bind.is_loopback(),
    ));
    report(
        &shared,
        first,
        Redo::Everything,
        started,
        &builder,
        verbosity,
    );

    let (tx, rx) = mpsc::channel::<Message>();
    let mut watcher = watch(&root_abs, tx.clone())?;
    let mut watched = watch_folders(&mut watcher, &root_abs, &[])?;
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Message::Stop);
    })?;
    {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || http::serve(listener, shared));
    }
    let url = if address.ip().is_unspecified() {
        format!("http://127.0.0.1:{}/", address.port())
    } else {
        format!("http://{address}/")
    };
    eprintln!("serving {url} (Ctrl-C stops)");
    if args.open {
        open_browser(&url);
    }

    while let Ok(message) = rx.recv() {
        let mut redo = match message {
            Message::Stop => break,
            Message::WatchFailed(why) => {
                eprintln!("warning: watching the project failed: {why}");
                continue;
            }
            Message::Changed(r) => r,
        };
        // Debounce: changes until the file system has been quiet for
        // DEBOUNCE are one burst, and one rebuild.
        let mut stop = false;
        loop {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(Message::Changed(r)) => redo = redo.max(r),
                Ok(Message::Stop) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                    stop = true;
                    break;
                }
                Ok(Message::WatchFailed(why)) => {
                    eprintln!("warning: watching the project failed: {why}");
                }
                Err(mpsc::RecvTimeoutError::Timeout) => break,
            }
        }
        if stop {
            break;
        }
        // A `templates/` or `themes/` folder made since the start is
        // watched from now on (its creation is the change that led here).
        match watch_folders(&mut watcher, &root_abs, &watched) {
            Ok(now) => watched = now,
            Err(e) => eprintln!("warning: watching the project failed: {e}"),
        }
        let started = Instant::now();
        let result = builder.rebuild(redo);
        report(&shared, result, redo, started, &builder, verbosity);
    }
    if verbosity != Verbosity::Quiet {
        eprintln!("stopped");
    }
    Ok(ExitCode::SUCCESS)
}

/// Publishes a rebuild's result and says it in the terminal.
fn report(
    shared: &Shared,
    result: Result<HashMap<String, Vec<u8>>, Vec<Diagnostic>>,
    redo: Redo,
    started: Instant,
    builder: &Builder,
    verbosity: Verbosity,
) {
    let previous = shared.snapshot();
    let version = previous.version + 1;
    match result {
        Ok(files) => {
            if verbosity != Verbosity::Quiet {
                let pages = files.keys().filter(|k| crate::site::is_page(k)).count();
                let problems = builder.project.as_ref().map_or_else(String::new, |p| {
                    format!(
                        "; data problems: {}",
                        crate::problems::Tally::of(&p.data.problems)
                    )
                });
                eprintln!(
                    "built in {} ms ({}): {pages} pages{problems}",
                    started.elapsed().as_millis(),
                    redo.max(Redo::Theme).says()
                );
            }
            shared.publish(Snapshot {
                version,
                files,
                error: None,
            });
        }
        Err(diagnostics) => {
            let error = BuildError::of(&diagnostics);
            eprint!("{}", error.text);
            eprintln!("the site could not be rebuilt; the last good one is still served");
            shared.publish(Snapshot {
                version,
                files: previous.files.clone(),
                error: Some(error),
            });
        }
    }
}

/// Watches the project's inputs; changes arrive as `Message::Changed`.
/// Opening a file is not a change (every rebuild opens them all), so only
/// creation, modification, removal and a write's close count.
fn watch(root: &Path, tx: mpsc::Sender<Message>) -> Result<notify::RecommendedWatcher, CmdError> {
    use notify::event::{AccessKind, AccessMode, EventKind};
    use notify::{RecursiveMode, Watcher};
    let base = root.to_path_buf();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        let message = match result {
            Ok(event) => {
                let counts = match event.kind {
                    EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                    EventKind::Access(_) => false,
                    _ => true,
                };
                let redo = event
                    .paths
                    .iter()
                    .filter_map(|p| p.strip_prefix(&base).ok())
                    .map(redo_for)
                    .max()
                    .unwrap_or(Redo::Nothing);
                if !counts || redo == Redo::Nothing {
                    return;
                }
                Message::Changed(redo)
            }
            Err(e) => Message::WatchFailed(e.to_string()),
        };
        let _ = tx.send(message);
    })?;
    // The root alone (for reputable.yaml; an editor replaces the file, so
    // the folder is watched, not the file); `watch_folders` adds the rest.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    Ok(watcher)
}

/// Watches each input folder that exists and is not watched yet; returns
/// the folders watched now.
fn watch_folders(
    watcher: &mut notify::RecommendedWatcher,
    root: &Path,
    already: &[PathBuf],
) -> Result<Vec<PathBuf>, CmdError> {
    use notify::{RecursiveMode, Watcher};
    // A folder removed since is watched again when it comes back.
    let mut now: Vec<PathBuf> = already.iter().filter(|p| p.is_dir()).cloned().collect();
    for dir in ["content", "templates", "themes"] {
        let path = root.join(dir);
        if path.is_dir() && !now.contains(&path) {
            watcher.watch(&path, RecursiveMode::Recursive)?;
            now.push(path);
        }
    }
    Ok(now)
}

/// `--open`: the system's way to open a web address; a failure is a warning.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: could not open a browser with `{program}`: {e}; open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_redoes_only_what_it_can_affect() {
        let cases = [
            ("reputable.yaml", Redo::Everything),
            ("content/reviews/google/a.json", Redo::Everything),
            ("content/responses/log.csv", Redo::Everything),
            ("content/requests/r.csv", Redo::Everything),
            ("content/policy.md", Redo::Content),
            ("content/training/billing.md", Redo::Content),
            ("templates/report.html", Redo::Theme),
            ("themes/default/static/style.css", Redo::Theme),
            ("content/.policy.md.swp", Redo::Nothing),
            ("output/index.html", Redo::Nothing),
            ("README.md", Redo::Nothing),
        ];
        for (path, want) in cases {
            assert_eq!(redo_for(Path::new(path)), want, "{path}");
        }
    }
}
