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

import heapq
import itertools
import zlib
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

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
    related: list[dict[int, float]]  # i -> {j: paraphrase score >= keep}, other sources only
    nearest: list[list[float]]  # i -> highest cosines to other sources' sentences, best first
    others: list[int]  # i -> number of sentences from other sources
    _cosines: dict[tuple[int, int], float] = field(default_factory=dict, repr=False)

    def cosine(self, i: int, j: int) -> float:
        """Exact TF-IDF cosine of any two sentences (remembered: MMR asks for the same pairs often)."""
        key = (i, j) if i <= j else (j, i)
        found = self._cosines.get(key)
        if found is None:
            found = self._cosines[key] = dot(self.vectors[i], self.vectors[j])
        return found

    def para(self, i: int, j: int) -> float:
        """Paraphrase score of two sentences of different sources; 0.0 below `keep`."""
        return self.related[i].get(j, 0.0)


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
    pairs = [word_pairs(c.words) for c in cands]
    df = Counter(p for ps in pairs for p in ps)
    rare = [{p for p in ps if df[p] <= RARE_PAIR_DF} for ps in pairs]
    source = [c.source_id for c in cands]
    sizes = Counter(source)
    related: list[dict[int, float]] = [{} for _ in cands]
    heaps: list[list[float]] = [[] for _ in cands]
    for i, j in blocked_pairs([set(t) for t in texts], rare, source):
        cos = dot(vectors[i], vectors[j])
        shared = len(rare[i] & rare[j])
        score = cos + min(PAIR_BONUS_MAX, PAIR_BONUS * shared) if shared else cos
        if score >= keep:
            related[i][j] = related[j][i] = score
        if cos > 0:
            _push(heaps[i], cos)
            _push(heaps[j], cos)
    return Similarity(vectors, related, [sorted(h, reverse=True) for h in heaps],
                      [len(cands) - sizes[s] for s in source])


def _push(heap: list[float], value: float) -> None:
    if len(heap) < NEAREST:
        heapq.heappush(heap, value)
    elif value > heap[0]:
        heapq.heapreplace(heap, value)


def blocked_pairs(words: Sequence[set[str]], rare: Sequence[set[Hashable]], group: Sequence[Hashable],
                  cap: int = POSTING_CAP, window: int = LSH_WINDOW) -> list[tuple[int, int]]:
    """Sorted pairs (i < j) from different groups worth scoring: a shared uncommon word, a shared rare
    word pair, or near-identical word sets (LSH)."""
    found = shared_key_pairs(words, cap) | shared_key_pairs(rare, RARE_PAIR_DF)
    hashed = [{zlib.crc32(w.encode("utf-8")) for w in ws} for ws in words]
    signature = lsh.signatures(hashed, LSH_PERM)
    found.update(map(tuple, lsh.bucket_pairs(signature, LSH_BANDS, LSH_ROWS, window).tolist()))
    return sorted((i, j) for i, j in found if group[i] != group[j])


def shared_key_pairs(keysets: Sequence[Iterable[Hashable]], cap: int) -> set[tuple[int, int]]:
    """Pairs (i < j) of sets sharing a key that at most `cap` sets hold."""
    postings: dict[Hashable, list[int]] = defaultdict(list)
    for i, keys in enumerate(keysets):
        for k in keys:
            postings[k].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        if 2 <= len(members) <= cap:
            pairs.update(itertools.combinations(members, 2))
    return pairs
