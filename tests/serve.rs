//! `reputable serve` end to end: a temp project served on a free port,
//! pages fetched over HTTP, an edit that reloads the page, a configuration
//! error shown as an overlay and gone once fixed, paths that try to leave
//! the site, and a clean stop on Ctrl-C. Every wait polls with a deadline.
#![cfg(target_os = "linux")]

mod project_copy;
use project_copy::{copy_dir, names};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const FIXTURE: &str = "tests/fixtures/sites/riverside";
/// Generous: a debug build on a busy 2-core machine. Waits end as soon as
/// what they wait for arrives.
const DEADLINE: Duration = Duration::from_secs(90);

/// Lines of a stream, as they come.
fn lines_of(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits for a line that `want` accepts; returns it with the lines before it.
fn wait_for(
    rx: &Receiver<String>,
    what: &str,
    want: impl Fn(&str) -> bool,
) -> (String, Vec<String>) {
    let end = Instant::now() + DEADLINE;
    let mut seen = Vec::new();
    loop {
        let left = end.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) if want(&line) => return (line, seen),
            Ok(line) => seen.push(line),
            Err(_) => panic!("no {what} before the deadline; saw:\n{}", seen.join("\n")),
        }
    }
}

/// A raw GET; the server closes each connection after its answer.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("an HTTP answer to {path}: {text}"));
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

/// The page's events, line by line.
fn events(port: u16) -> Receiver<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__reputable/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    lines_of(s)
}

struct Server {
    child: Child,
    stderr: Receiver<String>,
    port: u16,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_reputable"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = lines_of(child.stderr.take().unwrap());
        let (line, _) = wait_for(&stderr, "address", |l| l.starts_with("serving http://"));
        let port = line
            .trim_start_matches("serving http://127.0.0.1:")
            .split('/')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("a port in {line}"));
        Server {
            child,
            stderr,
            port,
        }
    }

    /// Ctrl-C, and the exit it leads to.
    fn interrupt(mut self) -> (std::process::ExitStatus, Vec<String>) {
        let pid = libc::pid_t::try_from(self.child.id()).unwrap();
        // SAFETY: signals the child this test started, by its id.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
        let end = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let rest: Vec<String> = self.stderr.try_iter().collect();
                return (status, rest);
            }
            assert!(Instant::now() < end, "serve did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The served page without the reload script: what `build` writes.
fn without_script(page: &str) -> String {
    let start = page
        .find("<script src=\"/__reputable/live.js\"")
        .expect("the reload script");
    let end = start + page[start..].find("</script>\n").unwrap() + "</script>\n".len();
    format!("{}{}", &page[..start], &page[end..])
}

#[test]
fn serve_builds_reloads_shows_errors_refuses_traversal_and_stops_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let proj: PathBuf = tmp.path().join("proj");
    copy_dir(Path::new(FIXTURE), &proj);
    let policy = proj.join("content/policy.md");
    std::fs::write(
        &policy,
        "---\ntitle: Our response policy\n---\n\nFirst version.\n",
    )
    .unwrap();
    let config = std::fs::read_to_string(proj.join("reputable.yaml")).unwrap();
    let before = names(&proj);

    // What `build` writes, to compare with what `serve` sends.
    let built = tmp.path().join("built");
    let out = Command::new(env!("CARGO_BIN_EXE_reputable"))
        .args(["build", "--quiet", "--root"])
        .arg(&proj)
        .arg("--output")
        .arg(&built)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let server = Server::start(&proj);
    let port = server.port;

    // Pages, with the reload script; the rest of each page is `build`'s.
    let (status, index) = get(port, "/");
    assert_eq!(status, 200);
    assert_eq!(
        without_script(&index),
        std::fs::read_to_string(built.join("index.html")).unwrap()
    );
    let (status, feed) = get(port, "/feed.xml");
    assert_eq!(status, 200);
    assert_eq!(
        feed,
        std::fs::read_to_string(built.join("feed.xml")).unwrap()
    );
    let (status, page) = get(port, "/policy/");
    assert_eq!(status, 200);
    assert!(page.contains("First version."), "{page}");

    // A burst of saves of the policy (as an editor's "save all" or a
    // formatter makes): one rebuild, one reload, then the new text.
    let stream = events(port);
    wait_for(&stream, "hello", |l| l == "event: hello");
    for draft in ["Draft 1.", "Draft 2.", "Draft 3.", "Second version."] {
        std::fs::write(
            &policy,
            format!("---\ntitle: Our response policy\n---\n\n{draft}\n"),
        )
        .unwrap();
    }
    wait_for(&stream, "reload", |l| l == "event: reload");
    let (_, page) = get(port, "/policy/");
    assert!(page.contains("Second version."), "{page}");
    assert!(!page.contains("First version."));
    // … and the review data was not read again: the content alone.
    let (line, _) = wait_for(&server.stderr, "the rebuild's line", |l| {
        l.starts_with("built in ")
    });
    assert!(line.contains(" ms (policy and training): "), "{line}");
    // One more save: the next reload and rebuild line are its own, so the
    // burst above made no second rebuild.
    std::fs::write(
        &policy,
        "---\ntitle: Our response policy\n---\n\nSecond version.\n\nAgain.\n",
    )
    .unwrap();
    let (_, between) = wait_for(&stream, "reload", |l| l == "event: reload");
    assert!(
        !between.iter().any(|l| l.starts_with("event:")),
        "{between:?}"
    );
    let (_, between) = wait_for(&server.stderr, "the rebuild's line", |l| {
        l.starts_with("built in ")
    });
    assert!(between.is_empty(), "{between:?}");
    let (_, page) = get(port, "/policy/");
    assert!(page.contains("Again."), "{page}");

    // A configuration error: an event with file, line and message, and an
    // overlay on every page, escaped; the last good site is still served.
    std::fs::write(
        proj.join("reputable.yaml"),
        format!("{config}<b>bold</b>: 1\n"),
    )
    .unwrap();
    wait_for(&stream, "build-error", |l| l == "event: build-error");
    let (data, _) = wait_for(&stream, "its data", |l| l.starts_with("data: "));
    let error: serde_json::Value = serde_json::from_str(&data["data: ".len()..]).unwrap();
    assert_eq!(error["file"], "reputable.yaml");
    assert_eq!(error["line"], config.lines().count() + 1);
    assert_eq!(error["message"], "unknown key `<b>bold</b>`");
    let (status, page) = get(port, "/policy/");
    assert_eq!(status, 200);
    assert!(page.contains("<div id=\"reputable-error\""), "{page}");
    assert!(
        page.contains("unknown key `&lt;b&gt;bold&lt;/b&gt;`"),
        "{page}"
    );
    assert!(!page.contains("<b>bold</b>"));
    assert!(page.contains("Second version."));
    let (line, _) = wait_for(&server.stderr, "the error in the terminal", |l| {
        l.contains("--> reputable.yaml:")
    });
    assert_eq!(
        line,
        format!("  --> reputable.yaml:{}:1", config.lines().count() + 1)
    );

    // Fixed: a reload, and no overlay.
    std::fs::write(proj.join("reputable.yaml"), &config).unwrap();
    wait_for(&stream, "reload after the fix", |l| l == "event: reload");
    let (_, page) = get(port, "/policy/");
    assert!(!page.contains("reputable-error"), "{page}");

    // A training page whose "do" sample confirms the reviewer is a patient:
    // an error placed in that page; rewritten, the page appears.
    std::fs::create_dir_all(proj.join("content/training")).unwrap();
    let page_with = |reply: &str| {
        format!(
            "---\ntitle: A long wait\nsamples:\n  - kind: do\n    rating: 1\n    review: Waited an hour.\n    reply: {reply}\n---\n\nBe prompt.\n"
        )
    };
    let training = proj.join("content/training/long-wait.md");
    std::fs::write(
        &training,
        page_with("We are sorry, and we look forward to your next appointment."),
    )
    .unwrap();
    wait_for(&stream, "build-error", |l| l == "event: build-error");
    let (data, _) = wait_for(&stream, "its data", |l| l.starts_with("data: "));
    let error: serde_json::Value = serde_json::from_str(&data["data: ".len()..]).unwrap();
    assert!(
        error["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("content/training/long-wait.md")),
        "{error}"
    );
    assert!(error["line"].is_u64(), "{error}");
    assert!(
        error["text"].as_str().unwrap().contains("confirms-patient"),
        "{error}"
    );
    std::fs::write(
        &training,
        page_with("Thank you for telling us; please call the office at 555-0100."),
    )
    .unwrap();
    wait_for(&stream, "reload after the fix", |l| l == "event: reload");
    let (status, page) = get(port, "/training/long-wait/");
    assert_eq!(status, 200);
    assert!(!page.contains("reputable-error"), "{page}");
    assert!(page.contains("Be prompt."), "{page}");

    // A `templates/` folder that did not exist at the start (moved in
    // whole): its template is used, and later edits to it are seen.
    let staged = tmp.path().join("staged-templates");
    std::fs::create_dir(&staged).unwrap();
    let template = |text: &str| {
        format!("{{% extends \"base.html\" %}}{{% block content %}}<p>{text}</p>{{% endblock %}}\n")
    };
    std::fs::write(staged.join("policy.html"), template("Custom policy page.")).unwrap();
    std::fs::rename(&staged, proj.join("templates")).unwrap();
    wait_for(&stream, "reload for templates/", |l| l == "event: reload");
    let (_, page) = get(port, "/policy/");
    assert!(page.contains("<p>Custom policy page.</p>"), "{page}");
    std::fs::write(
        proj.join("templates/policy.html"),
        template("Edited template."),
    )
    .unwrap();
    wait_for(&stream, "reload for the template edit", |l| {
        l == "event: reload"
    });
    let (_, page) = get(port, "/policy/");
    assert!(page.contains("<p>Edited template.</p>"), "{page}");
    std::fs::remove_dir_all(proj.join("templates")).unwrap();
    wait_for(&stream, "reload without templates/", |l| {
        l == "event: reload"
    });

    // Only the site: no way up, however the dots are written.
    for path in [
        "/../reputable.yaml",
        "/%2e%2e/reputable.yaml",
        "/%2E%2E%2Freputable.yaml",
        "/static/..%2f..%2freputable.yaml",
        "/..%5creputable.yaml",
        "/content/policy.md",
        "/.reputable-output",
        "/no-such-page/",
    ] {
        let (status, body) = get(port, path);
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("<h1>Not found</h1>"), "{path}: {body}");
        assert!(
            !body.contains("organization:") && !body.contains("Second version."),
            "{path}"
        );
    }
    // The icon a browser asks for on its own is no error in its console.
    assert_eq!(get(port, "/favicon.ico").0, 204);
    let (status, _) = get(port, "/reports/2026-10");
    assert_eq!(status, 301);
    // A page elsewhere that a DNS trick points at this machine names its
    // own host: refused.
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET / HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n").unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 403 Forbidden\r\n"), "{answer}");

    // Ctrl-C: a clean exit, and nothing left in the project or beside it.
    let (status, rest) = server.interrupt();
    assert!(status.success(), "{status:?}");
    assert!(rest.iter().any(|l| l == "stopped"), "{rest:?}");
    assert_eq!(names(&proj), before);
    assert_eq!(names(tmp.path()), ["built", "proj"]);
}

#[test]
fn a_non_loopback_address_needs_allow_remote() {
    let out = Command::new(env!("CARGO_BIN_EXE_reputable"))
        .args([
            "serve", "--port", "0", "--bind", "0.0.0.0", "--root", FIXTURE,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(
            "error: refusing to serve on 0.0.0.0: other machines could read the reports"
        ),
        "{err}"
    );
}
