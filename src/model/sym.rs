//! `Sym`: a short text that many records share (a platform, a location's
//! identifier, a channel), kept once per process.
//!
//! A million reviews name a handful of platforms and a few dozen
//! locations. As a `Name` each record held its own 24-byte copy (and a
//! Google location identifier, longer than 24 bytes, a heap copy of its
//! own); as a `Sym` it holds an 8-byte reference to the one copy. Every
//! walk over the records then reads less memory, and a million-review build
//! touches about 60 MB fewer fresh pages.
//!
//! The copies are never freed: a `Sym` is `Copy` and lives as long as the
//! process. That is bounded by the distinct values the data holds, which
//! the records would hold anyway; `serve` rebuilding the same data interns
//! nothing new.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::{Mutex, OnceLock};

/// See the module documentation. Compared, hashed, ordered and shown as
/// its text, so it can stand where a `&str` or a `Name` stood.
#[derive(Clone, Copy)]
pub struct Sym(&'static String);

/// Every value interned so far, by its text.
fn global() -> &'static Mutex<FxHashMap<&'static str, Sym>> {
    static ALL: OnceLock<Mutex<FxHashMap<&'static str, Sym>>> = OnceLock::new();
    ALL.get_or_init(Default::default)
}

/// Values a thread has interned lately: most look-ups end here, without
/// the lock. Emptied when it grows past this (a hostile file of distinct
/// values must not make every thread keep a copy of each).
const NEAR_MAX: usize = 4096;

thread_local! {
    // Keyed by the kept copy itself: no second copy of a long value.
    static NEAR: RefCell<FxHashMap<&'static str, Sym>> = RefCell::new(FxHashMap::default());
}

impl Sym {
    /// The shared copy of `text`, made on first use.
    pub fn new(text: &str) -> Sym {
        if let Some(sym) = NEAR.with(|near| near.borrow().get(text).copied()) {
            return sym;
        }
        let sym = {
            // A poisoned lock still holds a consistent map: entries are
            // only ever added whole.
            let mut all = global().lock().unwrap_or_else(|e| e.into_inner());
            match all.get(text) {
                Some(sym) => *sym,
                None => {
                    let kept: &'static String = Box::leak(Box::new(text.to_owned()));
                    let sym = Sym(kept);
                    all.insert(kept.as_str(), sym);
                    sym
                }
            }
        };
        NEAR.with(|near| {
            let mut near = near.borrow_mut();
            if near.len() >= NEAR_MAX {
                near.clear();
            }
            near.insert(sym.as_str(), sym);
        });
        sym
    }

    pub fn as_str(&self) -> &'static str {
        self.0.as_str()
    }
}

impl std::ops::Deref for Sym {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Sym {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Sym {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Sym {
    fn eq(&self, other: &Sym) -> bool {
        // One copy per text (`new` is the only way to make a `Sym`, under
        // the global map's lock): the same text is the same reference.
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Sym {}

impl PartialEq<str> for Sym {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Sym {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Sym> for str {
    fn eq(&self, other: &Sym) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Sym> for &str {
    fn eq(&self, other: &Sym) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<String> for Sym {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl std::hash::Hash for Sym {
    /// As its text hashes, so a map keyed by `Sym` is found by `&str`.
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h);
    }
}

impl PartialOrd for Sym {
    fn partial_cmp(&self, other: &Sym) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Sym {
    fn cmp(&self, other: &Sym) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::fmt::Display for Sym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Sym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Default for Sym {
    /// The empty text, as `Name::default()` is.
    fn default() -> Sym {
        Sym::new("")
    }
}

impl From<&str> for Sym {
    fn from(text: &str) -> Sym {
        Sym::new(text)
    }
}

impl serde::Serialize for Sym {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_text_is_one_copy_on_every_thread() {
        let here = Sym::new("accounts/4100/locations/7001");
        let there = std::thread::spawn(|| Sym::new("accounts/4100/locations/7001"))
            .join()
            .unwrap();
        assert!(std::ptr::eq(here.0, there.0));
        assert_eq!(here, there);
        assert_eq!(here, "accounts/4100/locations/7001");
        assert_ne!(Sym::new("google"), Sym::new("yelp"));
        assert_eq!(std::mem::size_of::<Sym>(), 8);
        assert_eq!(std::mem::size_of::<Option<Sym>>(), 8);
    }

    #[test]
    fn it_compares_hashes_and_orders_as_its_text() {
        use std::hash::BuildHasher;
        let h = rustc_hash::FxBuildHasher;
        assert_eq!(h.hash_one(Sym::new("yelp")), h.hash_one("yelp"));
        let mut all = vec![Sym::new("yelp"), Sym::new("facebook"), Sym::new("google")];
        all.sort();
        assert_eq!(
            all,
            [Sym::new("facebook"), Sym::new("google"), Sym::new("yelp")]
        );
        let map: FxHashMap<Sym, u32> = [(Sym::new("google"), 1)].into_iter().collect();
        assert_eq!(map.get("google"), Some(&1));
        assert_eq!(
            format!("{} {:?}", Sym::new("a\"b"), Sym::new("a\"b")),
            "a\"b \"a\\\"b\""
        );
    }

    #[test]
    fn a_thread_forgets_its_near_values_past_the_limit_but_not_their_identity() {
        let first = Sym::new("distinct-0");
        for i in 0..NEAR_MAX + 10 {
            Sym::new(&format!("distinct-{i}"));
        }
        assert!(NEAR.with(|n| n.borrow().len()) <= NEAR_MAX);
        assert!(std::ptr::eq(first.0, Sym::new("distinct-0").0));
    }
}
