"""MinHash-LSH candidates (briefing/lsh.py): same answers as comparing every pair."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from briefing import lsh

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def test_edited_copy_of_an_article_is_found_and_distinct_articles_are_not():
    texts = seed_texts()
    paragraphs = texts[1].splitlines()
    edited = "\n".join(paragraphs[:3] + paragraphs[4:]).replace(" said ", " stated ", 1)
    found = lsh.similar_pairs(texts + [edited], threshold=0.8)
    assert [(i, j) for i, j, _ in found] == [(1, len(texts))]
    assert 0.8 <= found[0][2] < 1.0


def test_matches_brute_force_on_recombined_paragraphs():
    """Texts sharing many paragraphs, a few near-duplicates: LSH must find every pair >= threshold."""
    pool = [p for t in seed_texts() for p in t.splitlines() if len(p.split()) > 12]
    rng = random.Random(7)
    texts = [" ".join(rng.sample(pool, 6)) for _ in range(40)]
    for k in range(10):  # copies with one paragraph swapped out, or a few words dropped
        base = texts[k * 3].split()
        texts.append(" ".join(base[:-8] if k % 2 else base[8:]))
    sets = [lsh.shingles(t) for t in texts]
    for threshold in (0.5, 0.8):
        brute = {(i, j) for i, j in itertools.combinations(range(len(texts)), 2)
                 if lsh.jaccard(sets[i], sets[j]) >= threshold}
        found = {(i, j) for i, j, _ in lsh.similar_pairs(texts, threshold=threshold)}
        assert brute, "the case must contain similar pairs"
        assert found == brute
        assert brute <= lsh.candidate_pairs(texts, threshold=threshold - 0.1)


def test_short_and_empty_texts():
    texts = ["Talks ended.", "Talks ended!", "", "Another short line here", ""]
    assert lsh.similar_pairs(texts, threshold=0.9) == [(0, 1, 1.0)]
    assert all(2 not in pair and 4 not in pair for pair in lsh.candidate_pairs(texts))


def test_band_choice_follows_the_threshold():
    loose, strict = lsh.bands_for(0.3, 128), lsh.bands_for(0.9, 128)
    assert loose[0] > strict[0] and loose[1] < strict[1]
    for bands, rows in (loose, strict):
        assert bands * rows <= 128


def test_overlap_candidates_find_excerpts_that_jaccard_misses():
    """A syndicated excerpt (a third of an article) is contained in it, with low Jaccard."""
    texts = seed_texts()
    paragraphs = texts[2].splitlines()
    excerpt = "\n".join(paragraphs[: len(paragraphs) // 3])
    corpus = texts + [excerpt]
    a, b = lsh.shingles(texts[2]), lsh.shingles(excerpt)
    assert lsh.jaccard(a, b) < 0.5 and lsh.containment(a, b) == 1.0
    assert (2, len(texts)) not in {(i, j) for i, j, _ in lsh.similar_pairs(corpus, threshold=0.6)}
    assert (2, len(texts)) in lsh.overlap_candidates(corpus)


def test_overlap_candidates_cover_every_contained_pair():
    pool = [p for t in seed_texts() for p in t.splitlines() if len(p.split()) > 12]
    rng = random.Random(11)
    texts = [" ".join(rng.sample(pool, 5)) for _ in range(40)]
    texts += [" ".join(texts[k].split()[: 40 + 9 * k]) for k in range(8)]  # excerpts of growing length
    sets = [lsh.shingles(t) for t in texts]
    brute = {(i, j) for i, j in itertools.combinations(range(len(texts)), 2)
             if lsh.containment(sets[i], sets[j]) >= 0.85}
    assert len(brute) >= 8
    assert brute <= lsh.overlap_candidates(texts)
