"""Duplicate detection without comparing every pair gives exactly the all-pairs answer.

`all_pairs` below is the quadratic find_duplicates that ingest used before
candidate generation, kept as the oracle. Corpora: the seeds with planted
copies, excerpts and edited versions, random corpora whose pairs sit right at
the thresholds, and generated articles from the scale benchmark.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import ingest, lsh
from briefing.ingest.dedupe import (CONTAINED, JACCARD, MIN_SHINGLES, SHINGLE, SMALLER_SHARE, find_duplicates,
                                    shingles)
from briefing.model import Document, Source

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def old_shingles(text: str) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.lower())
    return {tuple(tokens[i : i + SHINGLE]) for i in range(max(0, len(tokens) - SHINGLE + 1))}


def all_pairs(documents: list[Document]) -> list[tuple[str, str]]:
    """The former find_duplicates, verbatim: every pair, the first earlier kept match wins."""
    sets = [old_shingles(doc.text) for doc in documents]
    pairs: list[tuple[str, str]] = []
    duplicate: set[int] = set()
    for j in range(len(documents)):
        for i in range(j):
            if i in duplicate or not sets[i] or not sets[j]:
                continue
            common = len(sets[i] & sets[j])
            small = min(len(sets[i]), len(sets[j]))
            same = documents[i].text == documents[j].text
            if same or common / len(sets[i] | sets[j]) >= JACCARD or (small >= MIN_SHINGLES and common / small >= CONTAINED):
                pairs.append((documents[j].source.path, documents[i].source.path))
                duplicate.add(j)
                break
    return pairs


def docs(texts: list[str]) -> list[Document]:
    return [Document(source=Source(id=f"d{n:03d}", path=f"in/d{n:03d}.txt"), text=t) for n, t in enumerate(texts)]


def edit(words: list[str], rng: random.Random, share: float) -> list[str]:
    """`words` with about `share` of them replaced by new ones (each kills up to five 5-grams)."""
    return [f"new{rng.randrange(10**6)}" if rng.random() < share else w for w in words]


@pytest.fixture(scope="module")
def seeds() -> list[Document]:
    return ingest.load_sources([SEEDS]).documents


def test_seeds_with_planted_copies_match_all_pairs(seeds):
    rng = random.Random(3)
    texts = [d.text for d in seeds]
    long = texts[1].split("\n")
    planted = [
        texts[1],  # the same text again
        "\n".join(long[: len(long) // 2]),  # a syndicated excerpt: the first half
        "\n".join(long[2:7]),  # a few paragraphs from the middle
        " ".join(edit(texts[2].split(), rng, 0.03)),  # lightly edited: high Jaccard
        " ".join(edit(texts[3].split(), rng, 0.3)),  # heavily edited: no longer a copy
        texts[4][:120],  # a scrap, fewer than MIN_SHINGLES 5-grams
        "Too short.",  # no 5-gram at all
        "Too short.",
    ]
    documents = docs(texts + planted)
    expected = all_pairs(documents)
    assert find_duplicates(documents) == expected
    found = {dup for dup, _ in expected}
    assert {"in/d005.txt", "in/d006.txt", "in/d007.txt", "in/d008.txt"} <= found
    assert "in/d009.txt" not in found and "in/d012.txt" not in found  # different enough; empty


@pytest.mark.parametrize("seed", range(6))
def test_random_corpora_at_the_thresholds_match_all_pairs(seeds, seed):
    """Copies edited so their Jaccard or containment falls just above or below the limits."""
    rng = random.Random(seed)
    pool = " ".join(d.text for d in seeds).split()
    texts: list[str] = []
    for _ in range(25):
        start = rng.randrange(len(pool) - 400)
        texts.append(" ".join(pool[start : start + rng.randint(30, 400)]))
    for _ in range(45):
        words = rng.choice(texts).split()
        kind = rng.random()
        if kind < 0.4:  # excerpt, edited around the CONTAINED limit
            start = rng.randrange(len(words))
            words = edit(words[start : start + rng.randint(8, 120)], rng, rng.uniform(0.0, 0.06))
        elif kind < 0.8:  # whole copy, edited around the JACCARD limit
            words = edit(words, rng, rng.uniform(0.03, 0.12))
        else:  # a copy with a tail from elsewhere
            words = words[: rng.randint(1, len(words))] + rng.choice(texts).split()[: rng.randint(0, 80)]
        texts.insert(rng.randrange(len(texts) + 1), " ".join(words))
    documents = docs(texts)
    expected = all_pairs(documents)
    assert find_duplicates(documents) == expected
    assert len(expected) >= 10  # the case must contain duplicates...
    near = [(i, j) for i in range(len(texts)) for j in range(i) if _near_a_limit(texts[i], texts[j])]
    assert near  # ...and pairs within a few points of a limit, on either side


def _near_a_limit(a: str, b: str) -> bool:
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return False
    common = len(sa & sb)
    return abs(common / len(sa | sb) - JACCARD) < 0.05 or abs(common / min(len(sa), len(sb)) - CONTAINED) < 0.05


def test_generated_articles_with_planted_excerpts_match_all_pairs():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus

    texts = [corpus.article(n)[0] for n in range(120)]
    rng = random.Random(11)
    for n in range(0, 120, 8):
        lines = texts[n].split("\n")
        texts.append("\n".join(lines[1 : 1 + rng.randint(1, 4)]))  # excerpt of a few paragraphs
        texts.append(texts[n].replace(" said", " stated"))  # reworded copy
    documents = docs(texts)
    expected = all_pairs(documents)
    assert find_duplicates(documents) == expected
    assert len(expected) >= 25


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from("a b c d e f g h".split()), min_size=0, max_size=40), max_size=12))
def test_any_small_corpus_matches_all_pairs(word_lists):
    """Tiny vocabularies: many shared 5-grams, identical texts, texts under five words."""
    documents = docs([" ".join(words) for words in word_lists])
    assert find_duplicates(documents) == all_pairs(documents)


def test_smaller_share_is_what_either_test_needs_at_least():
    # Jaccard exactly at the limit with equal sizes: 3/5 of the union is 3/4 of each set
    a, b = set(range(8)), set(range(2, 10))
    assert len(a & b) / len(a | b) >= JACCARD and len(a & b) / len(a) == 0.75
    assert SMALLER_SHARE <= 0.75 and SMALLER_SHARE <= CONTAINED


def test_shingles_are_the_former_5_grams_joined():
    text = "The ministers met; the ministers agreed, on Friday, to meet again. Short"
    assert shingles(text) == {" ".join(g) for g in old_shingles(text)} and len(shingles(text)) == 8
    assert shingles("four words only here") == set() == old_shingles("four words only here")


@pytest.mark.parametrize("hits", [1, 3, 6])
def test_prefix_candidates_find_every_pair_over_the_share(hits):
    rng = random.Random(5)
    sets = [set(rng.sample(range(60), rng.randint(1, 30))) for _ in range(80)]
    for share in (0.3, 0.6, 0.9):
        found = lsh.prefix_candidates(sets, share, hits=hits)
        needed = {(i, j) for j in range(len(sets)) for i in range(j)
                  if len(sets[i] & sets[j]) >= share * min(len(sets[i]), len(sets[j]))}
        assert needed and needed <= found


def test_cleaning_again_only_where_a_repeated_line_is_changes_nothing(tmp_path, monkeypatch):
    """Documents with no line repeated across sources keep their first cleaning; all equal a full second pass."""
    for n, seed in enumerate(sorted(SEEDS.glob("*.txt"))):
        lines = seed.read_text(encoding="utf-8").split("\n")
        if n % 2:  # the same site's label in the middle of two articles
            lines.insert(len(lines) // 2, "Harbour Desk Weekly Digest")
        (tmp_path / f"{n}.txt").write_text("\n".join(lines), encoding="utf-8")
    rebuilt = []
    real = ingest._has_line_in
    monkeypatch.setattr(ingest, "_has_line_in", lambda d, r: rebuilt.append(real(d, r)) or rebuilt[-1])
    fast = ingest.load_sources([tmp_path])
    monkeypatch.setattr(ingest, "_has_line_in", lambda s, r: bool(r))  # the former rule: clean all again
    full = ingest.load_sources([tmp_path])
    assert fast == full
    assert rebuilt.count(True) == 2 and rebuilt.count(False) == 3  # the two with the label only
    labels = [line for d in fast.documents for line in d.lines if line.text == "Harbour Desk Weekly Digest"]
    assert [(line.kept, line.kind) for line in labels] == [(False, "repeated")] * 2


def test_fingerprints_are_the_shingles_as_stable_hashes():
    """Same sizes and overlaps as the word 5-gram strings, whatever the text; stable across processes."""
    import random
    import subprocess
    import sys

    from briefing.ingest.dedupe import fingerprint

    rng = random.Random(5)
    vocab = [f"w{k}" for k in range(40)] + ["NATO", "défense", "2%", "drone"]
    texts = [" ".join(rng.choice(vocab) for _ in range(rng.randint(0, 80))) for _ in range(40)]
    texts += [seed.read_text(encoding="utf-8") for seed in sorted(SEEDS.glob("*.txt"))]
    prints = [fingerprint(t) for t in texts]
    strings = [shingles(t) for t in texts]
    assert [len(p) for p in prints] == [len(s) for s in strings]
    assert all(len(p) == len(set(p.tolist())) and list(p) == sorted(p) for p in prints)
    for a in range(len(texts)):
        for b in range(a):
            assert len(set(prints[a].tolist()) & set(prints[b].tolist())) == len(strings[a] & strings[b])
    code = f"from briefing.ingest.dedupe import fingerprint; print(fingerprint({texts[-1]!r}).tolist()[:5])"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert other.stdout.strip() == str(prints[-1].tolist()[:5])  # not Python's per-process hash
