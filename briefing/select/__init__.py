"""Select: topics, ranking and the Briefing model (placeholder until issue 5 lands)."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.config import Profile, Topic
from briefing.model import Analysis, Briefing, Coverage, Document, Item, Section, SourceEntry


@dataclass
class SelectOptions:
    title: str | None = None
    generated: str = ""
    since: str | None = None
    until: str | None = None


def filter_by_date(documents: list[Document], since: str | None, until: str | None) -> list[Document]:
    """Keep sources dated within [since, until]; undated sources are kept."""
    def inside(doc: Document) -> bool:
        date = doc.source.date
        return date is None or ((not since or date >= since) and (not until or date <= until))
    return [d for d in documents if inside(d)]


def _terms(topic: Topic) -> list[str]:
    return [t.lower() for t in topic.terms]


def select(documents: list[Document], analyses: list[Analysis], topics: list[Topic],
           profile: Profile, options: SelectOptions) -> Briefing:
    entries = [
        SourceEntry(number=n, id=d.source.id, file=d.source.path, outlet=d.source.outlet,
                    title=d.source.title, author=d.source.author, date=d.source.date, url=d.source.url)
        for n, d in enumerate(documents, 1)
    ]
    number = {e.id: e.number for e in entries}
    sections, matrix = [], {}
    for topic in topics:
        items = []
        for analysis in analyses:
            for sent in analysis.sentences:
                hits = [t for t in _terms(topic) if t in sent.text.lower()]
                if hits:
                    items.append(Item(id=f"{topic.id}-{len(items) + 1}", kind="statement", text=sent.text,
                                      sources=[number[analysis.source_id]], topic=topic.id,
                                      score=float(len(hits)), matched_terms=hits))
        items.sort(key=lambda i: -i.score)
        chosen = items[: profile.items_per_topic]
        matrix[topic.id] = sorted({n for i in items for n in i.sources})
        sections.append(Section(topic=topic.id, title=topic.name, description=topic.description, items=chosen))
    dates = sorted(d.source.date for d in documents if d.source.date)
    coverage = Coverage(sources=len(documents), outlets=sorted({d.source.outlet for d in documents if d.source.outlet}),
                        date_from=dates[0] if dates else None, date_to=dates[-1] if dates else None,
                        undated=sum(1 for d in documents if not d.source.date))
    key_points = sorted((s.items[0] for s in sections if s.items), key=lambda i: -i.score)[: profile.key_points]
    return Briefing(title=options.title or "Briefing", generated=options.generated, audience=profile.name,
                    coverage=coverage, key_points=key_points, sections=sections, sources=entries,
                    matrix=matrix, marking=profile.marking)
