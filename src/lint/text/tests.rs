//! Tests of the text tools: the tokenizer's two paths against the one it
//! replaced, name parts, and the pattern index against trying every pattern
//! everywhere.

use super::*;

// Cutting text into words.

/// The tokenizer as it was before its ASCII path: every character
/// decoded, every word lower-cased through the Unicode tables. The
/// reference both paths of `tokenize` are held to.
fn reference(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        loop {
            if end < chars.len() && chars[end].1.is_alphanumeric() {
                end += 1;
            } else if end + 1 < chars.len()
                && is_joiner(chars[end].1)
                && chars[end + 1].1.is_alphanumeric()
            {
                end += 2;
            } else {
                break;
            }
        }
        let from = chars[start].0;
        let to = chars.get(end).map_or(text.len(), |c| c.0);
        let norm = text[from..to]
            .chars()
            .map(|c| if c == '’' { '\'' } else { c })
            .flat_map(char::to_lowercase)
            .collect();
        let gap_from = tokens.last().map_or(0, |t| t.span.end);
        let brk = text[gap_from..from].contains(['.', '!', '?', ';', ',', ':', '\n']);
        tokens.push(Token {
            span: from..to,
            norm,
            brk,
        });
        i = end;
    }
    tokens
}

/// Random texts from `alphabet`, 0 to 40 characters long.
fn texts(alphabet: &[&str], seed: u64, count: usize) -> Vec<String> {
    let mut next = crate::testkit::below(seed);
    (0..count)
        .map(|_| {
            (0..next(41))
                .map(|_| alphabet[next(alphabet.len())])
                .collect()
        })
        .collect()
}

const ASCII: &[&str] = &[
    "a", "b", "Z", "Q", "e", "x", "0", "7", " ", " ", "  ", "'", "-", "--", ".", ",", "!", "?",
    ";", ":", "\n", "\t", "\r", "\"", "(", ")", "$", "/", "_", "@", "~", "*", "\u{0}", "\u{7f}",
    "Don't", "X-RAY", "e-mail", "wait", "WAITED", "no", "Not",
];

/// Letters that change length or form when lower-cased (`İ`, `ẞ`),
/// letters and digits of other scripts, a combining accent (not
/// alphanumeric), typographic apostrophes and quotes, emoji.
const OTHER: &[&str] = &[
    "é", "É", "ß", "ẞ", "İ", "Σ", "ς", "Ё", "日", "٣", "\u{301}", "\u{a0}", "’", "‘", "“", "”",
    "…", "😀", "ǅ", "Ⅻ", "ﬁ", "I’m", "CAFÉ", "naïve",
];

#[test]
fn the_ascii_path_cuts_ascii_texts_as_the_general_tokenizer_does() {
    let texts = texts(ASCII, 0x2545_F491_4F6C_DD1D, 20_000);
    let mut words = 0;
    for text in &texts {
        let want = reference(text);
        words += want.len();
        assert_eq!(tokenize(text), want, "{text:?}");
        let mut unicode = Vec::new();
        tokenize_unicode(text, &mut unicode);
        assert_eq!(unicode, want, "{text:?}");
    }
    assert!(words > 50_000, "the texts must hold words: {words}");
}

#[test]
fn mixed_texts_are_cut_as_before() {
    let alphabet: Vec<&str> = ASCII.iter().chain(OTHER).copied().collect();
    let texts = texts(&alphabet, 0x9E37_79B9_7F4A_7C15, 20_000);
    let mut buffer = vec![reference("left over")[0].clone()];
    let mut non_ascii = 0;
    for text in &texts {
        non_ascii += usize::from(!text.is_ascii());
        let want = reference(text);
        assert_eq!(tokenize(text), want, "{text:?}");
        tokenize_into(text, &mut buffer);
        assert_eq!(buffer, want, "{text:?}");
    }
    assert!(non_ascii > 10_000, "{non_ascii}");
}

#[test]
fn words_are_lower_case_with_straight_apostrophes_and_know_their_breaks() {
    let text = "I’M NOT sure. Don't-Wait, CAFÉ İs\nok";
    let tokens = tokenize(text);
    let got: Vec<(&str, &str, bool)> = tokens
        .iter()
        .map(|t| (&text[t.span.clone()], t.norm.as_str(), t.brk))
        .collect();
    assert_eq!(
        got,
        [
            ("I’M", "i'm", false),
            ("NOT", "not", false),
            ("sure", "sure", false),
            ("Don't-Wait", "don't-wait", true),
            ("CAFÉ", "café", true),
            ("İs", "i\u{307}s", false),
            ("ok", "ok", true),
        ]
    );
}

// Names.

/// The parts an ASCII name is searched for without lower-casing it are
/// those `name_parts` keeps.
#[test]
fn ascii_name_parts_are_name_parts_as_written() {
    let pieces = [
        "Sam",
        "sam",
        "Dr",
        "DR.",
        "O'Neil",
        "'Al'",
        "Reviewer",
        "12",
        "Lo",
        "Anne-Marie",
        "Kim",
        "MR",
        "van",
        "x7y",
        " ",
        "  ",
        ".",
        ",",
        "'",
        "Guest",
        "Okafor",
    ];
    let mut next = crate::testkit::below(0x1656_67B1_9E37_79F9);
    let mut kept = 0;
    for _ in 0..5000 {
        let name: String = (0..next(5)).map(|_| pieces[next(pieces.len())]).collect();
        let mut got: Vec<String> = ascii_name_parts(&name)
            .map(str::to_ascii_lowercase)
            .collect();
        got.sort();
        got.dedup();
        kept += got.len();
        assert_eq!(got, name_parts(&name), "{name:?}");
    }
    assert!(kept > 2000, "{kept}");
}

// Pattern sets.

/// What the index must find: every pattern tried at every word.
fn every_pattern_everywhere(patterns: &[Pattern], tokens: &[Token]) -> Option<Range<usize>> {
    let first = |p: &Pattern| {
        (0..tokens.len()).find_map(|i| {
            p.match_at(tokens, i, 0)
                .map(|end| tokens[i].span.start..tokens[end - 1].span.end)
        })
    };
    merge_first(patterns.iter().filter_map(first).collect())
}

/// Matches overlap and negations hide them: a negated match still
/// hides the overlapping ones after it, as in `Pattern::find_all`.
#[test]
fn first_unnegated_skips_what_a_negated_match_covers() {
    let sources = ["a ~3 b", "a b", "b ~1 a|b", "ab*", "~1 b", "b"];
    let set = PatternSet::new(&sources);
    let patterns: Vec<Pattern> = sources.iter().map(|p| Pattern::new(p)).collect();
    // "a ~3 b" matches "a a a a b" from the first `a`, negated by "no":
    // the match from the fourth `a`, beyond the negation's reach, is
    // covered by it and so never counts.
    let tokens = tokenize("no a a a a b");
    let mut got = set.first_unnegated(&tokens);
    got.sort();
    assert_eq!(got, [(1, 9), (4, 9), (5, 11)]);
    let vocabulary = ["a", "b", "abc", "no", "x", ".", "a b"];
    let mut next = crate::testkit::below(0x5851_F42D_4C95_7F2D);
    let mut found = 0;
    for _ in 0..5000 {
        let text: Vec<&str> = (0..next(14)).map(|_| vocabulary[next(7)]).collect();
        let tokens = tokenize(&text.join(" "));
        found += unnegated_as_each_finds(&set, &patterns, &tokens, &text.join(" "));
    }
    assert!(found > 5000, "{found}");
}

/// Asserts that one pass finds each pattern's first unnegated match where
/// `find_unnegated` finds it; returns how many patterns matched.
fn unnegated_as_each_finds(
    set: &PatternSet,
    patterns: &[Pattern],
    tokens: &[Token],
    text: &str,
) -> usize {
    let mut got = set.first_unnegated(tokens);
    got.sort();
    let want: Vec<(usize, usize)> = patterns
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((i, p.find_unnegated(tokens)?.start)))
        .collect();
    assert_eq!(got, want, "{text:?}");
    want.len()
}

#[test]
fn the_index_finds_what_trying_every_pattern_everywhere_finds() {
    let mut lists: Vec<&[&str]> = vec![
        words::CONFIRMS_PATIENT,
        words::CLINICAL_DETAIL,
        words::DEFENSIVE,
        words::OFFLINE_PATH,
        words::THANKS,
        words::REGRET,
    ];
    lists.extend(words::TROLL.iter().map(|(_, list)| *list));
    // Texts of words the patterns use (prefixes completed), fillers and
    // sentence breaks, so that matches start, overlap and are cut.
    let mut vocabulary: Vec<String> = Vec::new();
    for list in &lists {
        for source in *list {
            for word in source.split_whitespace().filter(|w| !w.starts_with('~')) {
                for alt in word.split('|') {
                    vocabulary.push(match alt.strip_suffix('*') {
                        Some(p) => format!("{p}ing"),
                        None => alt.to_string(),
                    });
                }
            }
        }
    }
    vocabulary.extend(
        [
            "the", "and", "not", "no", "never", "Sam", "really", ".", ",", "!",
        ]
        .map(String::from),
    );
    let mut next = crate::testkit::below(0x9E37_79B9_7F4A_7C15_u64);
    let sets: Vec<(PatternSet, Vec<Pattern>)> = lists
        .iter()
        .map(|l| {
            (
                PatternSet::new(l),
                l.iter().map(|p| Pattern::new(p)).collect(),
            )
        })
        .collect();
    let trolls = PatternGroups::new(words::TROLL);
    let troll_sets: Vec<(&str, PatternSet)> = words::TROLL
        .iter()
        .map(|(category, list)| (*category, PatternSet::new(list)))
        .collect();
    let (mut matched, mut unnegated, mut trolled) = (0, 0, 0);
    for _ in 0..3000 {
        let words: Vec<&str> = (0..3 + next(30))
            .map(|_| vocabulary[next(vocabulary.len())].as_str())
            .collect();
        let text = words.join(" ");
        let tokens = tokenize(&text);
        for (set, patterns) in &sets {
            let want = every_pattern_everywhere(patterns, &tokens);
            matched += usize::from(want.is_some());
            assert_eq!(set.first_match(&tokens), want, "{text:?}");
            // Every pattern's first unnegated match, in one pass.
            unnegated += unnegated_as_each_finds(set, patterns, &tokens, &text);
        }
        // One scan for all troll categories finds what trying them in
        // turn finds.
        let want = troll_sets
            .iter()
            .find_map(|(category, set)| Some((*category, set.first_match(&tokens)?)));
        trolled += usize::from(want.is_some());
        assert_eq!(trolls.first_match(&tokens), want, "{text:?}");
    }
    assert!(
        matched > 3000 && unnegated > 3000 && trolled > 1000,
        "the texts must hit patterns often: {matched}, {unnegated}, {trolled}"
    );
}
