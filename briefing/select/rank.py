"""Scoring facts and filling each topic section to its word budget.

A group's score is a weighted sum of visible parts (kept in `parts` for
--explain): how well it fits its topic, how central it is across all
sources, how many independent sources report it, whether a named speaker
said it, whether it carries figures, and where it sat in its article.
Hype, the writer's opinion and rhetorical questions are subtracted; facts
from an earlier event are scaled down. Sections are filled by MMR so a
section does not say one thing twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from briefing.select.candidates import Candidate
from briefing.select.merge import Group
from briefing.select.text import word_count

WEIGHTS = {"topic": 0.30, "centrality": 0.15, "corroboration": 0.20, "attribution": 0.20,
           "figures": 0.10, "position": 0.05}
HYPE_PENALTY = 0.15  # per hype or opinion cue in the writer's own words
MAX_HYPE_PENALTY = 0.6
QUESTION_PENALTY = 0.4
EVENT_FACTOR = {"main": 1.0, "other": 0.9, "older": 0.6}
MMR_LAMBDA = 0.75
REDUNDANT = 0.5  # cosine above which a sentence adds nothing to what is chosen
MIN_SCORE = 0.18  # below this a fact is not worth a reader's time
BACKGROUND_SHARE = 0.4  # at most this share of a section's words from earlier events


@dataclass
class Context:
    """What scoring needs to know about the whole set of sources."""

    cosine: np.ndarray  # candidate x candidate
    index: dict[str, int]  # candidate id -> row
    principals: set[str]  # speakers quoted by several sources (or the most quoted)
    source_precision: dict[str, float]
    official: dict[str, float]
    syndicate: dict[str, str]  # source id -> representative of its syndicated copies
    event_kind: dict[str, str]  # event id -> main / other / older
    max_sources: int  # most independent sources of any event


def attribution(c: Candidate, principals: set[str]) -> float:
    """A named principal's quote 1.0, their reported words 0.8; a saying verb alone 0.5."""
    if c.speaker:
        base = 1.0 if c.quote is not None else 0.8
        return base if c.speaker in principals else 0.85 * base
    return 0.5 if c.attributed else 0.0


def has_figures(c: Candidate) -> bool:
    return any(f.kind != "date" and f.unit != "year" for f in c.figures)


def quality(c: Candidate, ctx: Context) -> float:
    """How good this wording is as the one to show: precise, official, attributed, calm."""
    hype = min(1.0, len(c.hype) * 0.34)
    return round(0.3 * ctx.source_precision.get(c.source_id, 0.5) + 0.25 * ctx.official.get(c.source_id, 0.0)
                 + 0.2 * attribution(c, ctx.principals) + 0.15 * float(has_figures(c))
                 + 0.1 * (1.0 - hype), 4)


def centrality(cands: list[Candidate], cosine: np.ndarray, top: int = 5) -> dict[str, float]:
    """Mean similarity to the closest sentences of other sources, scaled to 0..1."""
    raw = {}
    for i, c in enumerate(cands):
        others = [cosine[i, j] for j, o in enumerate(cands) if o.source_id != c.source_id]
        raw[c.id] = float(np.mean(sorted(others, reverse=True)[:top])) if others else 0.0
    peak = max(raw.values(), default=0.0) or 1.0
    return {k: v / peak for k, v in raw.items()}


def score_group(g: Group, topic_fit: float, central: dict[str, float], ctx: Context) -> None:
    best = g.best
    independent = len({ctx.syndicate.get(s, s) for s in g.sources})
    parts = {
        "topic": topic_fit,
        "centrality": max(central.get(m.id, 0.0) for m in g.members),
        "corroboration": (independent - 1) / max(1, ctx.max_sources - 1),
        "attribution": max(attribution(m, ctx.principals) for m in g.members),
        "figures": float(any(has_figures(m) for m in g.members)),
        "position": 1.0 - best.position,
    }
    raw = sum(WEIGHTS[k] * v for k, v in parts.items())
    factor = EVENT_FACTOR[ctx.event_kind.get(best.event or "", "other")]
    penalty = min(MAX_HYPE_PENALTY, HYPE_PENALTY * len(best.hype)) + (QUESTION_PENALTY if best.question else 0.0)
    g.parts = {k: round(WEIGHTS[k] * v, 4) for k, v in parts.items()}
    g.parts["event"] = round(raw * factor - raw, 4)
    g.parts["tone"] = -round(penalty, 4)
    g.score = round(raw * factor - penalty, 4)


def fill_section(groups: list[Group], budget: int, max_items: int, ctx: Context,
                 shown_words) -> list[Group]:
    """MMR within the word budget: high score, not redundant with what is chosen."""
    pool = sorted(groups, key=lambda g: (-g.score, g.best.id))
    chosen: list[Group] = []
    used = background = 0
    while pool and len(chosen) < max_items:
        best_i, best_val = None, -1e9
        for i, g in enumerate(pool):
            overlap = max((ctx.cosine[ctx.index[g.best.id], ctx.index[c.best.id]] for c in chosen), default=0.0)
            value = MMR_LAMBDA * g.score - (1 - MMR_LAMBDA) * overlap
            if value > best_val:
                best_i, best_val = i, value
        g = pool.pop(best_i)
        if g.score < MIN_SCORE:
            break
        overlap = max((ctx.cosine[ctx.index[g.best.id], ctx.index[c.best.id]] for c in chosen), default=0.0)
        words = shown_words(g)
        older = ctx.event_kind.get(g.best.event or "") == "older"
        if overlap >= REDUNDANT or used + words > budget:
            continue
        if older and background + words > BACKGROUND_SHARE * budget:
            continue
        chosen.append(g)
        used += words
        background += words if older else 0
    return chosen


def text_words(text: str) -> int:
    return word_count(text)
