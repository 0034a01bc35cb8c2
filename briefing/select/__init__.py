"""Select: from analysed sources to the Briefing model.

topics (what each sentence is about) -> events (which meeting each source
reports) -> merge (one fact, every source) -> rank (score, MMR, word
budgets) -> conflicts (sources that disagree) -> notes -> choose (key points
and items within the audience's word budgets).
Nothing here knows about any particular event: topics come from the user's
file and every rule works on dates, words, figures and titles in general.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass

import numpy as np

from briefing import collector, lsh
from briefing.config import Profile, Topic
from briefing.errors import UsageError
from briefing.model import Analysis, Briefing, Coverage, Document, Event, Section, SourceEntry
from briefing.parallel import Beside, worker_count
from briefing.select import conflicts as cf
from briefing.select.aliases import find_aliases
from briefing.select.claims import LOOSE, Claim, claim_of, figure_partners, setting
from briefing.select.disagreements import Corpus, Found, disagreements, figure_clusters_of, sources_word
from briefing.select.candidates import Candidate, candidates_of
from briefing.select.choose import Chooser, fill, name_context_speakers
from briefing.select.events import EventGroup, group_events
from briefing.select.explain import explain_text
from briefing.select.merge import Group, merge
from briefing.select.rank import Context, centrality, quality, score_group
from briefing.select.similar import similarity
from briefing.select.text import WORD_RE, Folder, NameFinder, is_clause, word_count
from briefing.select.title import derive_title, headline, opening_words
from briefing.select.topics import TopicMatch, assign_topics

__all__ = ["SelectOptions", "SourceFeatures", "Prepared", "filter_by_date", "select", "prepare", "finish",
           "explain_text"]

SYNDICATED = 0.5  # five-word shingle overlap at which two sources are one story


@dataclass
class SelectOptions:
    title: str | None = None
    generated: str = ""  # ISO date
    since: str | None = None
    until: str | None = None
    jobs: int = 0  # processes select may use (0: every core, from BESIDE_MIN sources); 1: none beside its own


def filter_by_date(documents: list[Document], since: str | None, until: str | None) -> list[Document]:
    """Keep sources dated within [since, until] (inclusive).

    Undated sources are kept: their date is unknown, not outside the range,
    and the briefing says which sources are undated.
    """
    lo, hi = _parse_day(since, "--since"), _parse_day(until, "--until")
    if lo and hi and lo > hi:
        raise UsageError(f"--since {since} is after --until {until}: no date can match")

    def inside(doc: Document) -> bool:
        day = _source_day(doc)
        return day is None or ((lo is None or day >= lo) and (hi is None or day <= hi))

    return [d for d in documents if inside(d)]


def _parse_day(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} takes a date as YYYY-MM-DD, not '{value}'") from None


def _source_day(doc: Document) -> dt.date | None:
    try:
        return dt.date.fromisoformat(doc.source.date) if doc.source.date else None
    except ValueError:
        return None


# ------------------------------------------------------------------- select


def select(documents: list[Document], analyses: list[Analysis], topics: list[Topic],
           profile: Profile, options: SelectOptions) -> Briefing:
    """The Briefing for one audience: `prepare` (any audience) then `finish` (this one)."""
    return finish(prepare(documents, analyses, topics, options), profile, options)


@dataclass
class Prepared:
    """Everything select works out before it knows the audience.

    It is the same for every profile, so a rebuild for another audience starts
    from here (briefing/corpus_cache.py keeps it on disk); `finish` never
    changes anything `prepare` made that a later `finish` would read.
    """

    documents: list[Document]
    analyses: list[Analysis]
    topics: list[Topic]
    entries: list[SourceEntry]
    on_topic: list[Candidate]
    claims: list[Claim]  # aligned with on_topic
    groups: list[Group]
    found: Found  # disagreements, trends and office notes: the same for every audience
    ctx: Context
    events: list[EventGroup]
    title: str
    notes: list[str]
    event_summary: str
    lower: set[str]


class SourceFeatures:
    """The parts of select that read one source alone: its candidates and its shingles.

    `add(i, analysis)` as each analysis arrives (analyze_documents' on_result),
    so this runs while the parse workers are busy; `prepare` computes
    whatever was not added. Results do not depend on the order of `add`.
    """

    def __init__(self, documents: list[Document]):
        self.documents = documents
        self.folder = Folder()
        self.known: dict[str, int] = {}  # word -> hash, for shingles
        self._candidates: list[list[Candidate] | None] = [None] * len(documents)
        self._shingles: list[np.ndarray | None] = [None] * len(documents)

    def add(self, i: int, analysis: Analysis) -> Analysis:
        """Do source i's part; returns what select still needs of its analysis (`_still_read`)."""
        self._candidates[i] = candidates_of(i, self.documents[i], analysis, self.folder)
        self._shingles[i] = _shingles(self.documents[i].text, self.known)
        return _still_read(analysis)

    def candidates(self, analyses: list[Analysis]) -> list[Candidate]:
        """Every source's candidates in source order (`analyses` aligned with the documents)."""
        for i, found in enumerate(self._candidates):
            if found is None:
                self._candidates[i] = candidates_of(i, self.documents[i], analyses[i], self.folder)
        return [c for found in self._candidates for c in found]  # type: ignore[union-attr]  # all filled

    def complete(self, analyses: list[Analysis]) -> list[Analysis]:
        """Finish every source's part, then return the analyses as far as select still reads them.

        Once the candidates exist, select needs only each analysis's entities and
        attributed quotes (a misquote is compared wherever it stands): the rest
        (sentences, figures: 140 MB at 5,000 articles) can go.
        """
        self.candidates(analyses)
        self.shingles()
        return [_still_read(a) for a in analyses]

    def shingles(self) -> list[np.ndarray]:
        for i, found in enumerate(self._shingles):
            if found is None:
                self._shingles[i] = _shingles(self.documents[i].text, self.known)
        return self._shingles  # type: ignore[return-value]  # all filled


def _attributed(analysis: Analysis) -> list:
    return [q for q in analysis.quotes if q.speaker and not q.scare]


def _still_read(analysis: Analysis) -> Analysis:
    """What select reads of an analysis once its candidates exist: entities and attributed quotes."""
    return Analysis(source_id=analysis.source_id, entities=analysis.entities, quotes=_attributed(analysis))


def _entities_only(analysis: Analysis) -> Analysis:
    return Analysis(source_id=analysis.source_id, entities=analysis.entities)


def prepare(documents: list[Document], analyses: list[Analysis], topics: list[Topic],
            options: SelectOptions, features: SourceFeatures | None = None) -> Prepared:
    """Everything before the audience. `features` may hold per-source work already done."""
    with collector.paused():
        return _prepare(documents, analyses, topics, options, features or SourceFeatures(documents))


def finish(prepared: Prepared, profile: Profile, options: SelectOptions) -> Briefing:
    """Choose and word the Briefing for `profile` from a corpus already prepared."""
    with collector.paused():
        return _finish(prepared, profile, options)


def _prepare(documents: list[Document], analyses: list[Analysis], topics: list[Topic],
             options: SelectOptions, features: SourceFeatures) -> Prepared:
    by_id = {a.source_id: a for a in analyses}
    analyses = [by_id.get(d.source.id) or Analysis(source_id=d.source.id) for d in documents]
    entries = _source_entries(documents)
    number = {e.id: e.number for e in entries}

    # What reads the sources alone runs beside the rest, on a core select would leave idle.
    with Beside(source_facts, documents, features.shingles(), analyses,
                enabled=worker_count(len(documents), options.jobs, BESIDE_MIN) > 1) as later:
        cands = features.candidates(analyses)
        matches = assign_topics(cands, topics)
        on_topic = [c for c in cands if matches[c.id]]
        sim = similarity(on_topic, keep=LOOSE)
        texts = {d.source.id: d.text for d in documents}
        aliases = find_aliases(list(texts.values()))
        claims = [claim_of(c, texts[c.source_id], aliases) for c in on_topic]  # on-topic ones only: half the candidates
        index = {c.id: i for i, c in enumerate(on_topic)}
        partners = figure_partners(on_topic, claims)
        events = group_events(documents, on_topic, sim, [setting(c) for c in claims], partners)
        facts: SourceFacts = later.result()
    event_of = {sid: e.id for e in events for sid in e.source_ids}
    for c in cands:
        c.event = event_of.get(c.source_id)
    for e in entries:
        e.event = event_of.get(e.id)

    syndicate = facts.syndicate
    ctx = Context(
        sim=sim, index=index, principals=_principals(on_topic),
        source_precision=_source_precision(cands), official=facts.official,
        syndicate=syndicate, event_kind=_event_kinds(events),
        max_sources=max([len({syndicate[s] for s in e.source_ids}) for e in events] + [1]),
    )
    lower = facts.lower
    corpus = Corpus(documents, {a.source_id: a.entities for a in analyses}, on_topic, claims, sim, index, events, lower,
                    aliases, [q for a in analyses for q in _attributed(a)], facts.common)
    # Which figures speak of one thing, and the title, need no topic: they are worked out beside merging.
    beside = worker_count(len(documents), options.jobs, BESIDE_MIN) > 1
    with Beside(_clusters_and_title, corpus, cands, analyses, facts.organisation, not options.title, beside,
                enabled=beside) as later:
        qual = {c.id: quality(c, ctx) for c in on_topic}
        groups = merge(on_topic, sim, qual, claims, partners)
        _assign_group_topics(groups, matches)
        central = centrality(on_topic, sim)
        peak = _topic_peaks(groups, matches)
        for g in groups:
            fit = _topic_score(g, matches) / peak.get(g.topic, 1.0)
            score_group(g, round(fit, 4), central, ctx)
        clusters, title = later.result()
    topic_by_id = {t.id: t for t in topics}
    found = disagreements(corpus, {m.id: g.topic for g in groups for m in g.members}, number,
                          lambda cluster, topic: _measure_label(cluster, topic_by_id.get(topic)), clusters)
    return Prepared(  # documents without their judged lines, analyses as far as finish reads them: half the size
        documents=[dataclasses.replace(d, lines=[]) for d in documents],
        analyses=[_entities_only(a) for a in analyses],
        topics=topics, entries=entries, on_topic=on_topic, claims=claims, found=found,
        groups=groups, ctx=ctx, events=events,
        title=options.title or title or "Briefing",
        notes=_event_notes(events, number, options), event_summary=_event_summary(events, number),
        lower=lower,
    )


def _finish(prepared: Prepared, profile: Profile, options: SelectOptions) -> Briefing:
    p = prepared
    number = {e.id: e.number for e in p.entries}
    quotes_only = "quotes" in profile.sections and "topics" not in profile.sections
    groups = _quote_groups(p.groups) if quotes_only else p.groups
    found = copy.deepcopy(p.found)  # the audience's briefing may name speakers in them; the next one starts clean
    briefing = Briefing(
        title=p.title, generated=options.generated, audience=profile.name, coverage=_coverage(p.documents),
        sections=[Section(topic=t.id, title=t.name, description=t.description) for t in p.topics],
        conflicts=found.conflicts, trends=found.trends,
        events=[Event(e.id, e.label(), e.date, [number[s] for s in e.source_ids], e.main) for e in p.events],
        notes=list(p.notes) + found.notes,
        event_summary=p.event_summary,
        sources=copy.deepcopy(p.entries), matrix={t.id: _covering(t.id, groups, number) for t in p.topics},
        marking=profile.marking,
    )
    chooser = Chooser(groups, p.topics, profile, p.ctx, number, briefing.events,
                      {number[d.source.id]: " ".join(d.text.split()) for d in p.documents}, quotes_only,
                      {(c.source_id, c.order): c for c in p.on_topic}, frozenset(found.superseded))
    fill(briefing, chooser)
    name_context_speakers(briefing.conflicts, p.on_topic)
    return briefing


# ------------------------------------------------------------------ sources


def _clusters_and_title(corpus: Corpus, cands: list[Candidate], analyses: list[Analysis], organisation: str | None,
                        want_title: bool, apart: bool) -> tuple[tuple[int, list[list[int]]] | None, str | None]:
    """The two topic-free parts of preparing that can run beside merging. The clusters only
    when `apart` (in another process): worked out here, disagreements would read every figure
    again to check them."""
    title = derive_title(corpus.documents, cands, analyses, corpus.lower, organisation) if want_title else None
    return (figure_clusters_of(corpus) if apart else None), title


def _source_entries(documents: list[Document]) -> list[SourceEntry]:
    return [SourceEntry(number=n, id=d.source.id, file=d.source.path,
                        outlet=d.source.outlet, title=d.source.title or headline(d), author=d.source.author,
                        date=d.source.date, url=d.source.url, opening=opening_words(d))
            for n, d in enumerate(documents, 1)]


def _coverage(documents: list[Document]) -> Coverage:
    dates = sorted(d.source.date for d in documents if d.source.date)
    return Coverage(sources=len(documents),
                    outlets=sorted({d.source.outlet for d in documents if d.source.outlet}),
                    date_from=dates[0] if dates else None, date_to=dates[-1] if dates else None,
                    undated=sum(1 for d in documents if not d.source.date))


def _shingles(text: str, known: dict[str, int], n: int = 5) -> np.ndarray:
    """Hashed word n-grams (lower case), sorted and distinct: what two copies of one story share.

    Each distinct word is hashed once (`known` remembers them across texts)
    and an n-gram's hash combines its words' hashes (polynomial, 63 bits),
    which costs far less than hashing every n-gram's text. An array, not a
    set: 8 bytes a shingle instead of ~90 (240 MB at 5,000 articles).
    """
    hashes = []
    for w in WORD_RE.findall(text.lower()):
        h = known.get(w)
        if h is None:
            h = known[w] = zlib.crc32(w.encode("utf-8"))
        hashes.append(h)
    mixed = lsh.gram_hashes(np.array(hashes, dtype=np.uint64), n)
    return lsh.distinct((mixed >> np.uint64(1)).astype(np.int64))


# From this many sources, select works out the source facts in a forked process beside its own.
BESIDE_MIN = 200


@dataclass
class SourceFacts:
    """What select learns from the sources' text alone, before reading their sentences."""

    syndicate: dict[str, str]  # source id -> the source it copies (itself if none)
    official: dict[str, float]  # source id -> 1.0 when published by a body most sources name
    lower: set[str]  # words the sources also write in lower case
    organisation: str | None  # the organisation most sources name (leads a derived title)
    common: frozenset[str] = frozenset()  # words no source capitalises inside a sentence (conflicts.common_words)


def source_facts(documents: list[Document], shingles: list[np.ndarray], analyses: list[Analysis]) -> SourceFacts:
    """The SourceFacts of `documents` (`shingles`, `analyses` aligned with them).

    Reads the sources, their shingles and entities, never the candidates: a
    forked process touching those would copy most of the parent's pages
    (+250 MB at 5,000 articles), so the title is derived in the parent.
    """
    syndicate = _syndication(documents, shingles)  # first: its arrays are the largest, freed before the rest
    names = NameFinder([d.text for d in documents])
    lower = cf.lowercase_vocabulary(documents)
    need = max(2, math.ceil(len(documents) / 2))
    return SourceFacts(syndicate=syndicate, official=_official(documents, names), lower=lower,
                       organisation=_main_organisation(documents, analyses, lower, need, names),
                       common=cf.common_words((d.text for d in documents), lower))


def _syndication(documents: list[Document], sh: list[np.ndarray]) -> dict[str, str]:
    """Source id -> the first source it is a (near-)copy of: wire copy counts once.

    Pairs come from the rarest shingles two sources share (lsh.overlap_pairs),
    so sources are not compared with every other; each pair is re-checked.
    """
    later: dict[int, list[int]] = {}
    for i, j in lsh.overlap_pairs(sh):
        later.setdefault(i, []).append(j)
    rep: dict[str, str] = {}
    ids = [d.source.id for d in documents]
    for i, a in enumerate(ids):
        rep.setdefault(a, a)
        for j in sorted(later.get(i, [])):
            b = ids[j]
            if b in rep:
                continue
            small = min(len(sh[i]), len(sh[j])) or 1
            if np.intersect1d(sh[i], sh[j], assume_unique=True).size / small >= SYNDICATED:
                rep[b] = rep[a]
    return rep


def _source_precision(cands: list[Candidate]) -> dict[str, float]:
    """Share of a source's sentences free of hype, raised by attributed reporting."""
    by_source: dict[str, list[Candidate]] = {}
    for c in cands:
        by_source.setdefault(c.source_id, []).append(c)
    out = {}
    for sid, mine in by_source.items():
        calm = sum(1 for c in mine if not c.hype) / len(mine)
        attributed = sum(1 for c in mine if c.attributed) / len(mine)
        out[sid] = round(0.7 * calm + 0.3 * attributed, 4)
    return out


def _official(documents: list[Document], names: NameFinder) -> dict[str, float]:
    """1.0 for a source published by a body most sources write about (its own release)."""
    out = {}
    naming: dict[str, set[int]] = {}
    for n, d in enumerate(documents):
        outlet = d.source.outlet
        if not outlet:
            out[d.source.id] = 0.0
            continue
        if outlet not in naming:
            naming[outlet] = names.naming(outlet)
        named = len(naming[outlet] - {n})
        out[d.source.id] = 1.0 if named >= max(1, (len(documents) - 1) / 2) else 0.0
    return out


def _principals(cands: list[Candidate]) -> set[str]:
    """Speakers quoted or reported by two or more sources, else the most reported one."""
    by_speaker: dict[str, set[str]] = {}
    for c in cands:
        if c.speaker:
            by_speaker.setdefault(c.speaker, set()).add(c.source_id)
    several = {s for s, src in by_speaker.items() if len(src) >= 2}
    if several or not by_speaker:
        return several
    return {max(sorted(by_speaker), key=lambda s: len(by_speaker[s]))}


def _event_kinds(events: list[EventGroup]) -> dict[str, str]:
    return {e.id: "main" if e.main else "older" if e.older else "other" for e in events}


# ------------------------------------------------------------------- topics


def _assign_group_topics(groups: list[Group], matches: dict[str, list[TopicMatch]]) -> None:
    """Each fact goes under the topic its sentences fit best (summed over sources)."""
    for g in groups:
        totals: Counter[str] = Counter()
        terms: dict[str, list[str]] = {}
        for m in g.own:
            for tm in matches[m.id]:
                totals[tm.topic] += tm.score
                terms.setdefault(tm.topic, [])
                terms[tm.topic] += [t for t in tm.terms if t not in terms[tm.topic]]
        if totals:
            g.topic = max(sorted(totals), key=lambda t: totals[t])
            g.terms = terms[g.topic]


def _topic_score(g: Group, matches: dict[str, list[TopicMatch]]) -> float:
    return max((tm.score for m in g.own for tm in matches[m.id] if tm.topic == g.topic), default=0.0)


def _topic_peaks(groups: list[Group], matches: dict[str, list[TopicMatch]]) -> dict[str | None, float]:
    peaks: dict[str | None, float] = {}
    for g in groups:
        peaks[g.topic] = max(peaks.get(g.topic, 0.0), _topic_score(g, matches)) or 1.0
    return peaks


def _covering(topic: str, groups: list[Group], number: dict[str, int]) -> list[int]:
    return sorted({number[s] for g in groups if g.topic == topic for s in g.sources})


# -------------------------------------------------------------------- items


def _quote_groups(groups: list[Group]) -> list[Group]:
    """For a quotes sheet: facts with a full-clause quote by a named speaker, shown from a source that quotes it."""
    out = []
    for g in groups:
        quoting = [m for m in g.members if m.quote is not None and m.quote.speaker and word_count(m.quote.text) >= 5
                   and is_clause(m.quote.text) and m.id not in g.shared]
        if quoting:
            best = quoting[0]
            out.append(dataclasses.replace(g, best=best, members=[best] + [m for m in g.members if m is not best]))
    return out  # new groups: the prepared ones stay as they were for the next audience


# ---------------------------------------------------------------- conflicts


def _measure_label(cluster: list[cf.Mention], topic: Topic | None) -> str:
    named = Counter(m.label for m in cluster if m.label)
    m = cluster[0]
    if all(x.role == "consensus" for x in cluster):
        what = "what analysts expected"  # not the result, whatever the forecaster's name
    elif named:
        return named.most_common(1)[0][0]
    else:
        base = m.base
        what = {"share": f"the share {base}".strip() if base else "the percentage",
                "count": f"the number of {base}" if base else "the count",
                "money": "the amount"}.get(m.measure.kind, "the figure")
    return f"{what} ({topic.name.lower()})" if topic else what


# -------------------------------------------------------------------- notes


def _event_summary(events: list[EventGroup], number: dict[str, int]) -> str:
    """One sentence naming every event when there are several (render may show its own list)."""
    if len(events) < 2:
        return ""
    parts = []
    for e in events:
        cited = sources_word([number[s] for s in e.source_ids])
        tag = "main event" if e.main else "earlier, shown as background" if e.older else \
            "not placed in time" if e.date is None else "later than the main event"
        parts.append(f"{e.label()} ({cited}; {tag})")
    return f"The sources report on {len(events)} different events: " + "; ".join(parts) + "."


def _main_reason(events: list[EventGroup], number: dict[str, int]) -> str | None:
    """Why the main event is the main one, in the terms `group_events` chose it by."""
    main = next((e for e in events if e.main), None)
    if main is None or len(events) < 2:
        return None
    cited = sources_word([number[s] for s in main.source_ids])
    if main.date is None:
        return (f"No source gives a date; the coverage most sources share ({cited}) is treated as the "
                f"main event.")
    dated = [e for e in events if e.date]
    n_dated = sum(len(e.source_ids) - len(e.joined) for e in dated)  # undated sources joined are not dated
    own = len(main.source_ids) - len(main.joined)
    ties = [e.label() for e in dated if e is not main and len(e.source_ids) == len(main.source_ids)]
    if ties:
        return (f"{main.label()} is taken as the main event: it is the latest, and as many sources report "
                f"{' and '.join(ties)}.")
    joined = len(main.joined)
    count = f"{own} of the {n_dated} dated sources" + (
        f", and {joined} undated source{'s' if joined > 1 else ''} matching it" if joined else "")
    return f"{main.label()} is taken as the main event: more sources report it than any other date ({count})."


def _event_notes(events: list[EventGroup], number: dict[str, int], options: SelectOptions) -> list[str]:
    reason = _main_reason(events, number)
    notes = [reason] if reason else []
    for e in events:
        for sid in e.joined:
            notes.append(f"Source {number[sid]} gives no date; its content closely matches the coverage of "
                         f"{e.label()}, so it is grouped with that event.")
        if e.date is None:
            cited = sources_word([number[s] for s in e.source_ids])
            notes.append(f"{cited[0].upper()}{cited[1:]} give no date and do not closely match any dated "
                         f"source; the date of this coverage is unknown." if len(e.source_ids) > 1 else
                         f"{cited[0].upper()}{cited[1:]} gives no date and does not closely match any dated "
                         f"source; its date is unknown.")
    if options.since or options.until:
        span = f"from {options.since}" if options.since else ""
        span += (" " if span else "") + (f"until {options.until}" if options.until else "")
        notes.append(f"Only sources dated {span} are included; undated sources are kept.")
    return notes


# ------------------------------------------------------------------- title


def _main_organisation(documents: list[Document], analyses: list[Analysis], common: set[str],
                       need: int, finder: NameFinder) -> str | None:
    """The organisation named by most sources (a proper name, at most three words)."""
    names = {e.name for a in analyses for e in a.entities if e.kind == "ORG" and len(e.name.split()) <= 3
             and not any(w.lower() in common for w in e.name.split())}
    names = {n for n in names if len(n.split()) > 1 or n.isupper()}  # not a lone "Board"
    if not names:  # no entity types: acronyms are the usual names of organisations
        names = {w for d in documents for w in re.findall(r"\b[A-Z]{2,6}\b", d.text) if w.lower() not in common}
    counts = {n: len(finder.naming(n)) for n in names}
    best = max(sorted(counts), key=lambda n: counts[n], default=None)
    return best if best and counts[best] >= need else None
