"""The corpus candidate search at scale: multi-index hashing (forensics/mih.py) against
brute force, and the scalable search against the exact one on synthetic keys with
planted near duplicates (forensics/fixtures/fingerprints.py) and on the keys of
generated PDFs."""

from __future__ import annotations

import numpy as np
import pytest

from forensics import corpus as corpus_module
from forensics import mih
from forensics.audit import read_panels
from forensics.corpus import panel_keys
from forensics.fixtures.fingerprints import synthetic_keys
from forensics.index import hash_distances
from forensics.mih import hash_pairs, shared_block_pairs
from forensics.settings import IndexConfig, Settings


def _flip_bits(words: np.ndarray, counts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = words.copy()
    for row, count in enumerate(counts):
        for bit in rng.choice(64, count, replace=False):
            out[row] ^= np.uint64(1) << np.uint64(bit)
    return out


def test_hash_pairs_finds_every_pair_within_five_bits_and_no_farther_pair():
    rng = np.random.default_rng(3)
    phash = rng.integers(0, 2**64, (3000, 8), dtype=np.uint64, endpoint=False)
    # 300 copies: another row's hash in some orientation with 0-5 bits changed.
    source, copy = rng.choice(3000, 300, replace=False).reshape(2, 150)
    turn = rng.integers(0, 8, 150)
    phash[copy, 0] = _flip_bits(phash[source, turn], rng.integers(0, 6, 150), rng)
    found = hash_pairs(phash, 12)
    exact = hash_distances(phash, phash)
    exact = np.minimum(exact, exact.T)
    within = {(int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(exact <= 12, 1)))}
    close = {(int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(exact <= 5, 1)))}
    pairs = {(int(i), int(j)) for i, j in found}
    assert len(close) >= 150
    assert close <= pairs <= within
    # Pairs 6 to 12 bits apart are found only when a block is within a bit: some.
    assert 0 < len(pairs - close) < len(within - close)


def test_hash_pairs_among_look_alikes_in_small_steps_are_the_same(monkeypatch):
    """Many hashes sharing block values (look-alike panels) are read in steps of at
    most EXPAND_LIMIT entries, with the same pairs."""
    rng = np.random.default_rng(8)
    phash = rng.integers(0, 2**64, (2000, 8), dtype=np.uint64, endpoint=False)
    phash[:600] = _flip_bits(np.full(600, phash[0, 0]), rng.integers(0, 9, 600), rng)[:, None]
    whole = hash_pairs(phash, 12)
    monkeypatch.setattr(mih, "EXPAND_LIMIT", 5000)
    stepped = hash_pairs(phash, 12)
    assert len(whole) > 100_000
    assert np.array_equal(whole, stepped)


def test_shared_block_pairs_finds_every_code_within_seven_bits():
    rng = np.random.default_rng(5)
    codes = rng.integers(0, 256, (4000, 32), dtype=np.uint8)
    source, copy = rng.choice(4000, 800, replace=False).reshape(2, 400)
    for s, c in zip(source, copy):
        bits = np.unpackbits(codes[s])
        bits[rng.choice(256, rng.integers(0, 8), replace=False)] ^= 1
        codes[c] = np.packbits(bits)
    a, b = shared_block_pairs(codes, max_run=64)
    found = set(zip(a.tolist(), b.tolist()))
    assert {(min(s, c), max(s, c)) for s, c in zip(source.tolist(), copy.tolist())} <= found
    assert np.all(a < b)
    # A block value shared by more codes than max_run is skipped.
    common = rng.integers(0, 256, (100, 32), dtype=np.uint8)
    common[:, :4] = 7
    assert len(shared_block_pairs(common, max_run=100)[0]) == 100 * 99 // 2
    assert len(shared_block_pairs(common, max_run=99)[0]) == 0


def test_block_index_gives_the_joined_pairs_of_the_rows_asked_for():
    rng = np.random.default_rng(6)
    codes = rng.integers(0, 256, (3000, 32), dtype=np.uint8)
    codes[1000:1100, :4] = 9  # a crowded block value: skipped beyond max_run
    for s, c in rng.choice(3000, 1200, replace=False).reshape(2, 600).T:
        bits = np.unpackbits(codes[s])
        bits[rng.choice(256, rng.integers(0, 30), replace=False)] ^= 1
        codes[c] = np.packbits(bits)
    a, b = shared_block_pairs(codes, max_run=64)
    rows = rng.choice(3000, 400, replace=False)
    asked = np.isin(a, rows) | np.isin(b, rows)
    joined = {(int(x), int(y)) for x, y in zip(a[asked], b[asked])}
    row, partner, _ = mih.BlockIndex(codes).partners(rows, max_run=64)
    assert np.isin(row, rows).all()
    assert {(min(x, y), max(x, y)) for x, y in zip(row.tolist(), partner.tolist())} == joined
    # Within a distance: the same pairs, filtered by their full Hamming distance.
    row, partner, distance = mih.BlockIndex(codes).partners(rows, max_run=64, max_distance=20)
    words = codes.view(np.uint64)
    near = {p for p in joined
            if np.bitwise_count(words[p[0]] ^ words[p[1]]).sum() <= 20}
    assert {(min(x, y), max(x, y)) for x, y in zip(row.tolist(), partner.tolist())} == near
    assert np.array_equal(distance, np.bitwise_count(words[row] ^ words[partner]).sum(axis=1))
    assert 0 < len(near) < len(joined)


def test_distinct_is_numpys_unique():
    values = np.random.default_rng(1).integers(-50, 50, 10_000)
    assert np.array_equal(mih.distinct(values), np.unique(values))
    assert len(mih.distinct(np.empty(0, np.int64))) == 0


def test_votes_of_new_panels_equal_the_whole_search_restricted_to_them():
    """scan --against computes only the votes that reach a manuscript's panels; they
    must be exactly those of the whole-corpus search, neighbours and weights included."""
    keys = synthetic_keys(3000, seed=4, share=0.05)
    new = keys.paper_ids >= keys.paper_ids.max() - 1  # the last two papers
    whole, whole_scores = corpus_module.scalable_votes(
        keys.paper_ids, list(keys.direct), list(keys.mirror), 16, 40)
    mine = new[whole[:, 0]] | new[whole[:, 1]]
    pairs, scores = corpus_module.new_panel_votes(
        keys.paper_ids, list(keys.direct), list(keys.mirror), new, 16, 40)
    assert len(pairs) > 0
    assert np.array_equal(pairs, whole[mine])
    assert np.allclose(scores, whole_scores[mine])


def _recall(pairs: np.ndarray, planted: np.ndarray, n: int) -> np.ndarray:
    found = set((pairs[:, 0] * n + pairs[:, 1]).tolist())
    ordered = np.sort(planted, axis=1)
    return np.array([a * n + b in found for a, b in ordered])


def _search(keys, exact: bool, monkeypatch) -> np.ndarray:
    monkeypatch.setattr(corpus_module, "EXACT_PANELS", 10**9 if exact else 0)
    pairs, _ = corpus_module.candidate_panels(keys.paper_ids, keys.phash, list(keys.direct),
                                              list(keys.mirror), np.unique(keys.paper_ids),
                                              IndexConfig())
    return pairs


def test_scalable_search_finds_planted_near_duplicates(monkeypatch):
    keys = synthetic_keys(30_000, seed=11)
    found = _recall(_search(keys, exact=False, monkeypatch=monkeypatch), keys.planted,
                    len(keys.paper_ids))
    assert len(found) >= 290
    assert found.mean() >= 0.99
    for kind in ("copy", "hash_only"):
        assert found[keys.kinds == kind].all(), kind


def test_scalable_candidates_include_the_exact_ones_for_true_copies(monkeypatch):
    keys = synthetic_keys(900, seed=2, share=0.06)
    n = len(keys.paper_ids)
    exact = _search(keys, exact=True, monkeypatch=monkeypatch)
    scalable = _search(keys, exact=False, monkeypatch=monkeypatch)
    copies = keys.planted[keys.kinds != "partial"]
    by_exact = _recall(exact, copies, n)
    assert by_exact.sum() >= 30
    assert _recall(scalable, copies[by_exact], n).all()
    # Both are pairs of different papers, smaller row first, sorted and unique.
    for pairs in (exact, scalable):
        assert np.all(pairs[:, 0] < pairs[:, 1])
        assert np.all(keys.paper_ids[pairs[:, 0]] != keys.paper_ids[pairs[:, 1]])
        assert len(np.unique(pairs, axis=0)) == len(pairs)


def test_synthetic_keys_refuses_a_corpus_of_one_paper():
    with pytest.raises(ValueError, match="at least 60 panels"):
        synthetic_keys(30, seed=0)


def test_both_searches_name_the_planted_copy_across_real_papers(corpus, monkeypatch):
    """On the keys of generated PDFs (the four-paper corpus), the scalable search
    names the panel pairs of the planted cross-paper copies the exact one names."""
    folder, truth = corpus
    settings = Settings()
    ids, rows, phash, direct, mirror = [], {}, [], [], []
    for number, path in enumerate(sorted(folder.glob("*.pdf"))):
        panels = read_panels(path, settings).panels
        keys = panel_keys(panels, settings)
        for ordinal in keys.ordinals:
            panel = panels[ordinal]
            rows[path.name, panel.figure, panel.label or ""] = len(ids)
            ids.append(number)
        phash.append(keys.phash)
        direct += list(keys.descriptors)
        mirror += list(keys.mirror)
    paper_ids, hashes = np.array(ids, np.int64), np.concatenate(phash)
    planted = np.array([[rows[d[s]["file"], d[s]["figure"], d[s]["panel"] or ""]
                         for s in ("a", "b")] for d in truth["duplications"]
                        if d["a"]["file"] != d["b"]["file"]])
    assert len(planted)
    found = {}
    for exact in (True, False):
        monkeypatch.setattr(corpus_module, "EXACT_PANELS", 10**9 if exact else 0)
        pairs, _ = corpus_module.candidate_panels(paper_ids, hashes, direct, mirror,
                                                  np.unique(paper_ids), settings.index)
        found[exact] = _recall(pairs, planted, len(paper_ids))
    assert found[True].all()
    assert found[False].all()


def _pattern_corpus(papers: int, seed: int) -> tuple[np.ndarray, list, list]:
    """One panel per paper, each with 32 descriptors of a pattern all of them share
    (a few bits changed) and 32 of its own; the last panel is a copy of the first."""
    rng = np.random.default_rng(seed)
    pattern = rng.integers(0, 256, (32, 32), dtype=np.uint8)

    def near(codes: np.ndarray, bits: int) -> np.ndarray:
        out = np.unpackbits(codes, axis=1)
        for row in out:
            row[rng.choice(256, bits, replace=False)] ^= 1
        return np.packbits(out, axis=1)

    direct = [np.concatenate([near(pattern, 10), rng.integers(0, 256, (32, 32), np.uint8)])
              for _ in range(papers - 1)]
    direct.append(near(direct[0], 3))
    mirror = [rng.integers(0, 256, (64, 32), np.uint8) for _ in range(papers)]
    return np.arange(papers, dtype=np.int64), direct, mirror


def test_look_alikes_sharing_a_pattern_are_not_candidates_but_a_copy_is():
    """Panels sharing a pattern (band edges, printed labels) vote for each other above
    corpus_min_score; the copy stands out from that background, and hardly any
    look-alike does (by chance: a pattern's votes do not fall evenly)."""
    paper_ids, direct, mirror = _pattern_corpus(40, seed=3)
    phash = np.random.default_rng(3).integers(0, 2**64, (40, 8), dtype=np.uint64)
    pairs, scores = corpus_module.weighted_votes(paper_ids, direct, mirror, 64, 40)
    look_alikes = (scores >= IndexConfig().corpus_min_score) & (pairs[:, 1] != 39)
    assert look_alikes.sum() > 150
    found, background = corpus_module.candidate_panels(paper_ids, phash, direct, mirror,
                                                       paper_ids, IndexConfig())
    found_pairs = {tuple(p) for p in found.tolist()}
    assert (0, 39) in found_pairs
    assert len(found_pairs - {(0, 39)}) <= 0.1 * look_alikes.sum()
    assert (background > 0).all()


def test_a_manuscripts_search_keeps_every_candidate_the_whole_search_keeps(monkeypatch):
    """Searching only a new paper's votes, with the stored panels' backgrounds from the
    search before it was added, keeps the candidates a whole search names for it (one
    paper among 3,000 panels hardly changes the stored panels' backgrounds)."""
    monkeypatch.setattr(corpus_module, "EXACT_PANELS", 0)
    keys = synthetic_keys(3000, seed=4, share=0.05)
    ids, direct, mirror = keys.paper_ids, list(keys.direct), list(keys.mirror)
    last = ids.max()
    old = ids < last
    _, before = corpus_module.candidate_panels(ids[old], keys.phash[old],
                                               [d for d, o in zip(direct, old) if o],
                                               [m for m, o in zip(mirror, old) if o],
                                               np.unique(ids[old]), IndexConfig())
    whole, _ = corpus_module.candidate_panels(ids, keys.phash, direct, mirror,
                                              np.unique(ids), IndexConfig())
    stored = np.concatenate([before, np.zeros((~old).sum())])
    mine, _ = corpus_module.candidate_panels(ids, keys.phash, direct, mirror, [last],
                                             IndexConfig(), stored)
    new_pairs = {tuple(p) for p in whole if last in ids[p]}
    assert new_pairs
    assert new_pairs <= {tuple(p) for p in mine}
