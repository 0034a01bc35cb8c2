"""The same article saved twice, or syndicated by several outlets, counts once."""

from __future__ import annotations

import re
from collections import defaultdict

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


def find_duplicates(documents: list[Document], sets: list[set[str]] | None = None) -> list[tuple[str, str]]:
    """(duplicate path, kept path) pairs; the first source in path order is kept.

    Compares cleaned text, so two copies of one article with different site
    chrome still match, and a shortened syndicated copy is contained in the full one.
    Only candidate pairs are compared: any copy shares at least SMALLER_SHARE
    of the smaller text's 5-grams, and `lsh.prefix_candidates` finds every such
    pair without trying all of them. The answer is the one comparing every
    pair gives: each document is kept, or matched to the first earlier kept
    document it copies.
    """
    if sets is None:  # else `shingles` of each text, made where it was read
        sets = [shingles(doc.text) for doc in documents]
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
