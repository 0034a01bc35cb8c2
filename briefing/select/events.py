"""Which event (meeting, decision, summit) each source reports on.

Dated sources whose dates lie within a few days of each other report one
event. An undated source joins a dated event only when much of what it says
is also said in that event's coverage; otherwise it stays "date unknown"
(never an invented date). Undated sources that paraphrase each other form
one undated event. The main event is the dated one with most sources (the
latest on a tie); dated events before it are background.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from briefing.model import Document
from briefing.select.candidates import Candidate
from briefing.select.merge import SAME
from briefing.select.text import Vectorizer

SAME_EVENT_DAYS = 3
PARAPHRASE = SAME  # sentence similarity counted as "also said there"
JOIN_DATED = 0.4  # an undated source joins a dated event only when this close to it
JOIN_MARGIN = 0.1  # ... and clearly closer to it than to any other event
JOIN_UNDATED = 0.3  # undated sources this close report one (undated) event


@dataclass
class EventGroup:
    id: str
    date: str | None
    date_to: str | None
    source_ids: list[str]
    main: bool = False
    older: bool = False  # before the main event: background
    joined: dict[str, float] = field(default_factory=dict)  # undated source -> share that matched

    def label(self) -> str:
        if self.date is None:
            return "date unknown"
        if self.date_to and self.date_to != self.date:
            return f"{_day(self.date)} to {_day(self.date_to)}"
        return _day(self.date)


def _day(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def group_events(documents: list[Document], cands: list[Candidate], para: np.ndarray) -> list[EventGroup]:
    """Events in date order (undated last); `cands` should be the on-topic candidates."""
    dated = sorted((d for d in documents if _date(d)), key=lambda d: (_date(d), d.source.id))
    groups: list[EventGroup] = []
    for doc in dated:
        day = _date(doc)
        last = groups[-1] if groups else None
        if last and (day - dt.date.fromisoformat(last.date_to)).days <= SAME_EVENT_DAYS:
            last.source_ids.append(doc.source.id)
            last.date_to = day.isoformat()
        else:
            groups.append(EventGroup("", day.isoformat(), day.isoformat(), [doc.source.id]))
    closeness = _Closeness(documents, cands, para)
    leftover = []
    for doc in documents:
        if _date(doc):
            continue
        sid = doc.source.id
        scored = [(closeness(sid, g.source_ids), g) for g in groups]
        best, home = max(scored, key=lambda x: x[0], default=(0.0, None))
        runner_up = max((s for s, g in scored if g is not home), default=0.0)
        if home is not None and best >= JOIN_DATED and best - runner_up >= JOIN_MARGIN:
            home.source_ids.append(sid)
            home.joined[sid] = round(best, 2)
        else:
            leftover.append(sid)
    clusters: list[list[str]] = []
    for sid in leftover:
        home = next((c for c in clusters if closeness(sid, c) >= JOIN_UNDATED), None)
        if home is None:
            clusters.append([sid])
        else:
            home.append(sid)
    groups.extend(EventGroup("", None, None, c) for c in clusters)
    _mark_main(groups)
    order = {d.source.id: i for i, d in enumerate(documents)}
    for n, g in enumerate(groups, 1):
        g.id = f"e{n}"
        g.source_ids.sort(key=order.get)
    return groups


def _date(doc: Document) -> dt.date | None:
    try:
        return dt.date.fromisoformat(doc.source.date) if doc.source.date else None
    except ValueError:
        return None


class _Closeness:
    """How strongly one source's content matches a set of other sources (0..1).

    The mean of two views: TF-IDF cosine of the sources' on-topic words, and
    the share of sentences with a close paraphrase on the other side (taken
    in whichever direction is larger, so a short source fully repeated by a
    long one still counts).
    """

    def __init__(self, documents: list[Document], cands: list[Candidate], para: np.ndarray):
        self.cands, self.para = cands, para
        self.rows: dict[str, list[int]] = {}
        for i, c in enumerate(cands):
            self.rows.setdefault(c.source_id, []).append(i)
        ids = [d.source.id for d in documents]
        vec = Vectorizer([[w for i in self.rows.get(s, []) for w in cands[i].words] for s in ids])
        self.vectors = dict(zip(ids, vec.transform([[w for i in self.rows.get(s, []) for w in cands[i].words]
                                                    for s in ids])))

    def __call__(self, sid: str, others: list[str]) -> float:
        mine = self.rows.get(sid, [])
        theirs = [i for o in others for i in self.rows.get(o, [])]
        if not mine or not theirs:
            return 0.0
        block = self.para[np.ix_(mine, theirs)]
        share = max(float((block.max(axis=1) >= PARAPHRASE).mean()),
                    float((block.max(axis=0) >= PARAPHRASE).mean()))
        pooled = sum(self.vectors[o] for o in others)
        norm = float(np.linalg.norm(pooled)) or 1.0
        cosine = float(self.vectors[sid] @ pooled) / norm
        return (share + cosine) / 2


def _mark_main(groups: list[EventGroup]) -> None:
    if not groups:
        return
    dated = [g for g in groups if g.date]
    pool = dated or groups
    main = max(pool, key=lambda g: (len(g.source_ids), g.date or ""))
    main.main = True
    for g in dated:
        g.older = g.date_to < main.date
