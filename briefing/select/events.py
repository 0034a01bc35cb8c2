"""Which event (meeting, decision, summit) each source reports on.

Dated sources whose dates lie within a few days of each other report one
event. An undated source joins a dated event only when enough of its claims
are stated in that event's coverage (claims.compare: the same fact, not the
same topic words) and few of them are contradicted there: a later meeting's
"cut by a quarter point" contradicts the main one's half point.
Otherwise it stays "date unknown" (never an invented date). Undated sources
whose claims align form one undated event; one that shares claims with the
main event but too few to join it is marked `near` it, so that where its
figures differ the briefing can say so (its date stays unknown). The main event is the dated one
with most sources (the latest on a tie); dated events before it are background.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from briefing.model import Document
from briefing.select.candidates import Candidate
from briefing.select.claims import Claim, compare, may_align, running, shares_exact_figure
from briefing.select.merge import SAME
from briefing.select.similar import POSTING_CAP, Similarity

SAME_EVENT_DAYS = 3
STORY_DAYS = 14  # a developing story's coverage may pause this long and still be one event
PARAPHRASE = SAME  # sentence similarity counted as "also said there"
JOIN_DATED = 2.0  # an undated source joins a dated event when its claims stated there weigh this much
JOIN_MARGIN = 1.0  # ... and clearly more than in any other event
JOIN_UNDATED = 2.0  # undated sources whose shared claims weigh this much report one (undated) event
STRONG = ("quote", "figure", "copy")  # a claim shared by the same quoted words or figure weighs 2, by an action 1
AGAINST = 2  # what a contradicted claim takes away
NEAR = 1  # claims an undated source shares with the main event for its figures to be set against it
REWRITE = 0.4  # share of sentences paraphrased in an undated cluster that makes a source a rewrite of its story


@dataclass
class EventGroup:
    id: str
    date: str | None
    date_to: str | None
    source_ids: list[str]
    main: bool = False
    older: bool = False  # before the main event: background
    joined: dict[str, float] = field(default_factory=dict)  # undated source -> share that matched
    near: str | None = None  # undated group: the dated event it shares claims with, too few to join it

    def label(self) -> str:
        if self.date is None:
            return "date unknown"
        if self.date_to and self.date_to != self.date:
            return f"{_day(self.date)} to {_day(self.date_to)}"
        return _day(self.date)


def _day(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def group_events(documents: list[Document], cands: list[Candidate], sim: Similarity,
                 claims: list[Claim], extra: dict[int, set[int]] | None = None) -> list[EventGroup]:
    """Events in date order (undated last); `cands` should be the on-topic candidates, `claims` theirs,
    `extra` more sentence pairs to compare (claims.figure_partners)."""
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
    closeness = _Closeness(documents, cands, sim, claims, extra or {})
    groups = _join_stories(groups, closeness)
    leftover = _join_dated(documents, groups, closeness)
    undated = [EventGroup("", None, None, members) for members in _cluster_undated(leftover, closeness)]
    groups.extend(undated)
    _mark_main(groups)
    order = {d.source.id: i for i, d in enumerate(documents)}
    for n, g in enumerate(groups, 1):
        g.id = f"e{n}"
        g.source_ids.sort(key=order.get)
    main = next((g for g in groups if g.main and g.date), None)
    if main is not None:
        pool = _Pool(main.source_ids)
        for g in undated:
            if any(closeness.shared(sid, pool) >= NEAR for sid in g.source_ids):
                g.near = main.id
    return groups


def _join_stories(groups: list[EventGroup], closeness: _Closeness) -> list[EventGroup]:
    """Consecutive dated events at most STORY_DAYS apart that tell one developing story are one.

    A disaster covered over a week has gaps of several days between articles;
    what ties them is the claims they share, counting a running figure that
    grew (a death toll) as shared rather than contradicted. Meetings a year
    apart never join, however alike their claims.
    """
    out: list[EventGroup] = []
    for g in groups:
        last = out[-1] if out else None
        if last and (dt.date.fromisoformat(g.date) - dt.date.fromisoformat(last.date_to)).days <= STORY_DAYS \
                and any(closeness.story(sid, _Pool(last.source_ids)) >= JOIN_DATED for sid in g.source_ids):
            last.source_ids.extend(g.source_ids)
            last.date_to = g.date_to
        else:
            out.append(g)
    return out


def _join_dated(documents: list[Document], groups: list[EventGroup], closeness: _Closeness) -> list[str]:
    """An undated source joins the dated event it clearly matches; returns the sources left undated.

    Rounds repeat while sources join: one that joined may be what the next
    one shares with the event. Only events the source is linked to (see
    `_Closeness.linked`) are scored; the rest score 0.
    """
    pools = [closeness.pool(g.source_ids) for g in groups]
    group_of = {sid: k for k, g in enumerate(groups) for sid in g.source_ids}
    waiting = [d.source.id for d in documents if not _date(d)]
    joined = True
    while joined and waiting:
        joined = False
        leftover = []
        for sid in waiting:
            near = {group_of[o] for o in closeness.linked(sid) if o in group_of}
            scored = [(closeness(sid, pools[k]) if k in near else 0.0, k) for k in range(len(groups))]
            best, home = max(scored, key=lambda x: x[0], default=(0.0, None))
            runner_up = max((s for s, k in scored if k != home), default=0.0)
            if home is not None and best >= JOIN_DATED and best - runner_up >= JOIN_MARGIN:
                groups[home].source_ids.append(sid)
                groups[home].joined[sid] = round(best, 2)
                group_of[sid] = home
                joined = True
            else:
                leftover.append(sid)
        waiting = leftover
    return waiting


def _cluster_undated(leftover: list[str], closeness: _Closeness) -> list[list[str]]:
    """Undated sources that match each other form one undated event (the first close cluster wins).

    Besides shared claims, a rewrite of the same story (most sentences with a
    paraphrase in the cluster) joins it: its date stays unknown, and where it
    contradicts the story it rewrites, that is a disagreement to show.
    """
    clusters: list[_Pool] = []
    cluster_of: dict[str, int] = {}
    for sid in leftover:
        near = sorted({cluster_of[o] for o in closeness.linked(sid) if o in cluster_of})
        home = next((k for k in near if closeness(sid, clusters[k]) >= JOIN_UNDATED
                     or closeness.rewritten(sid, clusters[k]) >= REWRITE), None)
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
    """How much of one source's claims a set of other sources states.

    A claim counts when a related sentence of the set states the same fact
    (claims.compare) or gives one of its precise figures (claims.shares_exact_figure,
    though another figure beside it differs): 2 when the same quoted words or
    figure show it, 1 when the same action on the same object does; each claim
    contradicted there and stated by none of the set takes AGAINST away (another
    meeting's figures contradict this one's). A claim one member states and
    another contradicts is an outlet at odds with another, not another event.
    Sentences are compared only along their related pairs, so no call looks
    at every sentence.
    """

    def __init__(self, documents: list[Document], cands: list[Candidate], sim: Similarity, claims: list[Claim],
                 extra: dict[int, set[int]]):
        self.texts = [c.text for c in cands]
        self.sim = sim
        self.claims = claims
        self.extra = extra
        self.rows: dict[str, list[int]] = {}
        for i, c in enumerate(cands):
            self.rows.setdefault(c.source_id, []).append(i)
        self.source = [c.source_id for c in cands]
        ids = [d.source.id for d in documents]
        self.words = {sid: {w for i in self.rows.get(sid, []) for w in cands[i].words} for sid in ids}
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
        return _Pool(ids)

    def rewritten(self, sid: str, pool: _Pool) -> float:
        """Share of the sentences of `sid` or of the pool with a close paraphrase on the other side,
        whichever is larger (a short source fully repeated by a long one counts)."""
        mine = self.rows.get(sid, [])
        members = set(pool.members)
        theirs = sum(len(self.rows.get(m, [])) for m in members)
        if not mine or not theirs:
            return 0.0
        matched_mine, matched_theirs = 0, set()
        for i in mine:
            close = [j for j, score in self.sim.related(i).items() if score >= PARAPHRASE and self.source[j] in members]
            matched_mine += bool(close)
            matched_theirs.update(close)
        return max(matched_mine / len(mine), len(matched_theirs) / theirs)

    def story(self, sid: str, pool: _Pool) -> float:
        """Like the weight (`__call__`), but a running figure that differs (a toll that grew) is
        shared, not contradicted: the test of one developing story across days."""
        members = set(pool.members)
        weight = 0
        for i in self.rows.get(sid, []):
            for j, v in self._verdicts(i, members):
                grew = v.conflict == "figure" and running(self.claims[i], self.texts[i]) \
                    and running(self.claims[j], self.texts[j])
                if v.same or grew:
                    weight += 2 if v.anchor in STRONG or grew else 1
                    break
        return float(weight)

    def shared(self, sid: str, pool: _Pool) -> int:
        """How many claims of `sid` the pool states, whatever it contradicts: an undated outlet at
        odds with the main event on its figures still reports that event when it shares some."""
        members = set(pool.members)
        return sum(any(v.same for _, v in self._verdicts(i, members)) for i in self.rows.get(sid, []))

    def _verdicts(self, i: int, members: set[str]):  # noqa: ANN202 - yields (row, Verdict)
        """Sentence i's verdicts against the related sentences of `members`, in row order; pairs
        `may_align` rules out can be neither the same claim nor a contradiction and are skipped."""
        related = self.sim.related(i)
        for j in sorted(set(related) | self.extra.get(i, set())):
            if self.source[j] in members and may_align(self.claims[i], self.claims[j], related.get(j, 1.0)):
                yield j, compare(self.claims[i], self.claims[j], self.sim.cosine(i, j))

    def __call__(self, sid: str, pool: _Pool) -> float:
        mine = self.rows.get(sid, [])
        members = set(pool.members)
        if not mine or not members:
            return 0.0
        weight = 0
        for i in mine:
            verdicts = list(self._verdicts(i, members))
            anchors = {v.anchor for _, v in verdicts if v.same}
            if not anchors and any(shares_exact_figure(self.claims[i], self.claims[j]) for j, _ in verdicts):
                anchors = {"figure"}
            weight += 2 if anchors & set(STRONG) else 1 if anchors else 0
            weight -= AGAINST if not anchors and any(v.conflict for _, v in verdicts) else 0
        return float(max(weight, 0))


class _Pool:
    """The sources of one event or cluster (the caller's list: sources appended to it join the pool)."""

    def __init__(self, members: list[str]):
        self.members = members


def _mark_main(groups: list[EventGroup]) -> None:
    if not groups:
        return
    dated = [g for g in groups if g.date]
    pool = dated or groups
    main = max(pool, key=lambda g: (len(g.source_ids), g.date or ""))
    main.main = True
    for g in dated:
        g.older = g.date_to < main.date
