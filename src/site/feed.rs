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

/// One entry: a review open past its target, as the crate's object model
/// holds it (the reference `write` is tested against).
#[cfg(test)]
struct Item {
    title: String,
    id: String,
    updated: jiff::Timestamp,
    published: jiff::Timestamp,
    /// `negative` or `other`, then the platform.
    categories: [String; 2],
    href: String,
    summary: String,
}

/// The feed's bytes, in parts to write one after the other: the head, runs
/// of entries, the end.
///
/// Written by hand rather than through `atom_syndication`'s writer: an
/// archive with 150,000 open reviews made a 96 MB feed that the crate's
/// object model and writer took 2.8 s to produce on two cores. The bytes
/// are the same as the crate's (a test writes both from the same entries
/// and compares them), and tests read the feed back with the crate. The
/// parts are never copied into one buffer: at that size the copy and its
/// fresh pages cost a third of the feed.
pub fn render(project: &Project) -> Vec<Vec<u8>> {
    let list = alerts::overdue(project);
    let pieces = Pieces::of(project);
    // Entries are independent: written on every core in runs of a few
    // thousand (one buffer each), kept in the list's order, each straight
    // into its run's buffer; each run says its newest `updated` time.
    let runs: Vec<(Vec<u8>, Option<jiff::Timestamp>)> = list
        .par_chunks(2048)
        .map(|run| {
            let mut out = Vec::with_capacity(run.len() * 700);
            let mut scratch = String::new();
            let mut newest = None;
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
                    let updated = a.overdue_since();
                    newest = newest.max(Some(updated));
                    pieces.entry(&mut out, &mut scratch, a, updated);
                }
            }
            (out, newest)
        })
        .collect();
    let newest = runs.iter().filter_map(|(_, t)| *t).max();
    let (head, _) = head(project, newest);
    let mut parts = Vec::with_capacity(runs.len() + 2);
    parts.push(write_head(&head).into_bytes());
    parts.extend(runs.into_iter().map(|(bytes, _)| bytes));
    parts.push(FEED_END.as_bytes().to_vec());
    parts
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

impl<'a> Pieces<'a> {
    fn of(project: &'a Project) -> Pieces<'a> {
        let escaped = |s: &str| {
            let mut out = String::with_capacity(s.len());
            escape_into(&mut out, &xml_safe(s));
            out
        };
        let names = Names::of(project);
        let platforms = project
            .analysis
            .platforms
            .iter()
            .zip(&names.platforms)
            .map(|(raw, name)| {
                let mut name_escaped = String::new();
                escape_into(&mut name_escaped, name);
                Platform {
                    raw,
                    name: name_escaped,
                    term: escaped(raw),
                    urn: format!("urn:reputable:review:{}:", urn_part(raw)),
                    fnv: fnv_add(FNV_START, raw),
                }
            })
            .collect();
        let locations = names
            .locations
            .iter()
            .map(|n| {
                let mut out = String::new();
                escape_into(&mut out, n);
                out
            })
            .collect();
        let mut base = String::new();
        escape_into(&mut base, &href(project, ""));
        let mut as_of = String::new();
        escape_into(&mut as_of, &as_of_shown(project));
        let t = &project.config.targets;
        let target = |h: f64| (h, super::words::plain_number(h));
        Pieces {
            platforms,
            locations,
            base,
            as_of,
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
        let platform = match self.platforms.get(o.platform) {
            Some(p) if p.raw == r.platform.as_str() => p,
            by_index => {
                made = Platform {
                    raw: "",
                    name: by_index.map_or_else(
                        || {
                            let mut n = String::new();
                            escape_into(
                                &mut n,
                                &xml_safe(&super::pages::platform_name(&r.platform)),
                            );
                            n
                        },
                        |p| p.name.clone(),
                    ),
                    term: {
                        let mut n = String::new();
                        escape_into(&mut n, &xml_safe(&r.platform));
                        n
                    },
                    urn: format!("urn:reputable:review:{}:", urn_part(&r.platform)),
                    fnv: fnv_add(FNV_START, &r.platform),
                };
                &made
            }
        };
        let location = self.locations.get(o.location).map_or("", String::as_str);

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

/// A civil date in the proleptic Gregorian calendar from days since
/// 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
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

/// The names an entry shows, made once rather than per entry.
struct Names {
    /// By `Analysis::locations` index.
    locations: Vec<String>,
    /// By `Analysis::platforms` index.
    platforms: Vec<String>,
}

impl Names {
    fn of(project: &Project) -> Names {
        let a = &project.analysis;
        Names {
            locations: a
                .locations
                .iter()
                .map(|id| xml_safe(project.config.location_name(id)).into_owned())
                .collect(),
            platforms: a
                .platforms
                .iter()
                .map(|p| xml_safe(&super::pages::platform_name(p)).into_owned())
                .collect(),
        }
    }
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
fn head(project: &Project, newest: Option<jiff::Timestamp>) -> (Head, String) {
    let config = &project.config;
    let org = xml_safe(&config.organization).into_owned();
    let as_of = as_of_shown(project);
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
    let head = Head {
        title: format!("{org}: reviews waiting for an answer"),
        id: feed_id(project),
        updated,
        author: org,
        links,
        subtitle: "Reviews with no reply, contact, flag, removal or decision to ignore, past their response target: negative reviews first, oldest first.",
    };
    (head, as_of)
}

#[cfg(test)]
fn item(
    project: &Project,
    names: &Names,
    a: &Alert,
    as_of: &str,
    href: &(dyn Fn(&str) -> String + Sync),
) -> Item {
    let config = &project.config;
    let r = a.review;
    let o = a.outcome;
    let platform = &names.platforms[o.platform];
    let location = &names.locations[o.location];
    let rating = r.rating.map_or_else(
        || "unrated".to_string(),
        |x| format!("{} ★", super::words::plain_number(x)),
    );
    let kind = if a.negative() {
        "Negative review"
    } else {
        "Review"
    };
    let age = super::words::age(o.age_hours);
    let title = format!("{kind} open {age}: {platform}, {location}, {rating}");
    let excerpt = excerpt(r.text.as_deref().unwrap_or(""));
    let summary = format!(
        "{rating} on {platform} for {location}, posted {posted}; open {age} at {as_of} with no reply, contact, flag, removal or decision to ignore (target {target} hours).{quote}",
        posted = crate::model::show_moment(&r.posted, config.tz()),
        target = super::words::plain_number(o.target_hours),
        quote = if excerpt.is_empty() {
            " The review has no text.".to_string()
        } else {
            format!("\n\n“{excerpt}”")
        },
    );
    let class = if a.negative() { "negative" } else { "other" };
    Item {
        title,
        id: entry_id(&r.platform, &r.id),
        updated: a.overdue_since(),
        published: r.posted.instant,
        categories: [class.into(), xml_safe(&r.platform).into_owned()],
        href: href(&format!("reports/{}/index.html#open", o.month)),
        summary,
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

#[cfg(test)]
fn write_entry(out: &mut String, e: &Item) {
    out.push_str("\n  <entry>");
    text_element(out, 2, "title", &e.title);
    text_element(out, 2, "id", &e.id);
    text_element(out, 2, "updated", &rfc3339(e.updated));
    for term in &e.categories {
        out.push_str("\n    <category term=\"");
        escape_into(out, term);
        out.push_str("\"/>");
    }
    link(out, 2, &e.href, "alternate", "text/html");
    text_element(out, 2, "published", &rfc3339(e.published));
    text_element(out, 2, "summary", &e.summary);
    out.push_str("\n  </entry>");
}

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

/// `urn:reputable:review:<platform>:<hash>`: the review's identity, hashed
/// so that any character a platform puts in its ids makes a valid URI.
pub fn entry_id(platform: &str, id: &str) -> String {
    format!(
        "urn:reputable:review:{}:{}",
        urn_part(platform),
        fnv(&[platform, id])
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

/// The first words of a review, on one line, cut at a word boundary.
/// The XML writer escapes it; characters XML 1.0 cannot carry are dropped.
#[cfg(test)]
fn excerpt(text: &str) -> String {
    let mut out = String::new();
    excerpt_into(&mut out, text);
    out
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
mod tests {
    use super::*;

    /// The same head and entries written through `atom_syndication`'s
    /// object model and writer: what `write` must equal byte for byte.
    fn via_crate(head: &Head, items: &[Item]) -> String {
        use atom_syndication::{
            Category, Entry, Feed, FixedDateTime, Link, Person, Text, WriteConfig,
        };
        let time = |t: jiff::Timestamp| FixedDateTime::parse_from_rfc3339(&rfc3339(t)).unwrap();
        let link = |href: &str, rel: &str, mime: &str| Link {
            href: href.into(),
            rel: rel.into(),
            mime_type: Some(mime.into()),
            ..Default::default()
        };
        let entries = items
            .iter()
            .map(|e| Entry {
                title: Text::plain(e.title.clone()),
                id: e.id.clone(),
                updated: time(e.updated),
                published: Some(time(e.published)),
                summary: Some(Text::plain(e.summary.clone())),
                links: vec![link(&e.href, "alternate", "text/html")],
                categories: e
                    .categories
                    .iter()
                    .map(|term| Category {
                        term: term.clone(),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            })
            .collect();
        let feed = Feed {
            title: Text::plain(head.title.clone()),
            id: head.id.clone(),
            updated: time(head.updated),
            authors: vec![Person {
                name: head.author.clone(),
                ..Default::default()
            }],
            subtitle: Some(Text::plain(head.subtitle)),
            links: head.links.iter().map(|(h, r, m)| link(h, r, m)).collect(),
            entries,
            lang: Some("en".into()),
            ..Default::default()
        };
        let config = WriteConfig {
            write_document_declaration: true,
            indent_size: Some(2),
        };
        let bytes = feed.write_with_config(Vec::new(), config).unwrap();
        String::from_utf8(bytes).unwrap() + "\n"
    }

    fn by_hand(head: &Head, items: &[Item]) -> String {
        let mut out = write_head(head);
        for e in items {
            write_entry(&mut out, e);
        }
        out + FEED_END
    }

    #[test]
    fn the_hand_written_feed_is_the_crates_byte_for_byte() {
        // Hostile and ordinary text in every field the feed writes.
        let texts = [
            "Plain words",
            "Quotes \" and ' and <b>tags</b> & ampersands &amp; already",
            "Two lines\n\nand a tab\there, emoji 😀, ’curly’ “quotes”",
            "]]> <![CDATA[ x ]]> <!-- comment --> <?pi?>",
            "",
        ];
        let t = |s: i64| jiff::Timestamp::from_second(s).unwrap();
        let items: Vec<Item> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| Item {
                title: format!("Negative review open 3 days: {text}"),
                id: entry_id("google", text),
                updated: t(1_700_000_000 + i as i64 * 86_399),
                published: t(946_684_800 + i as i64),
                categories: ["negative".into(), text.to_string()],
                href: format!("https://x.org/a?b=1&c={text}#open"),
                summary: format!("1 ★ on Google{text}\n\n“{text}”"),
            })
            .collect();
        for links in [
            vec![("index.html".to_string(), "alternate", "text/html")],
            vec![
                (
                    "https://x.org/&<>/index.html".to_string(),
                    "alternate",
                    "text/html",
                ),
                (
                    "https://x.org/feed.xml".to_string(),
                    "self",
                    "application/atom+xml",
                ),
            ],
        ] {
            let head = Head {
                title: "Org \"A&B\" <Health>: reviews waiting for an answer".into(),
                id: "urn:reputable:feed:0123456789abcdef".into(),
                updated: t(1_764_547_200),
                author: "Org 'A&B'".into(),
                links,
                subtitle: "Negative reviews first, oldest first.",
            };
            for n in [0, 1, items.len()] {
                assert_eq!(by_hand(&head, &items[..n]), via_crate(&head, &items[..n]));
            }
        }
    }

    #[test]
    fn the_demo_feed_is_the_crates_byte_for_byte() {
        let project =
            crate::project::Project::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), None)
                .unwrap();
        written_as_the_crate_writes(&project);
    }

    /// Renders `project`'s feed, checks it is what the crate writes from
    /// `item`'s entries (with more than ten of them), and returns it.
    fn written_as_the_crate_writes(project: &crate::project::Project) -> String {
        let list = alerts::overdue(project);
        assert!(list.len() > 10, "the demo has reviews open past target");
        let (head, as_of) = head(project, list.iter().map(Alert::overdue_since).max());
        let href = |path: &str| href(project, path);
        let names = Names::of(project);
        let items: Vec<Item> = list
            .iter()
            .map(|a| item(project, &names, a, &as_of, &href))
            .collect();
        let written = String::from_utf8(render(project).concat()).unwrap();
        assert_eq!(written, via_crate(&head, &items));
        written
    }

    /// The demo with hostile names and texts everywhere the entries show
    /// them, date-only and half-star reviews, long texts of multi-byte
    /// words, in a zone with daylight saving: `render` writes what the crate
    /// writes from `item`'s entries.
    #[test]
    fn hostile_names_and_texts_are_written_as_the_crate_writes_them() {
        let mut project =
            crate::project::Project::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), None)
                .unwrap();
        let hostile = "go&<o>\"gle' \u{1}x";
        let old = project.analysis.platforms[0].clone();
        project.analysis.platforms[0] = hostile.to_string();
        project.config.organization = "Org \"A&B\" <Health> 'x'".into();
        project.config.base_url = Some("https://x.org/a&b<c>/".into());
        for (k, l) in project.config.locations.iter_mut().enumerate() {
            if k % 2 == 0 {
                l.name = format!("Main & <Co> 'St' \"{k}\"\u{b}");
            }
        }
        let long = "héllo wörld 😀 <b>&amp;</b> ".repeat(80);
        for (k, r) in project.data.reviews.iter_mut().enumerate() {
            if r.platform == old {
                r.platform = hostile.into();
            }
            match k % 7 {
                0 => r.text = Some("Rude \"staff\" <script>x</script> & 'more'\u{1}\n\nbye".into()),
                1 => r.text = Some(long.clone()),
                2 => r.text = None,
                3 => r.posted.precision = crate::model::Precision::Date,
                4 => r.rating = Some(2.5),
                5 => r.rating = None,
                _ => r.text = Some(format!("{}!", "ü".repeat(k % 300))),
            }
        }
        assert!(
            alerts::overdue(&project)
                .iter()
                .any(|a| a.review.platform == hostile)
        );
        let written = written_as_the_crate_writes(&project);
        assert!(
            written.contains("go&amp;&lt;o&gt;&quot;gle&apos; x"),
            "{}",
            &written[..2000]
        );
    }

    #[test]
    fn times_are_written_as_the_general_path_writes_them() {
        let tz = jiff::tz::TimeZone::get("America/New_York").unwrap();
        // Every 7,919.5 seconds over four years, and the ends of the range.
        let start = jiff::Timestamp::from_second(1_700_000_000).unwrap();
        let mut instants: Vec<jiff::Timestamp> = (0..16_000i64)
            .map(|k| start + jiff::SignedDuration::from_millis(k * 7_919_500))
            .collect();
        instants.extend([
            jiff::Timestamp::MIN,
            jiff::Timestamp::MAX,
            jiff::Timestamp::UNIX_EPOCH,
            jiff::Timestamp::from_millisecond(-1_500).unwrap(),
            jiff::Timestamp::from_second(-62_167_219_200).unwrap(),
            jiff::Timestamp::from_second(-62_167_219_201).unwrap(),
            jiff::Timestamp::from_second(253_402_207_200).unwrap(),
            jiff::Timestamp::from_second(-377_705_023_201).unwrap(),
            jiff::Timestamp::from_second(253_402_189_199).unwrap(),
        ]);
        for t in instants {
            let mut out = Vec::new();
            push_rfc3339(&mut out, t);
            assert_eq!(String::from_utf8(out).unwrap(), rfc3339(t), "{t}");
            for precision in [
                crate::model::Precision::Instant,
                crate::model::Precision::Local,
                crate::model::Precision::Date,
            ] {
                let m = crate::model::Moment {
                    instant: t,
                    date: tz.to_datetime(t).date(),
                    precision,
                };
                let mut out = Vec::new();
                push_moment(&mut out, &m, &tz);
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    crate::model::show_moment(&m, &tz),
                    "{t}"
                );
            }
        }
    }

    #[test]
    fn ages_and_ratings_are_written_as_words_writes_them() {
        for h in [
            0.0,
            0.5,
            1.0,
            1.9,
            2.0,
            47.99,
            48.0,
            71.0,
            1e6,
            f64::NAN,
            f64::INFINITY,
        ] {
            let mut out = Vec::new();
            write_age(&mut out, h);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                crate::site::words::age(h),
                "{h}"
            );
        }
        for r in [
            None,
            Some(1.0),
            Some(5.0),
            Some(0.0),
            Some(-0.0),
            Some(2.5),
            Some(9.0),
            Some(10.0),
            Some(4.25),
        ] {
            let mut out = Vec::new();
            write_rating(&mut out, r);
            let out = String::from_utf8(out).unwrap();
            let expected = r.map_or_else(
                || "unrated".to_string(),
                |x| format!("{} ★", crate::site::words::plain_number(x)),
            );
            assert_eq!(out, expected, "{r:?}");
        }
        let mut out = Vec::new();
        push_int(&mut out, i64::MIN);
        assert_eq!(String::from_utf8(out).unwrap(), i64::MIN.to_string());
    }

    #[test]
    fn an_excerpt_is_one_line_cut_at_a_word_and_loses_forbidden_characters() {
        assert_eq!(excerpt("Rude\n\n  staff\u{1}!"), "Rude staff!");
        assert_eq!(excerpt("a\u{fffe}b\u{ffff}c \u{feff}d"), "abc \u{feff}d");
        assert_eq!(xml_safe("\t\r\n ok"), "\t\r\n ok");
        let long = "word ".repeat(100);
        let e = excerpt(&long);
        assert!(e.ends_with("word…"), "{e}");
        assert!(e.chars().count() <= EXCERPT_CHARS + 1);
    }

    #[test]
    fn entry_ids_are_valid_urns_whatever_the_platform_id_holds() {
        assert_eq!(
            entry_id("google", "AbC/1?x=<y>"),
            format!(
                "urn:reputable:review:google:{}",
                fnv(&["google", "AbC/1?x=<y>"])
            )
        );
        assert_ne!(entry_id("google", "a"), entry_id("yelp", "a"));
    }
}
