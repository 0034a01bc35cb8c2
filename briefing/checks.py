"""Warnings about a build that worked but may not be what the user meant.

The build still succeeds; these lines tell the user where to look (a topic
that found nothing, a date range that kept only undated sources).
"""

from __future__ import annotations

from pathlib import Path

from briefing.config import Topic
from briefing.model import Document
from briefing.plural import counted


def date_range_warning(documents: list[Document], since: str | None, until: str | None) -> list[str]:
    """--since/--until left no dated source: the briefing rests on undated sources alone."""
    if not (since or until) or not documents or any(d.source.date for d in documents):
        return []
    options = " and ".join(f"{name} {value}" for name, value in (("--since", since), ("--until", until)) if value)
    return [f"{options} kept no dated source; the briefing is built from "
            f"{counted(len(documents), 'undated source')} only (widen the dates or check the sources' dates "
            "with `briefing inspect`)"]


def unmatched_topics(topics: list[Topic], matched: set[str | None], topics_file: Path | None) -> list[str]:
    """One line per topic that no passage of the sources was assigned to."""
    where = f" in {topics_file}" if topics_file else ""
    return [f"topic '{t.name}' ({t.id}) matched nothing in the sources; check its terms{where}"
            for t in topics if t.id not in matched]
