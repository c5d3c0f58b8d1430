//! Small text tools the rules share: a word tokenizer that keeps byte offsets
//! (so an excerpt is quoted exactly as written), a tiny phrase-pattern
//! matcher, and finders for phone numbers, e-mail addresses and the
//! reviewer's name.
//!
//! Phrase patterns are plain words separated by spaces, written in lower case:
//!
//! * `a|b` matches either word;
//! * `word*` matches any word that starts with `word`;
//! * `~N` matches up to N arbitrary words (so `your ~1 visit` catches
//!   "your visit" and "your recent visit").
//!
//! A hand-written matcher is enough because every rule is a short word
//! sequence, and it lets excerpts point at the words as written.

use super::words;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// A word of the text: letters and digits, with inner apostrophes and hyphens
/// kept (`don't`, `x-ray`, `e-mail`). `norm` is lower case with `’` as `'`,
/// kept inline (a `Name`): tokenizing a million texts allocates nothing per
/// word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub span: Range<usize>,
    pub norm: crate::model::Name,
    /// A sentence ends between the previous token and this one; phrases
    /// never match across it.
    pub brk: bool,
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-')
}

/// The words of `text`, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    tokenize_into(text, &mut tokens);
    tokens
}

/// As `tokenize`, into `tokens` (cleared first): a pass over a million
/// reviews reuses one buffer per thread instead of allocating one per text.
pub fn tokenize_into(text: &str, tokens: &mut Vec<Token>) {
    tokens.clear();
    if text.is_ascii() {
        tokenize_ascii(text, tokens);
    } else {
        tokenize_unicode(text, tokens);
    }
}

/// The characters that end a sentence or a clause: phrases never match
/// across them. All ASCII.
fn is_break(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?' | b';' | b',' | b':' | b'\n')
}

/// ASCII text, byte by byte: for ASCII, `char::is_alphanumeric` and
/// `to_lowercase` are their ASCII versions and `’` cannot occur, so the
/// tokens are those of `tokenize_unicode` (held to it by a test) without
/// decoding characters or consulting the Unicode case tables.
fn tokenize_ascii(text: &str, tokens: &mut Vec<Token>) {
    let b = text.as_bytes();
    let mut i = 0;
    // A break since the previous token (or the start).
    let mut brk = false;
    while i < b.len() {
        if !b[i].is_ascii_alphanumeric() {
            brk |= is_break(b[i]);
            i += 1;
            continue;
        }
        let from = i;
        i += 1;
        loop {
            if i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            } else if i + 1 < b.len()
                && matches!(b[i], b'\'' | b'-')
                && b[i + 1].is_ascii_alphanumeric()
            {
                i += 2;
            } else {
                break;
            }
        }
        // Copied in as written, and lower-cased in place only when it has
        // a capital: most words have none (and a `Name` lower-cased before
        // it is moved into the list measured slower).
        tokens.push(Token {
            span: from..i,
            norm: crate::model::Name::new(&text[from..i]),
            brk,
        });
        if b[from..i].iter().any(u8::is_ascii_uppercase)
            && let Some(t) = tokens.last_mut()
        {
            t.norm.make_ascii_lowercase();
        }
        brk = false;
    }
}

/// An ASCII word in lower case: most words have no capital, and a copy is
/// cheaper than lower-casing.
fn ascii_lowercase(word: &str) -> crate::model::Name {
    let mut norm = crate::model::Name::new(word);
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        norm.make_ascii_lowercase();
    }
    norm
}

/// Any text: `’` reads as `'`, letters are lower-cased by Unicode's rules.
/// A word that is ASCII still skips the case tables.
fn tokenize_unicode(text: &str, tokens: &mut Vec<Token>) {
    // The character at byte `i`, if any.
    let at = |i: usize| text.get(i..).and_then(|s| s.chars().next());
    let mut i = 0;
    let mut brk = false;
    while let Some(c) = at(i) {
        if !c.is_alphanumeric() {
            brk |= c.is_ascii() && is_break(c as u8);
            i += c.len_utf8();
            continue;
        }
        let from = i;
        i += c.len_utf8();
        loop {
            match at(i) {
                Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                Some(j) if is_joiner(j) => match at(i + j.len_utf8()) {
                    Some(c) if c.is_alphanumeric() => i += j.len_utf8() + c.len_utf8(),
                    _ => break,
                },
                _ => break,
            }
        }
        let word = &text[from..i];
        let norm = if word.is_ascii() {
            ascii_lowercase(word)
        } else {
            word.chars()
                .map(|c| if c == '’' { '\'' } else { c })
                .flat_map(char::to_lowercase)
                .collect()
        };
        tokens.push(Token {
            span: from..i,
            norm,
            brk,
        });
        brk = false;
    }
}

#[derive(Debug, Clone)]
enum Alt {
    Exact(String),
    Prefix(String),
}

impl Alt {
    fn matches(&self, word: &str) -> bool {
        match self {
            Alt::Exact(w) => word == w,
            Alt::Prefix(p) => word.starts_with(p.as_str()),
        }
    }
}

#[derive(Debug, Clone)]
enum Elem {
    Word(Vec<Alt>),
    Gap(usize),
}

/// A compiled phrase pattern (see the module documentation).
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    elems: Vec<Elem>,
}

impl Pattern {
    pub fn new(source: &str) -> Pattern {
        let elems = source
            .split_whitespace()
            .map(|w| {
                if let Some(n) = w.strip_prefix('~') {
                    Elem::Gap(n.parse().unwrap_or(1))
                } else {
                    Elem::Word(
                        w.split('|')
                            .map(|a| match a.strip_suffix('*') {
                                Some(p) => Alt::Prefix(p.replace('’', "'")),
                                None => Alt::Exact(a.replace('’', "'")),
                            })
                            .collect(),
                    )
                }
            })
            .collect();
        Pattern {
            source: source.to_string(),
            elems,
        }
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every non-overlapping match, as token index ranges.
    pub fn find_all(&self, tokens: &[Token]) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.match_at(tokens, i, 0) {
                Some(end) => {
                    out.push(i..end);
                    i = end.max(i + 1);
                }
                None => i += 1,
            }
        }
        out
    }

    /// The first match not negated by one of the three words before it
    /// ("no waiting", "never had to wait"), as a byte range of the text.
    pub fn find_unnegated(&self, tokens: &[Token]) -> Option<Range<usize>> {
        self.find_all(tokens)
            .into_iter()
            .find(|m| !negated(tokens, m.start))
            .map(|m| tokens[m.start].span.start..tokens[m.end - 1].span.end)
    }

    /// Matches `elems[e..]` starting at token `t`; returns the end token index.
    fn match_at(&self, tokens: &[Token], t: usize, e: usize) -> Option<usize> {
        let Some(elem) = self.elems.get(e) else {
            return Some(t);
        };
        match elem {
            Elem::Word(alts) => {
                let tok = tokens.get(t)?;
                if e > 0 && tok.brk {
                    return None;
                }
                alts.iter()
                    .any(|a| a.matches(&tok.norm))
                    .then(|| self.match_at(tokens, t + 1, e + 1))
                    .flatten()
            }
            // Shortest gap first, so excerpts stay tight.
            Elem::Gap(n) => (0..=*n)
                .take_while(|&k| {
                    t + k <= tokens.len() && (k == 0 || e == 0 || !tokens[t + k - 1].brk)
                })
                .find_map(|k| self.match_at(tokens, t + k, e + 1)),
        }
    }
}

const NEGATIONS: &[&str] = &[
    "no", "not", "never", "without", "didn't", "didnt", "don't", "dont", "wasn't", "wasnt",
    "weren't", "isn't", "hardly", "zero", "nothing", "barely",
];

/// One of the three words before token `at`, in the same sentence, negates it.
fn negated(tokens: &[Token], at: usize) -> bool {
    let mut i = at;
    for _ in 0..3 {
        if i == 0 || tokens[i].brk {
            return false;
        }
        i -= 1;
        if NEGATIONS.contains(&tokens[i].norm.as_str()) {
            return true;
        }
    }
    false
}

/// A list of patterns, indexed by the words they can start with, so that at
/// each word of a text only the patterns that can start there are tried:
/// `first_match` over a million reviews tried every pattern at every word.
pub struct PatternSet {
    patterns: Vec<Pattern>,
    /// For each exact first word, the patterns that start with it.
    by_first: FxHashMap<String, Vec<usize>>,
    /// The first byte and length of those words: for each byte, bit `n`
    /// stands for length `n` (63 for 63 and longer). Most words of a text
    /// start no pattern, and this says so without hashing them.
    first_shapes: Box<[u64; 256]>,
    /// The prefixes a first word may start with (`thank*`), each with its
    /// pattern.
    by_prefix: Vec<(String, usize)>,
    /// The first bytes of those prefixes (all bytes for an empty one).
    prefix_firsts: Box<[bool; 256]>,
    /// The patterns that may start at any word (a gap first).
    anywhere: Vec<usize>,
}

impl PatternSet {
    pub fn new<S: AsRef<str>>(sources: &[S]) -> PatternSet {
        let patterns: Vec<Pattern> = sources.iter().map(|p| Pattern::new(p.as_ref())).collect();
        let mut by_first: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut by_prefix = Vec::new();
        let mut anywhere = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            match p.elems.first() {
                Some(Elem::Word(alts)) => {
                    for a in alts {
                        match a {
                            Alt::Exact(w) => {
                                let list = by_first.entry(w.clone()).or_default();
                                if list.last() != Some(&i) {
                                    list.push(i);
                                }
                            }
                            Alt::Prefix(p) => by_prefix.push((p.clone(), i)),
                        }
                    }
                }
                _ => anywhere.push(i),
            }
        }
        let mut first_shapes = Box::new([0u64; 256]);
        for w in by_first.keys() {
            if let Some(&b) = w.as_bytes().first() {
                first_shapes[usize::from(b)] |= shape(w);
            }
        }
        let mut prefix_firsts = Box::new([false; 256]);
        for (p, _) in &by_prefix {
            match p.as_bytes().first() {
                Some(&b) => prefix_firsts[usize::from(b)] = true,
                None => prefix_firsts.fill(true),
            }
        }
        PatternSet {
            patterns,
            by_first,
            first_shapes,
            by_prefix,
            prefix_firsts,
            anywhere,
        }
    }

    /// No patterns at all: nothing can match.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Calls `f` with each pattern that can start at a word (possibly one
    /// twice): every other pattern fails there.
    fn starting_at(&self, word: &str, mut f: impl FnMut(usize)) {
        let Some(&first) = word.as_bytes().first() else {
            return;
        };
        if self.first_shapes[usize::from(first)] & shape(word) != 0
            && let Some(list) = self.by_first.get(word)
        {
            list.iter().for_each(|&i| f(i));
        }
        if self.prefix_firsts[usize::from(first)] {
            for (p, i) in &self.by_prefix {
                if word.starts_with(p.as_str()) {
                    f(*i);
                }
            }
        }
        self.anywhere.iter().for_each(|&i| f(i));
    }

    /// The earliest match of any pattern, as a byte range of the text,
    /// widened over the matches that overlap it ("look forward to welcoming
    /// you back"). Each pattern's first match is found at the first word it
    /// can start at, so the result is that of trying every pattern at every
    /// word (tested below).
    pub fn first_match(&self, tokens: &[Token]) -> Option<Range<usize>> {
        merge_first(
            self.first_matches(tokens)
                .into_iter()
                .map(|(_, r)| r)
                .collect(),
        )
    }

    /// Each pattern's first match, as (pattern index, byte range), in no
    /// particular order. Most texts match nothing, and then nothing is
    /// allocated.
    fn first_matches(&self, tokens: &[Token]) -> Vec<(usize, Range<usize>)> {
        let mut found: Vec<(usize, Range<usize>)> = Vec::new();
        for (t, tok) in tokens.iter().enumerate() {
            self.starting_at(&tok.norm, |i| {
                if !found.iter().any(|(j, _)| *j == i)
                    && let Some(end) = self.patterns[i].match_at(tokens, t, 0)
                {
                    found.push((i, tok.span.start..tokens[end - 1].span.end));
                }
            });
        }
        found
    }

    /// For each pattern that has one, the start (a byte offset) of its
    /// first match not negated, as `Pattern::find_unnegated` finds it, as
    /// (pattern index, byte offset) in no particular order: every pattern
    /// in one pass over the words, nothing allocated when nothing matches.
    pub fn first_unnegated(&self, tokens: &[Token]) -> Vec<(usize, usize)> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        // Patterns whose last match was negated, and the word their next
        // match may start at (`find_all` never overlaps matches).
        let mut resume: Vec<(usize, usize)> = Vec::new();
        for (t, tok) in tokens.iter().enumerate() {
            self.starting_at(&tok.norm, |i| {
                if found.iter().any(|&(j, _)| j == i)
                    || resume.iter().any(|&(j, from)| j == i && t < from)
                {
                    return;
                }
                let Some(end) = self.patterns[i].match_at(tokens, t, 0) else {
                    return;
                };
                if !negated(tokens, t) {
                    found.push((i, tok.span.start));
                } else if let Some(r) = resume.iter_mut().find(|(j, _)| *j == i) {
                    r.1 = end.max(t + 1);
                } else {
                    resume.push((i, end.max(t + 1)));
                }
            });
        }
        found
    }
}

/// A word's length as the bit `PatternSet::first_shapes` keeps for it.
fn shape(word: &str) -> u64 {
    1 << word.len().min(63)
}

/// Lists of patterns tried in order, the first with a match winning (troll
/// suspicion's categories), sharing one index: a text is scanned once for
/// all the lists, not once per list.
pub struct PatternGroups {
    set: PatternSet,
    /// Each list's name and the range of its patterns in `set`.
    groups: Vec<(&'static str, Range<usize>)>,
}

impl PatternGroups {
    pub fn new(lists: &[(&'static str, &[&str])]) -> PatternGroups {
        let mut sources: Vec<&str> = Vec::new();
        let mut groups = Vec::new();
        for (name, list) in lists {
            groups.push((*name, sources.len()..sources.len() + list.len()));
            sources.extend_from_slice(list);
        }
        PatternGroups {
            set: PatternSet::new(&sources),
            groups,
        }
    }

    /// The first list with a match, and that list's `first_match`.
    pub fn first_match(&self, tokens: &[Token]) -> Option<(&'static str, Range<usize>)> {
        let found = self.set.first_matches(tokens);
        if found.is_empty() {
            return None;
        }
        self.groups.iter().find_map(|(name, members)| {
            let mine = found
                .iter()
                .filter(|(i, _)| members.contains(i))
                .map(|(_, r)| r.clone())
                .collect();
            merge_first(mine).map(|r| (*name, r))
        })
    }
}

/// The earliest range (the longest at the same start), widened by the
/// ranges that overlap it.
fn merge_first(mut found: Vec<Range<usize>>) -> Option<Range<usize>> {
    found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut found = found.into_iter();
    let mut first = found.next()?;
    for r in found {
        if r.start < first.end {
            first.end = first.end.max(r.end);
        }
    }
    Some(first)
}

/// Byte ranges of phone numbers: 7 to 15 digits, optionally led by `+` or
/// `(`, grouped by single spaces, hyphens, dots or parentheses
/// (`555-0100`, `(555) 010-0100`, `+44 1632 960123`). ISO dates
/// (`2026-03-08`) are not phone numbers.
pub fn phone_numbers(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i].is_ascii_digit() || matches!(bytes[i], b'+' | b'(');
        let boundary = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'+');
        if !(starts && boundary) {
            i += 1;
            continue;
        }
        // Extend over digits and single separators; remember the last digit.
        let mut j = i;
        let mut digits = 0;
        let mut last_digit = None;
        while j < bytes.len() {
            let b = bytes[j];
            if b.is_ascii_digit() {
                digits += 1;
                last_digit = Some(j);
                j += 1;
            } else if matches!(b, b'-' | b'.' | b' ' | b'(' | b')' | b'+')
                && j + 1 < bytes.len()
                && (bytes[j + 1].is_ascii_digit() || matches!(bytes[j + 1], b'(' | b' '))
                && !(b == b' ' && bytes[j + 1] == b' ')
            {
                j += 1;
            } else {
                break;
            }
        }
        let Some(end) = last_digit.map(|d| d + 1) else {
            i += 1;
            continue;
        };
        let candidate = &text[i..end];
        let followed_by_word = bytes.get(end).is_some_and(u8::is_ascii_alphanumeric);
        if (7..=15).contains(&digits) && !followed_by_word && !looks_like_date(candidate) {
            out.push(i..end);
            i = end;
        } else {
            i = end.max(i + 1);
        }
    }
    out
}

fn looks_like_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split(['-', '.', ' ']).collect();
    parts.len() == 3
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && (parts[0].len() == 4 || parts[2].len() == 4)
        && parts.iter().all(|p| (1..=4).contains(&p.len()))
}

/// Byte ranges of e-mail addresses (`name@example.org`).
pub fn emails(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    let domain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-');
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        let mut start = at;
        while start > 0 && local(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && domain(bytes[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let host = &text[at + 1..end];
        let dotted = host.split('.').count() >= 2 && host.split('.').all(|p| !p.is_empty());
        if start < at && dotted && out.last().is_none_or(|r: &Range<usize>| r.end <= start) {
            out.push(start..end);
        }
    }
    out
}

/// The parts of a display name worth looking for: lower case, at least three
/// letters, no digits, not a title or a placeholder word.
pub fn name_parts(display_name: &str) -> Vec<String> {
    let mut parts: Vec<String> = display_name
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|p| p.trim_matches(['\'', '’']))
        // An ASCII part is judged before it is lower-cased into a string of
        // its own: most parts of most names ("Reviewer 12", "J.") are not
        // kept, and every reply asks.
        .filter(|p| !p.is_ascii() || ascii_part_kept(p))
        .map(|p| p.chars().flat_map(char::to_lowercase).collect::<String>())
        .filter(|p| {
            p.chars().count() >= 3
                && !p.chars().any(|c| c.is_ascii_digit())
                && !words::NAME_IGNORE.contains(&p.as_str())
        })
        .collect();
    parts.sort();
    parts.dedup();
    parts
}

/// Where the reviewer's name appears in `text`. `strict` is for the lint (an
/// everyday-word name part must be capitalised and not just start a
/// sentence); redaction passes `false` and removes every capitalised use.
pub fn name_mentions(text: &str, display_name: &str, strict: bool) -> Vec<Range<usize>> {
    // In ASCII text a name part can only be a word if it is a substring,
    // whatever the case: most replies name nobody, and this says so without
    // cutting them into words, or lower-casing the name when it is ASCII.
    let bytes = text.as_bytes();
    let somewhere = |part: &str| {
        bytes
            .windows(part.len())
            .any(|w| w.eq_ignore_ascii_case(part.as_bytes()))
    };
    let ascii = text.is_ascii();
    if ascii && display_name.is_ascii() && !ascii_name_parts(display_name).any(somewhere) {
        return Vec::new();
    }
    let parts = name_parts(display_name);
    if parts.is_empty() {
        return Vec::new();
    }
    // (An ASCII name's parts were just looked for, as written.)
    if ascii && !display_name.is_ascii() && !parts.iter().any(|p| somewhere(p)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for tok in tokenize(text) {
        // Split `Sammi-Finley` and `Alex's` into their name-bearing pieces.
        let mut offset = tok.span.start;
        for piece in text[tok.span.clone()].split('-') {
            let range = offset..offset + piece.len();
            offset += piece.len() + 1;
            // Inline, like a token's word: no allocation per word.
            let word: crate::model::Name = piece
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .chars()
                .flat_map(char::to_lowercase)
                .collect();
            if !parts.iter().any(|p| *p == word) {
                continue;
            }
            if words::NAME_COMMON.contains(&word.as_str()) {
                let capitalised = piece.chars().next().is_some_and(char::is_uppercase);
                let vocative = text[range.end..].starts_with(',');
                let starts_sentence = sentence_start(text, range.start);
                let counts = capitalised && (!strict || !starts_sentence || vocative);
                if !counts {
                    continue;
                }
            }
            out.push(range);
        }
    }
    out
}

/// The parts `name_parts` keeps of an ASCII name, as written (not lower-cased).
fn ascii_name_parts(display_name: &str) -> impl Iterator<Item = &str> {
    display_name
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\''))
        .map(|p| p.trim_matches('\''))
        .filter(|p| ascii_part_kept(p))
}

/// Whether `name_parts` keeps an ASCII part: three letters or more, no
/// digit, not a title or placeholder word (in any case).
fn ascii_part_kept(p: &str) -> bool {
    p.len() >= 3
        && !p.bytes().any(|b| b.is_ascii_digit())
        && !words::NAME_IGNORE.iter().any(|w| w.eq_ignore_ascii_case(p))
}

fn sentence_start(text: &str, at: usize) -> bool {
    match text[..at].trim_end().chars().next_back() {
        None => true,
        Some(c) => matches!(c, '.' | '!' | '?' | '\n' | ':' | '"' | '“'),
    }
}

/// Replaces the given byte ranges (any order, possibly overlapping) with
/// their labels.
pub fn replace_ranges(text: &str, mut ranges: Vec<(Range<usize>, &str)>) -> String {
    ranges.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, label) in ranges {
        if r.start < at {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(label);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests;
