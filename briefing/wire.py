"""A prepared corpus as typed MessagePack, for the corpus cache: no pickle, every field's type checked.

msgspec decodes straight into our dataclasses and refuses any value that does
not fit a field's type, so what comes back is data, never code. Two things a
plain dataclass tree cannot say are written explicitly: a fact group names its
candidates by their index in `on_topic` (the same objects again after loading,
not copies), and the similarity arrays travel as raw little-endian bytes with
their element type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec
import numpy as np

from briefing.config import Topic
from briefing.model import Analysis, Document, Problem, SourceEntry
from briefing.select import Prepared
from briefing.select.candidates import Candidate
from briefing.select.claims import Claim
from briefing.select.disagreements import Found
from briefing.select.events import EventGroup
from briefing.select.merge import Group
from briefing.select.rank import Context
from briefing.select.similar import Similarity

DTYPES = ("<i8", "<i4", "<f8", "<f4")  # the only element types an array may claim


@dataclass
class Array:
    dtype: str
    data: bytes


@dataclass
class WireSimilarity:
    vectors: list[dict[int, float]]
    starts: Array
    partners: Array
    scores: Array
    nearest: list[list[float]]
    others: list[int]


@dataclass
class WireContext:
    sim: WireSimilarity
    index: dict[str, int]
    principals: set[str]
    source_precision: dict[str, float]
    official: dict[str, float]
    syndicate: dict[str, str]
    event_kind: dict[str, str]
    max_sources: int


@dataclass
class WireGroup:
    members: list[int]  # indices into on_topic
    best: int
    topic: str | None
    score: float
    parts: dict[str, float]
    terms: list[str]
    why: dict[str, str] = field(default_factory=dict)
    unaligned: list[tuple[int, str]] = field(default_factory=list)  # (index into on_topic, the slot that differed)
    shared: list[str] = field(default_factory=list)  # ids of members another group holds too


@dataclass
class WirePrepared:
    documents: list[Document]
    analyses: list[Analysis]
    topics: list[Topic]
    entries: list[SourceEntry]
    on_topic: list[Candidate]
    claims: list[Claim]
    groups: list[WireGroup]
    found: Found
    ctx: WireContext
    events: list[EventGroup]
    title: str
    notes: list[str]
    event_summary: str
    lower: set[str]


@dataclass
class WireEntry:
    problems: list[Problem]
    duplicates: list[tuple[str, str]]
    prepared: WirePrepared
    warnings: list[str] = field(default_factory=list)


_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(WireEntry)


def _array(values: np.ndarray) -> Array:
    values = np.ascontiguousarray(values)
    dtype = values.dtype.newbyteorder("<").str
    if dtype not in DTYPES:
        raise TypeError(f"no wire type for arrays of {values.dtype}")
    return Array(dtype, values.astype(dtype, copy=False).tobytes())


def _from_array(array: Array) -> np.ndarray:
    if array.dtype not in DTYPES or len(array.data) % np.dtype(array.dtype).itemsize:
        raise ValueError("malformed array")
    return np.frombuffer(array.data, dtype=array.dtype).copy()  # a writable array of its own


def entry_to_bytes(entry) -> bytes:  # noqa: ANN001 - a corpus_cache.Entry (that module imports this one)
    p: Prepared = entry.prepared
    if not isinstance(p, Prepared):
        raise TypeError("not a prepared corpus")
    where = {id(c): i for i, c in enumerate(p.on_topic)}

    def at(c: Candidate) -> int:
        if id(c) not in where:
            raise ValueError("a fact group names a candidate outside on_topic")
        return where[id(c)]

    s, ctx = p.ctx.sim, p.ctx
    wire = WireEntry(
        problems=entry.problems, duplicates=entry.duplicates, warnings=entry.warnings,
        prepared=WirePrepared(
            documents=p.documents, analyses=p.analyses, topics=p.topics, entries=p.entries, on_topic=p.on_topic,
            claims=p.claims, found=p.found,
            groups=[WireGroup([at(m) for m in g.members], at(g.best), g.topic, g.score, g.parts, g.terms, g.why,
                              [(at(c), why) for c, why in g.unaligned], sorted(g.shared))
                    for g in p.groups],
            ctx=WireContext(WireSimilarity(s.vectors, _array(s.starts), _array(s.partners), _array(s.scores),
                                           s.nearest, s.others),
                            ctx.index, ctx.principals, ctx.source_precision, ctx.official, ctx.syndicate,
                            ctx.event_kind, ctx.max_sources),
            events=p.events, title=p.title, notes=p.notes, event_summary=p.event_summary, lower=p.lower,
        ),
    )
    return _ENCODER.encode(wire)


def entry_from_bytes(data: bytes):  # noqa: ANN201 - a corpus_cache.Entry
    from briefing.corpus_cache import Entry

    wire = _DECODER.decode(data)
    w = wire.prepared
    cands = w.on_topic
    if len(w.claims) != len(cands):
        raise ValueError("claims do not fit the candidates")
    groups = [Group(members=[cands[i] for i in g.members], best=cands[g.best], topic=g.topic, score=g.score,
                    parts=g.parts, terms=g.terms, why=g.why, unaligned=[(cands[i], why) for i, why in g.unaligned],
                    shared=frozenset(g.shared))
              for g in w.groups]
    ws, wc = w.ctx.sim, w.ctx
    starts, partners, scores = _from_array(ws.starts), _from_array(ws.partners), _from_array(ws.scores)
    if len(starts) != len(ws.vectors) + 1 or len(partners) != len(scores):
        raise ValueError("similarity arrays do not fit")
    ctx = Context(sim=Similarity(ws.vectors, starts, partners, scores, ws.nearest, ws.others), index=wc.index,
                  principals=wc.principals, source_precision=wc.source_precision, official=wc.official,
                  syndicate=wc.syndicate, event_kind=wc.event_kind, max_sources=wc.max_sources)
    prepared = Prepared(documents=w.documents, analyses=w.analyses, topics=w.topics, entries=w.entries,
                        on_topic=cands, claims=w.claims, groups=groups, found=w.found, ctx=ctx, events=w.events, title=w.title, notes=w.notes,
                        event_summary=w.event_summary, lower=w.lower)
    return Entry(problems=wire.problems, duplicates=wire.duplicates, prepared=prepared, warnings=wire.warnings)
