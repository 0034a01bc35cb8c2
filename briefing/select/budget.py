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

_WORD = re.compile(r"\S*[^\W_]\S*")
_PRONOUN = re.compile(r"(?:He|She|They)\s")  # render names the speaker after these: "He [Ann Lee] said"
HEADINGS = {"summary": 1, "events": 3, "key_points": 2, "conflicts": 2, "sources": 1, "coverage": 6}
CITE_NOTE = 17  # "Where an item cites several sources, the first gave its wording; ..."
TABLE_HEAD = 6  # "Figures", then "Figure | What it measures | Sources"
MATRIX_CAPTION = 4  # "Source" over the rows, "Sources per topic" under them
MATRIX_NOTE = 20  # the PDF's line under the grid ("a filled cell means ...")


def words(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


def tag_words(item: Item, events: list[Event]) -> int:
    """Words of the label an item from another event carries ("Earlier event: 18 Oct 2024")."""
    event = next((e for e in events if e.id == item.event), None)
    if event is None:
        return 2 if item.background else 0
    if event.main:
        return 0
    if event.date is None:  # "Date unknown", with its sources when several events are undated
        several = sum(1 for e in events if e.date is None) > 1
        return words(event.label) + (1 + len(event.sources) if several else 0)
    return 2 + words(event.label)


def item_words(item: Item, events: list[Event], figures: bool) -> int:
    """One item as shown: tag, text, who said it, citation, and its rows in the figures table."""
    n = tag_words(item, events) + words(item.text) + 1
    if item.kind == "quote":
        n += words(item.speaker or "unknown speaker") + words(item.role)
    elif item.speaker and _PRONOUN.match(item.text):
        n += words(item.speaker)
    if figures:
        n += sum(words(f.surface) + words(f.measure or "unknown") + 1 for f in item.figures)
    return n


def chosen_words(briefing: Briefing, profile: Profile) -> int:
    """Key points and topic items, with the figures tables they bring."""
    n = sum(item_words(i, briefing.events, False) for i in briefing.key_points)
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
    if "events" in parts:
        for e in briefing.events:
            status = 2 if e.main else 5 if e.date else 0  # "main event", "earlier event, shown as background"
            n += (words(e.label) if e.date else 2) + (1 if e.sources else 0) + status
        n += sum(words(note) for note in briefing.notes)
        n += 0 if briefing.events else words(briefing.event_summary)
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
        n += sum(1 + words(s.outlet or os.path.basename(s.file or s.id)) for s in briefing.sources)
    return n


def _source_words(s) -> int:
    """"[2] UK Defence Journal — George Allison. Title and date unknown. File: x.txt"."""
    label = s.outlet or os.path.basename(s.file or s.id)
    known = words(s.title) + words(s.author) + (3 if s.date else 0)
    missing = sum(1 for v in (s.outlet, s.title, s.author, s.date) if not v)
    unknown = missing + (1 if missing > 1 else 0) + (1 if missing else 0)  # "title and date unknown"
    return 1 + words(label) + known + unknown + (2 if s.outlet else 0)


def total_words(briefing: Briefing, profile: Profile) -> int:
    return fixed_words(briefing, profile) + chosen_words(briefing, profile)
