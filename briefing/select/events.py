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
import math
from dataclasses import dataclass, field

from briefing.model import Document
from briefing.select.candidates import Candidate
from briefing.select.merge import SAME
from briefing.select.similar import POSTING_CAP, Similarity
from briefing.select.text import Vectorizer, dot

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


def group_events(documents: list[Document], cands: list[Candidate], sim: Similarity) -> list[EventGroup]:
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
    closeness = _Closeness(documents, cands, sim)
    leftover = _join_dated(documents, groups, closeness)
    groups.extend(EventGroup("", None, None, members) for members in _cluster_undated(leftover, closeness))
    _mark_main(groups)
    order = {d.source.id: i for i, d in enumerate(documents)}
    for n, g in enumerate(groups, 1):
        g.id = f"e{n}"
        g.source_ids.sort(key=order.get)
    return groups


def _join_dated(documents: list[Document], groups: list[EventGroup], closeness: _Closeness) -> list[str]:
    """An undated source joins the dated event it clearly matches; returns the sources left undated.

    Only events the source is linked to (see `_Closeness.linked`) are scored; the rest score 0.
    """
    pools = [closeness.pool(g.source_ids) for g in groups]
    group_of = {sid: k for k, g in enumerate(groups) for sid in g.source_ids}
    leftover = []
    for doc in documents:
        if _date(doc):
            continue
        sid = doc.source.id
        near = {group_of[o] for o in closeness.linked(sid) if o in group_of}
        scored = [(closeness(sid, pools[k]) if k in near else 0.0, k) for k in range(len(groups))]
        best, home = max(scored, key=lambda x: x[0], default=(0.0, None))
        runner_up = max((s for s, k in scored if k != home), default=0.0)
        if home is not None and best >= JOIN_DATED and best - runner_up >= JOIN_MARGIN:
            groups[home].source_ids.append(sid)
            groups[home].joined[sid] = round(best, 2)
            group_of[sid] = home
        else:
            leftover.append(sid)
    return leftover


def _cluster_undated(leftover: list[str], closeness: _Closeness) -> list[list[str]]:
    """Undated sources that match each other form one undated event (the first close cluster wins)."""
    clusters: list[_Pool] = []
    cluster_of: dict[str, int] = {}
    for sid in leftover:
        near = sorted({cluster_of[o] for o in closeness.linked(sid) if o in cluster_of})
        home = next((k for k in near if closeness(sid, clusters[k]) >= JOIN_UNDATED), None)
        if home is None:
            home = len(clusters)
            clusters.append(closeness.pool([]))
        clusters[home].members.append(sid)
        cluster_of[sid] = home
    return [c.members for c in clusters]


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
    long one still counts). Paraphrases come from the sentences' related
    pairs, and each set of sources keeps its pooled vector, growing it as
    sources join, so no call looks at every sentence or every source.
    """

    def __init__(self, documents: list[Document], cands: list[Candidate], sim: Similarity):
        self.sim = sim
        self.rows: dict[str, list[int]] = {}
        for i, c in enumerate(cands):
            self.rows.setdefault(c.source_id, []).append(i)
        self.source = [c.source_id for c in cands]
        ids = [d.source.id for d in documents]
        texts = [[w for i in self.rows.get(s, []) for w in cands[i].words] for s in ids]
        self.vectors = dict(zip(ids, Vectorizer(texts).sparse(texts)))
        self.words = dict(zip(ids, map(set, texts)))
        self.postings: dict[str, list[str]] = {}
        for sid, words in self.words.items():
            for w in words:
                self.postings.setdefault(w, []).append(sid)

    def linked(self, sid: str) -> set[str]:
        """Sources that can be close to `sid`: a paraphrase of one of its sentences, or a word in
        common that few sources use (on a small corpus: any word in common, so nothing is missed)."""
        found = {self.source[j] for i in self.rows.get(sid, []) for j, score in self.sim.related(i).items()
                 if score >= PARAPHRASE}
        for w in self.words[sid]:
            if len(self.postings[w]) <= POSTING_CAP:
                found.update(self.postings[w])
        found.discard(sid)
        return found

    def pool(self, ids: list[str]) -> _Pool:
        return _Pool(ids, self)

    def __call__(self, sid: str, pool: _Pool) -> float:
        mine = self.rows.get(sid, [])
        pool.grow()
        if not mine or not pool.rows:
            return 0.0
        matched_mine = 0
        matched_theirs: set[int] = set()
        for i in mine:
            close = [j for j, score in self.sim.related(i).items()
                     if score >= PARAPHRASE and self.source[j] in pool.ids]
            matched_mine += bool(close)
            matched_theirs.update(close)
        share = max(matched_mine / len(mine), len(matched_theirs) / pool.rows)
        cosine = dot(self.vectors[sid], pool.vector) / (math.sqrt(pool.square) or 1.0)
        return (share + cosine) / 2


class _Pool:
    """The sources of one event or cluster: their ids, sentence count and summed vector.

    `members` is the caller's list of source ids; sources appended to it join
    the pool on the next comparison, adding only their own vector.
    """

    def __init__(self, members: list[str], closeness: _Closeness):
        self.members, self.closeness = members, closeness
        self.ids: set[str] = set()
        self.rows = 0
        self.vector: dict[int, float] = {}
        self.square = 0.0  # squared length of `vector`

    def grow(self) -> None:
        if len(self.ids) == len(self.members):
            return
        for sid in self.members[len(self.ids):]:
            self.ids.add(sid)
            self.rows += len(self.closeness.rows.get(sid, []))
            for k, v in self.closeness.vectors[sid].items():
                self.vector[k] = self.vector.get(k, 0.0) + v
        self.square = sum(v * v for v in self.vector.values())


def _mark_main(groups: list[EventGroup]) -> None:
    if not groups:
        return
    dated = [g for g in groups if g.date]
    pool = dated or groups
    main = max(pool, key=lambda g: (len(g.source_ids), g.date or ""))
    main.main = True
    for g in dated:
        g.older = g.date_to < main.date
