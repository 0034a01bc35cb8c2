"""Typed data passed between the pipeline stages.

ingest -> Document, analyze -> Analysis, select -> Briefing, render(Briefing).
Everything here is a plain dataclass that round-trips through JSON, so the
Briefing JSON is the stable contract between choosing and rendering, and an
Analysis can be cached on disk.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1


# --------------------------------------------------------------------- ingest


@dataclass
class Source:
    """What can honestly be known about one source; None means unknown.

    `provenance` maps a field name to where its value came from
    ("manifest", "front matter", "html metadata", "text: line 3 dateline", ...).
    """

    id: str
    path: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD), or None when unknown
    date_text: str | None = None  # the date as the source wrote it
    url: str | None = None
    language: str | None = None
    sha256: str = ""
    provenance: dict[str, str] = field(default_factory=dict)
    translated: bool = False  # a translator credit was found: its quotes are a translation, not verbatim


@dataclass
class Line:
    """One input line and the cleaner's verdict, for `briefing inspect`."""

    number: int
    text: str
    kept: bool
    kind: str  # headline, standfirst, subheading, paragraph, or the chrome kind dropped
    reason: str = ""


@dataclass
class Block:
    """A kept block of the cleaned text; offsets index Document.text."""

    kind: str  # headline, standfirst, subheading, paragraph
    start: int
    end: int


@dataclass
class Document:
    """A cleaned source: kept blocks joined by a newline, one block a line."""

    source: Source
    text: str
    blocks: list[Block] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]


@dataclass
class Problem:
    """A source that was skipped, and why (one line for stderr)."""

    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


# -------------------------------------------------------------------- analyze


@dataclass
class Clause:
    """Who did what to what in one clause, as lemmas: what claim alignment compares.

    "The Fed did not cut its benchmark rate" -> actor "fed", verb "cut",
    object "benchmark rate", negated. Empty strings where the parse has none.
    """

    actor: str = ""
    verb: str = ""  # lemma with particle ("hand over")
    object: str = ""  # head lemma with its compound and adjective modifiers
    negated: bool = False  # "did not", "refused to", "failed to", "without"
    modal: str = ""  # "could", "plan", "urge" ...: not (yet) done
    main: bool = False  # what the sentence (or the speech it reports) asserts, not a clause inside a noun phrase
    when: str = ""  # the day the verb itself is tied to ("on Friday", "5 April"), lower case


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    lemmas: str = ""  # lower-cased lemmas of content words, space separated
    clauses: list[Clause] = field(default_factory=list)


@dataclass
class Quote:
    """A direct quote; start/end index the quoted words, marks excluded."""

    source_id: str
    text: str
    start: int
    end: int
    speaker: str | None = None  # canonical name; None means unknown
    speaker_role: str | None = None
    speaker_text: str | None = None  # how the text named the speaker ("he")
    scare: bool = False  # one- to three-word scare quote, not a key quote
    sentence_start: int = 0
    sentence_end: int = 0


@dataclass
class Statement:
    """A sentence worth reporting: reported speech ("X said ...") or narration."""

    source_id: str
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_role: str | None = None
    reported: bool = False  # True for attributed reported speech


@dataclass
class Figure:
    """A number as the source gave it, with what it measures when known."""

    source_id: str
    surface: str
    start: int
    end: int
    value: float | None = None
    unit: str | None = None  # "%", "USD", "EUR", "GBP", "count", ...
    qualifier: str | None = None  # "more than", "around", "up to", ...
    year: int | None = None  # target year ("by 2035")
    measure: str | None = None  # what it measures ("defence investment")
    kind: str = "number"  # percent, money, count, share, quantity, number
    conversion: Figure | None = None  # a bracketed equivalent given with it ("[$1.2bn]")


@dataclass
class Entity:
    """One person or organisation across its mentions in a source."""

    name: str  # canonical
    kind: str  # PERSON, ORG, GPE, NORP
    role: str | None = None
    variants: list[str] = field(default_factory=list)
    count: int = 0


@dataclass
class Analysis:
    source_id: str
    sentences: list[Sentence] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)


# ------------------------------------------------------------------- briefing


@dataclass
class SourceEntry:
    """A numbered entry of the Sources list; citations use `number`."""

    number: int
    id: str
    file: str
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    event: str | None = None  # Event.id this source reports on
    duplicates: list[str] = field(default_factory=list)  # files counted as this one
    opening: str | None = None  # its first words, naming a source with neither outlet nor title


@dataclass
class FigureRef:
    surface: str
    value: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    year: int | None = None
    measure: str | None = None


@dataclass
class Variant:
    """Another source's wording of a merged item."""

    source: int
    text: str


@dataclass
class Evidence:
    """What one cited source said for an item, and why it counts as stating the item's claim."""

    source: int
    text: str  # the source's sentence, verbatim
    why: str = ""  # "shown" for the item's own wording; otherwise the slots that aligned


@dataclass
class Item:
    """One thing the reader should know, with every source that reported it."""

    id: str
    kind: str  # statement, quote
    text: str  # verbatim from sources[0]
    sources: list[int]
    topic: str | None = None
    speaker: str | None = None
    role: str | None = None
    figures: list[FigureRef] = field(default_factory=list)
    event: str | None = None
    background: bool = False  # from an earlier event than the main one
    score: float = 0.0
    score_parts: dict[str, float] = field(default_factory=dict)
    matched_terms: list[str] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)  # one per cited source
    unaligned: list[Evidence] = field(default_factory=list)  # close sentences not cited, `why` the slot that differed


@dataclass
class ConflictVersion:
    text: str  # the figure or claim as this source gave it
    sources: list[int]
    context: str = ""  # the sentence it came from
    speaker: str | None = None  # who said that sentence, when known (render names them in it)


@dataclass
class Conflict:
    """Sources on the same event and day disagree about the same thing."""

    id: str
    topic: str | None
    measure: str
    summary: str
    versions: list[ConflictVersion]
    kind: str = "figure"  # figure, polarity, unanimity, date, office


@dataclass
class TrendPoint:
    text: str  # the figure as the sources gave it that day
    date: str  # ISO date of the sources that gave it
    sources: list[int]
    context: str = ""  # a sentence it came from


@dataclass
class Trend:
    """One measure reported with different values on different days: a developing figure, not a
    disagreement. `points` run from the latest to the earliest."""

    id: str
    topic: str | None
    measure: str
    summary: str  # "3,354 on 5 April (source 4), up from 144 on 28 March (source 1)"
    points: list[TrendPoint]


@dataclass
class Event:
    """A meeting or occasion the sources report on, told apart by date."""

    id: str
    label: str
    date: str | None
    sources: list[int]
    main: bool = False


@dataclass
class FigureRow:
    surface: str
    measure: str | None
    sources: list[int]
    item: str | None = None  # Item.id it belongs to
    event: str | None = None


@dataclass
class Section:
    topic: str  # topic id
    title: str
    description: str = ""
    items: list[Item] = field(default_factory=list)
    figures: list[FigureRow] = field(default_factory=list)


@dataclass
class Coverage:
    sources: int
    outlets: list[str]
    date_from: str | None
    date_to: str | None
    undated: int = 0


@dataclass
class Briefing:
    title: str
    generated: str  # ISO date the briefing was made (SOURCE_DATE_EPOCH aware)
    audience: str
    coverage: Coverage
    key_points: list[Item] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    trends: list[Trend] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # free-text notes: dates, grouping, coverage
    # One sentence listing every event ("The sources report on 3 different events: ...").
    # Kept apart from `notes` because it restates `events`: a format that lists
    # the events shows either the list or this sentence, never both.
    event_summary: str = ""
    sources: list[SourceEntry] = field(default_factory=list)
    matrix: dict[str, list[int]] = field(default_factory=dict)  # topic id -> source numbers
    skipped: list[str] = field(default_factory=list)  # "file: problem" for skipped sources
    marking: str | None = None
    fitting: list[str] = field(default_factory=list)  # what select left out to fit the audience's page
    schema: int = SCHEMA_VERSION

    def source(self, number: int) -> SourceEntry:
        return self.sources[number - 1]

    def all_items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Briefing:
        return from_dict(cls, json.loads(text))


# ---------------------------------------------------------------- (de)serialize


def to_dict(obj: Any) -> Any:
    """Dataclasses to plain JSON-ready values."""
    return dataclasses.asdict(obj)


def from_dict(cls: Any, data: Any) -> Any:
    """Rebuild a (nested) dataclass from `to_dict` output; unknown keys are ignored."""
    if data is None:
        return None
    if dataclasses.is_dataclass(cls):
        hints = typing.get_type_hints(cls)
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: from_dict(hints[k], v) for k, v in data.items() if k in names})
    origin = typing.get_origin(cls)
    args = typing.get_args(cls)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return from_dict(inner[0], data) if len(inner) == 1 else data
    if origin is list:
        return [from_dict(args[0], v) for v in data]
    if origin is dict:
        return {k: from_dict(args[1], v) for k, v in data.items()}
    return data
