//! Small text helpers shared by the readers and the timestamp parser,
//! below both so that neither imports the other for them.

/// `str::trim`, skipping its Unicode tables when both ends are plain ASCII
/// (nearly every value).
pub fn trim(s: &str) -> &str {
    // Graphic, not merely "not ASCII white space": `str::trim` also trims
    // the vertical tab, which `is_ascii_whitespace` leaves out.
    let plain = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    if plain(s.as_bytes().first()) && plain(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}
