"""Counting a briefing in the words its reader sees.

A profile's `words_total` is the whole document as rendered: title and
coverage line, the events list and notes, key points, topic items with
their event tags, speakers and citations, the figures tables, the
disagreements, the sources list and the appendix. Select knows all of it
except the items before it chooses them, so `fixed_words` counts the rest
from the briefing itself and the topics share what is left. The counts follow
how render lays a briefing out (render/content.py); benchmarks/selection.py
prints this estimate beside the words of the real rendered document.

A word is a run of non-space characters with a letter or digit in it: a
citation "[1][4]" is one, a bullet or a dash is none.
"""

from __future__ import annotations

import os
import re

from briefing.config import Profile
from briefing.model import Briefing, Event, Item
from briefing.select.attribution import attribute
from briefing.select.figures import readable_measure

_WORD = re.compile(r"\S*[^\W_]\S*")
HEADINGS = {"summary": 1, "key_points": 2, "conflicts": 2, "sources": 1, "dates": 7, "coverage": 6}
CITE_NOTE = 17  # "Where an item cites several sources, the first gave its wording; ..."
TABLE_HEAD = 6  # "Figures", then "Figure | What it measures | Sources"
MATRIX_CAPTION = 4  # "Source" over the rows, "Sources per topic" under them
MATRIX_NOTE = 20  # the PDF's line under the grid ("a filled cell means ...")


def words(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


def tag_words(item: Item, events: list[Event]) -> int:
    """Words of the mark an item from another event carries ("earlier event"); undated items carry none."""
    event = next((e for e in events if e.id == item.event), None)
    if item.background:
        return 2
    return 0 if event is None or event.main or event.date is None else 2


def item_words(item: Item, events: list[Event], figures: bool) -> int:
    """One item as shown: tag, text, who said it, citation, and its rows in the figures table."""
    text, attribution = attribute(item.text, item.kind, item.speaker, item.role)
    n = tag_words(item, events) + words(text) + words(attribution) + 1
    if figures:
        shown = [(f, readable_measure(f)) for f in item.figures]
        n += sum(words(f.surface) + words(measure) + 1 for f, measure in shown if measure)
    return n


def chosen_words(briefing: Briefing, profile: Profile) -> int:
    """Key points and topic items, with the figures tables they bring."""
    titles = {s.topic: s.title for s in briefing.sections}
    n = sum(item_words(i, briefing.events, False) + words(titles.get(i.topic or "")) for i in briefing.key_points)
    shown = {i.id for i in briefing.key_points}
    for section in briefing.sections:
        items = [i for i in section.items if profile.repeat_key_points or i.id not in shown]
        n += sum(item_words(i, briefing.events, profile.figures) for i in items)
        n += TABLE_HEAD if profile.figures and any(i.figures for i in items) else 0
    return n


def fixed_words(briefing: Briefing, profile: Profile) -> int:
    """Everything but key points and items: it does not change with what is chosen."""
    parts = set(profile.sections)
    n = words(briefing.title) + words(profile.label) + 3 + 2 * words(profile.marking)  # "Generated 15 Oct 2025"
    n += sum(HEADINGS.get(p, 0) for p in parts)
    if "summary" in parts:  # "5 sources (A, B; outlet unknown for 3); dated X to Y; 2 undated."
        n += 2 + sum(words(o) for o in briefing.coverage.outlets) + 4 + 8 + 2
    if "events" in parts:  # one line: "Main event: 15 Oct 2025 [1][4] · earlier event: 18 Oct 2024 [5] · undated: [2]"
        n += sum((3 if e.date else 0) + 2 + (1 if e.sources else 0) for e in briefing.events)
    if "dates" in parts:  # the appendix: how dates and events were worked out
        n += sum(words(note) for note in briefing.notes) + words(briefing.event_summary)
    if "topics" in parts:
        for section in briefing.sections:
            n += words(section.title) + (words(section.description) if profile.items_per_topic > 1 else 0)
    if "conflicts" in parts:
        for c in briefing.conflicts:
            n += words(c.measure) + words(c.summary)
            n += sum(words(v.text) + 1 + words(v.context) for v in c.versions)
    if "sources" in parts:
        n += CITE_NOTE + sum(_source_words(s) for s in briefing.sources)
    if "coverage" in parts:
        n += MATRIX_CAPTION + MATRIX_NOTE + sum(words(s.title) for s in briefing.sections) + len(briefing.sections)
        n += sum(1 + words(_label(s)) for s in briefing.sources)
    return n


def _label(s) -> str:
    """How render names a source: outlet, headline, opening words, file name."""
    return s.outlet or s.title or s.opening or os.path.basename(s.file or s.id)


def _source_words(s) -> int:
    """"[2] UK Defence Journal — “Headline”. George Allison. Undated. https://..."."""
    title = words(s.title) if s.outlet else 0
    unknown = 0 if s.outlet else 2 if s.title else 4 if s.opening else 0  # "Outlet (and title) unknown"
    return 1 + words(_label(s)) + title + words(s.author) + (3 if s.date else 1) + unknown + (1 if s.url else 0)


def total_words(briefing: Briefing, profile: Profile) -> int:
    return fixed_words(briefing, profile) + chosen_words(briefing, profile)
