"""Paraphrases across sources become one item that cites every source.

Two sentences from different sources of the same event are paraphrases when
their words overlap (TF-IDF cosine) and, for rewritten copy that swaps most
words, when they share rare word pairs ("drone ... measures"). The shown
wording comes from the most precise and most official source; the others
are kept as variants.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.select.candidates import Candidate
from briefing.select.similar import Similarity

SAME = 0.42  # paraphrase score at which two sentences are merged


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


def merge(cands: list[Candidate], sim: Similarity, quality: dict[str, float]) -> list[Group]:
    """Greedy grouping: best-quality candidates seed groups and collect their paraphrases.

    Only candidates of the same event from other sources join; each source
    contributes at most one sentence to a group: its closest paraphrase of
    the seed (the earliest on a tie). Partners come from the seed's related
    sentences (similar.py), so a seed never scans the whole corpus.
    """
    order = sorted(range(len(cands)), key=lambda i: (-quality[cands[i].id], cands[i].id))
    taken: set[int] = set()
    groups: list[Group] = []
    for s in order:
        if s in taken:
            continue
        seed = cands[s]
        taken.add(s)
        closest: dict[str, tuple[float, int]] = {}  # source -> (score, index) of its closest paraphrase
        for j, score in sim.related(s).items():
            c = cands[j]
            if score < SAME or j in taken or c.event != seed.event:
                continue
            held = closest.get(c.source_id)
            if held is None or score > held[0] or (score == held[0] and j < held[1]):
                closest[c.source_id] = (score, j)
        partners = [closest[sid][1] for sid in sorted(closest)]
        members = [seed] + [cands[j] for j in partners]
        taken.update(partners)
        rep = max(members, key=lambda c: (quality[c.id], -c.doc))
        groups.append(Group(members=[rep] + [m for m in members if m is not rep], best=rep))
    return groups


def independent_count(group: Group, syndicate: dict[str, str]) -> int:
    """Sources in the group, counting syndicated copies of one story once."""
    return len({syndicate.get(s, s) for s in group.sources})
