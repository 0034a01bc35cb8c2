"""Where sources part: disagreements, figures that changed over time, and offices held by others.

Sentences are compared only when their claims align (claims.py), never for
sharing a topic or a meeting. Then:

- figures of one measure from sources of the same event: values that do not
  agree about the same day are a disagreement; values that differ between
  days are a developing figure (a Trend: the latest first, the earlier ones
  as its history), never a disagreement. The day is the one the sentence
  names ("on Wednesday", "5 April"), else its source's date;
- the same act done in one source and not done in the other (polarity),
  "unanimously" against a named objection (unanimity), and different days
  for the same act (date) are disagreements too;
- one office (title tied to one country or body) held by different people.
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field

from briefing.analyze.lexicon import MONTH_NAMES
from briefing.model import Conflict, ConflictVersion, Document, Entity, Quote, Trend, TrendPoint
from briefing.select import conflicts as cf
from briefing.select.candidates import Candidate
from briefing.select.claims import (LOOSE, Claim, compare, counted_alike, far_apart, forecast, measure_aligned,
                                    names_meet, quote_overlap, running, same_speaker, tally_of, time_of)
from briefing.select.events import EventGroup, _day
from briefing.select.figure_slots import PRIOR
from briefing.select.similar import Similarity
from briefing.select.text import STOP, WORD_RE, content_words, fold

SLOT_KINDS = ("polarity", "unanimity", "date")
UNDATED = "undated"  # the scope in which undated sources placed in no event are compared


@dataclass
class Found:
    """What `disagreements` finds; `superseded` holds candidate ids whose figure a later day replaced."""

    conflicts: list[Conflict] = field(default_factory=list)
    trends: list[Trend] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    superseded: set[str] = field(default_factory=set)


@dataclass
class Corpus:
    """The prepared corpus as comparison reads it."""

    documents: list[Document]
    entities: dict[str, list[Entity]]  # source id -> entities
    cands: list[Candidate]  # on-topic candidates
    claims: list[Claim]  # aligned with cands
    sim: Similarity
    index: dict[str, int]  # candidate id -> row
    events: list[EventGroup]
    lower: set[str]
    aliases: dict[str, str] = field(default_factory=dict)  # other names sources give an actor
    quotes: list[Quote] = field(default_factory=list)  # every quote of every source, on topic or not
    common: frozenset[str] | None = None  # words no source capitalises inside a sentence (None: work them out)


def disagreements(corpus: Corpus, topic_of: dict[str, str | None], number: dict[str, int],
                  measure_label, clusters: tuple[int, list[list[int]]] | None = None) -> Found:  # noqa: ANN001
    """What sources disagree on, and figures that moved. `measure_label(cluster, topic)` names a
    measure; `clusters` (from `figure_clusters_of`, perhaps worked out beside merging) saves
    comparing every figure again."""
    found = Found()
    day = {d.source.id: d.source.date for d in corpus.documents}
    label = {e.id: e.label() for e in corpus.events}
    scope = scopes(corpus.events)
    mentions = _mentions(corpus, scope)
    # positions worked out elsewhere count only if they point at these very mentions
    worked = clusters[1] if clusters and clusters[0] == _key(mentions) else _clusters(corpus, mentions, day)
    _figures(corpus, [[mentions[i] for i in c] for c in worked], topic_of, number, measure_label, day, label,
             scope, found)
    _slots(corpus, topic_of, number, day, label, scope, found)
    _wordings(corpus, topic_of, number, label, scope, found)
    _offices(corpus, topic_of, number, label, found)
    for n, c in enumerate(found.conflicts, 1):
        c.id = f"c{n}"
    for n, t in enumerate(found.trends, 1):
        t.id = f"t{n}"
    return found


def scopes(events: list[EventGroup]) -> dict[str | None, str]:
    """Event id -> the scope its sources are compared in.

    A dated event is its own scope. Undated sources placed in no event are
    compared with the main event when they share claims with it (`near`):
    their date is unknown, not different, and an outlet at odds with the rest
    is worth showing; the others are compared with each other (UNDATED).
    """
    return {e.id: e.id if e.date else (e.near or UNDATED) for e in events}


def where(events: list[str | None], scope: dict[str | None, str], label: dict[str, str],
          number: dict[str, int], sources: list[str]) -> str:
    """"Sources on the same event (date)", saying which of them are undated (they share its claims,
    too few to be placed in it)."""
    home = scope.get(events[0], UNDATED)
    if home == UNDATED:
        return "Undated sources, placed in no event,"
    undated = sorted({number[s] for s, e in zip(sources, events) if e != home})
    if not undated:
        return _same_event(home, label)
    return f"Sources ({label.get(home, 'date unknown')}; {', '.join(map(str, undated))} undated)"


# ------------------------------------------------------------------ figures


def figure_clusters_of(corpus: Corpus) -> tuple[int, list[list[int]]]:
    """The figures that speak of one thing, as positions in the corpus's figure mentions, with
    a key to those mentions: the costly part of finding disagreements, and one that needs no
    topic, so it may run beside merging."""
    mentions = _mentions(corpus, scopes(corpus.events))
    return _key(mentions), _clusters(corpus, mentions, {d.source.id: d.source.date for d in corpus.documents})


def _key(mentions: list[cf.Mention]) -> int:
    """A checksum of which figures the positions point at (never 0)."""
    return zlib.crc32("\n".join(f"{m.cand.id} {m.shown}" for m in mentions).encode()) | 1


def _mentions(corpus: Corpus, scope: dict[str | None, str]) -> list[cf.Mention]:
    texts = {d.source.id: d.text for d in corpus.documents}
    row = corpus.index
    return [_as_tally(m, corpus.claims[row[m.cand.id]])
            for m in cf.figure_mentions(corpus.cands, texts, scope, corpus.aliases, corpus.common)]


def _clusters(corpus: Corpus, mentions: list[cf.Mention], day: dict[str, str | None]) -> list[list[int]]:
    return cf.cluster_indices(mentions, corpus.sim, corpus.index, _aligner(corpus, day), cf.RELATED)


def _figures(corpus: Corpus, clusters: list[list[cf.Mention]], topic_of, number, measure_label,  # noqa: ANN001
             day, label, scope, found: Found) -> None:
    """Disagreements and trends among the figures of aligned sentences (see the module docstring)."""
    row = corpus.index
    for cluster in map(_one_period, clusters):
        if len({m.cand.source_id for m in cluster}) < 2:
            continue
        topic = Counter(topic_of.get(m.cand.id) for m in cluster).most_common(1)[0][0]
        tally = cluster[0].measure.of[len(TALLY):] if cluster[0].measure.of.startswith(TALLY) else ""
        measure = _owned(TALLY_LABELS.get(tally) or measure_label(cluster, topic), cluster)
        by_day: dict[str | None, list[cf.Mention]] = {}
        for m in cluster:
            by_day.setdefault(time_of(corpus.claims[row[m.cand.id]], day.get(m.cand.source_id)), []).append(m)
        period_sum = cluster[0].measure.kind == "money" and any(m.period for m in cluster)
        moving = bool(tally) or not (cluster[0].measure.named or cluster[0].role == "consensus" or period_sum) \
            and any(running(corpus.claims[row[m.cand.id]], m.cand.text) for m in cluster)
        # a magnitude, a depth, what the market expected, a quarter's sum: none of these moves
        clashing, dated = _clashing(cluster, by_day, moving, bool(tally))
        if clashing:
            versions = cf.versions_of(clashing, number)
            said = where([m.cand.event for m in clashing], scope, label, number,
                         [m.cand.source_id for m in clashing])
            found.conflicts.append(Conflict(
                id="", topic=topic, measure=measure, versions=versions, kind="figure",
                summary=f"{said} disagree on {measure}: "
                        + " vs ".join(f"{v.text} ({sources_word(v.sources)})" for v in versions) + "."))
        if len(dated) > 1:
            trend = _trend(dated, number, measure, topic, cumulative=bool(tally))
            if trend is not None:
                found.trends.append(trend)
                latest = max(dated)
                found.superseded.update(m.cand.id for d, ms in dated.items() if d != latest for m in ms
                                        if not any(cf.agree(m, x) for x in dated[latest]))


def _one_period(cluster: list[cf.Mention]) -> list[cf.Mention]:
    """A cluster's figures of the period most of them name, and those that name none: figures
    linked in turn through an unperioded one ("In Q1 2024, revenues were $80.54bn" ... "$84.74
    billion" ... "second-quarter revenue of $84.7bn") are not all of one period."""
    named = Counter(m.period for m in cluster if m.period)
    if len(named) < 2:
        return cluster
    period = named.most_common(1)[0][0]
    return [m for m in cluster if m.period in ("", period)]


def _aligner(corpus: Corpus, day: dict[str, str | None]):  # noqa: ANN202 - returns cf.Aligned
    """Whether two mentions of one measure speak of one thing, so that their values compare."""
    row = corpus.index
    memo: dict[tuple, bool] = {}
    main_year = next((e.date[:4] for e in corpus.events if e.main and e.date), "")  # an undated source's year

    def moving(a: cf.Mention, ca: Claim, b: cf.Mention, cb: Claim) -> bool:
        ta, tb = time_of(ca, day.get(a.cand.source_id)), time_of(cb, day.get(b.cand.source_id))
        return bool(ta and tb and running(ca, a.cand.text) and running(cb, b.cand.text))

    def aligned(a: cf.Mention, b: cf.Mention) -> bool:
        ca, cb = corpus.claims[row[a.cand.id]], corpus.claims[row[b.cand.id]]
        if _kept_apart(a, ca, b, cb, day, main_year):
            return False
        if a.measure.of.startswith(TALLY) and moving(a, ca, b, cb):
            return _tallied_alike(a, ca, b, cb)  # one toll as it grows, whatever else each sentence says
        strict = a.measure.kind != "share" and far_apart(a.value, b.value)
        if a.role == "consensus" and not strict:  # the market's expectation of the event's sum, whoever surveyed it
            return not (a.named_as and b.named_as and not _named_alike(a.named_as, b.named_as))
        named_alike = bool(a.named_as) and _named_alike(a.named_as, b.named_as)
        if named_alike and not strict:  # "net income of $1.48 billion": whose, only if said at the figure
            own_a, own_b = _owner(a, ca, every_name=False), _owner(b, cb, every_name=False)
            if own_a and own_b and not names_meet(own_a, own_b):
                return False
        else:  # counts, sums and shares of something: whose they are must match
            own_a, own_b = _owner(a, ca), _owner(b, cb)
            if not strict:  # close values: a name the sentence gives elsewhere may be the owner the parse missed
                own_a, own_b = own_a or _named_in(ca, own_b), own_b or _named_in(cb, own_a)
            if (own_a or own_b) and not (own_a and own_b and names_meet(own_a, own_b)):
                return False  # "Labour ... 412 seats" / "the Conservatives ... 121 seats", or one owner unknown;
                # "Prabowo 58.6% of the vote" / "Anies Baswedan 24.9% of the vote"
        if a.measure.kind == "count" and not _counted_alike(a, ca, b, cb):
            return False
        if a.measure.named and b.measure.named and not strict:
            return True  # "a depth of 8 km" / "a depth of 18.5 km": the words name one measure of the event
        if a.named_as and b.named_as:
            if not _named_alike(a.named_as, b.named_as):
                return False  # "net income of $1.48 billion" and "revenue of $25.5 billion"
            if not strict:
                return True  # "revenue of $25.5 billion" / "a 2% rise in revenue to $24.93 billion"
        key = (a.cand.id, b.cand.id, a.measure.kind, a.measure.of, strict)
        if key not in memo:
            memo[key] = measure_aligned(ca, cb, a.measure.kind, a.measure.of, strict) or not strict and \
                corpus.sim.cosine(row[a.cand.id], row[b.cand.id]) >= cf.RELATED  # one report, copied and edited
        return memo[key]

    return aligned


def _named_alike(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two sums' names name one sum: the same words, or one qualified name within another ("gaming
    revenue" / "gaming GPU revenue"). A bare "revenue" is the whole company's, not "automotive revenue"."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) > 1 and short[-1] == long[-1] and set(short) <= set(long)


def _kept_apart(a: cf.Mention, ca: Claim, b: cf.Mention, cb: Claim, day: dict[str, str | None],
                main_year: str) -> bool:
    """What the sentences say about two figures tells them apart, whatever their measure."""
    if a.period and b.period and a.period != b.period or a.part != b.part or a.role != b.role:
        return True  # Q3 guidance and Q2 revenue; a segment's revenue and the company's; forecast and result
    if (a.period == PRIOR) != (b.period == PRIOR):
        return True  # "for the previous quarter": not the period reported
    if (a.in_year or b.in_year) and _year(a, day, main_year) != _year(b, day, main_year):
        return True  # "won 53% of the vote in 2018" is another election's
    # "expects Q3 sales of $16 billion" is no value of the revenue reported
    return bool(a.period and not b.period and forecast(ca) or b.period and not a.period and forecast(cb))


def _counted_alike(a: cf.Mention, ca: Claim, b: cf.Mention, cb: Claim) -> bool:
    """Two counts count the same things: in the same role (the injured are not the dead) and,
    unless they are tolls, in one place (people rescued from a building and from a mine)."""
    if not counted_alike(ca, a.value, cb, b.value):
        return False
    if a.measure.of.startswith(TALLY):
        return True
    pa, pb = cf.place_after(a), cf.place_after(b)
    return not (pa and pb and not pa & pb)


def _year(m: cf.Mention, day: dict[str, str | None], main_year: str) -> str:
    """The year a figure is of: the one its clause names, else its source's, else the main event's;
    with the month when its clause names a month before its source's ("cut by 25 bps in August" in
    an October story is August's cut, not October's; "will stop purchases in June" is a plan's
    date, not the figure's)."""
    published = day.get(m.cand.source_id) or ""
    if m.in_year.isdigit():
        return m.in_year
    year = published[:4] or main_year
    month = MONTH_NAMES.index(m.in_year) + 1 if m.in_year else 0
    return f"{year}-{month:02d}" if month and published and month < int(published[5:7]) else year


def _clashing(cluster: list[cf.Mention], by_day: dict[str | None, list[cf.Mention]], moving: bool,
              tally: bool) -> tuple[list[cf.Mention], dict[str, list[cf.Mention]]]:
    """The mentions of a cluster that disagree, and its mentions by day (several days: a trend).

    Only one day's values can disagree about a figure that moves; an undated one may be any
    day's. A one-off fact's days do not matter. A toll only grows: a day's differing figures are
    its updates that day. A figure its source calls provisional is not at odds with another, nor
    one still moving as it is reported (a count in progress, a price in after-hours trading).
    """
    if any(PARTIAL.search(m.cand.text) for m in cluster):
        return [], {}  # a figure still moving is none to be at odds with, nor a trend of days
    dated = {d: ms for d, ms in by_day.items() if d}
    if moving and dated and None in by_day:
        cluster = [m for ms in dated.values() for m in ms]
    if len(dated) > 1 and not moving:
        dated = {min(dated): [m for ms in dated.values() for m in ms]}
    if tally and moving:
        return [], dated
    if len(dated) > 1:
        return [m for ms in dated.values() if _two_sources(ms) and cf.disagree(ms) and not _updated(ms)
                for m in ms], dated
    return (cluster if cf.disagree(cluster) and not (moving and _updated(cluster)) else []), dated


TALLY = "tally of "  # a Measure.of naming the act a count tallies ("tally of die")
TALLY_LABELS = {"die": "death toll", "injure": "number injured"}


def _as_tally(m: cf.Mention, claim: Claim) -> cf.Mention:
    """A count of the dead or injured as one measure however it is worded ("296 people killed",
    "the death toll passed 2,000", "1,037 dead"), so a toll's days line up as one trend."""
    if m.measure.kind != "count":
        return m
    act = tally_of(claim, m.value, m.measure.of)
    return dataclasses.replace(m, measure=dataclasses.replace(m.measure, of=TALLY + act)) if act else m


def _tallied_alike(a: cf.Mention, ca: Claim, b: cf.Mention, cb: Claim) -> bool:
    """Two days' tolls are one trend unless each names whose it is and they differ (one country's
    dead and another's)."""
    own_a, own_b = _owner(a, ca), _owner(b, cb)
    return not (own_a and own_b) or names_meet(own_a, own_b)


def _owner(m: cf.Mention, claim: Claim, every_name: bool = True) -> frozenset[str]:
    """Whose figure it is: the name written before it ("Labour 412"), else the named actor of the
    clause whose object it counts ("The BJP, which sought a majority, won 240 seats"), else (with
    `every_name`) every name the sentence gives."""
    if m.owner:
        return m.owner
    acting = {x.names for x in claim.acts if x.names and x.object and x.object == m.measure.of}
    return next(iter(acting)) if len(acting) == 1 else claim.names if every_name else frozenset()


def _named_in(claim: Claim, owner: frozenset[str]) -> frozenset[str]:
    """`owner` when the sentence of `claim` names it somewhere: "the Conservatives, or Tories as
    they are known, trailed behind, having lost 250 seats" owns its 250 seats though the parse
    gave "lost" no subject."""
    return owner if owner and names_meet(owner, claim.proper) else frozenset()


def _owned(measure: str, cluster: list[cf.Mention]) -> str:
    """The measure with whose figures they are, when every figure that names one names the same
    ("Labour seats", not "seats")."""
    owners = [m.owner for m in cluster if m.owner]
    if not owners or not all(names_meet(owners[0], o) for o in owners) or all(m.role for m in cluster):
        return measure  # an expectation's "owner" is who surveyed it ("Refinitiv's"), not whose sum it is
    for m in cluster:
        if m.owner:
            word = next((w for w in WORD_RE.findall(m.cand.text) if w[:1].isupper() and fold(w) in m.owner), None)
            if word and word.lower() not in measure.lower():
                return f"{word} {measure[:1].lower()}{measure[1:]}"
    return measure


# A figure still moving as it is reported: a count in progress ("based on about 6 percent of ballots
# tallied") or a share price in a session still trading ("dropped 10% in extended trade").
PARTIAL = re.compile(r"\b(?:based on|with)\s+(?:about\s+|around\s+|some\s+|nearly\s+|over\s+|more than\s+)?"
                     r"[\d.]+\s?(?:%|percent|per cent)\s+of\s+(?:the\s+)?(?:ballots|votes?|polling stations)|"
                     r"\b(?:early|partial)\s+(?:results|trends|returns|count|tally)|"
                     r"\b(?:extended|after-hours|premarket|pre-market|intraday)\s+trad(?:e|ing)\b|\bafter[- ]hours\b",
                     re.I)
PROVISIONAL = re.compile(r"\b(?:preliminary|provisional|initial|updated|revised|earlier|latest)\b", re.I)


def _updated(ms: list[cf.Mention]) -> bool:
    """Whether a source marks one of a day's differing figures as provisional or as an update
    ("the preliminary toll", "updated figures showed"): a toll revised within one day is a
    story moving on, not outlets at odds."""
    return any(PROVISIONAL.search(m.cand.text) for m in ms)


def _two_sources(ms: list[cf.Mention]) -> bool:
    return len({m.cand.source_id for m in ms}) > 1


def _trend(dated: dict[str, list[cf.Mention]], number: dict[str, int], measure: str,
           topic: str | None, cumulative: bool = False) -> Trend | None:
    """Each day's reading, latest first; None when every day gives the same value.

    A day's reading is its most precise one ("412 seats" over "about 410 seats", which agree),
    then the one most sources give. Of a `cumulative` count (a toll, which only grows) it is the
    highest: a lower one that day was an earlier update.
    """
    points, values = [], []
    for d in sorted(dated, reverse=True):
        ms = dated[d]
        giving = {m.value: sorted({number[x.cand.source_id] for x in ms if x.value == m.value}) for m in ms}
        best = max(ms, key=lambda m: (m.value if cumulative else 0, m.qualifier is None, len(giving[m.value]),
                                      -giving[m.value][0]))
        points.append(TrendPoint(text=best.shown, date=d, sources=giving[best.value], context=best.cand.text))
        values.append(best.value)
    if cumulative:  # points run latest first, the run that never falls oldest first
        kept = {len(values) - 1 - k for k in _never_falling(values[::-1])}
        points, values = [points[k] for k in sorted(kept)], [values[k] for k in sorted(kept)]
    if len(set(values)) < 2:
        return None
    parts = [f"{points[0].text} on {_day(points[0].date)} ({sources_word(points[0].sources)})"]
    previous = values[0]
    for p, v in zip(points[1:], values[1:]):
        if v == previous:
            continue
        direction = "up from" if previous > v else "down from"
        parts.append(f"{direction} {p.text} on {_day(p.date)} ({sources_word(p.sources)})")
        previous = v
    return Trend(id="", topic=topic, measure=measure, points=points,
                 summary=f"{measure[:1].upper()}{measure[1:]}: " + ", ".join(parts) + ".")


def _never_falling(values: list[float]) -> set[int]:
    """Positions of the longest run of `values` (oldest first) that never falls. A toll only
    grows: a day whose figure tops a later day's is another toll ("Katrina, with 1,392 deaths"
    beside Helene's 215), and the days that agree with each other outvote it."""
    best: list[list[int]] = []
    for i, v in enumerate(values):
        prior = [best[j] for j in range(i) if values[j] <= v]
        best.append(max(prior, key=len, default=[]) + [i])
    return set(max(best, key=lambda run: (len(run), run[-1]), default=[]))  # a tie: the run reaching later


# -------------------------------------------------------------------- slots


def _slots(corpus: Corpus, topic_of, number, day, label, scope, found: Found) -> None:  # noqa: ANN001
    """Polarity, unanimity and date disagreements between aligned sentences of one event and day."""
    cands, claims = corpus.cands, corpus.claims
    seen: set[tuple[str, frozenset[str]]] = set()
    marked = [_marked(claim) for claim in claims]  # a pair can clash only when one of its sentences is marked
    for i, c in enumerate(cands):
        if not marked[i]:
            continue
        for j, para in corpus.sim.related(i).items():
            o = cands[j]
            if marked[j] and j <= i or para < LOOSE or scope.get(o.event) != scope.get(c.event) \
                    or o.source_id == c.source_id:
                continue
            if not _may_clash(claims[i], claims[j]):
                continue
            verdict = compare(claims[i], claims[j], corpus.sim.cosine(i, j))
            if verdict.conflict not in SLOT_KINDS:
                continue
            ta, tb = time_of(claims[i], day.get(c.source_id)), time_of(claims[j], day.get(o.source_id))
            if verdict.conflict != "date" and ta and tb and ta != tb:
                continue  # a later day may report what changed (the day of one act is what a date clash is about)
            key = (verdict.conflict, frozenset((c.source_id, o.source_id)))
            if key in seen:
                continue
            seen.add(key)
            versions = [ConflictVersion(text=x.text, sources=[number[x.source_id]], context=x.text) for x in (c, o)]
            what = {"polarity": "whether it happened", "unanimity": "whether it was unanimous",
                    "date": "when it happened"}[verdict.conflict]
            found.conflicts.append(Conflict(
                id="", topic=topic_of.get(c.id) or topic_of.get(o.id), measure=what, versions=versions,
                kind=verdict.conflict,
                summary=f"{where([c.event, o.event], scope, label, number, [c.source_id, o.source_id])} "
                        f"disagree on {what} "
                        f"({verdict.why}): source {number[c.source_id]} vs source {number[o.source_id]}."))


def _marked(claim: Claim) -> bool:
    """A negated act, a day tied to an act, unanimity or an objection: what a slot disagreement needs
    on at least one side (a date needs it on both)."""
    return claim.unanimous or claim.objection or any(act.negated or act.when for act in claim.acts)


def _may_clash(a: Claim, b: Claim) -> bool:
    """False only when `compare` cannot find a polarity, unanimity or date disagreement: no negated
    act, no unanimity or objection, or no day tied to an act on both sides with an action in common."""
    if (a.unanimous or a.objection) and (b.unanimous or b.objection):
        return True
    shared = a.actions & b.actions
    if not shared:
        return False
    negated = any(x.negated for x in a.acts) or any(y.negated for y in b.acts)
    return negated or any(x.when for x in a.acts) and any(y.when for y in b.acts)


# ----------------------------------------------------------------- wordings

WORDING_SHARED = 2 / 3  # the share of the shorter quote's content words the other must hold
WORDING_MIN = 3  # content words a quote needs to be compared: shorter ones are too easily alike
FRAGMENT = 4  # content words below which a quote is compared only with quotes about as short


@dataclass
class _Said:
    """One printing of a quote: whose words, in which source and event, in what sentence."""

    source_id: str
    event: str | None
    speaker: str
    text: str
    context: str
    topic: str | None
    words: tuple[str, ...]
    content: tuple[str, ...]  # the words without function words: what makes two remarks one
    cuts: tuple[int, ...] = ()  # word positions where the source marks words left out ("...")


def _wordings(corpus: Corpus, topic_of, number, label, scope, found: Found) -> None:  # noqa: ANN001
    """One remark by one speaker printed in different words by different sources.

    A quote is the speaker's exact words: when outlets print the same remark
    differently, at most one of them is verbatim, and the reader should
    know. A shorter excerpt of the same words is not a difference. Outlets
    quoting one remark in three ways make one disagreement with three versions.
    Every quote counts, on a topic or not, and one running over several
    sentences counts whole: a misquote is one wherever it stands.
    """
    by_speaker: dict[tuple, list[_Said]] = {}  # only one event's quotes by one speaker are compared
    for said in _printed(corpus, topic_of):
        if len(said.content) >= WORDING_MIN:
            by_speaker.setdefault((scope.get(said.event), said.speaker.split()[-1].lower()), []).append(said)
    remarks: list[list[_Said]] = []
    for said in by_speaker.values():
        printings: dict[tuple[str, ...], list[_Said]] = {}  # one wording, however many outlets print it
        for s in said:
            printings.setdefault(s.words, []).append(s)
        rows = list(printings)
        sets = [frozenset(printings[w][0].content) for w in rows]
        links = cf.Links(len(rows))
        printed_by = {x: {s.source_id for s in printings[w]} for x, w in enumerate(rows)}  # per group root
        for x in range(len(rows)):
            for y in range(x + 1, len(rows)):
                if len(sets[x] & sets[y]) >= max(2, min(len(sets[x]), len(sets[y])) / 2) \
                        and _reworded(printings[rows[x]][0], printings[rows[y]][0]) \
                        and _apart(printings[rows[x]], printings[rows[y]]) \
                        and not _abridged(printings[rows[x]][0], printings[rows[y]][0]):
                    rx, ry = links.find(x), links.find(y)
                    if rx != ry and not printed_by[rx] & printed_by[ry]:  # a source prints one remark once:
                        links.join(ry, rx)  # two of its quotes are two remarks, not one in two wordings
                        printed_by[rx] |= printed_by.pop(ry)
        groups: dict[int, list[_Said]] = {}
        for x, words in enumerate(rows):
            groups.setdefault(links.find(x), []).extend(printings[words])
        remarks += [g for g in groups.values() if len({s.words for s in g}) > 1]
    for members in remarks:
        versions: dict[tuple[str, ...], ConflictVersion] = {}  # one per wording: case and marks aside
        for c in sorted(members, key=lambda c: number[c.source_id]):
            words = _whole(c.words, {m.words for m in members})
            v = versions.setdefault(words, ConflictVersion(text=c.text, sources=[], context=c.context))
            if number[c.source_id] not in v.sources:
                v.sources.append(number[c.source_id])
        if len(versions) < 2:
            continue
        first = members[0]
        if not _substantive([m.words for m in members]):
            printed = " and by ".join(sources_word(v.sources) for v in versions.values())
            found.notes.append(f"{first.speaker}'s words are printed differently by {printed}, with the same "
                               f"figures and negations: a translation or an edit, not shown as a disagreement.")
            continue
        topic = next((c.topic for c in members if c.topic), None)
        found.conflicts.append(Conflict(
            id="", topic=topic, measure=f"the words of {first.speaker}", kind="quote",
            versions=list(versions.values()),
            summary=f"{where([c.event for c in members], scope, label, number, [c.source_id for c in members])} "
                    f"quote {first.speaker} "
                    f"in different words: " + " vs ".join(sources_word(v.sources) for v in versions.values()) + "."))


_NEGATING = {fold(w): "not" for w in "not n't no never cannot can't won't".split()}


def _substantive(wordings: list[tuple[str, ...]]) -> bool:
    """Printings of one remark differ in what it says, not only in its words: a figure or a
    negation one of them has and another lacks ("revenues of $80.5 billion" / "$85 billion",
    "will" / "will not"). Other differences ("We believe" / "We are sure", "revoke" / "repeal")
    are what translations and edits make; at most one printing is verbatim, but no outlet
    reports another fact."""
    def says(words: tuple[str, ...]) -> frozenset[str]:
        return frozenset(_NEGATING.get(w, w) for w in words if w in _NEGATING or any(ch.isdigit() for ch in w))

    kinds = {says(w) for w in wordings}
    return len(kinds) > 1


_ELLIPSIS = re.compile(r"\.\s?\.\s?\.|…")
ELIDED_RUN = 3  # words a quote must share with the other up to its "..." for the rest to count as left out


def _abridged(a: _Said, b: _Said) -> bool:
    """One printing may be the other with words left out where a source marks a cut ("I will
    become the first woman president...but" and "I will become the first woman president of
    Mexico"): what was cut is unknown, so the two are not set against each other. Articles and
    pronouns beside a cut do not count ("in 200 years of our republic" / "in the 200 years of
    the republic"); nor do words an outlet left out unmarked, unless a negation went with them."""
    if _fits_cuts(a.words, b) or _fits_cuts(b.words, a):
        return True
    ca, cb = _content_only(a), _content_only(b)
    return _fits_cuts(ca.words, cb) or _fits_cuts(cb.words, ca) or _trimmed(a, b)


def _content_only(s: _Said) -> _Said:
    """`s` with its function words (and numbers) dropped, its marked cuts kept in place."""
    bounds = (0, *s.cuts, len(s.words))
    pieces = [content_words(list(s.words[start:end])) for start, end in zip(bounds, bounds[1:])]
    return dataclasses.replace(s, words=tuple(w for piece in pieces for w in piece),
                               cuts=tuple(itertools.accumulate(len(piece) for piece in pieces[:-1])))


NEGATIONS = frozenset(("not", "no", "never", "nor", "without", "cannot", "nt"))
SWAPPED = 3  # words on both sides at one end of the shared part, up to which they are swapped words, not two cuts


def _trimmed(a: _Said, b: _Said) -> bool:
    """The two printings differ only in how much of the remark each kept: words one left out,
    unmarked, inside the part both print ("when the QUAD acts, it is not just for nations. This
    is ..." / "... not just for nations – it is for the people. This is ..."), or where each
    starts and ends. Outlets trim quotes silently. Words of its own on both sides inside the
    shared part ("I will say" / "I have to say, though"), or a few swapped just before or after
    it ("an energetic, independent executive" / "a vigorous and independent executive"), are
    another wording, and so is a trim that drops a negation: that changes what was said."""
    ops = difflib.SequenceMatcher(None, a.words, b.words, autojunk=False).get_opcodes()
    equal = [k for k, op in enumerate(ops) if op[0] == "equal"]
    if not equal:
        return False
    inside = [(a.words[i1:i2], b.words[j1:j2]) for tag, i1, i2, j1, j2 in ops[equal[0]:equal[-1] + 1]
              if tag != "equal"]
    only_a, only_b = [w for x, _ in inside for w in x], [w for _, y in inside for w in y]
    if only_a and only_b or _negations(tuple(only_a + only_b)):
        return False
    edges = [(a.words[i1:i2], b.words[j1:j2]) for k in {0, len(ops) - 1} - set(equal)
             for _, i1, i2, j1, j2 in [ops[k]]]
    return not any(0 < len(x) <= SWAPPED and 0 < len(y) <= SWAPPED for x, y in edges)


def _negations(words: tuple[str, ...]) -> Counter[str]:
    return Counter(w for w in words if w in NEGATIONS or w.endswith("n't"))


def _fits_cuts(words: tuple[str, ...], other: _Said) -> bool:
    """`words` run verbatim up to a cut of `other` (or from one), the rest falling where it cut."""
    if not other.cuts:
        return False
    bounds = (0, *other.cuts, len(other.words))
    for start, end in zip(bounds, bounds[1:]):
        piece = other.words[start:end]
        for k in range(min(len(words), len(piece)), ELIDED_RUN - 1, -1):
            if end in other.cuts and words[:k] == piece[-k:] or start in other.cuts and words[-k:] == piece[:k]:
                return 2 * k >= len(words)
    return False


def _in_order(short: tuple[str, ...], long: tuple[str, ...]) -> float:
    """Share of the shorter quote's words found in the longer in the same order, function words
    included: "How do you provide aid ... If you read the order" and "How do you transport
    humanitarian aid ... If you read the order" keep their frame; two remarks sharing "cut
    interest rates" do not."""
    blocks = difflib.SequenceMatcher(None, short, long, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) / len(short)


def _whole(words: tuple[str, ...], wordings: set[tuple[str, ...]]) -> tuple[str, ...]:
    """The longest wording `words` is a verbatim excerpt of: an excerpt is that wording, cut."""
    longer = [w for w in wordings if len(w) > len(words) and quote_overlap(words, w) == 1.0]
    return max(longer, key=lambda w: (len(w), w)) if longer else words


def _unstutter(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words with a run printed twice in a row once ("make sure make sure"): a slip of the
    keyboard, not another wording."""
    out: list[str] = []
    for w in words:
        out.append(w)
        for n in (1, 2, 3):
            if len(out) >= 2 * n and out[-n:] == out[-2 * n:-n] and not all(x in STOP for x in out[-n:]):
                del out[-n:]
                break
    return tuple(out)


def _apart(a: list[_Said], b: list[_Said]) -> bool:
    """Two wordings from two different sources, by one speaker as each names them."""
    return any(x.source_id != y.source_id and same_speaker(x.speaker, y.speaker) for x in a for y in b)


def _printed(corpus: Corpus, topic_of: dict[str, str | None]) -> list[_Said]:
    """Every quote with a named speaker, each printing once, with its sentence and topic. A
    translated source's quotes are left out: a translation is not the speaker's wording."""
    event_of = {sid: e.id for e in corpus.events for sid in e.source_ids}
    texts = {d.source.id: d.text for d in corpus.documents if not d.source.translated}  # translated words differ
    cands: dict[str, list[Candidate]] = {}
    for c in corpus.cands:
        cands.setdefault(c.source_id, []).append(c)
    out, seen = [], set()
    for q in corpus.quotes:
        if (q.source_id, q.text) in seen or not q.speaker or q.source_id not in texts:
            continue
        seen.add((q.source_id, q.text))
        text = texts.get(q.source_id, "")
        context = text[q.sentence_start:q.sentence_end] if q.sentence_end > q.sentence_start else q.text
        home = next((c for c in cands.get(q.source_id, []) if c.start <= q.start < c.start + len(c.text)), None)
        pieces = [_unstutter(tuple(fold(w) for w in WORD_RE.findall(_as_digits(piece))))
                  for piece in _ELLIPSIS.split(q.text)]
        words = tuple(w for piece in pieces for w in piece)
        cuts = tuple(itertools.accumulate(len(piece) for piece in pieces[:-1]))
        out.append(_Said(q.source_id, event_of.get(q.source_id), q.speaker, q.text, context,
                         topic_of.get(home.id) if home else None, words, tuple(content_words(list(words))), cuts))
    return out


_NUMBER_WORDS = {w: str(n) for n, w in enumerate("zero one two three four five six seven eight nine ten".split())}
_SPOKEN = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b|\s?(?:%|per ?cent\b)", re.I)


def _as_digits(text: str) -> str:
    """Numbers as one spelling: "the two per cent target" and "the 2% target" are one wording,
    the house style of the outlet, not a misquote."""
    return _SPOKEN.sub(lambda m: _NUMBER_WORDS.get(m.group(0).lower(), " percent"), text)


def _reworded(x: _Said, y: _Said) -> bool:
    """Mostly the same words, yet neither is a verbatim run of the other.

    Content words decide: two remarks sharing "the", "is" and "above the law"
    are two remarks, while "an energetic, independent executive" and "a
    vigorous and independent executive" are one remark in two wordings. More
    than half the shorter one's content words must recur (at a half, "a king
    above the law" and "no person is above the law" would be one); below two
    thirds, two thirds of all its words must also run in order in the other
    ("able to cut interest rates today" and "careful not to cut interest rates
    too quickly" share three of five content words, but not their frame); and
    two words must stand together in both: scattered words are a theme.
    """
    x, y = (x, y) if len(x.words) <= len(y.words) else (y, x)
    short, long, cs, cl = x.words, y.words, list(x.content), list(y.content)
    if any(cl[k:k + len(cs)] == cs for k in range(len(cl) - len(cs) + 1)):
        return False  # an excerpt where only articles and pronouns differ ("in the fight" / "in our fight")
    if len(cs) < FRAGMENT and (len(cl) > FRAGMENT or cs[-1] not in cl):
        return False  # a fragment set in a long quote shares a phrase ("above the law") as often as it misquotes;
        # one ending on a word of its own is another remark ("a dark day for humanity" / "dark day for justice")
    pool = Counter(cl)
    shared = sum(min(n, pool[w]) for w, n in Counter(cs).items())
    if shared < 2 or shared <= len(cs) / 2:
        return False
    if shared < WORDING_SHARED * len(cs) and _in_order(short, long) < WORDING_SHARED:
        return False  # between a half and two thirds: the words must also run in the same order
    run = quote_overlap(short, long) * len(short)
    return run >= 2 and run < len(short)  # a run in common, yet not an excerpt


# ------------------------------------------------------------------ offices


def _offices(corpus: Corpus, topic_of, number, label, found: Found) -> None:  # noqa: ANN001
    roles = [r for c in corpus.cands for r in cf.role_mentions(c, corpus.entities.get(c.source_id, []), corpus.lower)]
    for cluster in cf.role_disagreements(roles):
        by_event: dict[str, list[cf.RoleMention]] = {}
        for r in cluster:
            by_event.setdefault(r.cand.event or "", []).append(r)
        title = _role_label(cluster)
        for event_id, same in by_event.items():
            if len(cf._people(same)) > 1:
                versions = _role_versions(same, number)
                found.conflicts.append(Conflict(
                    id="", topic=Counter(topic_of.get(r.cand.id) for r in same).most_common(1)[0][0],
                    measure=title, versions=versions, kind="office",
                    summary=f"{_same_event(event_id, label)} name different "
                            f"people as {title}: " + " vs ".join(
                                f"{v.text} ({sources_word(v.sources)})" for v in versions) + "."))
        if len(by_event) > 1:
            parts = []
            for event_id, same in by_event.items():
                names = " / ".join(cf._people(same))
                parts.append(f"{names} ({label.get(event_id, 'date unknown')}, "
                             f"{sources_word(sorted({number[r.cand.source_id] for r in same}))})")
            found.notes.append(f"Sources on different events name different people as {title}: "
                               + "; ".join(parts) + ". The office may have changed hands between events.")


def _same_event(event_id: str, label: dict[str, str]) -> str:
    shown = label.get(event_id, "date unknown")
    return "Undated sources" if shown == "date unknown" else f"Sources on the same event ({shown})"


def _role_versions(same: list[cf.RoleMention], number: dict[str, int]) -> list[ConflictVersion]:
    made: list[tuple[str, ConflictVersion]] = []
    for r in same:
        n = number[r.cand.source_id]
        home = next((v for p, v in made if cf.same_person(p, r.person)), None)
        if home is None:
            made.append((r.person, ConflictVersion(text=r.person, sources=[n], context=r.cand.text)))
        elif n not in home.sources:
            home.sources.append(n)
    return [v for _, v in made]


def _role_label(cluster: list[cf.RoleMention]) -> str:
    explicit = next((r for r in cluster if r.explicit), cluster[0])
    place = _qualifier_text(explicit)
    return f"{explicit.title} ({place})" if place else explicit.title


def _qualifier_text(r: cf.RoleMention) -> str:
    for w in WORD_RE.findall(r.cand.text):
        if fold(w) in r.qualifiers:
            return re.sub(r"(?:’s|'s)$", "", w)
    return ""


def sources_word(numbers: list[int]) -> str:
    return ("source " if len(numbers) == 1 else "sources ") + ", ".join(str(n) for n in numbers)
