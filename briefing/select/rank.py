"""Scoring facts and filling each topic section to its word budget.

A group's score is a weighted sum of visible parts (kept in `parts` for
--explain): how well it fits its topic, how central it is across all
sources, how many independent sources report it, whether a named speaker
said it, whether it carries figures, and whether it leads its article.
Hype, the writer's opinion and rhetorical questions are subtracted; facts
from an earlier event are scaled down. Sections are filled by MMR so a
section does not say one thing twice.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

from briefing.select.candidates import Candidate
from briefing.select.merge import Group, independent_count
from briefing.select.similar import NEAREST, Similarity
from briefing.select.text import word_count

WEIGHTS = {"topic": 0.28, "centrality": 0.15, "corroboration": 0.20, "attribution": 0.17,
           "figures": 0.15, "lead": 0.05}
HYPE_PENALTY = 0.15  # per hype or opinion cue in the writer's own words
MAX_HYPE_PENALTY = 0.6
QUESTION_PENALTY = 0.4
EVENT_FACTOR = {"main": 1.0, "other": 0.9, "older": 0.6}
MMR_LAMBDA = 0.75
REDUNDANT = 0.5  # cosine above which a sentence adds nothing to what is chosen
MIN_SCORE = 0.2  # below this a fact is not worth a reader's time
BACKGROUND_SHARE = 0.4  # at most this share of a section's words from earlier events
BACKGROUND_SLOTS = 2  # items from earlier events a full section keeps at least
LEAD_FACTS = 3  # a topic's leading facts, which set the bar for the rest when words are short


@dataclass
class Context:
    """What scoring needs to know about the whole set of sources."""

    sim: Similarity  # sentence similarity (similar.py)
    index: dict[str, int]  # candidate id -> row in `sim`
    principals: set[str]  # speakers quoted by several sources (or the most quoted)
    source_precision: dict[str, float]
    official: dict[str, float]
    syndicate: dict[str, str]  # source id -> representative of its syndicated copies
    event_kind: dict[str, str]  # event id -> main / other / older
    max_sources: int  # most independent sources of any event

    def cosine(self, a: Group, b: Group) -> float:
        """How much two facts' shown sentences overlap."""
        return self.sim.cosine(self.index[a.best.id], self.index[b.best.id])


def attribution(c: Candidate, principals: set[str]) -> float:
    """A named principal's quote 1.0, their reported words 0.8; a saying verb alone 0.5."""
    if c.speaker:
        base = 1.0 if c.quote is not None else 0.8
        return base if c.speaker in principals else 0.85 * base
    return 0.5 if c.attributed else 0.0


def has_figures(c: Candidate) -> bool:
    return figure_weight(c) > 0


def figure_weight(c: Candidate) -> float:
    """Sums of money and percentages are the hard facts; counts a little less; dates none."""
    best = 0.0
    for f in c.figures:
        if f.kind == "date" or f.unit == "year":
            continue
        best = max(best, 1.0 if f.kind in ("money", "percent") or f.unit == "%" else 0.6)
    return best


def quality(c: Candidate, ctx: Context) -> float:
    """How good this wording is as the one to show: precise, official, attributed, calm, concise."""
    hype = min(1.0, len(c.hype) * 0.34)
    concise = min(1.0, 25 / max(1, word_count(c.text)))
    return round(0.25 * ctx.source_precision.get(c.source_id, 0.5) + 0.2 * ctx.official.get(c.source_id, 0.0)
                 + 0.2 * attribution(c, ctx.principals) + 0.15 * float(has_figures(c))
                 + 0.1 * (1.0 - hype) + 0.1 * concise, 4)


def centrality(cands: list[Candidate], sim: Similarity) -> dict[str, float]:
    """Mean similarity to the closest sentences of other sources, scaled to 0..1.

    The mean is over the NEAREST closest (fewer when other sources have
    fewer sentences); a sentence the blocking never paired counts as 0.
    """
    raw = {}
    for i, c in enumerate(cands):
        count = min(NEAREST, sim.others[i])
        raw[c.id] = sum(sim.nearest[i]) / count if count else 0.0
    peak = max(raw.values(), default=0.0) or 1.0
    return {k: v / peak for k, v in raw.items()}


def score_group(g: Group, topic_fit: float, central: dict[str, float], ctx: Context) -> None:
    best, own = g.best, g.own
    independent = independent_count([m.source_id for m in own], ctx.syndicate)
    parts = {
        "topic": topic_fit,
        "centrality": max(central.get(m.id, 0.0) for m in own),
        "corroboration": (independent - 1) / max(1, ctx.max_sources - 1),
        "attribution": max(attribution(m, ctx.principals) for m in own),
        "figures": max(figure_weight(m) for m in own),
        "lead": 1.0 / (1 + best.order),  # news puts the most important thing first
    }
    raw = sum(WEIGHTS[k] * v for k, v in parts.items())
    factor = EVENT_FACTOR[ctx.event_kind.get(best.event or "", "other")]
    penalty = min(MAX_HYPE_PENALTY, HYPE_PENALTY * len(best.hype)) + (QUESTION_PENALTY if best.question else 0.0)
    g.parts = {k: round(WEIGHTS[k] * v, 4) for k, v in parts.items()}
    g.parts["event"] = round(raw * factor - raw, 4)
    g.parts["tone"] = -round(penalty, 4)
    g.score = round(raw * factor - penalty, 4)


def fill_section(groups: list[Group], budget: int, max_items: int, ctx: Context,
                 shown_words, already: list[Group] | None = None, floor: float = 0.0) -> list[Group]:
    """MMR within the word budget: a fair share of background, then current facts.

    Facts from earlier events get slots (see `background_slots`) and at most
    BACKGROUND_SHARE of the words, so the reader sees what came before;
    everything left goes to what is new. A current fact scoring below `floor`
    times the topic's `lead_score` is left out: when words are short, each
    topic keeps the facts that stand up to its leading ones. A topic not
    shown elsewhere always shows its best current fact, even one longer than
    the budget.
    `already` holds facts shown elsewhere (key points kept out of the
    sections): nothing here may repeat them.
    """
    already = list(already or [])
    older = [g for g in groups if is_older(g, ctx)]
    current = [g for g in groups if not is_older(g, ctx)]
    reserve = background_slots(older, current, budget, max_items, shown_words)
    first = _mmr(current, already, 10**9, 1, ctx, shown_words)  # the fact this section leads with
    bar = floor * lead_score(current + already, ctx)
    current = [g for g in current if g.score >= bar or any(g is f for f in first)]
    bg_cap = int(BACKGROUND_SHARE * budget)
    planned = _mmr(older, already, bg_cap, reserve, ctx, shown_words)  # what background would take
    chosen = _mmr(current, already, budget - sum(shown_words(g) for g in planned), max_items - len(planned),
                  ctx, shown_words) or ([] if already else first[:max_items])  # a topic with something to say says it
    used = sum(shown_words(g) for g in chosen)
    # background that repeats a current fact adds nothing: checked against what is chosen
    background = _mmr(older, already + chosen, min(bg_cap, budget - used), reserve, ctx, shown_words)
    used += sum(shown_words(g) for g in background)
    rest = [g for g in current if g not in chosen]
    chosen += _mmr(rest, already + chosen, budget - used, max_items - len(chosen) - len(background), ctx,
                   shown_words)
    return chosen + background


def lead_score(groups: list[Group], ctx: Context) -> float:
    """The mean score of a topic's LEAD_FACTS best current facts: the bar its other facts are held to.

    A mean, not the best alone, so one outstanding fact does not push out
    the facts a topic would otherwise show.
    """
    best = sorted((g.score for g in groups if not is_older(g, ctx)), reverse=True)[:LEAD_FACTS]
    return sum(best) / len(best) if best else 0.0


def background_slots(older: list[Group], current: list[Group], budget: int, max_items: int,
                     shown_words) -> int:
    """Slots for earlier events: two, or their share of the facts worth showing if larger.

    An earlier meeting with many distinct facts on a topic deserves more than
    a token mention; a third of the section is the most background may take.
    """
    if not older or max_items < 4:
        return 0
    worth_old = [g for g in older if g.score >= MIN_SCORE]
    worth = worth_old + [g for g in current if g.score >= MIN_SCORE]
    if not worth_old:
        return 0
    mean = sum(shown_words(g) for g in worth) / len(worth)
    expected = min(max_items, budget / max(1.0, mean))  # items the section will hold
    fair = math.ceil(len(worth_old) / len(worth) * expected)
    return min(max(BACKGROUND_SLOTS if max_items >= 6 else 1, fair), max_items // 3)


def shortlist(groups: list[Group], count: int, ctx: Context, shown_words) -> list[Group]:
    """The `count` best current facts by MMR, whatever their length: candidates for key points."""
    return _mmr([g for g in groups if not is_older(g, ctx)], [], 10**9, count, ctx, shown_words)


def redundant(g: Group, shown: list[Group], ctx: Context) -> bool:
    """Says what a shown fact already says (as MMR judges it)."""
    return any(ctx.cosine(g, c) >= REDUNDANT for c in shown)


def is_older(g: Group, ctx: Context) -> bool:
    return ctx.event_kind.get(g.best.event or "") == "older"


def _mmr(pool: list[Group], already: list[Group], budget: int, max_items: int, ctx: Context,
         shown_words) -> list[Group]:
    """Maximal marginal relevance: pick the best score less overlap with what is shown, until full.

    The value of a fact only falls as facts are chosen (its overlap is a
    maximum over a growing set), so a heap of values computed earlier holds
    upper bounds: a fact popped with an up-to-date value is the best one
    (ties go to the higher score, then the id, as in a plain scan). Facts
    too long for the words left are dropped as the plain scan would, and it
    stops once no fact left is short enough to fit.
    """
    ranked = sorted(pool, key=lambda g: (-g.score, g.best.id))
    shown = list(already)
    overlap = [0.0] * len(ranked)
    seen = [0] * len(ranked)  # how many shown facts each overlap has taken in (none yet: an upper bound)
    heap = [(-_value(g, 0.0), k) for k, g in enumerate(ranked)]
    heapq.heapify(heap)
    shortest = min((shown_words(g) for g in ranked), default=0)
    chosen: list[Group] = []
    used = 0
    while heap and len(chosen) < max_items and used + shortest <= budget:
        _, k = heapq.heappop(heap)
        g = ranked[k]
        if seen[k] < len(shown):  # stale: take in the facts chosen since, and queue it again
            overlap[k] = max([overlap[k]] + [ctx.cosine(g, c) for c in shown[seen[k]:]])
            seen[k] = len(shown)
            heapq.heappush(heap, (-_value(g, overlap[k]), k))
            continue
        if g.score < MIN_SCORE:
            break
        words = shown_words(g)
        if overlap[k] >= REDUNDANT or used + words > budget:
            continue
        chosen.append(g)
        shown.append(g)
        used += words
    return chosen


def _value(g: Group, overlap: float) -> float:
    return MMR_LAMBDA * g.score - (1 - MMR_LAMBDA) * overlap


def text_words(text: str) -> int:
    return word_count(text)
