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
all returned (that many true duplicates is then the answer). Where a few
partners per text are enough (a sentence repeated by hundreds of sources),
`bucket_pairs` pairs each member with a bounded window of its bucket instead.

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
    return overlap_pairs([shingles(t, size) for t in texts], sample)


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


def overlap_pairs(sets: Sequence[set[int] | np.ndarray], sample: int = 16) -> set[tuple[int, int]]:
    """`overlap_candidates` over shingle sets the caller made (its own tokens or shingle size).

    A text's shingles may be a set or an array of distinct int64 hashes.
    Hashes must fit in 63 bits (crc32 does). Per text, the `sample` shared
    shingles held by the fewest texts (ties: the smaller hash) pair it with
    every text holding them; done with array operations, not a loop per text.
    """
    sizes = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
    text = np.repeat(np.arange(len(sets), dtype=np.int64), sizes)
    parts = [s if isinstance(s, np.ndarray) else np.fromiter(s, dtype=np.int64, count=len(s)) for s in sets]
    hashes = np.concatenate(parts).astype(np.int64, copy=False) if parts else np.empty(0, dtype=np.int64)
    _, shingle, held = np.unique(hashes, return_inverse=True, return_counts=True)
    shingle = shingle.ravel()
    df = held[shingle]
    order = np.lexsort((hashes, df, text))
    order = order[df[order] > 1]  # shingles no other text holds pair nothing
    rank = np.arange(len(order)) - np.searchsorted(text[order], text[order])
    picked = order[rank < sample]
    by_shingle = np.argsort(shingle, kind="stable")  # the texts of each shingle, grouped
    first = np.concatenate([[0], np.cumsum(held)])
    count = held[shingle[picked]]
    which = np.repeat(np.arange(len(picked)), count)
    offset = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    other = text[by_shingle[first[shingle[picked]][which] + offset]]
    mine = text[picked][which]
    keep = other != mine
    low, high = np.minimum(mine, other)[keep], np.maximum(mine, other)[keep]
    return set(zip(low.tolist(), high.tolist()))


def bucket_pairs(signature: np.ndarray, bands: int, rows: int, window: int, seed: int = 1) -> np.ndarray:
    """Index pairs (i < j) that share a band, as an (m, 2) array; at most `window` partners each side per band.

    A bucket of k near-copies holds k*(k-1)/2 pairs, which is quadratic when
    one sentence is repeated by hundreds of sources. Here each member meets
    only its `window` neighbours in the bucket, in a different random order
    for every band, so across bands it still meets many of its copies while
    the work stays about len(signature) * bands * window. Buckets no larger
    than window + 1 give all their pairs, as plain LSH does. Rows of an empty
    set (all-max signatures) pair with nothing.
    """
    rng = np.random.default_rng(seed)
    n = len(signature)
    live = np.flatnonzero((signature != np.iinfo(np.uint64).max).any(axis=1))
    found = [np.empty((0, 2), dtype=np.int64)]
    for band in range(bands):
        bucket = _band_keys(signature[live, band * rows : (band + 1) * rows])
        order = np.lexsort((rng.permutation(len(live)), bucket))
        ranked, ids = bucket[order], live[order]
        for step in range(1, window + 1):
            same = ranked[step:] == ranked[:-step]
            a, b = ids[:-step][same], ids[step:][same]
            found.append(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1))
    codes = distinct(np.concatenate(found) @ np.array([n, 1], dtype=np.int64))
    return np.stack([codes // n, codes % n], axis=1)


GRAM_BASE = 0x100000001B3  # FNV's 64-bit prime: odd, so the polynomial spreads the words' hashes and keeps their order


def gram_hashes(word_hashes: np.ndarray, n: int) -> np.ndarray:
    """One hash per run of `n` consecutive words (uint64, in text order, repeats kept): a polynomial
    in the words' hashes modulo 2**64, far cheaper than hashing every n-gram's text. Empty under n words."""
    count = len(word_hashes) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    grams = np.zeros(count, dtype=np.uint64)
    for k in range(n):  # numpy wraps uint64 arithmetic: modulo 2**64
        grams = grams * np.uint64(GRAM_BASE) + word_hashes[k:k + count]
    return grams


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending: `np.unique` by sorting.

    numpy 2.4's np.unique hashes integer arrays, which here ran about 100
    times slower than a sort (4.8 s against 0.05 s for 4 million int64s).
    """
    ordered = np.sort(values, axis=None)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])]


def _band_keys(part: np.ndarray) -> np.ndarray:
    """One 64-bit key per row of a band (a hash of its values): equal rows, equal keys.

    Two different rows may share a key (about one chance in 2**64 per pair);
    that only adds a pair to re-check, it loses none.
    """
    key = np.zeros(len(part), dtype=np.uint64)
    for column in part.T:
        key = (key ^ column) * np.uint64(0x100000001B3)  # FNV-style mixing, wrapping at 2**64
    return key
