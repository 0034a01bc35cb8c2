"""The same claim across sources becomes one item that cites every source stating it.

Partners are the sentences of other sources on the same event that are
related to the seed (similar.py: overlapping words, shared rare word pairs)
or give one of its figures (claims.py's figure index); a partner joins only
when its claim aligns with the seed's slot by slot (claims.compare) and states
what the seed asserts (`cites`), since sources that share a setting or a topic
do not thereby state the same fact.
The shown wording comes from the most precise and most official source; the
others are kept as variants, each with why it was aligned.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.select.candidates import Candidate
from briefing.select.claims import (NAMED_ALIKE, QUOTE_SHARED, Claim, Verdict, asserts_in_common, bounds_only,
                                    compare, may_align, names_shared, quote_overlap)
from briefing.select.similar import Similarity
from briefing.select.text import word_count

SAME = 0.42  # paraphrase score at which two sentences count as saying the same (events)
UNALIGNED_SHOWN = 3  # close sentences of other sources not aligned with an item, kept for --explain
SHARED_TRIES = 4  # another item's sentences of one source compared with a seed, closest first
SHARED_COMPARED = 16  # and of all sources
QUOTED_WORDS = 5  # a quote this long is what its sentence reports, not a phrase it borrows


@dataclass
class Group:
    """One fact: the candidates (one per source at most) that report it."""

    members: list[Candidate]
    best: Candidate
    topic: str | None = None
    score: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)
    why: dict[str, str] = field(default_factory=dict)  # member id -> why it states the seed's claim
    shared: frozenset[str] = frozenset()  # members another item holds too: cited here, never shown here
    unaligned: list[tuple[Candidate, str]] = field(default_factory=list)  # close sentences left out, and the slot

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(m.source_id for m in self.members))

    @property
    def own(self) -> list[Candidate]:
        """The members no other item holds: what the item is about and how it ranks (the shared
        ones only add citations, or a restatement of another item's claim would rank as high)."""
        return [m for m in self.members if m.id not in self.shared]


def merge(cands: list[Candidate], sim: Similarity, quality: dict[str, float], claims: list[Claim],
          extra: dict[int, set[int]] | None = None) -> list[Group]:
    """Greedy grouping: best-quality candidates seed groups and collect the sentences stating their claim.

    Only candidates of the same event from other sources join; each source
    contributes at most one sentence to a group: its closest aligned
    sentence (the earliest on a tie). Partners come from the seed's related
    sentences and `extra` (index -> indices sharing a figure), so a seed
    never scans the whole corpus.
    """
    order = sorted(range(len(cands)), key=lambda i: (-quality[cands[i].id], cands[i].id))
    taken: set[int] = set()
    groups: list[Group] = []
    extra = extra or {}
    for s in order:
        if s in taken:
            continue
        seed = cands[s]
        taken.add(s)
        closest: dict[str, tuple[float, int, str]] = {}  # source -> (score, index, why) of its closest claim
        rejected: list[tuple[float, int, str]] = []  # (-score, index, why not; "" when not compared)
        related = sim.related(s)
        for j in extra.get(s, ()):
            related.setdefault(j, sim.cosine(s, j))
        for j, score in related.items():
            c = cands[j]
            if j in taken or c.event != seed.event:
                continue
            held = closest.get(c.source_id)
            if held is not None and (score < held[0] or score == held[0] and j > held[1]):
                continue
            verdict = cites(seed, claims[s], c, claims[j], sim.cosine(s, j)) \
                if may_align(claims[s], claims[j], score) else None
            if verdict is not None and verdict.same:
                closest[c.source_id] = (score, j, verdict.why)
            else:
                rejected.append((-score, j, verdict.why if verdict is not None else ""))
        shared = _also_stating(seed, s, related, closest, taken, cands, claims, sim)
        partners = [closest[sid][1] for sid in sorted(closest)]
        members = [seed] + [cands[j] for j in partners]
        taken.update(partners)
        own = [m for m in members if m.id not in shared]
        rep = max(own, key=lambda c: (quality[c.id], -c.doc))
        why = {cands[j].id: closest[cands[j].source_id][2] for j in partners}
        nearest = [(j, why) for _, j, why in sorted(rejected) if cands[j].source_id not in closest][:UNALIGNED_SHOWN]
        left = [(cands[j], why or cites(seed, claims[s], cands[j], claims[j], sim.cosine(s, j)).why)
                for j, why in nearest]
        groups.append(Group(members=[rep] + [m for m in members if m is not rep], best=rep, why=why, unaligned=left,
                            shared=shared))
    return groups


def _also_stating(seed: Candidate, s: int, related: dict[int, float], closest: dict[str, tuple[float, int, str]],
                  taken: set[int], cands: list[Candidate], claims: list[Claim], sim: Similarity) -> frozenset[str]:
    """Sentences an earlier item took that state this item's claim too, from sources it has no
    sentence of yet: added to `closest`, their ids returned. One sentence may state two claims
    ("The court issued arrest warrants for Netanyahu and Gallant" states the warrants for both),
    and the reader who checks either item finds it there. The closest are compared first, and
    only so many (SHARED_TRIES of a source, SHARED_COMPARED in all): on a large corpus most
    related sentences are already taken."""
    shared: set[str] = set()
    tried: dict[str, int] = {}
    compared = 0
    for j, score in sorted(related.items(), key=lambda kv: (-kv[1], kv[0])):
        c = cands[j]
        if j not in taken or c.event != seed.event or c.source_id in closest \
                or c.source_id == seed.source_id or tried.get(c.source_id, 0) >= SHARED_TRIES \
                or not may_align(claims[s], claims[j], score):
            continue
        if compared == SHARED_COMPARED:
            break
        tried[c.source_id] = tried.get(c.source_id, 0) + 1
        compared += 1
        verdict = cites(seed, claims[s], c, claims[j], sim.cosine(s, j))
        if verdict.same:
            closest[c.source_id] = (score, j, verdict.why)
            shared.add(c.id)
    return frozenset(shared)


def independent_count(source_ids: list[str], syndicate: dict[str, str]) -> int:
    """How many sources these are, counting syndicated copies of one story once."""
    return len({syndicate.get(s, s) for s in source_ids})


def cites(seed: Candidate, a: Claim, other: Candidate, b: Claim, cosine: float) -> Verdict:
    """Whether the seed's item may cite `other`, whose claim is `b`: `compare`, and stricter,
    since a citation is a promise the reader can check. A seed that quotes somebody's own
    sentence cites only sources that print those words, marked as a quote or not (a paraphrase
    of the setting around the quote is not the quote). Two different bounds ("at least 55" /
    "at least 73") are two reports. Names shared count once per name ("Joe Biden", "Wilmington,
    Delaware" are three names, not four words), and only with an act one of the two asserts."""
    verdict = compare(a, b, cosine, rounding=True)
    if verdict.same and verdict.anchor != "quote" and _quotes_sentence(seed) and not _prints(a.quote, other):
        return Verdict(False, None, "does not print the quoted words")
    if verdict.same and verdict.anchor == "figure" and bounds_only(a, b):
        return Verdict(False, None, "only different bounds in common: two reports")
    if verdict.same and verdict.anchor == "names":
        shared = names_shared(a, b)
        if shared < NAMED_ALIKE:
            return Verdict(False, None, f"only {shared} names in common")
        if not asserts_in_common(a, b):
            return Verdict(False, None, "names in common, but no act either of them asserts")
    return verdict


def _prints(quote: tuple[str, ...], other: Candidate) -> bool:
    """`other` prints most of the quoted words in one run, in quote marks or not."""
    words = tuple(other.all_words)
    return bool(quote) and quote_overlap(quote, words) * min(len(quote), len(words)) >= QUOTE_SHARED * len(quote)


def _quotes_sentence(c: Candidate) -> bool:
    """The candidate reports a whole quoted sentence of a known speaker ("“Free, open ... is our
    priority,” Modi said ..."), not a borrowed phrase ("what Powell called “a strong start”")."""
    q = c.quote
    return q is not None and bool(q.speaker) and q.text[:1].isupper() and word_count(q.text) >= QUOTED_WORDS
