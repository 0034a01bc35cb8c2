"""Near-duplicate candidates without comparing every pair: MinHash with LSH banding.

Comparing every text with every other is quadratic: 5,000 articles make 12.5
million pairs, 150,000 sentences about 11 billion. MinHash-LSH puts texts that
share a band of their signature into one bucket, so only texts likely to be
similar are ever compared; `similar_pairs` then re-checks each candidate with
the exact Jaccard similarity, so approximation can miss a pair near the
threshold but never invents one.

    >>> similar_pairs(["the cat sat on the mat today", "the cat sat on the mat today!", "dogs bark"],
    ...               threshold=0.8, size=3)
    [(0, 1, 1.0)]

Cost grows with the number of texts times the signature length, plus the size
of the buckets: many copies of one text make one big bucket, and its pairs are
all returned (that many true duplicates is then the answer).

Jaccard misses a short copy inside a long text (a syndicated excerpt): for
"most of the shorter text's shingles appear in the other", use
`overlap_candidates`, which pairs texts through the rarest shingles they share.
When no pair may be missed, `prefix_candidates` finds every pair over a share
of the smaller set (prefix filtering): exact, and near-linear on real corpora.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence

import numpy as np

_WORD = re.compile(r"\w+")
_PRIME = 4_294_967_311  # smallest prime above 2**32: (a*x + b) stays below 2**64


def shingles(text: str, size: int = 5) -> set[int]:
    """Hashed word `size`-grams of lower-cased text; fewer words give one shingle of all of them."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {zlib.crc32(" ".join(words).encode("utf-8"))} if words else set()
    return {zlib.crc32(" ".join(words[i : i + size]).encode("utf-8")) for i in range(len(words) - size + 1)}


def bands_for(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) whose S-curve turns at about `threshold` ((1/b)**(1/r) ~ threshold)."""
    best = (1, num_perm)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if abs((1 / bands) ** (1 / rows) - threshold) < abs((1 / best[0]) ** (1 / best[1]) - threshold):
            best = (bands, rows)
    return best


def signatures(sets: Sequence[set[int]], num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """MinHash signature per shingle set, shape (len(sets), num_perm); empty sets get all-max rows."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**32, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, 2**32, size=num_perm, dtype=np.uint64)
    out = np.full((len(sets), num_perm), np.iinfo(np.uint64).max, dtype=np.uint64)
    for i, hashes in enumerate(sets):
        if hashes:
            x = np.fromiter(hashes, dtype=np.uint64, count=len(hashes))[:, None]
            out[i] = ((x * a + b) % _PRIME).min(axis=0)
    return out


def _pairs_from(signature: np.ndarray, bands: int, rows: int, skip: set[int]) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for band in range(bands):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        part = np.ascontiguousarray(signature[:, band * rows : (band + 1) * rows])
        for i in range(len(part)):
            if i not in skip:
                buckets[part[i].tobytes()].append(i)
        for members in buckets.values():
            for n, i in enumerate(members):
                pairs.update((i, j) for j in members[n + 1 :])
    return pairs


def candidate_pairs(texts: Iterable[str], threshold: float = 0.5, num_perm: int = 128,
                    size: int = 5) -> set[tuple[int, int]]:
    """Index pairs (i < j) likely to have word-shingle Jaccard similarity >= `threshold`."""
    sets = [shingles(t, size) for t in texts]
    bands, rows = bands_for(threshold, num_perm)
    empty = {i for i, s in enumerate(sets) if not s}
    return _pairs_from(signatures(sets, num_perm), bands, rows, empty)


def overlap_candidates(texts: Iterable[str], sample: int = 16, size: int = 5) -> set[tuple[int, int]]:
    """Index pairs (i < j) that share one of the `sample` rarest shingles either has in common with anything.

    If most of a text's shingles occur in another text (containment, or high
    Jaccard), its rarest shared shingles are almost all shared with that text,
    so the pair is found. Shingles held by one text only are skipped: they are
    exactly the part a copy does not share. Work is one inverted index over all
    shingles plus, per text, the documents of a few rare shingles: linear in
    the corpus, except that n copies of one text yield their n*(n-1)/2 pairs.
    """
    sets = [shingles(t, size) for t in texts]
    postings: dict[int, list[int]] = defaultdict(list)
    for i, hashes in enumerate(sets):
        for h in hashes:
            postings[h].append(i)
    pairs: set[tuple[int, int]] = set()
    for i, hashes in enumerate(sets):
        shared = [h for h in hashes if len(postings[h]) > 1]
        for h in sorted(shared, key=lambda h: (len(postings[h]), h))[:sample]:
            pairs.update((min(i, j), max(i, j)) for j in postings[h] if j != i)
    return pairs


def prefix_candidates(sets: Sequence[set[Hashable]], share: float, hits: int = 1) -> set[tuple[int, int]]:
    """Every index pair (i < j) whose smaller set has at least `share` of its elements in the other; a few more.

    Exact recall by prefix filtering (Chaudhuri et al. 2006, Bayardo et al.
    2007): if x shares at least `t` of its elements with y, then any
    |x| - t + k of them include at least k shared ones (k <= t). Each set
    looks up only that many of its rarest elements, after dropping those no
    other set holds (they cannot be shared), and pairs with the sets found
    `hits` times (k = min(hits, t)); asking for several hits drops pairs that
    share a rare phrase by chance. Pairs come back unverified: re-check them.
    Work: a count of every element, then short lists of the rarest ones;
    near-linear unless many texts share most of their words (n copies of one
    text still make n*(n-1)/2 pairs).
    """
    df = Counter(itertools.chain.from_iterable(sets))
    multiple = {e for e, n in df.items() if n > 1}
    looks: list[tuple[list[Hashable], int]] = []
    for elements in sets:
        shared = elements & multiple
        need = max(1, math.floor(share * len(elements)))  # floor: never a shorter list than needed
        k = min(hits, need)
        length = len(shared) - need + k
        looks.append((sorted(shared, key=df.__getitem__)[:length] if length >= k else [], k))
    wanted = set().union(*(look for look, _ in looks))
    postings: dict[Hashable, list[int]] = defaultdict(list)
    for i, elements in enumerate(sets):
        for e in elements & wanted:
            postings[e].append(i)
    pairs: set[tuple[int, int]] = set()
    for i, (look, k) in enumerate(looks):
        found = Counter(itertools.chain.from_iterable(postings[e] for e in look))
        pairs.update((min(i, j), max(i, j)) for j, n in found.items() if n >= k and j != i)
    return pairs


def containment(a: set[int], b: set[int]) -> float:
    """Share of the smaller set found in the other."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def similar_pairs(texts: Sequence[str], threshold: float = 0.8, num_perm: int = 128,
                  size: int = 5) -> list[tuple[int, int, float]]:
    """(i, j, similarity) for pairs whose exact shingle Jaccard is >= `threshold`, sorted.

    Candidates come from LSH tuned a little below `threshold`, to miss fewer.
    """
    sets = [shingles(t, size) for t in texts]
    bands, rows = bands_for(max(0.05, threshold - 0.1), num_perm)
    empty = {i for i, s in enumerate(sets) if not s}
    found = []
    for i, j in _pairs_from(signatures(sets, num_perm), bands, rows, empty):
        score = jaccard(sets[i], sets[j])
        if score >= threshold:
            found.append((i, j, round(score, 4)))
    return sorted(found)
