"""The same article saved twice, or syndicated by several outlets, counts once."""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict

import numpy as np

from briefing import lsh
from briefing.model import Document

SHINGLE = 5
JACCARD = 0.6  # share of all word 5-grams in common
CONTAINED = 0.85  # share of the shorter text's 5-grams found in the longer one
MIN_SHINGLES = 20


def shingles(text: str) -> set[str]:
    """The word 5-grams of `text`, each as its words joined by a space (words never hold one)."""
    tokens = re.findall(r"\w+", text.lower())
    return {" ".join(gram) for gram in zip(*(tokens[k:] for k in range(SHINGLE)))}


def fingerprint(text: str) -> np.ndarray:
    """`shingles(text)` as distinct 64-bit hashes (uint64, ascending): the same sets, up to 2**-64 collisions.

    One array per source instead of ~500 strings: the read workers send it
    back, and 5,000 sources' strings, unpickled between their documents'
    objects, pinned ~200 MB of the parent's heap for the rest of the build.
    The hash is stable across processes and runs (not Python's `hash`).
    """
    words = np.array([_word_hash(w) for w in re.findall(r"\w+", text.lower())], dtype=np.uint64)
    return lsh.distinct(lsh.gram_hashes(words, SHINGLE))


@functools.lru_cache(maxsize=1 << 16)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


# A pair with Jaccard >= J shares at least 2J/(1+J) of the smaller set
# (common >= J * (|a| + |b| - common) and |b| >= |a|); a contained one CONTAINED.
SMALLER_SHARE = min(2 * JACCARD / (1 + JACCARD), CONTAINED)
# Candidates must share this many of the rare 5-grams looked up: one shared
# phrase (a common quote) is not enough to be compared.
HITS = 5


def is_copy(a: Document, b: Document, sa: set, sb: set) -> bool:
    """Same text, most 5-grams in common, or the shorter one (a syndicated excerpt) inside the other."""
    if not sa or not sb:
        return False
    common = len(sa & sb)
    small = min(len(sa), len(sb))
    return (a.text == b.text or common / (len(sa) + len(sb) - common) >= JACCARD
            or (small >= MIN_SHINGLES and common / small >= CONTAINED))


def find_duplicates(documents: list[Document], prints: list[np.ndarray] | None = None) -> list[tuple[str, str]]:
    """(duplicate path, kept path) pairs; the first source in path order is kept.

    Compares cleaned text, so two copies of one article with different site
    chrome still match, and a shortened syndicated copy is contained in the full one.
    Only candidate pairs are compared: any copy shares at least SMALLER_SHARE
    of the smaller text's 5-grams, and `lsh.prefix_candidates` finds every such
    pair without trying all of them. The answer is the one comparing every
    pair gives: each document is kept, or matched to the first earlier kept
    document it copies.
    """
    if prints is None:  # else each text's `fingerprint`, made where it was read
        prints = [fingerprint(doc.text) for doc in documents]
    sets = [set(p.tolist()) for p in prints]
    earlier: dict[int, list[int]] = defaultdict(list)
    for i, j in lsh.prefix_candidates(sets, SMALLER_SHARE, hits=HITS):
        earlier[j].append(i)
    pairs: list[tuple[str, str]] = []
    duplicate: set[int] = set()
    for j in sorted(earlier):
        for i in sorted(earlier[j]):
            if i not in duplicate and is_copy(documents[i], documents[j], sets[i], sets[j]):
                pairs.append((documents[j].source.path, documents[i].source.path))
                duplicate.add(j)
                break
    return pairs
