//! The development server's HTTP side: a small HTTP/1.1 server on a std
//! `TcpListener`, one thread per connection, every response closing its
//! connection. It serves the site from memory (the files `site::render`
//! produced, never the disk), so no request can reach a file outside the
//! site whatever its path says; `resolve` still refuses `..` and `.`
//! segments (also percent-encoded) rather than normalising them.
//!
//! Pages get a small script (and, after a failed rebuild, an overlay with
//! the error) added before `</body>` as they are sent; the rendered bytes
//! are untouched, and `build` writes them as they are.

use super::{Shared, Snapshot};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Where the live-reload script and its event stream are served; no page of
/// a site can have this path (every site path is a file `render` made).
pub const EVENTS: &str = "/__reputable/events";
pub const SCRIPT: &str = "/__reputable/live.js";
const LIVE_JS: &str = include_str!("live.js");

/// At most this many connections at once (an open page holds one for its
/// event stream); more are answered 503 at once.
const MAX_CONNECTIONS: usize = 128;
/// A request head larger than this is refused (431).
const MAX_HEAD: usize = 16 * 1024;

/// Accepts connections until the process ends.
pub fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            let _ = respond(
                &mut stream,
                503,
                "text/plain; charset=utf-8",
                b"busy\n",
                false,
            );
            continue;
        }
        let shared = Arc::clone(&shared);
        let open = Arc::clone(&open);
        std::thread::spawn(move || {
            let _ = handle(stream, &shared);
            open.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the site, by its path in the site.
    File(String),
    /// A folder of the site without its `/`: relative links need it.
    Redirect(String),
    NotFound,
}

/// Resolves a request path (no query) against the site's files. Percent
/// escapes are decoded first; a `..` or `.` segment, a backslash or a NUL
/// anywhere is not found, whatever follows.
pub fn resolve(raw: &str, has: &dyn Fn(&str) -> bool) -> Target {
    let Some(rest) = raw.strip_prefix('/') else {
        return Target::NotFound;
    };
    let Ok(decoded) = percent_encoding::percent_decode_str(rest).decode_utf8() else {
        return Target::NotFound;
    };
    if decoded.contains(['\\', '\0']) {
        return Target::NotFound;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Target::NotFound;
    }
    let key = segments.join("/");
    if key.is_empty() {
        return if has("index.html") {
            Target::File("index.html".into())
        } else {
            Target::NotFound
        };
    }
    if has(&key) {
        return Target::File(key);
    }
    let index = format!("{key}/index.html");
    if has(&index) {
        return if decoded.ends_with('/') {
            Target::File(index)
        } else {
            Target::Redirect(format!("{raw}/"))
        };
    }
    Target::NotFound
}

fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let Some((method, target, host)) = read_head(&stream)? else {
        return respond(
            &mut stream,
            400,
            "text/plain; charset=utf-8",
            b"bad request\n",
            false,
        );
    };
    // A page of another site that a DNS trick points at 127.0.0.1 sends
    // its own name as Host: served only locally, answer local names only.
    if shared.local_only && !host.as_deref().is_some_and(local_host) {
        return respond(
            &mut stream,
            403,
            "text/plain; charset=utf-8",
            b"only local addresses may be used: http://127.0.0.1 or http://localhost\n",
            false,
        );
    }
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(
            &mut stream,
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n",
            false,
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS {
        return events(stream, shared);
    }
    if path == SCRIPT {
        return respond(
            &mut stream,
            200,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes(),
            head_only,
        );
    }
    let snap = shared.snapshot();
    match resolve(path, &|k| snap.files.contains_key(k)) {
        Target::File(key) => {
            let bytes = &snap.files[&key];
            let mime = mime_type(&key);
            if key.ends_with(".html") {
                let page = inject(bytes, &snap);
                respond(&mut stream, 200, mime, &page, head_only)
            } else {
                respond(&mut stream, 200, mime, bytes, head_only)
            }
        }
        Target::Redirect(to) => {
            let head = format!(
                "HTTP/1.1 301 Moved Permanently\r\nLocation: {to}\r\nContent-Length: 0\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
            );
            stream.write_all(head.as_bytes())
        }
        // Browsers ask for an icon the site does not have: no content,
        // rather than a 404 in every page's console.
        Target::NotFound if path == "/favicon.ico" => {
            respond(&mut stream, 204, "image/x-icon", b"", head_only)
        }
        Target::NotFound => {
            let page = not_found_page(path, &snap);
            respond(
                &mut stream,
                404,
                "text/html; charset=utf-8",
                &page,
                head_only,
            )
        }
    }
}

/// `Host` names this machine: `localhost`, `127.0.0.1` or `[::1]`, with
/// or without a port.
pub fn local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Reads the request head; returns the method, the target and the `Host`
/// header, or `None` for something that is not an HTTP request line.
fn read_head(stream: &TcpStream) -> std::io::Result<Option<(String, String, Option<String>)>> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64));
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Ok(None);
    };
    if !version.starts_with("HTTP/1.") {
        return Ok(None);
    }
    let (method, target) = (method.to_string(), target.to_string());
    // Of the headers only `Host` matters; all are read so the client sees
    // its request taken whole before the answer.
    let mut host = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("host")
        {
            host = Some(value.trim().to_string());
        }
    }
    Ok(Some((method, target, host)))
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        403 => "Forbidden",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn respond(
    stream: &mut TcpStream,
    code: u16,
    mime: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {code} {}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        reason(code),
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

pub fn mime_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" if path == crate::site::feed::FILE => "application/atom+xml",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The page with the live-reload script, and the error overlay when the
/// last rebuild failed, before its last `</body>`.
fn inject(page: &[u8], snap: &Snapshot) -> Vec<u8> {
    let snippet = snippet(snap);
    let at = memchr::memmem::rfind(page, b"</body>").unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + snippet.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

fn snippet(snap: &Snapshot) -> String {
    let overlay = snap.error.as_ref().map_or_else(String::new, |e| {
        format!(
            "<div id=\"reputable-error\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;padding:2rem;font:14px/1.5 ui-monospace,monospace\"><strong>reputable serve: the site could not be rebuilt</strong><pre style=\"white-space:pre-wrap\">{}</pre></div>",
            crate::charts::xml_escape(&e.text)
        )
    });
    format!(
        "{overlay}<script src=\"{SCRIPT}\" data-version=\"{}\"></script>\n",
        snap.version
    )
}

fn not_found_page(path: &str, snap: &Snapshot) -> Vec<u8> {
    let home = if snap.files.contains_key("index.html") {
        "<p><a href=\"/\">Back to the overview</a></p>"
    } else {
        ""
    };
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body>\n<h1>Not found</h1>\n<p>The site has no page at <code>{}</code>.</p>\n{home}\n</body>\n</html>\n",
        crate::charts::xml_escape(path)
    );
    inject(page.as_bytes(), snap)
}

/// The event stream of one open page: `hello` with the site's version at
/// once (a page older than that reloads), `build-error` when the last
/// rebuild failed, then `reload` or `build-error` after each rebuild, and
/// a comment every 15 s so a closed page ends its thread.
fn events(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n",
    )?;
    let snap = shared.snapshot();
    let mut seen = snap.version;
    let mut message = format!("event: hello\ndata: {seen}\n\n");
    if let Some(e) = &snap.error {
        message.push_str(&error_event(e));
    }
    stream.write_all(message.as_bytes())?;
    stream.flush()?;
    loop {
        match shared.wait_past(seen, Duration::from_secs(15)) {
            Some(snap) => {
                seen = snap.version;
                let message = match &snap.error {
                    Some(e) => error_event(e),
                    None => format!("event: reload\ndata: {seen}\n\n"),
                };
                stream.write_all(message.as_bytes())?;
            }
            None => stream.write_all(b": still here\n\n")?,
        }
        stream.flush()?;
    }
}

fn error_event(e: &super::BuildError) -> String {
    let json = serde_json::json!({
        "file": e.file, "line": e.line, "column": e.column, "message": e.message, "text": e.text,
    });
    format!("event: build-error\ndata: {json}\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(k: &str) -> bool {
        matches!(
            k,
            "index.html" | "reports/2026-10/index.html" | "static/style.css"
        )
    }

    #[test]
    fn only_local_host_names_are_served_locally() {
        for ok in [
            "127.0.0.1:1111",
            "localhost",
            "LOCALHOST:80",
            "[::1]:1111",
            "127.0.0.2",
        ] {
            assert!(local_host(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "",
            "[::2]:80",
            "10.0.0.1",
        ] {
            assert!(!local_host(bad), "{bad}");
        }
    }

    #[test]
    fn paths_resolve_to_site_files_and_never_above_the_site() {
        let cases: &[(&str, Target)] = &[
            ("/", Target::File("index.html".into())),
            ("/static/style.css", Target::File("static/style.css".into())),
            (
                "/reports/2026-10/",
                Target::File("reports/2026-10/index.html".into()),
            ),
            (
                "/reports/2026-10",
                Target::Redirect("/reports/2026-10/".into()),
            ),
            // `%32` is `2`: escapes of ordinary characters are fine.
            (
                "/reports/%32026-10/",
                Target::File("reports/2026-10/index.html".into()),
            ),
            (
                "/static%2Fstyle.css",
                Target::File("static/style.css".into()),
            ),
            ("/../reputable.yaml", Target::NotFound),
            ("/%2e%2e/reputable.yaml", Target::NotFound),
            ("/%2E%2E%2Freputable.yaml", Target::NotFound),
            ("/static/..%2f..%2freputable.yaml", Target::NotFound),
            ("/static/../index.html", Target::NotFound),
            ("/./index.html", Target::NotFound),
            ("/static\\..\\x", Target::NotFound),
            ("/index.html%00", Target::NotFound),
            ("/%ff", Target::NotFound),
            ("index.html", Target::NotFound),
            ("/nothing-here", Target::NotFound),
        ];
        for (raw, want) in cases {
            assert_eq!(&resolve(raw, &site), want, "{raw}");
        }
    }
}
