//! Small text helpers shared by the readers and the timestamp parser,
//! below both so that neither imports the other for them.

/// `str::trim`, skipping its Unicode tables when both ends are plain ASCII
/// (nearly every value).
pub fn trim(s: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii() && !b.is_ascii_whitespace());
    if plain(s.as_bytes().first()) && plain(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}
