"""What a briefing shows for one audience, decided once for every format.

`build_view` turns the Briefing (the JSON contract) and a Profile into a View:
the sections in the profile's order, word budgets applied, citations and
"unknown" fields spelled out, and every string cleaned of characters no format
can carry. Renderers only lay the View out and escape it for their format, so
DOCX, PDF, HTML and Markdown always say the same thing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from briefing.config import Profile
from briefing.model import Briefing, Event, Item, Section, SourceEntry, Trend
from briefing.render.safe import clean, safe_url
from briefing.select.attribution import SPEAKER_UNKNOWN, attribute

SECTIONS = ("summary", "events", "key_points", "topics", "conflicts", "quotes", "sources", "dates", "coverage")
SECTION_TITLES = {
    "summary": "Coverage",
    "events": "Events and dates",
    "key_points": "Key points",
    "topics": "By topic",
    "conflicts": "Sources disagree",
    "quotes": "Quotes",
    "sources": "Sources",
    "dates": "Appendix: how dates and events were worked out",
    "coverage": "Appendix: which source covered which topic",
}
UNKNOWN_SPEAKER = SPEAKER_UNKNOWN
CONTEXT_BUDGET = 0.6  # fitting a page below this budget may leave out key points beyond the first three
MIN_KEY_POINTS = 3  # bottom line up front: fitting a page never leaves fewer
CITE_NOTE = ("Where an item cites several sources, the first gave its wording; "
             "the others reported the same fact.")
_PAIRS = {"\u201c": "\u201d", '"': '"', "\u2018": "\u2019", "'": "'", "\u00ab": "\u00bb", "\u201e": "\u201c"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATE = re.compile(rf"(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
                   rf"|(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH}),?\s+(?P<y1>\d{{4}})"
                   rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})", re.I)
_CONNECTORS = re.compile(r"[\s,.;:()\-\u2013\u2014]+|\b(?:to|and|from|until)\b", re.I)


@dataclass
class Line:
    """One item as shown: verbatim text plus the sources that reported it."""

    id: str
    kind: str  # statement or quote
    text: str
    cites: list[int]
    speaker: str = ""
    role: str = ""
    tag: str = ""  # "earlier event" for an item from an event before the main one
    topic: str = ""
    attribution: str = ""  # who said it, shown after the text when the text does not name them


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


def _trend_view(trend: Trend, titles: dict[str, str], listed: bool = True) -> ConflictView:
    """A figure that changed from day to day, shown beside the disagreements but said to be neither:
    its latest value first, each earlier one with its day. Fitting a page drops the listed days, as
    it drops a disagreement's versions: the summary names each value, day and source."""
    return ConflictView(
        measure=clean(f"{trend.measure} (changed over time, not a disagreement)"), summary=clean(trend.summary),
        topic=titles.get(trend.topic or "", ""),
        versions=[Version(text=clean(f"{p.text} ({human_date(p.date)})"), cites=list(p.sources),
                          context=clean(p.context)) for p in trend.points] if listed else [])


@dataclass
class EventView:
    label: str  # as select gave it
    date: str
    cites: list[int]
    main: bool
    name: str = ""  # label and date said once: "18 Oct 2024", "Summit, 18 Oct 2024", "Date unknown"
    status: str = ""  # "main event", "earlier event, shown as background", ...


@dataclass
class SourceRef:
    """One citation with the outlet it points to ("" when the outlet is unknown)."""

    number: int
    outlet: str
    lead: str = ""  # "; " before a citation that follows another, when either names an outlet


@dataclass
class QuoteRow:
    quote: str
    speaker: str
    role: str
    cites: list[int]
    outlets: str  # the named outlets, "; "-joined, or "outlet unknown"
    date: str
    topic: str
    refs: list[SourceRef] = field(default_factory=list)  # per citation, in citation order


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
    label: str = ""  # outlet, else file name: the same name the appendix grid uses
    summary: str = ""  # known title, author and date, then one note of what is unknown
    file_note: str = ""  # "File: x.txt" when the label is the outlet (the file name always shows)


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
    cite_note: str = ""  # CITE_NOTE when any item cites more than one source
    event_summary: str = ""  # one sentence naming every event, for the dates appendix
    compact_topics: bool = False  # one labelled line per topic under one heading (a one-page summary)


# ------------------------------------------------------------------ helpers


def short_date(iso: str) -> str | None:
    """"2025-10-15" -> "15 Oct 2025"; None when it is not a full ISO date.

    The one date style of every output (documents and email bodies alike).
    """
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return None
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def human_date(iso: str | None) -> str:
    """Like short_date, but anything unparseable is shown as given, None as unknown."""
    if not iso:
        return "unknown"
    return short_date(str(iso)[:10]) or clean(iso)


def unquote(text: str) -> str:
    """Drop one pair of quote marks that encloses the whole text, and nothing else.

    `“a” and “b”` starts and ends with marks that are not one pair, and a lone
    closing mark belongs to the source's wording: both are kept verbatim.
    """
    text = text.strip()
    if len(text) < 2 or text[0] not in _PAIRS or text[-1] != _PAIRS[text[0]]:
        return text
    opening, closing = text[0], text[-1]
    inner = text[1:-1]
    if opening == closing:
        return text if opening in inner else inner.strip()
    depth = 0
    for char in inner:
        depth += (char == opening) - (char == closing)
        if depth < 0:  # the first mark closes inside: not one enclosing pair
            return text
    return inner.strip() if depth == 0 else text


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


def event_name(event: Event) -> str:
    """How an event is named once: "18 Oct 2024", "Summit, 18 Oct 2024", "Date unknown".

    Select labels an event by its date; printing label and date would say the
    date twice ("18 October 2024, 18 Oct 2024"), so a label that is only a date
    gives way to the short date, and one that already names the date stays as is.
    """
    label = clean(event.label)
    if not event.date:
        named = label and label.lower() not in ("date unknown", "unknown", "undated")
        return f"{label} (date unknown)" if named else "Date unknown"
    day = human_date(event.date)
    found = _dates_in(label)
    only_dates = not _CONNECTORS.sub("", _DATE.sub("", label))
    if not label or (only_dates and found == [event.date[:10]]):
        return day
    if only_dates and event.date[:10] in found:  # a span: "14 Oct 2025 to 16 Oct 2025"
        return " to ".join(human_date(d) for d in found)
    return label if event.date[:10] in found else f"{label}, {day}"


def _dates_in(text: str) -> list[str]:
    out = []
    for match in _DATE.finditer(text):
        parts = match.groupdict()
        month = parts["m1"] or parts["m2"]
        try:
            if parts["iso"]:
                out.append(date.fromisoformat(parts["iso"]).isoformat())
                continue
            number = MONTHS.index(month[:3].title()) + 1
            out.append(date(int(parts["y1"] or parts["y2"]), number, int(parts["d1"] or parts["d2"])).isoformat())
        except ValueError:
            continue
    return out


@dataclass
class _EventInfo:
    name: str
    kind: str  # main, earlier, later, other, undated
    sources: list[int]


def _event_info(briefing: Briefing) -> dict[str, _EventInfo]:
    main = next((e.date[:10] for e in briefing.events if e.main and e.date), None)
    info = {}
    for e in briefing.events:
        if e.main:
            kind = "main"
        elif not e.date:
            kind = "undated"
        elif main and e.date[:10] != main:
            kind = "earlier" if e.date[:10] < main else "later"
        else:
            kind = "other"
        info[e.id] = _EventInfo(event_name(e), kind, list(e.sources))
    return info


def _tag(item: Item, events: dict[str, _EventInfo]) -> str:
    """A compact mark on an item from another event than the main one: "earlier event".

    `Item.background` (dated before the main event) is what makes an item
    earlier. An item from undated sources carries no mark: the date line up
    front and the sources list say which sources are undated.
    """
    event = events.get(item.event or "")
    if item.background or (event is not None and event.kind == "earlier"):
        return "earlier event"
    if event is None:
        return ""
    return {"later": "later event", "other": "other event"}.get(event.kind, "")


def _events(briefing: Briefing, events: dict[str, _EventInfo]) -> list[EventView]:
    """The one date line up front: "Main event: 15 Oct 2025 [1][4] · Earlier event: 18 Oct 2024 [5] · No date [2]".

    The main event comes first; how the dates were worked out is the appendix's (`notes`).
    """
    status = {"main": "Main event", "earlier": "Earlier event", "later": "Later event", "other": "Other event",
              "undated": "No date"}
    views: list[EventView] = []
    undated: EventView | None = None  # every undated group on one mark: which one matters little up front
    for e in briefing.events:
        kind = events[e.id].kind
        if kind == "undated" and undated is not None:
            undated.cites = sorted(set(undated.cites) | set(e.sources))
            continue
        view = EventView(label=clean(e.label), date=human_date(e.date), cites=list(e.sources), main=e.main,
                         name="" if kind == "undated" else events[e.id].name, status=status[kind])
        undated = view if kind == "undated" else undated
        views.append(view)
    return sorted(views, key=lambda v: not v.main)


def _notes(briefing: Briefing) -> list[str]:
    """How dates and events were worked out, for the appendix."""
    return [n for n in (clean(n) for n in briefing.notes) if n]


def shown(item: Item) -> tuple[str, str]:
    """(text, attribution) as every format and the email body show an item.

    A quote loses one pair of marks around it (the renderer adds its own);
    the speaker is named in the item's paragraph (see select/attribution.py).
    """
    text = clean(item.text)
    if item.kind == "quote":
        text = unquote(text)
    return attribute(text, item.kind, clean(item.speaker), clean(item.role))


def _line(item: Item, topic: str, events: dict[str, _EventInfo]) -> Line:
    speaker = clean(item.speaker)
    if item.kind == "quote" and not speaker:
        speaker = UNKNOWN_SPEAKER
    text, attribution = shown(item)
    return Line(id=item.id, kind=item.kind, text=text, cites=list(item.sources), speaker=speaker,
                role=clean(item.role), tag=_tag(item, events), topic=topic, attribution=attribution)


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


def _budgeted_topics(briefing: Briefing, profile: Profile, shown: set[str], events, budget: float,
                     spent: int) -> tuple[list[TopicView], int]:
    """Every item select chose; only a budget below 1 (fitting max_pages) trims.

    Select already applied the profile's word budgets, so trimming here is just
    the safety net for a page limit: key points come first, then round-robin
    over topics, so the first topic cannot eat the whole reduced budget. A
    topic whose every item is already a key point is left out, not shown empty.
    """
    views, pools = [], []
    for section in briefing.sections:
        pool = [i for i in section.items
                if (profile.quotes or i.kind != "quote") and (profile.repeat_key_points or i.id not in shown)]
        if section.items and not pool and any(i.id in shown for i in section.items):
            continue  # all it has is up in the key points
        views.append(TopicView(id=section.topic, title=clean(section.title), description=clean(section.description),
                               figures=_figures(section) if profile.figures else []))
        pools.append([_line(i, clean(section.title), events) for i in pool])
    if budget >= 1:
        for view, lines in zip(views, pools):
            view.lines = lines
            spent += sum(words(line.text) for line in lines)
        return views, spent
    candidates = [bool(lines) for lines in pools]
    per_topic = max(1, int(profile.words_per_topic * budget))
    total = int(profile.words_total * budget)
    max_items = max(1, int(round(profile.items_per_topic * budget))) if profile.items_per_topic else 0
    used = [0] * len(views)
    for rank in range(max_items):
        for n, (view, lines) in enumerate(zip(views, pools)):
            if rank >= len(lines):
                continue
            cost = words(lines[rank].text)
            if spent + cost > total or (rank and used[n] + cost > per_topic):
                pools[n] = lines[:rank]  # this topic is full
                continue
            view.lines.append(lines[rank])
            used[n] += cost
            spent += cost
    # a topic cut for space is left out, never shown as "No source covered this topic"
    return [v for v, had in zip(views, candidates) if v.lines or not had], spent


def _figures(section: Section) -> list[FigureLine]:
    return [FigureLine(surface=clean(f.surface), measure=clean(f.measure) or "unknown", cites=list(f.sources))
            for f in section.figures]


def _quotes(briefing: Briefing, profile: Profile, events, budget: float = 1.0) -> list[QuoteRow]:
    """Every quote select chose (topics first, then key points); a budget below 1 trims."""
    if not profile.quotes:
        return []
    limit = profile.words_total * budget if budget < 1 else float("inf")
    rows, seen, spent = [], set(), 0
    titles = {s.topic: clean(s.title) for s in briefing.sections}
    items = [(i, titles.get(i.topic or "", "")) for i in briefing.key_points]
    items = [(i, s.title) for s in briefing.sections for i in s.items] + items
    for item, topic in items:
        if item.kind != "quote" or item.id in seen:
            continue
        line = _line(item, clean(topic), events)
        if rows and spent + words(line.text) > limit:
            break
        seen.add(item.id)
        spent += words(line.text)
        first = briefing.source(item.sources[0]) if item.sources else None
        refs = [SourceRef(number=n, outlet=clean(briefing.source(n).outlet)) for n in item.sources]
        for before, ref in zip(refs, refs[1:]):  # "UK Defence Journal [2]; [3]" but "[1][4]"
            ref.lead = "; " if before.outlet or ref.outlet else ""
        named = list(dict.fromkeys(r.outlet for r in refs if r.outlet))
        rows.append(QuoteRow(quote=line.text, speaker=line.speaker, role=line.role or "unknown",
                             cites=line.cites, outlets="; ".join(named) or "outlet unknown",
                             date=human_date(first.date) if first and first.date else "undated", topic=line.topic,
                             refs=refs))
    return rows


def _sources(briefing: Briefing) -> list[SourceView]:
    """Outlet, headline, author, date and link; the file name only when nothing else names the source."""
    views = []
    for s in briefing.sources:
        outlet, title, author = clean(s.outlet), clean(s.title), clean(s.author)
        day = human_date(s.date) if s.date else ""
        file = clean(os.path.basename(s.file or "")) or clean(s.id)
        label = source_label(s)
        known = [quoted_title(title) if title and outlet else "", author, day or "Undated"]
        if not outlet and label != file:
            known.insert(0, "Outlet unknown")
        if not outlet and not title and label != file:
            known[0] = "Outlet and title unknown"  # its opening words name it
        summary = ". ".join(part for part in known if part)
        if summary and not summary.endswith((".", "\u201d", "?", "!")):
            summary += "."
        views.append(SourceView(
            number=s.number, anchor=anchor(s.number),
            outlet=outlet or "outlet unknown", title=title or "title unknown",
            author=author or "author unknown", date=day or "date unknown",
            url=safe_url(s.url), file=file, duplicates=[clean(os.path.basename(d)) for d in s.duplicates],
            label=label, summary=summary, file_note=""))
    return views


def quoted_title(title: str) -> str:
    """A headline in typographic marks, unless it has marks of its own (no doubled “…“top priority””)."""
    if any(mark in title for mark in "\u201c\u201d\"\u00ab\u00bb"):
        return title
    return f"\u201c{title}\u201d"


def source_label(source: SourceEntry) -> str:
    """How a source is named wherever it is listed: outlet, else headline, else opening words, else file name."""
    opening = clean(source.opening)
    return (clean(source.outlet) or clean(source.title) or (f"\u201c{opening}\u201d" if opening else "")
            or clean(os.path.basename(source.file or "")) or clean(source.id))


def _join(names: list[str]) -> str:
    """["outlet", "title", "author"] -> "outlet, title and author"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _matrix(briefing: Briefing) -> Matrix:
    titles = {s.topic: clean(s.title) for s in briefing.sections}
    ids = [s.topic for s in briefing.sections] + [t for t in briefing.matrix if t not in titles]
    covered = {t: set(briefing.matrix.get(t, [])) for t in ids}
    rows = [MatrixRow(number=s.number, label=source_label(s),
                      cells=[s.number in covered[t] for t in ids]) for s in briefing.sources]
    totals = [sum(1 for r in rows if r.cells[k]) for k in range(len(ids))]
    return Matrix(topics=[titles.get(t, clean(t)) for t in ids], rows=rows, totals=totals)


def build_view(briefing: Briefing, profile: Profile, budget: float = 1.0) -> View:
    """Everything the audience sees, in order; `budget` < 1 shrinks word budgets to fit a page."""
    events = _event_info(briefing)
    titles = {s.topic: clean(s.title) for s in briefing.sections}
    # The bottom line goes last: at least three key points (or all the profile asks for) survive any fitting.
    floor = min(MIN_KEY_POINTS, profile.key_points)
    kept = profile.key_points if budget >= CONTEXT_BUDGET else round(profile.key_points * budget)
    n_points = max(floor, min(profile.key_points, kept)) if profile.key_points else 0
    key_points = [_line(i, titles.get(i.topic or "", ""), events) for i in briefing.key_points[:n_points]]
    spent = sum(words(line.text) for line in key_points)
    topics, spent = _budgeted_topics(briefing, profile, {i.id for i in briefing.key_points[:n_points]},
                                     events, budget, spent)
    # Fitting a page: the summary alone says who gave which version, before any key point goes.
    conflicts = [ConflictView(measure=clean(c.measure), summary=clean(c.summary), topic=titles.get(c.topic or "", ""),
                              versions=[Version(text=clean(v.text), cites=list(v.sources),
                                                context=attribute(clean(v.context), "statement", clean(v.speaker),
                                                                  None)[0] if v.context else "")
                                        for v in c.versions] if budget >= 1 else [])
                 for c in briefing.conflicts]
    conflicts += [_trend_view(t, titles, listed=budget >= 1) for t in briefing.trends]
    sections = [s for s in profile.sections if s in SECTIONS]
    view = View(
        title=clean(briefing.title) or "Briefing", label=clean(profile.label), audience=clean(profile.name),
        marking=marking_of(briefing, profile), author=clean(profile.author),
        generated=human_date(briefing.generated), coverage=_coverage_line(briefing), sections=sections,
        key_points=key_points, notes=_notes(briefing), events=_events(briefing, events), topics=topics,
        conflicts=conflicts, quotes=_quotes(briefing, profile, events, budget) if "quotes" in sections else [],
        sources=_sources(briefing), matrix=_matrix(briefing), skipped=[clean(s) for s in briefing.skipped],
        section_titles=dict(SECTION_TITLES, **{k: clean(v) for k, v in profile.titles.items()}),
        event_summary=clean(briefing.event_summary), compact_topics=profile.items_per_topic == 1,
    )
    view.words = spent + sum(words(v.text) for c in conflicts for v in c.versions)
    lines = view.key_points + [line for t in view.topics for line in t.lines]
    if any(len(x.cites) > 1 for x in lines + view.quotes):
        view.cite_note = CITE_NOTE
    return view


def sample_briefing() -> Briefing:
    """A tiny Briefing with every part filled, for `briefing templates check` trial renders."""
    from briefing.model import Conflict, ConflictVersion, Coverage, FigureRow

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
