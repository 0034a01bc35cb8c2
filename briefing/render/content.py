"""What a briefing shows for one audience, decided once for every format.

`build_view` turns the Briefing (the JSON contract) and a Profile into a View:
the sections in the profile's order, word budgets applied, citations and
"unknown" fields spelled out, and every string cleaned of characters no format
can carry. Renderers only lay the View out and escape it for their format, so
DOCX, PDF, HTML and Markdown always say the same thing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from briefing.config import Profile
from briefing.model import Briefing, Item
from briefing.render.safe import clean, safe_url

SECTIONS = ("summary", "events", "key_points", "topics", "conflicts", "quotes", "sources", "coverage")
SECTION_TITLES = {
    "summary": "Coverage",
    "events": "Events and dates",
    "key_points": "Key points",
    "topics": "By topic",
    "conflicts": "Sources disagree",
    "quotes": "Quotes",
    "sources": "Sources",
    "coverage": "Appendix: which source covered which topic",
}
UNKNOWN_SPEAKER = "unknown speaker"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass
class Line:
    """One item as shown: verbatim text plus the sources that reported it."""

    id: str
    kind: str  # statement or quote
    text: str
    cites: list[int]
    speaker: str = ""
    role: str = ""
    tag: str = ""  # e.g. "Earlier event, 18 Oct 2024"
    topic: str = ""


@dataclass
class FigureLine:
    surface: str
    measure: str
    cites: list[int]


@dataclass
class TopicView:
    id: str
    title: str
    description: str
    lines: list[Line] = field(default_factory=list)
    figures: list[FigureLine] = field(default_factory=list)


@dataclass
class Version:
    text: str
    context: str
    cites: list[int]


@dataclass
class ConflictView:
    measure: str
    summary: str
    topic: str
    versions: list[Version]


@dataclass
class EventView:
    label: str
    date: str
    cites: list[int]
    main: bool


@dataclass
class QuoteRow:
    quote: str
    speaker: str
    role: str
    cites: list[int]
    outlets: str
    date: str
    topic: str


@dataclass
class SourceView:
    number: int
    anchor: str
    outlet: str
    title: str
    author: str
    date: str
    url: str | None
    file: str
    duplicates: list[str]


@dataclass
class MatrixRow:
    number: int
    label: str
    cells: list[bool]


@dataclass
class Matrix:
    topics: list[str]
    rows: list[MatrixRow]
    totals: list[int]


@dataclass
class View:
    title: str
    label: str
    audience: str
    marking: str
    author: str
    generated: str
    coverage: str
    sections: list[str]
    key_points: list[Line]
    notes: list[str]
    events: list[EventView]
    topics: list[TopicView]
    conflicts: list[ConflictView]
    quotes: list[QuoteRow]
    sources: list[SourceView]
    matrix: Matrix
    skipped: list[str]
    section_titles: dict[str, str]
    words: int = 0


# ------------------------------------------------------------------ helpers


def human_date(iso: str | None) -> str:
    """"2025-10-15" -> "15 Oct 2025"; anything unparseable is shown as given, None as unknown."""
    if not iso:
        return "unknown"
    try:
        day = date.fromisoformat(str(iso)[:10])
    except ValueError:
        return clean(iso)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def anchor(number: int) -> str:
    return f"src{number}"


def timestamp(briefing: Briefing) -> datetime:
    """The time stamped into output metadata: SOURCE_DATE_EPOCH, else the generation date.

    Never the wall clock, so the same Briefing always gives the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    try:
        day = date.fromisoformat(briefing.generated[:10])
    except ValueError:
        day = date(2000, 1, 1)
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def words(text: str) -> int:
    return len(text.split())


def marking_of(briefing: Briefing, profile: Profile) -> str:
    return clean(profile.marking or briefing.marking or "").upper()


# ------------------------------------------------------------------ building


def _event_tags(briefing: Briefing) -> dict[str, str]:
    tags = {}
    for event in briefing.events:
        if not event.main:
            when = human_date(event.date) if event.date else "date unknown"
            tags[event.id] = f"Earlier event: {clean(event.label)}, {when}"
    return tags


def _line(item: Item, topic: str, tags: dict[str, str]) -> Line:
    speaker = clean(item.speaker)
    if item.kind == "quote" and not speaker:
        speaker = UNKNOWN_SPEAKER
    tag = tags.get(item.event or "", "")
    if item.background and not tag:
        tag = "Background: earlier event"
    return Line(id=item.id, kind=item.kind, text=clean(item.text).strip("\"“”‘’ "), cites=list(item.sources),
                speaker=speaker, role=clean(item.role), tag=tag, topic=topic)


def _coverage_line(briefing: Briefing) -> str:
    cov = briefing.coverage
    outlets = [clean(o) for o in cov.outlets if clean(o)]
    no_outlet = sum(1 for s in briefing.sources if not clean(s.outlet))
    parts = [f"{cov.sources} source{'s' if cov.sources != 1 else ''}"]
    named = ", ".join(outlets) if outlets else "no outlet named"
    if no_outlet and outlets:
        named += f"; outlet unknown for {no_outlet}"
    parts[0] += f" ({named})"
    if cov.date_from and cov.date_to and cov.date_from != cov.date_to:
        parts.append(f"dated {human_date(cov.date_from)} to {human_date(cov.date_to)}")
    elif cov.date_from or cov.date_to:
        parts.append(f"dated {human_date(cov.date_from or cov.date_to)}")
    else:
        parts.append("no source dated")
    if cov.undated:
        parts.append(f"{cov.undated} undated")
    return "; ".join(parts) + "."


def _budgeted_topics(briefing: Briefing, profile: Profile, shown: set[str], tags, budget: float,
                     spent: int) -> tuple[list[TopicView], int]:
    """Round-robin over topics so the first topic cannot eat the whole word budget."""
    per_topic = max(1, int(profile.words_per_topic * budget))
    total = int(profile.words_total * budget)
    max_items = max(1, int(round(profile.items_per_topic * budget))) if profile.items_per_topic else 0
    views, pools, used = [], [], []
    for section in briefing.sections:
        pool = [i for i in section.items
                if (profile.quotes or i.kind != "quote") and (profile.repeat_key_points or i.id not in shown)]
        views.append(TopicView(id=section.topic, title=clean(section.title), description=clean(section.description)))
        pools.append(pool)
        used.append(0)
    rank = 0
    while max_items and rank < max_items and any(rank < len(p) for p in pools):
        for view, pool, n in zip(views, pools, range(len(pools))):
            if rank >= len(pool):
                continue
            line = _line(pool[rank], view.title, tags)
            cost = words(line.text)
            first = rank == 0
            if not first and (used[n] + cost > per_topic or spent + cost > total):
                pools[n] = pool[:rank]  # this topic is full
                continue
            view.lines.append(line)
            used[n] += cost
            spent += cost
        rank += 1
    if profile.figures:
        for view, section in zip(views, briefing.sections):
            view.figures = [FigureLine(surface=clean(f.surface), measure=clean(f.measure) or "unknown",
                                       cites=list(f.sources)) for f in section.figures]
    return views, spent


def _quotes(briefing: Briefing, profile: Profile, tags) -> list[QuoteRow]:
    if not profile.quotes:
        return []
    rows, seen, spent = [], set(), 0
    titles = {s.topic: clean(s.title) for s in briefing.sections}
    items = [(i, titles.get(i.topic or "", "")) for i in briefing.key_points]
    items = [(i, s.title) for s in briefing.sections for i in s.items] + items
    for item, topic in items:
        if item.kind != "quote" or item.id in seen:
            continue
        line = _line(item, clean(topic), tags)
        if rows and spent + words(line.text) > profile.words_total:
            break
        seen.add(item.id)
        spent += words(line.text)
        first = briefing.source(item.sources[0]) if item.sources else None
        outlets = "; ".join(clean(briefing.source(n).outlet) or "outlet unknown" for n in item.sources)
        rows.append(QuoteRow(quote=line.text, speaker=line.speaker, role=line.role or "unknown",
                             cites=line.cites, outlets=outlets,
                             date=human_date(first.date if first else None), topic=line.topic))
    return rows


def _sources(briefing: Briefing) -> list[SourceView]:
    views = []
    for s in briefing.sources:
        views.append(SourceView(
            number=s.number, anchor=anchor(s.number),
            outlet=clean(s.outlet) or "outlet unknown", title=clean(s.title) or "title unknown",
            author=clean(s.author) or "author unknown", date=human_date(s.date) if s.date else "date unknown",
            url=safe_url(s.url), file=clean(os.path.basename(s.file or "")) or clean(s.id),
            duplicates=[clean(os.path.basename(d)) for d in s.duplicates]))
    return views


def _matrix(briefing: Briefing) -> Matrix:
    titles = {s.topic: clean(s.title) for s in briefing.sections}
    ids = [s.topic for s in briefing.sections] + [t for t in briefing.matrix if t not in titles]
    covered = {t: set(briefing.matrix.get(t, [])) for t in ids}
    rows = [MatrixRow(number=s.number, label=clean(s.outlet) or clean(os.path.basename(s.file or "")) or s.id,
                      cells=[s.number in covered[t] for t in ids]) for s in briefing.sources]
    totals = [sum(1 for r in rows if r.cells[k]) for k in range(len(ids))]
    return Matrix(topics=[titles.get(t, clean(t)) for t in ids], rows=rows, totals=totals)


def build_view(briefing: Briefing, profile: Profile, budget: float = 1.0) -> View:
    """Everything the audience sees, in order; `budget` < 1 shrinks word budgets to fit a page."""
    tags = _event_tags(briefing)
    titles = {s.topic: clean(s.title) for s in briefing.sections}
    n_points = max(0, min(profile.key_points, int(round(profile.key_points * budget)) or 3))
    key_points = [_line(i, titles.get(i.topic or "", ""), tags) for i in briefing.key_points[:n_points]]
    spent = sum(words(line.text) for line in key_points)
    topics, spent = _budgeted_topics(briefing, profile, {i.id for i in briefing.key_points[:n_points]},
                                     tags, budget, spent)
    conflicts = [ConflictView(measure=clean(c.measure), summary=clean(c.summary), topic=titles.get(c.topic or "", ""),
                              versions=[Version(text=clean(v.text), context=clean(v.context), cites=list(v.sources))
                                        for v in c.versions]) for c in briefing.conflicts]
    events = [EventView(label=clean(e.label), date=human_date(e.date), cites=list(e.sources), main=e.main)
              for e in briefing.events]
    sections = [s for s in profile.sections if s in SECTIONS]
    view = View(
        title=clean(briefing.title) or "Briefing", label=clean(profile.label), audience=clean(profile.name),
        marking=marking_of(briefing, profile), author=clean(profile.author),
        generated=human_date(briefing.generated), coverage=_coverage_line(briefing), sections=sections,
        key_points=key_points, notes=[clean(n) for n in briefing.notes if clean(n)], events=events,
        topics=topics, conflicts=conflicts, quotes=_quotes(briefing, profile, tags) if "quotes" in sections else [],
        sources=_sources(briefing), matrix=_matrix(briefing), skipped=[clean(s) for s in briefing.skipped],
        section_titles=dict(SECTION_TITLES, **{k: clean(v) for k, v in profile.titles.items()}),
    )
    view.words = spent + sum(words(v.text) for c in conflicts for v in c.versions)
    return view


def sample_briefing() -> Briefing:
    """A tiny Briefing with every part filled, for `briefing templates check` trial renders."""
    from briefing.model import Conflict, ConflictVersion, Coverage, Event, FigureRow, Section, SourceEntry

    sources = [SourceEntry(number=1, id="a", file="a.txt", outlet="Outlet A", title="Title A", author="Author A",
                           date="2025-01-02", url="https://example.org/a", event="e1"),
               SourceEntry(number=2, id="b", file="b.txt", event="e1")]
    quote = Item(id="t-2", kind="quote", text="A quoted sentence.", sources=[1], topic="t", speaker="A Speaker",
                 role="minister", event="e1")
    statement = Item(id="t-1", kind="statement", text="A reported statement.", sources=[1, 2], topic="t",
                     event="e1")
    return Briefing(
        title="Sample briefing", generated="2025-01-03", audience="sample",
        coverage=Coverage(sources=2, outlets=["Outlet A"], date_from="2025-01-02", date_to="2025-01-02",
                          undated=1),
        key_points=[statement],
        sections=[Section(topic="t", title="Topic", description="About the topic.", items=[statement, quote],
                          figures=[FigureRow(surface="5%", measure="share", sources=[1])])],
        conflicts=[Conflict(id="c1", topic="t", measure="share", summary="Sources give different shares.",
                            versions=[ConflictVersion(text="5%", sources=[1], context="It is 5%."),
                                      ConflictVersion(text="2%", sources=[2])])],
        events=[Event(id="e1", label="Meeting", date="2025-01-02", sources=[1, 2], main=True)],
        notes=["One source is undated."], sources=sources, matrix={"t": [1, 2]}, skipped=["c.txt: empty file"],
    )
