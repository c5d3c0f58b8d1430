//! Linking: the same review seen in several exports kept once, embedded
//! replies turned into actions, each action linked to its review
//! (`Dataset::links`) through identities sharded over every core, and the
//! actions that point at no review or come before it reported.

use super::*;
use crate::model::{Action, ActionKind, Moment, Origin, Review};
use crate::problems::Problem;
use jiff::tz::TimeZone;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::hash_map::Entry;

/// De-duplicates reviews and actions, turns embedded replies into actions,
/// links each action to its review (`Dataset::links`), and reports actions
/// that point at no review or come before their review.
pub fn link(data: &mut Dataset, tz: &TimeZone) {
    let Dataset {
        files,
        reviews,
        actions,
        problems,
        links,
        early,
        ..
    } = data;
    // Reviews and logged actions are de-duplicated independently, shard by
    // shard on every core. The reviews' tables then serve as the index that
    // links actions.
    let ((index, review_drops, review_problems), (action_drops, action_problems, mut targets)) =
        rayon::join(
            || duplicate_reviews(reviews, files),
            || duplicate_actions(actions, files),
        );
    problems.extend(review_problems);
    problems.extend(action_problems);
    problems.extend(match_id_parts(actions, &mut targets, &index, files));
    // Positions after the dropped copies are removed.
    let mut new_pos = Vec::with_capacity(reviews.len());
    let mut kept = 0u32;
    for d in &review_drops {
        new_pos.push(kept);
        kept += u32::from(!d);
    }

    // Archive replies, from the copy of each review that won. One per review,
    // so they can only repeat a logged reply, which is normal and kept quiet.
    let with_reply: Vec<usize> = (0..reviews.len())
        .into_par_iter()
        .filter(|&i| index.replies[i] && !review_drops[i])
        .collect();
    // The logged replies to those reviews: each one (an archive reply that
    // repeats one is the same reply) and each review's first.
    type FirstLogged<'a> = FxHashMap<(&'a str, &'a str), (Moment, Origin)>;
    let (logged, first_logged): (FxHashSet<ActionKey>, FirstLogged) = if with_reply.is_empty() {
        Default::default()
    } else {
        let wanted: FxHashSet<(&str, &str)> =
            with_reply.iter().map(|&i| review_id(&reviews[i])).collect();
        actions
            .par_iter()
            .zip(&action_drops)
            .filter(|(a, d)| !**d && a.kind == ActionKind::Reply)
            .filter(|(a, _)| wanted.contains(&(a.platform.as_str(), a.review_id.as_str())))
            .fold(
                <(FxHashSet<ActionKey>, FirstLogged)>::default,
                |(mut keys, mut first), (a, _)| {
                    keys.insert(action_key(a));
                    note_first(&mut first, target(a), (a.at, a.origin));
                    (keys, first)
                },
            )
            .reduce(Default::default, |(mut keys, mut first), (k, f)| {
                keys.extend(k);
                for (t, v) in f {
                    note_first(&mut first, t, v);
                }
                (keys, first)
            })
    };
    let mut embedded = Vec::new();
    let mut embedded_links = Vec::new();
    let mut embedded_early = Vec::new();
    // Archive replies dated before their review, counted per file.
    let mut edited: std::collections::BTreeMap<u32, usize> = Default::default();
    for i in with_reply {
        let r = &reviews[i];
        let Some(reply) = r.embedded_reply.as_ref() else {
            continue;
        };
        let key = (
            r.platform.as_str(),
            r.id.as_str(),
            ActionKind::Reply,
            reply.at.instant,
            Some(reply.text.as_str()),
        );
        if logged.contains(&key) {
            continue;
        }
        let before_review = !reply.at.at_or_after(&r.posted);
        match first_logged.get(&review_id(r)) {
            Some((first, origin)) if !reply.at.at_or_after(first) => {
                problems.push(
                    Problem::notice(
                        "archive-reply-before-log",
                        files[r.origin.file as usize].as_str(),
                        format!(
                            "the archive's reply to review {}/{} is dated {}, before the first reply the log records ({}, {} line {}); the log's time counts, as the log is the record of when replies were made",
                            r.platform,
                            r.id,
                            crate::model::show_moment(&reply.at, tz),
                            crate::model::show_moment(first, tz),
                            files[origin.file as usize],
                            origin.line,
                        ),
                    )
                    .at(r.origin.line, None),
                );
            }
            Some(_) => {}
            None if before_review => *edited.entry(r.origin.file).or_default() += 1,
            None => {}
        }
        embedded.push(Action {
            platform: r.platform,
            review_id: r.id.clone(),
            at: reply.at,
            kind: ActionKind::Reply,
            channel: Some("public".into()),
            responder: None,
            text: Some(reply.text.clone()),
            embedded: true,
            origin: r.origin,
        });
        embedded_links.push(Some(new_pos[i]));
        embedded_early.push(before_review);
    }
    drop(logged);
    drop(first_logged);
    for (file, n) in edited {
        let (count, were, their) = if n == 1 {
            ("1 reply".to_owned(), "is", "its review's")
        } else {
            (format!("{n} replies"), "are", "their reviews'")
        };
        problems.push(Problem::notice(
            "review-edited-after-reply",
            files[file as usize].as_str(),
            format!(
                "{count} in this archive {were} dated before {their} posting time: the review was edited after the reply, and the platform shows the edit time. Each counts as answered, but not in response times or within target (like a date-only answer, counted in date_only)"
            ),
        ));
    }

    // Every action, dropped or not, gets its link; the dropped ones go with
    // their actions below.
    index.link(actions, &targets, &new_pos, links, early);
    drop(index);
    drop_marked(reviews, &review_drops);
    drop_marked(actions, &action_drops);
    drop_marked(links, &action_drops);
    drop_marked(early, &action_drops);
    // Grown once, to its final length. (A block this large is copied when
    // it grows. Archives with replies pay that once.)
    actions.reserve_exact(embedded.len());
    actions.extend(embedded);
    links.extend(embedded_links);
    early.extend(embedded_early);
    check_actions(data, tz);
}

/// Keeps the earlier of two logged replies to one review (the earlier line
/// on a tie, so the choice never depends on the order threads finish in).
pub(super) fn note_first<'a>(
    first: &mut FxHashMap<(&'a str, &'a str), (Moment, Origin)>,
    review: (&'a str, &'a str),
    reply: (Moment, Origin),
) {
    let rank = |(at, origin): &(Moment, Origin)| (at.instant, *origin);
    first
        .entry(review)
        .and_modify(|f| {
            if rank(&reply) < rank(f) {
                *f = reply;
            }
        })
        .or_insert(reply);
}

/// A logged review id written as a whole platform resource name or a review
/// URL (`accounts/…/locations/…/reviews/rv000`, `https://…?hrid=rv000`) is
/// matched by its id part when the whole matches no review, with one notice
/// per file saying so. `targets` (the identity hashes) follow the new ids.
pub(super) fn match_id_parts(
    actions: &mut [Action],
    targets: &mut [u64],
    index: &ReviewIndex,
    files: &[String],
) -> Vec<Problem> {
    // Only an id with a `/` can be a name or a URL: one memchr for most.
    let candidates: Vec<usize> = (0..actions.len())
        .into_par_iter()
        .filter(|&i| {
            let id = actions[i].review_id.as_str();
            memchr::memchr(b'/', id.as_bytes()).is_some() && id_part(id).is_some()
        })
        .collect();
    // Per file: how many, the first line, and the first id as written and read.
    let mut per_file: std::collections::BTreeMap<u32, (usize, u32, String, String)> =
        Default::default();
    for i in candidates {
        let a = &actions[i];
        if index.find(target(a)).is_some() {
            continue;
        }
        let Some(part) = id_part(&a.review_id).map(crate::model::Name::new) else {
            continue;
        };
        if index.find((a.platform.as_str(), part.as_str())).is_none() {
            continue;
        }
        let e = per_file
            .entry(a.origin.file)
            .or_insert_with(|| (0, a.origin.line, a.review_id.to_string(), part.to_string()));
        e.0 += 1;
        let a = &mut actions[i];
        a.review_id = part;
        targets[i] = hash_of(&target(a));
    }
    per_file
        .into_iter()
        .map(|(file, (n, line, whole, part))| {
            Problem::notice(
                "review-id-part",
                files[file as usize].as_str(),
                format!(
                    "{} this file {} a whole platform name or a review URL as the review id (`{whole}`); {} matched by the id part (`{part}`)",
                    if n == 1 { "1 row of".to_string() } else { format!("{n} rows of") },
                    if n == 1 { "gives" } else { "give" },
                    if n == 1 { "it is" } else { "each is" },
                ),
            )
            .at(line, None)
        })
        .collect()
}

/// The id part of a review id written as a resource name or a URL: a
/// review-id query parameter (Yelp's `hrid`), else the last path segment.
/// `None` for a plain id.
pub fn id_part(id: &str) -> Option<&str> {
    let id = id.trim();
    if let Some((_, query)) = id.split_once('?') {
        for pair in query.split(['&', '#']) {
            if let Some((k, v)) = pair.split_once('=')
                && matches!(
                    k.to_ascii_lowercase().as_str(),
                    "hrid" | "review_id" | "reviewid" | "rid"
                )
                && !v.is_empty()
            {
                return Some(v);
            }
        }
    }
    let path = id.split(['?', '#']).next()?;
    let path = match path.split_once("://") {
        // A URL's host is no id.
        Some((_, rest)) => rest.split_once('/')?.1,
        None => path,
    };
    path.contains('/')
        .then(|| path.split('/').rev().find(|s| !s.is_empty()))
        .flatten()
        .filter(|last| *last != id)
}

/// What makes two actions the same action.
pub(super) type ActionKey<'a> = (
    &'a str,
    &'a str,
    ActionKind,
    jiff::Timestamp,
    Option<&'a str>,
);

pub(super) fn action_key(a: &Action) -> ActionKey<'_> {
    (
        a.platform.as_str(),
        a.review_id.as_str(),
        a.kind,
        a.at.instant,
        a.text.as_deref(),
    )
}

/// For each action, the index of its review (by platform and id), if any.
pub fn action_links(reviews: &[Review], actions: &[Action]) -> Vec<Option<u32>> {
    let index = review_index(reviews);
    actions
        .par_iter()
        .map(|a| {
            index
                .get(&(a.platform.as_str(), a.review_id.as_str()))
                .copied()
        })
        .collect()
}

/// Reviews by identity (platform, id).
pub(super) fn review_index(reviews: &[Review]) -> FxHashMap<(&str, &str), u32> {
    let mut index = FxHashMap::with_capacity_and_hasher(reviews.len(), Default::default());
    for (i, r) in reviews.iter().enumerate() {
        index.insert((r.platform.as_str(), r.id.as_str()), i as u32);
    }
    index
}

/// Positions of records by identity, keyed by a 64-bit hash of the identity
/// that is computed on every core beforehand. The table then holds 16-byte
/// entries instead of string pairs, which is what a million-record build
/// spends its linking time on. Exact all the same: an identity whose hash is
/// already taken by a different identity is kept by value in `spill`.
pub(super) struct Identities<K> {
    by_hash: FxHashMap<u64, u32>,
    spill: FxHashMap<K, u32>,
}

impl<K: Eq + std::hash::Hash + Copy> Identities<K> {
    fn with_capacity(n: usize) -> Self {
        Identities {
            by_hash: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            spill: FxHashMap::default(),
        }
    }

    /// The position stored for `key`; `key_of` gives the identity at a position.
    #[cfg(test)]
    fn get(&self, hash: u64, key: K, key_of: impl Fn(u32) -> K) -> Option<u32> {
        self.confirm(self.by_hash.get(&hash).copied(), key, key_of)
    }

    /// `get`, given what the table holds for the key's hash (`candidate`),
    /// looked up beforehand.
    fn confirm(&self, candidate: Option<u32>, key: K, key_of: impl Fn(u32) -> K) -> Option<u32> {
        match candidate {
            Some(i) if key_of(i) == key => Some(i),
            _ => self.spill.get(&key).copied(),
        }
    }

    /// The position stored for `key`, or, when there is none, `None` after
    /// storing `pos` for it: one probe of the table where `get` and `set`
    /// take two, for the common case of a key seen for the first time.
    fn get_or_insert(&mut self, hash: u64, pos: u32, key_of: impl Fn(u32) -> K) -> Option<u32> {
        // The identity itself is only looked at when the hash is taken: a
        // new record's fields are never read here, which matters when the
        // records come in shard order rather than memory order.
        match self.by_hash.entry(hash) {
            Entry::Vacant(v) => {
                v.insert(pos);
                None
            }
            Entry::Occupied(o) if key_of(*o.get()) == key_of(pos) => Some(*o.get()),
            Entry::Occupied(_) => match self.spill.entry(key_of(pos)) {
                Entry::Occupied(o) => Some(*o.get()),
                Entry::Vacant(v) => {
                    v.insert(pos);
                    None
                }
            },
        }
    }

    /// Stores `pos` for `key`, replacing what was there.
    fn set(&mut self, hash: u64, key: K, pos: u32, key_of: impl Fn(u32) -> K) {
        match self.by_hash.entry(hash) {
            Entry::Vacant(v) => {
                v.insert(pos);
            }
            Entry::Occupied(mut o) if key_of(*o.get()) == key => {
                o.insert(pos);
            }
            Entry::Occupied(_) => {
                self.spill.insert(key, pos);
            }
        }
    }
}

pub(super) fn hash_of<T: std::hash::Hash>(t: &T) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(t)
}

/// Bits of an identity hash that choose its shard: 256 shards, so a million
/// records make tables of about 4,000 entries, which stay in cache.
pub(super) const SHARD_BITS: u32 = 8;

pub(super) fn shard_of(hash: u64) -> usize {
    (hash >> (64 - SHARD_BITS)) as usize
}

/// Positions grouped by shard (the top bits of their identity hash), each
/// shard in position order. Every copy of an identity lands in the same
/// shard, in the order read, so shards can be worked on apart, on every
/// core, each with a table small enough to stay in cache: a single table of
/// a million entries costs a cache miss per look-up.
///
/// Built on every core: the positions are cut into pieces, each piece counts
/// its hashes per shard, and then writes them to its own stretch of each
/// shard (piece 0's first, so a shard stays in position order).
pub(super) struct Shards {
    /// `members[starts[s]..starts[s + 1]]` is shard `s`: (hash, position).
    starts: Vec<usize>,
    members: Vec<(u64, u32)>,
    /// Positions per piece (the last piece may hold fewer).
    piece: usize,
    /// `stretches[p][s]`: where piece `p`'s positions in shard `s` lie in
    /// `members`.
    stretches: Vec<Vec<std::ops::Range<usize>>>,
}

pub(super) const SHARDS: usize = 1 << SHARD_BITS;

/// Cuts `items` into consecutive slices of the given lengths.
pub(super) fn split_lengths<T>(
    mut items: &mut [T],
    lengths: impl Iterator<Item = usize>,
) -> Vec<&mut [T]> {
    lengths
        .map(|len| {
            let (head, tail) = std::mem::take(&mut items).split_at_mut(len);
            items = tail;
            head
        })
        .collect()
}

impl Shards {
    fn of(hashes: &[u64]) -> Shards {
        let piece = hashes
            .len()
            .div_ceil(4 * rayon::current_num_threads())
            .max(1 << 14);
        let counts: Vec<Vec<usize>> = hashes
            .par_chunks(piece)
            .map(|chunk| {
                let mut count = vec![0usize; SHARDS];
                for h in chunk {
                    count[shard_of(*h)] += 1;
                }
                count
            })
            .collect();
        // Shard by shard, one stretch per piece.
        let mut starts = vec![0usize; SHARDS + 1];
        let mut stretches = vec![Vec::with_capacity(SHARDS); counts.len()];
        let mut at = 0;
        for s in 0..SHARDS {
            for (p, c) in counts.iter().enumerate() {
                stretches[p].push(at..at + c[s]);
                at += c[s];
            }
            starts[s + 1] = at;
        }
        let mut members = vec![(0, 0); hashes.len()];
        // The stretches cut out of `members` and dealt out to the pieces.
        let mut mine: Vec<Vec<&mut [(u64, u32)]>> =
            counts.iter().map(|_| Vec::with_capacity(SHARDS)).collect();
        let cut = split_lengths(
            &mut members,
            (0..SHARDS).flat_map(|s| stretches.iter().map(move |p| p[s].len())),
        );
        for (k, stretch) in cut.into_iter().enumerate() {
            mine[k % counts.len()].push(stretch);
        }
        hashes
            .par_chunks(piece)
            .zip(mine)
            .enumerate()
            .for_each(|(p, (chunk, mut stretches))| {
                let mut next = [0usize; SHARDS];
                for (k, h) in chunk.iter().enumerate() {
                    let s = shard_of(*h);
                    stretches[s][next[s]] = (*h, (p * piece + k) as u32);
                    next[s] += 1;
                }
            });
        Shards {
            starts,
            members,
            piece,
            stretches,
        }
    }

    fn par_iter(&self) -> impl IndexedParallelIterator<Item = &[(u64, u32)]> {
        self.starts
            .par_windows(2)
            .map(|w| &self.members[w[0]..w[1]])
    }

    /// Puts values given in member order (shard by shard) back in position
    /// order, on every core: each piece fills its own positions.
    fn unshard<T: Copy + Default + Send + Sync>(&self, by_member: &[T]) -> Vec<T> {
        let mut out = vec![T::default(); self.members.len()];
        out.par_chunks_mut(self.piece)
            .zip(&self.stretches)
            .enumerate()
            .for_each(|(p, (out, stretches))| {
                let base = p * self.piece;
                for m in stretches.iter().flat_map(Clone::clone) {
                    out[self.members[m].1 as usize - base] = by_member[m];
                }
            });
        out
    }
}

/// Runs `step(table, hash, position)` over every shard's members in order,
/// each shard with its own table, on every core; returns the tables and
/// what the steps reported, in position order (the order a single pass over
/// the records in file order would report them).
pub(super) fn by_shard<K, T: Send>(
    hashes: &[u64],
    step: impl Fn(&mut Identities<K>, u64, u32) -> Option<T> + Sync,
) -> (Vec<Identities<K>>, Vec<(u32, T)>)
where
    K: Eq + std::hash::Hash + Copy + Send,
{
    let shards = Shards::of(hashes);
    type Found<T> = Vec<(u32, T)>;
    let (tables, found): (Vec<Identities<K>>, Vec<Found<T>>) = shards
        .par_iter()
        .map(|members| {
            let mut table = Identities::with_capacity(members.len());
            let found: Vec<(u32, T)> = members
                .iter()
                .filter_map(|&(h, i)| step(&mut table, h, i).map(|t| (i, t)))
                .collect();
            (table, found)
        })
        .unzip();
    let mut found: Found<T> = found.into_iter().flatten().collect();
    found.sort_unstable_by_key(|(i, _)| *i);
    (tables, found)
}

/// Each review's winning position by identity, sharded as `Shards`.
pub(super) struct ReviewIndex<'a> {
    reviews: &'a [Review],
    tables: Vec<Identities<(&'a str, &'a str)>>,
    /// Which reviews carry an archive reply, noted while hashing them.
    replies: Vec<bool>,
}

/// The identity of the review an action is about.
pub(super) fn target(a: &Action) -> (&str, &str) {
    (a.platform.as_str(), a.review_id.as_str())
}

impl ReviewIndex<'_> {
    /// The position of the review with this identity, before the drops.
    fn find(&self, key: (&str, &str)) -> Option<u32> {
        let h = hash_of(&key);
        let table = &self.tables[shard_of(h)];
        table.confirm(table.by_hash.get(&h).copied(), key, |i| {
            review_id(&self.reviews[i as usize])
        })
    }

    /// For every action (`hashes` are those of their `target`s), the
    /// position its review will have once the dropped copies are gone
    /// (`new_pos`), if an archive holds it, and whether the action is dated
    /// before that review.
    fn link(
        &self,
        actions: &[Action],
        hashes: &[u64],
        new_pos: &[u32],
        links: &mut Vec<Option<u32>>,
        early: &mut Vec<bool>,
    ) {
        // Candidates by hash alone, shard by shard (tables in cache) ...
        let shards = Shards::of(hashes);
        let mut found: Vec<Option<u32>> = vec![None; actions.len()];
        split_lengths(&mut found, shards.starts.windows(2).map(|w| w[1] - w[0]))
            .into_par_iter()
            .zip(shards.par_iter())
            .zip(&self.tables)
            .for_each(|((found, members), table)| {
                for (f, (h, _)) in found.iter_mut().zip(members) {
                    *f = table.by_hash.get(h).copied();
                }
            });
        let candidate = shards.unshard(&found);
        drop(found);
        // ... then confirmed by identity, in action order.
        let id = |i: u32| review_id(&self.reviews[i as usize]);
        actions
            .par_iter()
            .zip(&candidate)
            .zip(hashes)
            .map(|((a, c), h)| {
                let old = self.tables[shard_of(*h)].confirm(*c, target(a), id);
                let early =
                    old.is_some_and(|r| !a.at.at_or_after(&self.reviews[r as usize].posted));
                (old.map(|old| new_pos[old as usize]), early)
            })
            .unzip_into_vecs(links, early);
    }
}

/// Which copies of a review seen in several files to drop: all but the
/// newest (on a tie, the one read later, from a later export). Also returns
/// every identity's winning position, before the drops.
pub(super) fn duplicate_reviews<'a>(
    reviews: &'a [Review],
    files: &[String],
) -> (ReviewIndex<'a>, Vec<bool>, Vec<Problem>) {
    let id = |i: u32| review_id(&reviews[i as usize]);
    let newer = |i: u32| {
        let x = &reviews[i as usize];
        x.updated.unwrap_or(x.posted).instant
    };
    let (mut hashes, mut replies) = (Vec::new(), Vec::new());
    reviews
        .par_iter()
        .map(|r| (hash_of(&review_id(r)), r.embedded_reply.is_some()))
        .unzip_into_vecs(&mut hashes, &mut replies);
    // (winner, loser) at each repeat, against the copy that was winning.
    let (tables, repeats) = by_shard(&hashes, |keep, h, i| {
        let j = keep.get_or_insert(h, i, id)?;
        if newer(i) >= newer(j) {
            keep.set(h, id(i), i, id);
            Some((i, j))
        } else {
            Some((j, i))
        }
    });
    let mut drop = vec![false; reviews.len()];
    let mut problems = Vec::with_capacity(repeats.len());
    for (i, (winner, loser)) in repeats {
        drop[loser as usize] = true;
        let (r, w, l) = (
            &reviews[i as usize],
            &reviews[winner as usize],
            &reviews[loser as usize],
        );
        problems.push(
            Problem::notice(
                "duplicate-review",
                files[l.origin.file as usize].as_str(),
                format!(
                    "review {}/{} is also in {} line {}; it is counted once, with the text of the newer copy (there)",
                    r.platform, r.id, files[w.origin.file as usize], w.origin.line,
                ),
            )
            .at(l.origin.line, None),
        );
    }
    (
        ReviewIndex {
            reviews,
            tables,
            replies,
        },
        drop,
        problems,
    )
}

/// A review's identity: platform and id.
pub(super) fn review_id(r: &Review) -> (&str, &str) {
    (r.platform.as_str(), r.id.as_str())
}

/// Which logged actions repeat an earlier row (the same action on the same
/// review at the same time with the same text): all but the first. Also
/// returns the hash of each action's `target`, worked out in the same pass.
pub(super) fn duplicate_actions(
    actions: &[Action],
    files: &[String],
) -> (Vec<bool>, Vec<Problem>, Vec<u64>) {
    let key_of = |i: u32| action_key(&actions[i as usize]);
    let (mut hashes, mut targets) = (Vec::new(), Vec::new());
    actions
        .par_iter()
        .map(|a| (hash_of(&action_key(a)), hash_of(&target(a))))
        .unzip_into_vecs(&mut hashes, &mut targets);
    let (_, repeats) = by_shard(&hashes, |seen, h, i| seen.get_or_insert(h, i, key_of));
    let mut drop = vec![false; actions.len()];
    let mut problems = Vec::with_capacity(repeats.len());
    for (i, first) in repeats {
        drop[i as usize] = true;
        let a = &actions[i as usize];
        let first = actions[first as usize].origin;
        problems.push(
            Problem::notice(
                "duplicate-action",
                files[a.origin.file as usize].as_str(),
                format!(
                    "this {} on {}/{} repeats {} line {}; it is counted once",
                    a.kind.as_str(),
                    a.platform,
                    a.review_id,
                    files[first.file as usize],
                    first.line
                ),
            )
            .at(a.origin.line, None),
        );
    }
    (drop, problems, targets)
}

pub(super) fn check_actions(data: &mut Dataset, tz: &TimeZone) {
    let Dataset {
        files,
        reviews,
        actions,
        links,
        early,
        ..
    } = &*data;
    let set_aside: FxHashSet<(&str, &str)> = data
        .set_aside
        .iter()
        .map(|(p, id)| (p.as_str(), id.as_str()))
        .collect();
    // Only the flagged actions are looked at. An archive reply before its
    // review is not one: `link` counted those per file (the review was
    // edited after the reply).
    let problems: Vec<Problem> = (0..actions.len())
        .into_par_iter()
        .filter(|&i| links[i].is_none() || early[i] && !actions[i].embedded)
        .map(|i| {
            let a = &actions[i];
            let file = files[a.origin.file as usize].as_str();
            let (code, message) = match links[i] {
                None if set_aside.contains(&target(a)) => (
                    "unknown-review",
                    format!(
                        "this {} is for review {}/{}, which is set aside for its implausible date (see its error); it is not counted",
                        a.kind.as_str(),
                        a.platform,
                        a.review_id,
                    ),
                ),
                None => (
                    "unknown-review",
                    format!(
                        "this {} is for review {}/{}, which no archive contains{}; it is not counted (add the platform's export that holds it, or correct the review id)",
                        a.kind.as_str(),
                        a.platform,
                        a.review_id,
                        id_part(&a.review_id).map_or(String::new(), |p| format!(
                            " (nor one with the id part `{p}`)"
                        )),
                    ),
                ),
                Some(r) => (
                    "response-before-review",
                    format!(
                        "this {} on {}/{} is dated {}, before the review was posted ({}); it counts as no action (check the clock or the review id)",
                        a.kind.as_str(),
                        a.platform,
                        a.review_id,
                        crate::model::show_moment(&a.at, tz),
                        crate::model::show_moment(&reviews[r as usize].posted, tz),
                    ),
                ),
            };
            Problem::warning(code, file, message).at(a.origin.line, None)
        })
        .collect();
    data.problems.extend(problems);
}

pub(super) fn drop_marked<T>(items: &mut Vec<T>, drop: &[bool]) {
    if !drop.iter().any(|d| *d) {
        return;
    }
    let mut i = 0;
    items.retain(|_| {
        let keep = !drop[i];
        i += 1;
        keep
    });
}

#[cfg(test)]
mod identities_tests;
