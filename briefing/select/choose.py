"""Choosing key points and topic items within an audience's word budgets.

The facts are scored and merged (rank.py, merge.py); this decides which of
them the reader gets. A profile's `words_total` is the whole document as
rendered (budget.py counts it): when everything worth showing does not fit,
each topic drops its weakest facts first, words left over go to the facts
that give most for their length, and only when the best facts alone are too
long do the sections shrink. Key points are the most corroborated concise
facts; a profile that does not repeat them in the sections shows the next
best fact there instead.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from briefing.config import Profile, Topic
from briefing.model import Briefing, Conflict, Event, Evidence, FigureRef, FigureRow, Item, Variant
from briefing.select import budget
from briefing.select.candidates import Candidate
from briefing.select.figures import describe_measure, readable_measure
from briefing.select.merge import Group, independent_count
from briefing.select.rank import (MIN_SCORE, Context, fill_section, is_older, lead_score, redundant,
                                  shortlist)
from briefing.select.text import dangling, word_count

KEY_POINTS_MAX = 5
KEY_POINTS_PER_TOPIC = 2
KEY_POINT_WORDS = 45  # longer than this is no longer a point taken in at a glance
PRONOUN_PENALTY = 0.05  # "He said ..." as a key point, against an equal one naming who
BARE_PRONOUN = re.compile(r"(?:He|She|They|It|We|His|Her|Their|Its)\b")
MIN_SECTION_WORDS = 40  # a topic keeps room for one short item, whatever the total
BUDGET_STEP = 5  # words: how closely the per-topic budget is fitted to the total
FLOOR_STEP = 0.01  # how closely the share of a topic's lead score kept is fitted to the total


def _display(c: Candidate, as_quote: bool, quotes_only: bool) -> tuple[str, str]:
    return c.display(as_quote and (quotes_only or c.quote_dominates()))


@dataclass
class Standalone:
    """What making every item stand alone did: ids of the facts clarified, reworded or left out."""

    clarified: list[str] = field(default_factory=list)  # a bare pronoun the speaker's name will follow
    replaced: list[str] = field(default_factory=list)  # shown in another source's self-contained wording
    dropped: list[str] = field(default_factory=list)  # no wording stands alone: not shown


def standalone(groups: list[Group], as_quote: bool, quotes_only: bool, record: Standalone,
               previous: dict[tuple[str, int], Candidate] | None = None) -> list[Group]:
    """Each fact in a wording a reader of that one item understands, or left out.

    A sentence that leans on the one before ("But ...", "This share ...",
    "..., he said" with nobody named) is shown from another source whose
    wording stands alone; a bare He/She/They is kept when the speaker is known
    (render names them in brackets), from the analysis or, for "he"/"she"
    with nobody else named, from the sentence right before it in its source
    (`previous`: source id and order -> that candidate). With neither, the fact is not shown.
    """
    out = []
    for g in groups:
        ordered = [_carried(m, previous or {}) for m in [g.best] + [m for m in g.members if m is not g.best]]
        if any(a is not b for a, b in zip(ordered, g.members)) or ordered[0] is not g.best:
            g = dataclasses.replace(g, best=ordered[0], members=ordered)
        verdicts = []
        for m in ordered:
            kind, text = _display(m, as_quote, quotes_only)
            problem = dangling(text, quote=kind == "quote")
            speaker = m.quote.speaker if kind == "quote" and m.quote and m.quote.speaker else m.speaker
            verdicts.append(problem if problem != "person" or not speaker else "clear")
        best = next((m for m, v in zip(ordered, verdicts) if v is None and m.id not in g.shared), None)
        if best is None:
            best = next((m for m, v in zip(ordered, verdicts) if v == "clear" and m.id not in g.shared), None)
            if best is not None:
                record.clarified.append(best.id)
        if best is None:
            record.dropped.append(g.best.id)
            continue
        if best is not g.best:
            record.replaced.append(g.best.id)
            if best.speaker and dangling(best.text) == "person":
                record.clarified.append(best.id)
            g = dataclasses.replace(g, best=best, members=[best] + [m for m in g.members if m is not best])
        out.append(g)
    return out


_MARKS = "\"“”‘’'«» ,.;:"


def _fold(text: str) -> str:
    return " ".join(text.split()).strip(_MARKS)


def _cited(g: Group, kind: str, text: str, number: dict[str, int]) -> list[int]:
    """Every merged source for a statement; for a quote only the sources that printed it.

    A paraphrase corroborates a fact, but quoting words to a source that did not
    print them would misquote it (its wording stays in the variants).
    """
    members = [g.best] + [m for m in g.members if m is not g.best]
    if kind == "quote":
        words = _fold(text)
        members = [m for m in members if m is g.best or words in " ".join(m.text.split())]
    return list(dict.fromkeys(number[m.source_id] for m in members))


def make_item(g: Group, item_id: str, number: dict[str, int], ctx: Context, as_quote: bool,
              quotes_only: bool) -> Item:
    best = g.best
    kind, text = _display(best, as_quote, quotes_only)
    span = (best.quote.start, best.quote.end) if kind == "quote" else (best.start, best.end)
    figures = [FigureRef(f.surface, f.value, f.unit, f.qualifier, f.year,
                         f.measure or describe_measure(f, best.text, best.start))
               for f in best.figures if span[0] <= f.start and f.end <= span[1] and f.kind != "date"
               and f.unit != "year"]
    speaker = best.quote.speaker if kind == "quote" and best.quote.speaker else best.speaker
    cited = _cited(g, kind, text, number)
    return Item(
        id=item_id, kind=kind, text=text,
        sources=cited,
        topic=g.topic, speaker=speaker, role=best.role, figures=figures, event=best.event,
        background=ctx.event_kind.get(best.event or "") == "older",
        score=g.score, score_parts=dict(g.parts), matched_terms=list(g.terms),
        variants=[Variant(number[m.source_id], m.text) for m in g.members[1:] if not m.hype],
        evidence=_evidence(g, cited, number),
        unaligned=[Evidence(number[c.source_id], c.text, why) for c, why in g.unaligned],
    )


def _evidence(g: Group, cited: list[int], number: dict[str, int]) -> list[Evidence]:
    """Each cited source's own sentence, with why it was aligned with the group's claim."""
    by_number = {number[m.source_id]: m for m in g.members}
    seed_why = "shown" if not g.why else "seed of the group"
    return [Evidence(n, by_number[n].text, "shown" if by_number[n] is g.best else g.why.get(by_number[n].id, seed_why))
            for n in cited]


def figure_rows(items: list[Item], texts: dict[int, str]) -> list[FigureRow]:
    """One row per figure with a known measure, once, citing every item source that gives it as written.

    A merged item cites every source that reported the fact, but a paraphrase may
    not repeat the number: the figures table must not credit it with one. A
    figure whose measure is unknown, or only the noun it counts ("32 allies":
    allies), tells the reader nothing the item does not: it stays in the item.
    """
    rows: dict[tuple[str, str], FigureRow] = {}
    for item in items:
        for fig in item.figures:
            measure = readable_measure(fig)
            if not measure:
                continue
            surface = " ".join(fig.surface.split())
            cited = [n for n in item.sources if surface in texts.get(n, "")] or item.sources[:1]
            key = (surface.lower(), "")  # the same figure once, whatever each sentence says it measures
            if key in rows:
                rows[key].sources += [n for n in cited if n not in rows[key].sources]
            else:
                rows[key] = FigureRow(fig.surface, measure, cited, item.id, item.event)
    return list(rows.values())


_SINGULAR = re.compile(r"\b(?:he|she)\b", re.I)


def _carried(c: Candidate, previous: dict[tuple[str, int], Candidate]) -> Candidate:
    """A "he"/"she" sentence with no speaker takes the named person of the sentence just before it.

    The analysis carries a speaker over quoted sentences; this carries it over
    one plain sentence, as a reader does. A copy: the prepared corpus is shared.
    """
    if c.speaker or dangling(c.text) != "person" or not _SINGULAR.search(c.text):
        return c
    before = previous.get((c.source_id, c.order - 1))
    if before is None or not _a_person(before.speaker):
        return c
    return dataclasses.replace(c, speaker=before.speaker, role=before.role)


def _a_person(name: str | None) -> bool:
    """A personal name ("Mark Rutte"), not a group ("Energy ministers") or an organisation ("NATO")."""
    words = (name or "").split()
    return len(words) >= 2 and all(w[:1].isupper() and not w.isupper() for w in words)


class Chooser:
    """Key points and topic items for one per-topic word budget (words as rendered)."""

    def __init__(self, groups: list[Group], topics: list[Topic], profile: Profile, ctx: Context,
                 number: dict[str, int], events: list[Event], texts: dict[int, str], quotes_only: bool,
                 previous: dict[tuple[str, int], Candidate] | None = None, superseded: frozenset[str] = frozenset()):
        self.topics, self.profile, self.ctx, self.number = topics, profile, ctx, number
        self.superseded = superseded  # candidate ids whose figure a later day's coverage replaced
        self.events, self.texts, self.quotes_only = events, texts, quotes_only
        self.standalone = Standalone()
        groups = standalone(groups, profile.quotes, quotes_only, self.standalone, previous)
        self.pools = {t.id: [g for g in groups if g.topic == t.id] for t in topics}
        self.extra: list[Group] = []  # facts added after the floor, for words left over
        self.points_only: set[str] = set()  # topics shown by their key points alone (no room for more)
        self.kept: dict[str, list[Group]] = {}  # per topic, the section the last call chose
        self.points: dict[str, list[Group]] = {}  # per topic, its key points kept out of the section
        self._words: dict[int, int] = {}

    def item(self, g: Group, item_id: str) -> Item:
        return make_item(g, item_id, self.number, self.ctx, self.profile.quotes, self.quotes_only)

    def words(self, g: Group) -> int:
        """What the fact costs the reader: tag, text, speaker, citation and figures-table rows."""
        if id(g) not in self._words:
            self._words[id(g)] = budget.item_words(self.item(g, ""), self.events, self.profile.figures)
        return self._words[id(g)]

    def section(self, pool: list[Group], per_topic: int, shown: list[Group], floor: float) -> list[Group]:
        chosen = fill_section(pool, per_topic, self.profile.items_per_topic, self.ctx, self.words, shown, floor)
        here, taken = {id(g) for g in pool}, {id(g) for g in chosen}
        chosen += [g for g in self.extra if id(g) in here and id(g) not in taken]
        return sorted(chosen, key=lambda g: (self.ctx.event_kind.get(g.best.event or "") == "older", -g.score))

    def spare(self, per_topic: int) -> list[Group]:
        """Facts that could still join their section: worth showing, new, not a repeat, within its limits."""
        out = []
        for t in self.topics:
            kept = self.kept.get(t.id, [])
            if len(kept) >= self.profile.items_per_topic or t.id in self.points_only:
                continue
            shown = kept + self.points.get(t.id, [])
            taken = {id(g) for g in shown}
            used = sum(self.words(g) for g in kept)
            for g in self.pools[t.id]:
                if (id(g) not in taken and g.score >= MIN_SCORE and not is_older(g, self.ctx)
                        and used + self.words(g) <= per_topic and not redundant(g, shown, self.ctx)):
                    out.append(g)
        lead = {t.id: lead_score(self.pools[t.id], self.ctx) or 1.0 for t in self.topics}
        return sorted(out, key=lambda g: (-g.score / lead[g.topic] / math.sqrt(self.words(g)), g.best.id))

    def __call__(self, per_topic: int, floor: float) -> tuple[list[Item], dict[str, list[Item]]]:
        count = min(self.profile.key_points, KEY_POINTS_MAX)
        if self.profile.repeat_key_points or count <= 0:
            chosen = {t.id: self.section(self.pools[t.id], per_topic, [], floor) for t in self.topics}
            items = {t: [self.item(g, f"{t}-{k}") for k, g in enumerate(gs, 1)] for t, gs in chosen.items()}
            pairs = [pair for t in chosen for pair in zip(chosen[t], items[t])]
            self.kept = chosen
            return key_points(pairs, self.ctx, count, self.superseded), items
        # A profile that does not repeat key points picks them first, from each topic's best
        # few facts, and then fills every section with what is not already up there.
        pairs = [(g, self.item(g, "")) for t in self.topics
                 for g in shortlist(self.pools[t.id], KEY_POINTS_PER_TOPIC, self.ctx, self.words)]
        points = key_points(pairs, self.ctx, count, self.superseded)
        items = {}
        for t in self.topics:
            mine = [(g, i) for g, i in pairs if g.topic == t.id and any(i is p for p in points)]
            for k, (_, i) in enumerate(mine, 1):
                i.id = f"{t.id}-{k}"
            rest = [g for g in self.pools[t.id] if all(g is not m for m, _ in mine)]
            chosen = [] if t.id in self.points_only else self.section(rest, per_topic, [g for g, _ in mine], floor)
            self.kept[t.id], self.points[t.id] = chosen, [g for g, _ in mine]
            if mine and not chosen:  # nothing beyond its key points: render shows those once, up top
                items[t.id] = [i for _, i in mine]
                continue
            items[t.id] = [self.item(g, f"{t.id}-{k}") for k, g in enumerate(chosen, len(mine) + 1)]
        return points, items


def fill(briefing: Briefing, chooser: Chooser) -> None:
    """`fit` the items to the budgets, then show each figure in one table only."""
    fit(briefing, chooser)
    figures_once(briefing)


def name_context_speakers(conflicts: list[Conflict], cands: list[Candidate]) -> None:
    """Each disagreement's source sentence knows its speaker, so render can name them in it."""
    by_text = {" ".join(c.text.split()): c for c in cands}
    previous = {(c.source_id, c.order): c for c in cands}
    for conflict in conflicts:
        for version in conflict.versions:
            cand = by_text.get(" ".join(version.context.split()))
            if cand is not None:
                version.speaker = _carried(cand, previous).speaker


def figures_once(briefing: Briefing) -> None:
    """A figure in two topics' tables stays in the first, citing the sources of both."""
    first: dict[str, FigureRow] = {}
    for section in briefing.sections:
        kept = []
        for row in section.figures:
            key = " ".join(row.surface.split()).lower()
            if key in first:
                first[key].sources += [n for n in row.sources if n not in first[key].sources]
            else:
                first[key] = row
                kept.append(row)
        section.figures = kept


def fit(briefing: Briefing, chooser: Chooser) -> None:
    """Key points and topic items within the profile's budgets, counted as the reader sees them.

    `words_total` is the whole rendered document: headings, events and notes,
    key points, items, figures tables, disagreements, sources list and
    appendix (see budget.py). When everything worth showing does not fit, each
    topic drops its weakest facts first: the lowest share of its lead score
    (the floor) at which the document fits, then words left over go to the
    facts that give most for their length. Only when each topic's best facts
    alone are too long do the sections shrink below `words_per_topic`.
    """
    profile = chooser.profile
    fixed = budget.fixed_words(briefing, profile)  # the same whatever is chosen: counted once (1,000 sources...)

    def fits(per_topic: int, floor: float) -> bool:
        key_points, items = chooser(per_topic, floor)
        briefing.key_points = key_points
        for section in briefing.sections:
            section.items = items.get(section.topic, [])
            section.figures = figure_rows(section.items, chooser.texts) if profile.figures else []
        return fixed + budget.chosen_words(briefing, profile) <= profile.words_total

    cap = max(MIN_SECTION_WORDS, profile.words_per_topic)
    if fits(cap, 0.0):
        return
    if fits(cap, 1.0):
        lo, hi = 0.0, 1.0  # the floor: too many words at lo, fits at hi
        while hi - lo > FLOOR_STEP:
            mid = round((lo + hi) / 2, 4)
            lo, hi = (lo, mid) if fits(cap, mid) else (mid, hi)
        _top_up(chooser, lambda: fits(cap, hi), cap)
        return
    small, large = MIN_SECTION_WORDS, cap  # words per topic: fits at small (or nothing smaller helps)
    while large - small > BUDGET_STEP:
        mid = (small + large) // 2
        small, large = (mid, large) if fits(mid, 1.0) else (small, mid)
    if fits(small, 1.0) or profile.repeat_key_points:
        return
    # Still too long (a one-page summary): a topic already among the key points gives up its
    # further item, the weakest first, so that no key point has to go.
    points = {k.id for k in briefing.key_points}
    covered = {k.topic for k in briefing.key_points}
    further = [s for s in briefing.sections if s.topic in covered and any(i.id not in points for i in s.items)]
    for section in sorted(further, key=lambda s: (max(i.score for i in s.items), s.topic)):
        chooser.points_only.add(section.topic)
        briefing.fitting.append(f"{profile.name}: to fit {profile.words_total} words, the topic "
                                f"'{section.title}' shows only its key point")
        if fits(small, 1.0):
            return


def _top_up(chooser: Chooser, fits, per_topic: int) -> None:
    """Words the floor leaves over go to the facts that give the most for their length.

    Worth per word is the fact's share of its topic's lead score over the
    square root of its words, so a short fact is preferred at equal worth
    but a short trifle does not beat a substantial fact.
    """
    tried: set[int] = set()
    while True:
        spare = [g for g in chooser.spare(per_topic) if id(g) not in tried]
        if not spare:
            break
        tried.add(id(spare[0]))
        chooser.extra.append(spare[0])
        if not fits():
            chooser.extra.pop()
    fits()


def key_points(chosen: list[tuple[Group, Item]], ctx: Context, count: int,
               superseded: frozenset[str] = frozenset()) -> list[Item]:
    """The most corroborated, best-scored current facts: each topic's best first, at most two a topic.

    A fact whose figure later coverage replaced (`superseded`: candidate ids) is
    never a key point: the first day's death toll is history, not the news.

    A key point is read at a glance: one longer than KEY_POINT_WORDS goes after
    every concise one (it stays in its section), and a statement opening with
    a bare pronoun ("He argued ...") gives way to an equal one naming its subject.
    Every topic's best fact comes before any topic's second, so the key points
    cover the topics before they go deeper into one.
    """
    if count <= 0:
        return []

    def rank(gi: tuple[Group, Item]) -> tuple:
        g, item = gi
        pronoun = item.kind == "statement" and BARE_PRONOUN.match(item.text) is not None
        return (-independent_count(g.sources, ctx.syndicate),
                -(g.score - (PRONOUN_PENALTY if pronoun else 0.0)), item.id)

    pool = sorted(((word_count(i.text) > KEY_POINT_WORDS, rank((g, i)), i) for g, i in chosen
                   if not i.background and not (superseded and g.best.id in superseded)), key=lambda p: p[:2])
    depth: Counter[str] = Counter()  # how many better points the topic has
    order = []
    for long, place, item in pool:
        order.append((long, depth[item.topic or ""], place, item))
        depth[item.topic or ""] += 1
    picked = sorted((o for o in order if o[1] < KEY_POINTS_PER_TOPIC), key=lambda o: o[:3])[:count]
    return [item for *_, item in sorted(picked, key=lambda o: (o[0], o[2]))]
