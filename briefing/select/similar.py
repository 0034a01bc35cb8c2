"""Which candidate sentences say the same thing, without comparing every pair.

Merging, conflicts, events and centrality all ask "which sentences from
other sources are close to this one?". Comparing every pair is quadratic:
the 17,700 on-topic sentences of 1,000 articles make 156 million pairs.
Instead, blocking proposes pairs and each proposed pair is scored exactly:

- sentences sharing a content word that at most POSTING_CAP sentences use.
  On a small corpus every word is that rare, so every pair with a word in
  common is scored: the result is the same as comparing all pairs (a pair
  with no word in common has cosine 0 and no shared word pair);
- sentences sharing a rare word pair (the paraphrase bonus below);
- near-copies made of common words, through MinHash-LSH over their word sets
  (`briefing.lsh.bucket_pairs`): a fact repeated by 500 sources costs about
  500 * LSH_WINDOW pairs per band, not 500**2.

Similarity is TF-IDF cosine over folded content words; the paraphrase score
adds a bonus for rare word pairs both sentences use ("drone ... measures"),
which catches rewritten copy that swaps most words. A pair never proposed
reads as unrelated; the approximation can miss a pair, never invent one.
"""

from __future__ import annotations

import itertools
import zlib
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from briefing import lsh
from briefing.select.candidates import Candidate
from briefing.select.text import Vectorizer, dot

PAIR_WINDOW = 3  # words apart at most for two words to form a pair
RARE_PAIR_DF = 3  # a word pair used by at most this many sentences is rare
PAIR_BONUS = 0.15  # per shared rare pair
PAIR_BONUS_MAX = 0.45
NEAREST = 5  # closest sentences of other sources kept per sentence (centrality)
POSTING_CAP = 64  # a word used by more sentences than this proposes no pairs by itself
LSH_PERM, LSH_BANDS, LSH_ROWS = 64, 16, 4  # S-curve turning at word-set Jaccard ~0.5
LSH_WINDOW = 2  # partners per side and band in a large bucket


@dataclass
class Similarity:
    """Sparse view of sentence similarity, indexed like the candidate list."""

    vectors: list[dict[int, float]]  # unit TF-IDF vectors
    starts: np.ndarray  # row i's related pairs are partners/scores[starts[i]:starts[i + 1]]
    partners: np.ndarray  # other sources' sentences with a paraphrase score >= keep
    scores: np.ndarray
    nearest: list[list[float]]  # i -> highest cosines to other sources' sentences, best first
    others: list[int]  # i -> number of sentences from other sources
    _cosines: dict[tuple[int, int], float] = field(default_factory=dict, repr=False)

    def related(self, i: int) -> dict[int, float]:
        """{j: paraphrase score} for the sentences of other sources scoring at least `keep` with i."""
        a, b = int(self.starts[i]), int(self.starts[i + 1])
        return dict(zip(self.partners[a:b].tolist(), self.scores[a:b].tolist()))

    def cosine(self, i: int, j: int) -> float:
        """Exact TF-IDF cosine of any two sentences (remembered: MMR asks for the same pairs often)."""
        key = (i, j) if i <= j else (j, i)
        found = self._cosines.get(key)
        if found is None:
            found = self._cosines[key] = dot(self.vectors[i], self.vectors[j])
        return found


def word_pairs(words: list[str]) -> set[tuple[str, str]]:
    """Ordered pairs of different words at most PAIR_WINDOW apart."""
    return {(a, b) for i, a in enumerate(words) for b in words[i + 1:i + 1 + PAIR_WINDOW] if a != b}


def similarity(cands: list[Candidate], keep: float) -> Similarity:
    """Scores of the blocked pairs of sentences from different sources.

    `keep` is the lowest paraphrase score any caller asks about: pairs below
    it are dropped (they only feed `nearest`), so memory follows the number
    of related pairs, not the square of the candidates.
    """
    texts = [c.words for c in cands]
    vectors = Vectorizer(texts).sparse(texts)
    links = rare_pair_links([word_pairs(c.words) for c in cands])
    source = [c.source_id for c in cands]
    found = blocked_pairs([set(t) for t in texts], source, links)
    cos = pair_dots(vectors, found)
    shared = _lookup(links, found, len(cands))
    score = np.where(shared > 0, cos + np.minimum(PAIR_BONUS_MAX, PAIR_BONUS * shared), cos)
    kept = score >= keep
    starts, partners, scores = _adjacency(found[kept], score[kept], len(cands))
    sizes = Counter(source)
    return Similarity(vectors, starts, partners, scores, _nearest(found, cos, len(cands)),
                      [len(cands) - sizes[s] for s in source])


def _lookup(counts: Counter[tuple[int, int]], pairs: np.ndarray, n: int) -> np.ndarray:
    """counts[(i, j)] for each row (i, j) of `pairs` (0 where absent), by array search, not a loop over pairs."""
    if not counts or not len(pairs):
        return np.zeros(len(pairs))
    keys = np.array(list(counts), dtype=np.int64)
    codes = keys[:, 0] * n + keys[:, 1]
    order = np.argsort(codes)
    codes, values = codes[order], np.array(list(counts.values()), dtype=float)[order]
    wanted = pairs[:, 0] * n + pairs[:, 1]
    at = np.minimum(np.searchsorted(codes, wanted), len(codes) - 1)
    return np.where(codes[at] == wanted, values[at], 0.0)


def _adjacency(pairs: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs in both directions grouped by row (compressed rows): starts, partners, values."""
    rows = np.concatenate([pairs[:, 0], pairs[:, 1]])
    order = np.argsort(rows, kind="stable")
    partners = np.concatenate([pairs[:, 1], pairs[:, 0]])[order]
    return np.searchsorted(rows[order], np.arange(n + 1)), partners, np.concatenate([values, values])[order]


def _nearest(pairs: np.ndarray, cos: np.ndarray, n: int) -> list[list[float]]:
    """Per sentence, its NEAREST highest positive cosines among the pairs, best first."""
    rows = np.concatenate([pairs[:, 0], pairs[:, 1]])
    values = np.concatenate([cos, cos])
    rows, values = rows[values > 0], values[values > 0]
    order = np.lexsort((-values, rows))
    rows, values = rows[order], values[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
    out: list[list[float]] = [[] for _ in range(n)]
    for r, v in zip(rows[rank < NEAREST].tolist(), values[rank < NEAREST].tolist()):
        out[r].append(v)
    return out


def pair_dots(vectors: Sequence[dict[int, float]], pairs: np.ndarray, chunk: int = 1 << 16) -> np.ndarray:
    """`dot` of each pair of sparse vectors (keys ascending), the same sums in the same order, in numpy.

    Each pair's smaller vector is looked up in the other through one sorted
    array of (row, key) codes; products are summed per pair in key order.
    """
    sizes = np.fromiter((len(v) for v in vectors), dtype=np.int64, count=len(vectors))
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    keys = np.fromiter((k for v in vectors for k in v), dtype=np.int64, count=int(starts[-1]))
    values = np.fromiter((x for v in vectors for x in v.values()), dtype=float, count=int(starts[-1]))
    width = int(keys.max()) + 1 if len(keys) else 1
    codes = np.repeat(np.arange(len(vectors), dtype=np.int64), sizes) * width + keys
    out = np.zeros(len(pairs))
    for lo in range(0, len(pairs), chunk):
        a, b = pairs[lo:lo + chunk, 0], pairs[lo:lo + chunk, 1]
        a, b = np.where(sizes[a] > sizes[b], b, a), np.where(sizes[a] > sizes[b], a, b)
        count = sizes[a]
        which = np.repeat(np.arange(len(a)), count)
        pos = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count) + np.repeat(starts[a], count)
        query = b[which] * width + keys[pos]
        at = np.minimum(np.searchsorted(codes, query), max(0, len(codes) - 1))
        hit = codes[at] == query if len(codes) else np.zeros(len(query), dtype=bool)
        out[lo:lo + len(a)] = np.bincount(which[hit], weights=values[pos[hit]] * values[at[hit]], minlength=len(a))
    return out


def rare_pair_links(pairs: Sequence[set[tuple[str, str]]]) -> Counter[tuple[int, int]]:
    """(i, j) -> how many rare word pairs (held by at most RARE_PAIR_DF sentences) i and j share."""
    links: Counter[tuple[int, int]] = Counter()
    for held in _postings(pairs).values():
        if 1 < len(held) <= RARE_PAIR_DF:
            links.update(itertools.combinations(held, 2))
    return links


def blocked_pairs(words: Sequence[set[str]], group: Sequence[Hashable], extra: Iterable[tuple[int, int]] = (),
                  cap: int = POSTING_CAP, window: int = LSH_WINDOW) -> np.ndarray:
    """Pairs (i < j, sorted, as an (m, 2) array) from different groups worth scoring: a shared uncommon
    word, near-identical word sets (LSH), or one of the `extra` pairs (those sharing a rare word pair)."""
    n = len(words)
    listed = sorted(shared_key_pairs(words, cap).union(extra))
    code = {w: zlib.crc32(w.encode("utf-8")) for w in set().union(*words)}
    hashed = [{code[w] for w in ws} for ws in words]
    both = np.concatenate([np.array(listed, dtype=np.int64).reshape(-1, 2),
                           lsh.bucket_pairs(lsh.signatures(hashed, LSH_PERM), LSH_BANDS, LSH_ROWS, window)])
    codes = lsh.distinct(both[:, 0] * n + both[:, 1])
    first, second = codes // max(n, 1), codes % max(n, 1)
    labels: dict[Hashable, int] = {}
    gid = np.array([labels.setdefault(g, len(labels)) for g in group], dtype=np.int64)
    apart = gid[first] != gid[second]
    return np.stack([first[apart], second[apart]], axis=1)


def shared_key_pairs(keysets: Sequence[Iterable[Hashable]], cap: int) -> set[tuple[int, int]]:
    """Pairs (i < j) of sets sharing a key that at most `cap` sets hold."""
    pairs: set[tuple[int, int]] = set()
    for members in _postings(keysets).values():
        if 2 <= len(members) <= cap:
            pairs.update(itertools.combinations(members, 2))
    return pairs


def _postings(keysets: Sequence[Iterable[Hashable]]) -> dict[Hashable, list[int]]:
    """Key -> the indices of the sets holding it, ascending."""
    postings: dict[Hashable, list[int]] = defaultdict(list)
    for i, keys in enumerate(keysets):
        for k in keys:
            postings[k].append(i)
    return postings
