//! `feed.xml`: an Atom feed (RFC 4287) of the reviews that need an answer at
//! as-of (`alerts::overdue`: negative ones first, then any other past its
//! target), so a feed reader tells the person on duty without a report.
//!
//! Stable for readers: an entry's id comes from the review's identity
//! (platform and id) and its `updated` time is the moment the review went
//! past its target, so rebuilding with more data or a later as-of shows a
//! reader only the reviews that are new to the list. The summary (with the
//! age at as-of) may change; readers do not show an entry again for that.
//!
//! Links: the export formats read do not keep a public URL of a review, so
//! an entry links to its month's report (`reports/YYYY-MM/index.html#open`),
//! absolute under `base_url` when configured, else relative to the feed,
//! which sits at the site root so a reader resolves it against the feed's
//! own address.

use crate::alerts::{self, Alert};
use crate::model::civil_from_days;
use crate::project::Project;
use rayon::prelude::*;

/// The feed's file name at the site root.
pub const FILE: &str = "feed.xml";

/// Characters of review text an entry quotes.
const EXCERPT_CHARS: usize = 240;

/// What the feed says about itself, before its entries.
struct Head {
    title: String,
    id: String,
    updated: jiff::Timestamp,
    author: String,
    /// `(href, rel, type)` of each link.
    links: Vec<(String, &'static str, &'static str)>,
    subtitle: &'static str,
}

/// Entries a run holds: each run is written into one buffer, on a core of
/// its own.
const RUN: usize = 2048;

/// Runs rendered at once while the previous window's are written
/// (`Feed::write_to`): about 11 MB of buffers, used again window after
/// window.
const WINDOW_RUNS: usize = 4;

/// The feed, ready to write: the alerts its entries show, in order, what
/// the entries share, and its head.
///
/// Written by hand rather than through `atom_syndication`'s writer: an
/// archive with 150,000 open reviews made a 96 MB feed that the crate's
/// object model and writer took 2.8 s to produce on two cores. The bytes
/// are the same as the crate's (a test writes both from the same entries
/// and compares them), and tests read the feed back with the crate.
///
/// `build` writes it straight into its file (`write_to`), a window of runs
/// at a time, each window rendered on every core while the one before is
/// written: the whole feed is never in memory, and the file is written
/// while it is rendered rather than after every page. `serve` and the tests
/// take it in memory, in parts (`parts`).
pub struct Feed<'a> {
    list: Vec<Alert<'a>>,
    pieces: Pieces<'a>,
    head: String,
}

impl<'a> Feed<'a> {
    pub fn new(project: &'a Project) -> Feed<'a> {
        let list = alerts::overdue(project);
        // The head says the newest entry's `updated` time.
        let newest = list.par_iter().map(Alert::overdue_since).max();
        let head = write_head(&head(project, newest));
        Feed {
            list,
            pieces: Pieces::of(project),
            head,
        }
    }

    /// The feed's bytes, in parts to write one after the other: the head,
    /// runs of entries (rendered on every core), the end.
    pub fn parts(&self) -> Vec<Vec<u8>> {
        let mut parts = Vec::with_capacity(self.list.len().div_ceil(RUN) + 2);
        parts.push(self.head.clone().into_bytes());
        parts.par_extend(self.list.par_chunks(RUN).map(|run| {
            let mut out = Vec::new();
            self.run(&mut out, run);
            out
        }));
        parts.push(FEED_END.as_bytes().to_vec());
        parts
    }

    /// Writes the feed into `out`: the same bytes as `parts`, joined.
    pub fn write_to(&self, out: &mut (dyn std::io::Write + Send)) -> std::io::Result<()> {
        self.write_in(out, RUN, WINDOW_RUNS)
    }

    /// `write_to` in runs of `run` entries, `window_runs` runs at a time
    /// (small ones in tests, to go through many windows).
    fn write_in(
        &self,
        out: &mut (dyn std::io::Write + Send),
        run: usize,
        window_runs: usize,
    ) -> std::io::Result<()> {
        out.write_all(self.head.as_bytes())?;
        // Two sets of run buffers: one written while the other is filled.
        let (mut ready, mut spare): (Vec<Vec<u8>>, Vec<Vec<u8>>) = Default::default();
        let mut written = 0;
        for window in self.list.chunks(run * window_runs) {
            let runs = window.len().div_ceil(run);
            spare.resize_with(runs.max(spare.len()), Vec::new);
            let (done, ()) = rayon::join(
                || write_runs(&mut *out, &ready[..written]),
                || {
                    spare[..runs]
                        .par_iter_mut()
                        .zip(window.par_chunks(run))
                        .for_each(|(buf, entries)| self.run(buf, entries));
                },
            );
            done?;
            std::mem::swap(&mut ready, &mut spare);
            written = runs;
        }
        write_runs(&mut *out, &ready[..written])?;
        out.write_all(FEED_END.as_bytes())
    }

    /// One run of entries into `out`, emptied first (its room kept).
    fn run(&self, out: &mut Vec<u8>, run: &[Alert]) {
        out.clear();
        out.reserve(run.len() * 700);
        let mut scratch = String::new();
        for batch in run.chunks(16) {
            // The batch's records first, in a loop of loads alone, so
            // their cache misses (the list jumps through hundreds of
            // megabytes of reviews) overlap rather than stall each entry.
            let mut touch = 0u64;
            for a in batch {
                let text = a.review.text.as_deref().unwrap_or("").as_bytes();
                touch ^= a.outcome.age_hours.to_bits()
                    ^ u64::from(text.first().copied().unwrap_or(0))
                    ^ u64::from(text.last().copied().unwrap_or(0));
            }
            std::hint::black_box(touch);
            for a in batch {
                self.pieces.entry(out, &mut scratch, a, a.overdue_since());
            }
        }
    }
}

fn write_runs(out: &mut (dyn std::io::Write + Send), runs: &[Vec<u8>]) -> std::io::Result<()> {
    runs.iter().try_for_each(|r| out.write_all(r))
}

/// The feed's bytes in memory, in parts (see `Feed`).
pub fn render(project: &Project) -> Vec<Vec<u8>> {
    Feed::new(project).parts()
}

/// What entries share, made once and escaped for XML: the platforms'
/// and locations' names, the start of each platform's entry ids, the
/// links' base, as-of, the targets.
struct Pieces<'a> {
    /// By `Analysis::platforms` index.
    platforms: Vec<Platform<'a>>,
    /// By `Analysis::locations` index, escaped.
    locations: Vec<String>,
    /// Escaped: what comes before `reports/…` in an entry's link.
    base: String,
    /// As-of as the summaries show it, escaped.
    as_of: String,
    /// `(target hours, as written)` of the general and negative targets.
    targets: [(f64, String); 2],
    tz: jiff::tz::TimeZone,
}

struct Platform<'a> {
    /// As records spell it.
    raw: &'a str,
    /// As people read it, escaped.
    name: String,
    /// The category term, escaped.
    term: String,
    /// `urn:reputable:review:<platform>:`.
    urn: String,
    /// FNV-1a after the platform and its separator.
    fnv: u64,
}

impl<'a> Platform<'a> {
    /// The pieces of the platform records spell `raw`, shown as `name`
    /// (already escaped).
    fn new(raw: &'a str, name: String) -> Platform<'a> {
        Platform {
            raw,
            name,
            term: escaped(raw),
            urn: format!("urn:reputable:review:{}:", urn_part(raw)),
            fnv: fnv_add(FNV_START, raw),
        }
    }

    /// A platform's name as people read it, escaped.
    fn shown(raw: &str) -> String {
        escaped(&super::pages::platform_name(raw))
    }
}

impl<'a> Pieces<'a> {
    fn of(project: &'a Project) -> Pieces<'a> {
        let a = &project.analysis;
        let platforms = a
            .platforms
            .iter()
            .map(|raw| Platform::new(raw, Platform::shown(raw)))
            .collect();
        let locations = a
            .locations
            .iter()
            .map(|id| escaped(project.config.location_name(id)))
            .collect();
        let t = &project.config.targets;
        let target = |h: f64| (h, super::words::plain_number(h));
        Pieces {
            platforms,
            locations,
            base: escape(&href(project, "")),
            as_of: escape(&as_of_shown(project)),
            targets: [target(t.hours_for(false)), target(t.hours_for(true))],
            tz: project.config.tz().clone(),
        }
    }

    /// One `<entry>`, written as `write_entry` writes the `item` of the
    /// same alert (a test holds the two equal on hostile text).
    fn entry(&self, out: &mut Vec<u8>, scratch: &mut String, a: &Alert, updated: jiff::Timestamp) {
        let r = a.review;
        let o = a.outcome;
        let negative = a.negative();
        // The platform's pieces, unless the record's platform is not the
        // one its outcome names (never, as `figures` numbers them): then
        // the id and category from the record's, as `item` does.
        let made;
        let platform = match self.platforms.get(o.platform as usize) {
            Some(p) if p.raw == r.platform.as_str() => p,
            by_index => {
                let name =
                    by_index.map_or_else(|| Platform::shown(&r.platform), |p| p.name.clone());
                made = Platform::new(&r.platform, name);
                &made
            }
        };
        let location = self
            .locations
            .get(o.location as usize)
            .map_or("", String::as_str);

        out.put("\n  <entry>\n    <title>");
        out.put(if negative {
            "Negative review open "
        } else {
            "Review open "
        });
        write_age(out, o.age_hours);
        out.put(": ");
        out.put(&platform.name);
        out.put(", ");
        out.put(location);
        out.put(", ");
        write_rating(out, r.rating);
        out.put("</title>\n    <id>");
        out.put(&platform.urn);
        push_hex(out, fnv_add(platform.fnv, &r.id));
        out.put("</id>\n    <updated>");
        push_rfc3339(out, updated);
        out.put("</updated>\n    <category term=\"");
        out.put(if negative { "negative" } else { "other" });
        out.put("\"/>\n    <category term=\"");
        out.put(&platform.term);
        out.put("\"/>\n    <link href=\"");
        out.put(&self.base);
        out.put("reports/");
        push_month(out, o.month);
        out.put("/index.html#open\" rel=\"alternate\" type=\"text/html\"/>\n    <published>");
        push_rfc3339(out, r.posted.instant);
        out.put("</published>\n    <summary>");
        write_rating(out, r.rating);
        out.put(" on ");
        out.put(&platform.name);
        out.put(" for ");
        out.put(location);
        out.put(", posted ");
        push_moment(out, &r.posted, &self.tz);
        out.put("; open ");
        write_age(out, o.age_hours);
        out.put(" at ");
        out.put(&self.as_of);
        out.put(" with no reply, contact, flag, removal or decision to ignore (target ");
        match self
            .targets
            .iter()
            .find(|(h, _)| h.to_bits() == o.target_hours.to_bits())
        {
            Some((_, shown)) => out.put(shown),
            None => out.put(&super::words::plain_number(o.target_hours)),
        }
        out.put(" hours).");
        excerpt_into(scratch, r.text.as_deref().unwrap_or(""));
        if scratch.is_empty() {
            out.put(" The review has no text.");
        } else {
            out.put("\n\n“");
            escape_bytes(out, scratch);
            out.put("”");
        }
        out.put("</summary>\n  </entry>");
    }
}

/// `words::age`, written into `out`: no character in it needs escaping.
fn write_age(out: &mut Vec<u8>, hours: f64) {
    if hours < 48.0 {
        let h = hours.floor() as i64;
        if h == 1 {
            out.put("1 hour");
        } else {
            push_int(out, h);
            out.put(" hours");
        }
    } else {
        push_int(out, (hours / 24.0).floor() as i64);
        out.put(" days");
    }
}

/// `unrated` or `4 ★` (`words::plain_number`): nothing to escape.
fn write_rating(out: &mut Vec<u8>, rating: Option<f64>) {
    match rating {
        None => out.put("unrated"),
        Some(x) if x.fract() == 0.0 && (0.0..10.0).contains(&x) && x.is_sign_positive() => {
            out.push(b'0' + x as u8);
            out.put(" ★");
        }
        Some(x) => {
            out.put(&super::words::plain_number(x));
            out.put(" ★");
        }
    }
}

/// A whole number in decimal, as `i64`'s `Display` writes it.
fn push_int(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.put("-");
    }
    let mut v = n.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.extend_from_slice(&digits[i..]);
}

/// `n` as `width` decimal digits (it has no more).
fn push_digits(out: &mut Vec<u8>, n: u32, width: usize) {
    let mut digits = [b'0'; 4];
    let mut v = n;
    for d in digits[..width].iter_mut().rev() {
        *d = b'0' + (v % 10) as u8;
        v /= 10;
    }
    out.extend_from_slice(&digits[..width]);
}

/// `YYYY-MM`, as `Month` shows itself.
fn push_month(out: &mut Vec<u8>, m: crate::model::Month) {
    match (u32::try_from(m.year), u32::try_from(m.month)) {
        (Ok(y @ 0..=9999), Ok(mo @ 1..=12)) => {
            push_digits(out, y, 4);
            out.put("-");
            push_digits(out, mo, 2);
        }
        _ => out.put(&m.to_string()),
    }
}

/// `rfc3339`, written into `out` by calendar arithmetic.
fn push_rfc3339(out: &mut Vec<u8>, t: jiff::Timestamp) {
    let secs = t.as_second();
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let Ok(year @ 0..=9999) = u32::try_from(year) else {
        out.put(&rfc3339(t));
        return;
    };
    let in_day = secs.rem_euclid(86_400) as u32;
    push_digits(out, year, 4);
    out.put("-");
    push_digits(out, month, 2);
    out.put("-");
    push_digits(out, day, 2);
    out.put("T");
    push_digits(out, in_day / 3600, 2);
    out.put(":");
    push_digits(out, in_day / 60 % 60, 2);
    out.put(":");
    push_digits(out, in_day % 60, 2);
    out.put("+00:00");
}

/// `model::show_moment`, written into `out` (nothing in it needs escaping).
fn push_moment(out: &mut Vec<u8>, m: &crate::model::Moment, tz: &jiff::tz::TimeZone) {
    use crate::model::Precision;
    let (date, time) = match m.precision {
        Precision::Date => (m.date, None),
        _ => {
            let d = tz.to_datetime(m.instant);
            (d.date(), Some(d.time()))
        }
    };
    let Ok(year @ 1000..=9999) = u32::try_from(date.year()) else {
        out.put(&crate::model::show_moment(m, tz));
        return;
    };
    push_digits(out, year, 4);
    out.put("-");
    push_digits(out, date.month() as u32, 2);
    out.put("-");
    push_digits(out, date.day() as u32, 2);
    if let Some(t) = time {
        out.put(" ");
        push_digits(out, t.hour() as u32, 2);
        out.put(":");
        push_digits(out, t.minute() as u32, 2);
    }
}

/// 16 lower-case hex digits.
fn push_hex(out: &mut Vec<u8>, h: u64) {
    let mut digits = [0u8; 16];
    for (k, d) in digits.iter_mut().enumerate() {
        let nibble = (h >> (60 - 4 * k)) as u8 & 0xf;
        *d = if nibble < 10 {
            b'0' + nibble
        } else {
            b'a' + nibble - 10
        };
    }
    out.extend_from_slice(&digits);
}

/// A path of the site as the feed links it: absolute under `base_url`,
/// else relative to the feed at the site root.
fn href(project: &Project, path: &str) -> String {
    match project.config.base_url.as_deref() {
        Some(b) => format!("{}/{path}", b.trim_end_matches('/')),
        None => path.to_string(),
    }
}

/// As-of as the summaries show it.
fn as_of_shown(project: &Project) -> String {
    let tz = project.config.tz();
    project
        .analysis
        .as_of
        .map(|t| {
            crate::model::show_moment(
                &crate::model::Moment {
                    instant: t,
                    date: tz.to_datetime(t).date(),
                    precision: crate::model::Precision::Instant,
                },
                tz,
            )
        })
        .unwrap_or_default()
}

/// The feed's own elements (`newest`: the newest entry's `updated`), and
/// as-of as the summaries show it.
fn head(project: &Project, newest: Option<jiff::Timestamp>) -> Head {
    let config = &project.config;
    let org = xml_safe(&config.organization).into_owned();
    // The newest entry's time; with no entry, as-of (RFC 4287 wants one).
    let updated = match newest {
        Some(t) => t,
        None => project
            .analysis
            .as_of
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
    };
    let mut links = vec![(href(project, "index.html"), "alternate", "text/html")];
    if config.base_url.is_some() {
        links.push((href(project, FILE), "self", "application/atom+xml"));
    }
    Head {
        title: format!("{org}: reviews waiting for an answer"),
        id: feed_id(project),
        updated,
        author: org,
        links,
        subtitle: "Reviews with no reply, contact, flag, removal or decision to ignore, past their response target: negative reviews first, oldest first.",
    }
}

/// The document's start, up to its first entry, indented by two spaces as
/// `atom_syndication` writes it.
fn write_head(head: &Head) -> String {
    let mut out = String::with_capacity(2048);
    out.push_str(
        "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">",
    );
    text_element(&mut out, 1, "title", &head.title);
    text_element(&mut out, 1, "id", &head.id);
    text_element(&mut out, 1, "updated", &rfc3339(head.updated));
    out.push_str("\n  <author>");
    text_element(&mut out, 2, "name", &head.author);
    out.push_str("\n  </author>");
    for (href, rel, mime) in &head.links {
        link(&mut out, 1, href, rel, mime);
    }
    text_element(&mut out, 1, "subtitle", head.subtitle);
    out
}

/// The document's end, after its last entry.
const FEED_END: &str = "\n</feed>\n";

fn indent(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn text_element(out: &mut String, depth: usize, name: &str, text: &str) {
    indent(out, depth);
    out.push('<');
    out.push_str(name);
    out.push('>');
    escape_into(out, text);
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn link(out: &mut String, depth: usize, href: &str, rel: &str, mime: &str) {
    indent(out, depth);
    out.push_str("<link href=\"");
    escape_into(out, href);
    out.push_str("\" rel=\"");
    escape_into(out, rel);
    out.push_str("\" type=\"");
    escape_into(out, mime);
    out.push_str("\"/>");
}

/// XML escaping of text and attribute values, as quick-xml's `escape`:
/// the five predefined entities.
fn escape_into(out: &mut String, s: &str) {
    escape_with(s, |part| out.push_str(part));
}

/// `s` escaped, as a string of its own.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// `s` without the characters XML cannot carry (`xml_safe`), escaped.
fn escaped(s: &str) -> String {
    escape(&xml_safe(s))
}

/// `escape_into` for a buffer of bytes.
fn escape_bytes(out: &mut Vec<u8>, s: &str) {
    escape_with(s, |part| out.extend_from_slice(part.as_bytes()));
}

/// The pieces of `s` escaped, in order: byte by byte (all five entities
/// stand for ASCII characters), the runs between them whole.
fn escape_with(s: &str, mut put: impl FnMut(&str)) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'\'' => "&apos;",
            b'"' => "&quot;",
            _ => continue,
        };
        put(&s[start..i]);
        put(entity);
        start = i + 1;
    }
    put(&s[start..]);
}

/// Text into a buffer of bytes.
trait Put {
    fn put(&mut self, s: &str);
}

impl Put for Vec<u8> {
    fn put(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
}

/// RFC 3339 in UTC to the second, as `chrono`'s `to_rfc3339` writes it for
/// a zero offset (`2026-10-01T04:00:00+00:00`).
fn rfc3339(t: jiff::Timestamp) -> String {
    let d =
        jiff::tz::Offset::UTC.to_datetime(jiff::Timestamp::from_second(t.as_second()).unwrap_or(t));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00",
        d.year(),
        d.month(),
        d.day(),
        d.hour(),
        d.minute(),
        d.second()
    )
}

/// The feed's id, from the organisation's name: the same feed after a
/// rebuild, a different one for another organisation.
fn feed_id(project: &Project) -> String {
    format!(
        "urn:reputable:feed:{}",
        fnv(&[&project.config.organization])
    )
}

fn urn_part(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if clean.is_empty() { "x".into() } else { clean }
}

/// FNV-1a's offset basis.
const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of `part` and a unit separator after the state `h`.
fn fnv_add(mut h: u64, part: &str) -> u64 {
    for b in part.bytes().chain(std::iter::once(0x1f)) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// 64-bit FNV-1a over the parts (each ended by a unit separator), 16 hex digits.
fn fnv(parts: &[&str]) -> String {
    format!(
        "{:016x}",
        parts.iter().fold(FNV_START, |h, p| fnv_add(h, p))
    )
}

/// `excerpt` into a reused buffer (cleared first).
fn excerpt_into(one_line: &mut String, text: &str) {
    one_line.clear();
    for word in xml_safe(text).split_whitespace() {
        if !one_line.is_empty() {
            one_line.push(' ');
        }
        one_line.push_str(word);
        // More bytes than four per character of the limit: more characters
        // too, and the excerpt is a prefix of what is here already.
        if one_line.len() > 4 * EXCERPT_CHARS {
            break;
        }
    }
    // No more bytes than the limit: no more characters either.
    if one_line.len() <= EXCERPT_CHARS {
        return;
    }
    let Some((end, _)) = one_line.char_indices().nth(EXCERPT_CHARS) else {
        return;
    };
    let cut = &one_line[..end];
    let cut = match cut.rfind(' ') {
        Some(i) if i > EXCERPT_CHARS / 2 => i,
        _ => end,
    };
    one_line.truncate(cut);
    one_line.push('…');
}

/// Drops the control characters XML 1.0 forbids (tab, newline and carriage
/// return stay), so hostile text never makes the feed unreadable.
fn xml_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let forbidden = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    // By bytes first: C0 controls are single bytes, and U+FFFE and U+FFFF
    // both start with 0xEF, which most texts never hold.
    let suspect = s
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF);
    if !suspect || !s.contains(forbidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.chars().filter(|&c| !forbidden(c)).collect())
}

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
