"""Paraphrases across sources become one item that cites every source.

Two sentences from different sources of the same event are paraphrases when
their words overlap (TF-IDF cosine) and, for rewritten copy that swaps most
words, when they share rare word pairs ("drone ... measures"). The shown
wording comes from the most precise and most official source; the others
are kept as variants.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from briefing.select.candidates import Candidate
from briefing.select.text import Vectorizer

SAME = 0.42  # paraphrase score at which two sentences are merged
PAIR_WINDOW = 3
RARE_PAIR_DF = 3
PAIR_BONUS = 0.15
PAIR_BONUS_MAX = 0.45


@dataclass
class Group:
    """One fact: the candidates (one per source at most) that report it."""

    members: list[Candidate]
    best: Candidate
    topic: str | None = None
    score: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(m.source_id for m in self.members))


def similarity(cands: list[Candidate]) -> tuple[np.ndarray, np.ndarray]:
    """(cosine, paraphrase score) matrices over all candidates."""
    vec = Vectorizer([c.words for c in cands])
    m = vec.transform([c.words for c in cands])
    cos = m @ m.T
    pairs = [_pairs(c.words) for c in cands]
    df = Counter(p for ps in pairs for p in ps)
    rare = [{p for p in ps if df[p] <= RARE_PAIR_DF} for ps in pairs]
    score = cos.copy()
    for i, j in itertools.combinations(range(len(cands)), 2):
        shared = len(rare[i] & rare[j])
        if shared:
            bonus = min(PAIR_BONUS_MAX, PAIR_BONUS * shared)
            score[i, j] += bonus
            score[j, i] += bonus
    return cos, score


def _pairs(words: list[str]) -> set[tuple[str, str]]:
    return {(a, b) for i, a in enumerate(words) for b in words[i + 1:i + 1 + PAIR_WINDOW] if a != b}


def merge(cands: list[Candidate], para: np.ndarray, quality: dict[str, float]) -> list[Group]:
    """Greedy grouping: best-quality candidates seed groups and collect their paraphrases.

    Only candidates of the same event from other sources join; each source
    contributes at most one sentence to a group.
    """
    index = {c.id: i for i, c in enumerate(cands)}
    order = sorted(cands, key=lambda c: (-quality[c.id], c.id))
    taken: set[str] = set()
    groups: list[Group] = []
    for seed in order:
        if seed.id in taken:
            continue
        members = [seed]
        taken.add(seed.id)
        for sid in _other_sources(cands, seed):
            pool = [c for c in cands if c.source_id == sid and c.id not in taken and c.event == seed.event]
            scored = [(para[index[seed.id], index[c.id]], c) for c in pool]
            best = max(scored, key=lambda x: x[0], default=(0.0, None))
            if best[1] is not None and best[0] >= SAME:
                members.append(best[1])
                taken.add(best[1].id)
        rep = max(members, key=lambda c: (quality[c.id], -c.doc))
        groups.append(Group(members=[rep] + [m for m in members if m is not rep], best=rep))
    return groups


def _other_sources(cands: list[Candidate], seed: Candidate) -> list[str]:
    return sorted({c.source_id for c in cands if c.source_id != seed.source_id and c.event == seed.event})


def independent_count(group: Group, syndicate: dict[str, str]) -> int:
    """Sources in the group, counting syndicated copies of one story once."""
    return len({syndicate.get(s, s) for s in group.sources})
