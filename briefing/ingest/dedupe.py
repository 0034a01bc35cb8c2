"""The same article saved twice, or syndicated by several outlets, counts once."""

from __future__ import annotations

import re

from briefing.model import Document

SHINGLE = 5
JACCARD = 0.6  # share of all word 5-grams in common
CONTAINED = 0.85  # share of the shorter text's 5-grams found in the longer one
MIN_SHINGLES = 20


def shingles(text: str) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.lower())
    return {tuple(tokens[i : i + SHINGLE]) for i in range(max(0, len(tokens) - SHINGLE + 1))}


def find_duplicates(documents: list[Document]) -> list[tuple[str, str]]:
    """(duplicate path, kept path) pairs; the first source in path order is kept.

    Compares cleaned text, so two copies of one article with different site
    chrome still match, and a shortened syndicated copy is contained in the full one.
    """
    sets = [shingles(doc.text) for doc in documents]
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
