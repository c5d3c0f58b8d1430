//! Bounded cost on hostile input: a review or reply text longer than
//! `TEXT_LIMIT` is cut once it is read, so that lint, troll detection,
//! scenario sorting and the pages work on at most that much of it. The cut
//! is said in the text itself, so every page that shows it says so; it is
//! not a data problem and changes no count (the review still counts).

use crate::model::{Action, Name, Review};

/// 64 KiB: more than ten times the longest review a platform takes (Google
/// 4,096 characters, Yelp 5,000).
pub const TEXT_LIMIT: usize = 64 * 1024;

/// A person's name (a reviewer, a responder): 1 KiB is far beyond any
/// real one. The reply lint looks for the reviewer's name in each reply, so
/// a name of megabytes cost seconds per reply.
pub const NAME_LIMIT: usize = 1024;

/// Cuts a review's texts to `TEXT_LIMIT` and its author's name to
/// `NAME_LIMIT`. Every reader calls it as it keeps a review (a flat one in
/// `record::row::apply`), while the record is still in the cache, rather
/// than in a walk over every record afterwards (about 1 % of a
/// million-review build's samples).
pub fn cap_review(r: &mut Review) {
    if let Some(t) = &mut r.text {
        cut(t);
    }
    if let Some(a) = &mut r.author {
        cut_name(a);
    }
    if let Some(reply) = &mut r.embedded_reply {
        cut(&mut reply.text);
    }
}

/// As `cap_review`, for an action's text. (Its responder's name is cut
/// before it is kept once for the process: `capped_name`.)
pub fn cap_action(a: &mut Action) {
    if let Some(t) = &mut a.text {
        cut(t);
    }
}

/// Cuts `text` to at most `TEXT_LIMIT` bytes (at a character boundary) and
/// says so at the end; shorter text is left alone.
pub fn cut(text: &mut String) {
    if text.len() <= TEXT_LIMIT {
        return;
    }
    let full = text.len();
    let end = floor_boundary(text, TEXT_LIMIT);
    text.truncate(end);
    text.push_str(&format!(
        " … [cut: this text is {} long; reputable keeps its first 64 KB]",
        size(full)
    ));
    text.shrink_to_fit();
}

/// Cuts a name to at most `NAME_LIMIT` bytes, ending it with `…`.
fn cut_name(name: &mut Name) {
    if let std::borrow::Cow::Owned(cut) = capped_name(name) {
        *name = Name::new(cut);
    }
}

/// A name cut as `cut_name` cuts it; a short one as it is.
pub fn capped_name(name: &str) -> std::borrow::Cow<'_, str> {
    if name.len() > NAME_LIMIT {
        let end = floor_boundary(name, NAME_LIMIT);
        std::borrow::Cow::Owned(format!("{}…", &name[..end]))
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

/// The largest character boundary of `s` at or before `i`.
fn floor_boundary(s: &str, i: usize) -> usize {
    (0..=i.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

/// `52428800` → `52.4 MB`, `70000` → `70 KB`.
fn size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} KB", bytes / 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_at_a_character_boundary_and_says_so() {
        // `é` is two bytes: the limit falls inside one.
        let mut t = format!("a{}", "é".repeat(40_000));
        cut(&mut t);
        let kept = TEXT_LIMIT - 1;
        assert_eq!(&t[..kept], &format!("a{}", "é".repeat(32_767)));
        assert_eq!(
            &t[kept..],
            " … [cut: this text is 80 KB long; reputable keeps its first 64 KB]"
        );
    }

    #[test]
    fn a_long_name_is_cut_to_1_kib_and_ends_in_an_ellipsis() {
        let mut n = Name::new("Pat ".repeat(100_000));
        cut_name(&mut n);
        assert_eq!(n.as_str(), format!("{}…", "Pat ".repeat(256)));
        let mut short = Name::new("Dana Whitfield");
        cut_name(&mut short);
        assert_eq!(short.as_str(), "Dana Whitfield");
    }

    #[test]
    fn text_up_to_the_limit_is_left_alone() {
        let mut t = "x".repeat(TEXT_LIMIT);
        cut(&mut t);
        assert_eq!(t.len(), TEXT_LIMIT);
        let mut t = "x".repeat(50 * 1024 * 1024);
        cut(&mut t);
        assert!(t.ends_with("[cut: this text is 52.4 MB long; reputable keeps its first 64 KB]"));
    }
}
