use super::Identities;

#[test]
fn shards_report_repeats_in_file_order() {
    // Identities 0xA… and 0xB… fall in different shards; their copies
    // interleave in file order.
    let (a, b) = (0xA0 << 56, 0xB0 << 56);
    let hashes = [a, b, a, b, b, a];
    let keys = ["a", "b", "a", "b", "b", "a"];
    let key_of = |i: u32| keys[i as usize];
    let (tables, repeats) = super::by_shard(&hashes, |t: &mut Identities<&str>, h, i| {
        t.get_or_insert(h, i, key_of)
    });
    // Each repeat against the first copy, listed by position.
    assert_eq!(repeats, vec![(2, 0), (3, 1), (4, 1), (5, 0)]);
    assert_eq!(tables.iter().filter(|t| !t.by_hash.is_empty()).count(), 2);
}

#[test]
fn shards_built_piece_by_piece_keep_position_order_and_put_results_back() {
    // Enough positions for several pieces, hashes spread over the shards.
    let hashes: Vec<u64> = (0..50_000u64)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .collect();
    let shards = super::Shards::of(&hashes);
    assert!(shards.stretches.len() > 1, "more than one piece");
    let mut seen = vec![false; hashes.len()];
    for (s, members) in shards.starts.windows(2).enumerate() {
        let members = &shards.members[members[0]..members[1]];
        assert!(
            members.windows(2).all(|w| w[0].1 < w[1].1),
            "shard {s} in order"
        );
        for &(h, i) in members {
            assert_eq!((super::shard_of(h), h), (s, hashes[i as usize]));
            seen[i as usize] = true;
        }
    }
    assert!(seen.iter().all(|s| *s));
    // A value worked out per member comes back at its position.
    let by_member: Vec<u32> = shards.members.iter().map(|&(_, i)| i * 3).collect();
    let back = shards.unshard(&by_member);
    assert!(back.iter().enumerate().all(|(i, v)| *v == i as u32 * 3));
}

#[test]
fn identities_stay_exact_when_hashes_collide() {
    let keys = ["a", "b", "c"];
    let key_of = |i: u32| keys[i as usize];
    let mut ids = Identities::with_capacity(4);
    // Every key given the same hash: only the first fits the hash table.
    for (i, k) in keys.iter().enumerate() {
        assert_eq!(ids.get(7, *k, key_of), None);
        ids.set(7, *k, i as u32, key_of);
    }
    assert_eq!(
        (
            ids.get(7, "a", key_of),
            ids.get(7, "b", key_of),
            ids.get(7, "c", key_of)
        ),
        (Some(0), Some(1), Some(2))
    );
    assert_eq!(ids.get(7, "d", key_of), None);
    // Replacing the position of a spilled key leaves the others alone.
    let keys2 = ["a", "b", "c", "b"];
    let key_of2 = |i: u32| keys2[i as usize];
    ids.set(7, "b", 3, key_of2);
    assert_eq!(
        (ids.get(7, "a", key_of2), ids.get(7, "b", key_of2)),
        (Some(0), Some(3))
    );
}
