"""Sources that disagree: different figures for one measure, different people in one role.

Only sources reporting the same event are compared: a pledge of 2% at one
meeting and 5% at a later one is news, not a disagreement. Figures are
compared when they measure the same thing: a share of the same base (% of
GDP), a level (%) only with a level and a change in points (pp, bp) only
with a change, a sum of money or a count of the same noun; and when the two
sentences' claims align on that measure (`aligned`, from claims.py: the same
action or object, no two different named actors). A shared topic aligns
nothing. Qualifiers are respected ("more than 20" agrees with 25; 25 basis
points with a quarter point). Role holders are compared when the same title
is tied to the same country or body on both sides, or by a sentence naming
only that one place.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from briefing.analyze.lexicon import MONTHS, WEEKDAYS
from briefing.model import Conflict, ConflictVersion, Document, Entity
from briefing.select.aliases import canonical
from briefing.select.candidates import Candidate, entity_mentions
from briefing.select.figure_slots import money_name, part_of, period_of, role_of, year_named
from briefing.select.figures import (Measure, compatible, counted_noun, figure_value, in_share_unit, measure_of,
                                     not_a_value, scale_noun)
from briefing.select.similar import Similarity
from briefing.select.text import STOP, content_tokens, fold, words

RELATED = 0.3  # paraphrase score at which two sentences talk about the same thing
ALL_PAIRS = 64  # a block of at most this many mentions is compared pair by pair, not along related sentences


@dataclass
class Mention:
    cand: Candidate
    measure: Measure
    value: float
    qualifier: str | None
    shown: str  # the figure as the source gave it, with its base ("5% of GDP")
    base: str  # the words after the figure that say what it is ("of GDP", "Board members")
    label: str | None  # analyze's name for the measure, if any
    owner: frozenset[str] = frozenset()  # folded names just before it: whose figure ("Labour 412 seats")
    scope: str | None = None  # what it is compared within: its event, or all undated sources together
    period: str = ""  # the reporting period it is for ("q3", "fy2024", "full year"), when its sentence names one
    part: str = ""  # the part of the owner it belongs to ("segment"), when a part holds it
    role: str = ""  # "consensus" or "expected" for a figure someone expects, "" for one reported
    in_year: str = ""  # the year its clause names ("killing 2,975 people in 2017"), else a month ("in August")
    named_as: tuple[str, ...] = ()  # a sum's own name ("net income", "revenue"), when the text gives one


OWNER_SPAN = 60  # characters before a figure searched for whose it is
_OWNER_STOP = re.compile(r"[,;:.()–—]|\s-\s|\b(?:and|while|but|whereas|than|from|with|that|which|who|whose|"
                         r"said|says|reported|reports|told|announced|according)\b")
_CAPITAL = re.compile(r"\b[A-Z][\w’'-]*")


def owner_of(text: str, start: int, sentence_start: int, common: frozenset[str] = frozenset()) -> frozenset[str]:
    """Folded capitalised words between the figure and the nearest clause break before it:
    the party, country or company a figure belongs to in lists ("Labour 412, the Tories 121").
    `common`: words the sources use as common words (see `common_words`)."""
    before = text[max(sentence_start, start - OWNER_SPAN):start]
    cut = list(_OWNER_STOP.finditer(before))
    piece = before[cut[-1].end():] if cut else before
    at_start = start - len(before) == sentence_start and not cut
    found = [m.group(0) for m in _CAPITAL.finditer(piece) if not _PLACE_BEFORE.search(piece[:m.start()])]
    if at_start and found and piece.lstrip().startswith(found[0]) and (
            found[0].lower() in STOP_CAPS or _common_word(found[0], text) or found[0].lower() in common
            or _participle(found[0], piece)):
        found = found[1:]
    return frozenset(fold(w) for w in found if fold(w) not in STOP_CAPS and fold(w) not in STOP)


def _common_word(word: str, text: str) -> bool:
    """A sentence's capitalised first word is a common noun ("Rescuers found 12") when the source
    also writes it in lower case; a name ("Labour 412") it never does."""
    return re.search(rf"\b{re.escape(word.lower())}\b", text) is not None


def _participle(word: str, piece: str) -> bool:
    """An opening word like "Unadjusted" or "Combined" before a lower-case noun describes the
    figure's measure ("Unadjusted net income was $1.48 billion"); it names no one."""
    return word.lower().endswith(("ed", "ing")) and re.match(rf"\s*{re.escape(word)}\s+[a-z]", piece) is not None


def common_words(texts: Iterable[str], lower: set[str] | None = None) -> frozenset[str]:
    """Words some source writes in lower case and none capitalises inside a sentence: "Net income
    rose" opens with a common word, while "Labour" is capitalised mid-sentence wherever it is a name.
    `lower`: the texts' lower-case vocabulary (`lowercase_vocabulary`), when already read."""
    texts = list(texts)
    if lower is None:
        lower = {w for text in texts for w in _LOWER_WORD.findall(text)}
    named = {w.lower() for text in texts for w in _INNER_CAPITALISED.findall(text)}
    return frozenset(lower - named)


_LOWER_WORD = re.compile(r"\b[a-z][a-z-]+\b")
_INNER_CAPITALISED = re.compile(r"(?<=[a-z,;] )[A-Z][a-z-]+\b")


# A name right after one of these is where or whence ("southwest of Marrakech ... at a depth of
# 8 km"), not whose figure it is; possessives and subjects ("Labour 412", "Germany's 2%") are.
_PLACE_BEFORE = re.compile(r"\b(?:of|in|at|near|from|to|across|outside|inside|off|around|towards?)\s+(?:the\s+)?"
                           r"(?:[A-Z][\w’'-]*\s+)*$")


# Day and month names are capitalised but name no one ("May" may be a person).
CALENDAR = frozenset(fold(w) for w in (*WEEKDAYS, *(m for m in MONTHS if m != "may")))
STOP_CAPS = frozenset("the a an it its this that these those he she they we in on at by for of as final "
                      "q1 q2 q3 q4 h1 h2".split()) \
    | CALENDAR


_PLACE_AFTER = re.compile(r"[^,;.:()]{0,30}?\b(?:in|from|at|inside|near|along)\s+(?:the\s+|a\s+|an\s+)?"
                          r"(?P<place>[^,;.:()]{2,40})")


def place_after(m: Mention) -> frozenset[str]:
    """The content words of where the counted things were ("six people trapped in a mining area",
    "20 people rescued from a collapsed building"): counts of one act in two places are two counts."""
    at = m.cand.text.find(m.shown)
    if at < 0:
        return frozenset()
    found = _PLACE_AFTER.match(m.cand.text, at + len(m.shown))
    if not found:
        return frozenset()
    return frozenset(w for w in content_tokens(found.group("place")) if w not in CALENDAR)


def figure_mentions(cands: list[Candidate], texts: dict[str, str],
                    scope: dict[str | None, str | None] | None = None,
                    aliases: dict[str, str] | None = None, common: frozenset[str] | None = None) -> list[Mention]:
    out = []
    common = common_words(texts.values()) if common is None else common
    for c in cands:
        text = texts[c.source_id]
        start = len(out)
        for f in c.figures:
            m = measure_of(f, text)
            v = figure_value(f)
            if m is None or v is None or not_a_value(f, text):
                continue
            if m.kind == "share":
                v = in_share_unit(v, f.unit)  # 25 bp and a quarter point are one reading
            shown = _shown(f, m, text)
            out.append(Mention(c, m, v, f.qualifier, shown, shown[f.end - f.start:].strip(),
                               scale_noun(f, text) or f.measure,  # "magnitude", not "the number of -magnitude"
                               canonical(owner_of(text, f.start, c.start, common), aliases or {}),
                               (scope or {}).get(c.event, c.event), period_of(text, f.start, c.start, c.end, f.end),
                               part_of(text, f.start, c.start, f.end),
                               role_of(text, f.start, c.start, f.end) if m.kind in ("money", "share") else "",
                               year_named(text, f.start, f.end, c.start, c.end),
                               money_name(text, f.start, f.end, c.start) if m.kind == "money" else ()))
        out[start:] = _set_against(out[start:])
    return out


def _set_against(mentions: list[Mention]) -> list[Mention]:
    """An expectation takes the name, period and part of the result its sentence sets it against
    ("Datacenter revenue: $10.32 billion, surpassing the projected $8.03 billion" expected
    data-center revenue; "Q3 revenue of $16 billion, above expectations of $12.5 billion" a Q3 sum)."""
    out, result = [], None
    for m in mentions:
        if m.measure.kind == "money" and m.role != "consensus":
            result = m  # a result, or the company's own forecast ("expects Q3 revenue of $16 billion")
        elif m.role and result is not None and result.measure.kind == m.measure.kind:
            m = dataclasses.replace(m, named_as=result.named_as or m.named_as, period=m.period or result.period,
                                    part=m.part or result.part)  # "market expectations of" names no sum
        out.append(m)
    return out


def _shown(figure, m: Measure, text: str) -> str:
    """The figure as written, with the words that say what it is ("5% of GDP", "nine Allies")."""
    start, end = figure.start, figure.end
    if m.kind == "share":
        base = re.match(r"\s*of\s+(?:the\s+|its\s+|their\s+)?[A-Za-z][\w-]*", text[end:end + 60])
        return text[start:end + (base.end() if base else 0)]
    if m.kind == "count":
        noun = counted_noun(figure, text)
        return text[start:max(end, noun[1])] if noun else text[start:end]
    return text[start:end]


Aligned = Callable[[Mention, Mention], bool]  # the two sentences' claims align on the mentions' measure


def comparable(a: Mention, b: Mention, aligned: Aligned) -> bool:
    if a.cand.source_id == b.cand.source_id or a.scope != b.scope:
        return False
    ma, mb = a.measure, b.measure
    if ma.kind != mb.kind or ma.of != mb.of:
        return False
    if ma.kind == "share" and ma.unit != mb.unit:
        return False  # a rate of 3.25% and a cut of 0.25 points measure different things
    if ma.year and mb.year and ma.year != mb.year:
        return False
    return aligned(a, b)


def agree(a: Mention, b: Mention) -> bool:
    return _readings_agree(_reading(a), _reading(b))


def figure_clusters(mentions: list[Mention], sim: Similarity, index: dict[str, int],
                    aligned: Aligned, loose: float) -> list[list[Mention]]:
    """Clusters of comparable mentions (agreeing or not) with two or more sources."""
    return [[mentions[i] for i in c] for c in cluster_indices(mentions, sim, index, aligned, loose)]


def cluster_indices(mentions: list[Mention], sim: Similarity, index: dict[str, int],
                    aligned: Aligned, loose: float) -> list[list[int]]:
    """`figure_clusters` as positions in `mentions`: small enough to send from another process.

    Only mentions in one block (kind, base, scale, event) can be comparable,
    so each block is linked on its own: pair by pair when it is small (an
    event's few counts of seats), through their sentences' related pairs
    (paraphrase score `loose` or more) when it is large, and then pair by pair
    among the sums its sentences name alike ("net income", what analysts expected).
    """
    links = Links(len(mentions))
    blocks: dict[tuple, list[int]] = {}
    for i, m in enumerate(mentions):
        key = (m.measure.kind, m.measure.of, m.measure.unit if m.measure.kind == "share" else None, m.scope)
        blocks.setdefault(key, []).append(i)
    for members in blocks.values():
        if len(members) < 2:
            continue
        if len(members) <= ALL_PAIRS:
            _link_all([mentions[i] for i in members], members, links, aligned)
            continue
        _link_related([mentions[i] for i in members], members, links, sim, index, aligned, loose)
        named: dict[tuple, list[int]] = {}  # sums named alike compare however their sentences differ
        for i in members:
            if mentions[i].named_as or mentions[i].role:
                named.setdefault((mentions[i].role, mentions[i].named_as), []).append(i)
        for same in named.values():
            if 1 < len(same) <= ALL_PAIRS:
                _link_all([mentions[i] for i in same], same, links, aligned)
    clusters: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        clusters.setdefault(links.find(i), []).append(i)
    return [c for c in clusters.values() if len({mentions[i].cand.source_id for i in c}) > 1]


def disagree(cluster: list[Mention]) -> bool:
    return _disagree(cluster)


class Links:
    """Union-find over mention indices."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def _link_all(block: list[Mention], ids: list[int], links: Links, aligned: Aligned) -> None:
    """Every comparable pair of sentences of a small block is linked."""
    by_cand: dict[str, list[int]] = {}
    for k, m in enumerate(block):
        by_cand.setdefault(m.cand.id, []).append(k)
    groups = list(by_cand.values())
    for x, mine in enumerate(groups):
        for theirs in groups[x + 1:]:
            _link_pair(block, ids, mine, theirs, links, aligned)


def _link_pair(block: list[Mention], ids: list[int], mine: list[int], theirs: list[int], links: Links,
               aligned: Aligned) -> None:
    """Link the comparable mentions of two sentences. A sentence giving several values of one
    measure ("Labour 412 seats, the Conservatives 121") pairs only values that agree or belong
    to the same name, or that are each the only one their sentence names so ("revenue of $25.5
    billion, beating the $24.8 billion expected" / "... the $24.77 billion analysts expected"):
    which of the other sentence's values answers which is not known otherwise."""
    single = len(mine) == 1 and len(theirs) == 1
    for k in mine:
        for j in theirs:
            a, b = block[k], block[j]
            owned = bool(a.owner & b.owner)
            if (single or owned or agree(a, b) or _answering(block, mine, k, theirs, j)) \
                    and comparable(a, b, aligned):
                links.join(ids[k], ids[j])


def _answering(block: list[Mention], mine: list[int], k: int, theirs: list[int], j: int) -> bool:
    """Mention k and j name the same slot (an expectation, a sum's name) and are the only ones of
    their sentences that do."""
    a, b = block[k], block[j]
    return bool(a.role or a.named_as) and _same_slot(a, b) \
        and sum(_same_slot(block[x], a) for x in mine) == 1 and sum(_same_slot(block[x], b) for x in theirs) == 1


def _same_slot(a: Mention, b: Mention) -> bool:
    """One expectation or one named sum."""
    return a.role == b.role and a.named_as == b.named_as


def _link_related(block: list[Mention], ids: list[int], links: Links, sim: Similarity, index: dict[str, int],
                  aligned: Aligned, loose: float) -> None:
    """Other figures: compared only with mentions in sentences related to theirs (para >= loose)."""
    by_row: dict[int, list[int]] = {}
    for k, m in enumerate(block):
        by_row.setdefault(index[m.cand.id], []).append(k)
    for row, mine in by_row.items():
        for other, para in sim.related(row).items():
            if other < row or other not in by_row or para < loose:
                continue
            _link_pair(block, ids, mine, by_row[other], links, aligned)


def _disagree(cluster: list[Mention]) -> bool:
    """Two sources disagree when neither gives a reading the other agrees with.

    Compared by the sets of distinct readings sources give, not source by
    source: a figure repeated by 500 sources is a handful of readings, and
    500 sources make 125,000 pairs.
    """
    held: dict[str, set[tuple]] = {}
    for m in cluster:
        held.setdefault(m.cand.source_id, set()).add(_reading(m))
    shared = Counter(frozenset(readings) for readings in held.values())
    profiles = list(shared)
    for i, a in enumerate(profiles):
        for b in profiles[i:] if shared[a] > 1 else profiles[i + 1:]:
            if not any(_readings_agree(x, y) for x in a for y in b):
                return True
    return False


def _reading(m: Mention) -> tuple:
    """What `agree` looks at: kind, unit, value, qualifier."""
    return (m.measure.kind, m.measure.unit, m.value, m.qualifier)


def _readings_agree(a: tuple, b: tuple) -> bool:
    """Two readings (`_reading`) agree: money in one currency, values equal or within a qualifier."""
    if a[0] == "money" and a[1] != b[1]:
        return False
    return compatible((a[2], a[3]), (b[2], b[3]), rounding=True)


def versions_of(cluster: list[Mention], number: dict[str, int]) -> list[ConflictVersion]:
    """One version per distinct reading, citing every source that gave it (the first reading it agrees with)."""
    made: list[tuple[Mention, ConflictVersion]] = []
    plain: list[int] = []  # readings without a qualifier, by ascending value
    bounded: list[int] = []  # readings with one ("more than 20")
    for m in sorted(cluster, key=lambda m: (m.value, number[m.cand.source_id])):
        n = number[m.cand.source_id]
        k = _agreeing(m, made, plain, bounded)
        if k is None:
            (plain if m.qualifier is None else bounded).append(len(made))
            made.append((m, ConflictVersion(text=m.shown, sources=[n], context=m.cand.text)))
        elif n not in made[k][1].sources:
            made[k][1].sources.append(n)
    return [v for _, v in made]


def _agreeing(m: Mention, made: list[tuple[Mention, ConflictVersion]], plain: list[int],
              bounded: list[int]) -> int | None:
    """Position of the first reading `m` agrees with. A plain reading agrees with another plain one
    only at (nearly) the same value, so only the last, closest plain readings need checking."""
    if m.qualifier is not None:
        return next((k for k, (rep, _) in enumerate(made) if agree(rep, m)), None)
    found = [k for k in bounded if agree(made[k][0], m)]
    for k in reversed(plain):
        rep = made[k][0]
        if m.value - rep.value > 1e-6 * max(1.0, abs(m.value)):
            break
        if agree(rep, m):
            found.append(k)
    return min(found, default=None)


# ------------------------------------------------------------------ role holders

ROLE_HEADS = frozenset(
    """minister secretary president governor chancellor commissioner chair chairman chairwoman
    chairperson director ambassador commander spokesperson spokesman spokeswoman mayor premier
    representative envoy general ceo head chief""".split()
)
# Words that are part of a title, never the country or body it belongs to.
TITLE_WORDS = frozenset(
    """deputy vice assistant under chief senior first prime foreign interior finance defence defense
    home state general executive managing high lord attorney secretary acting principal permanent
    economy economic trade justice health education energy environment""".split()
)
# Words that carry a title on after its head ("Chief Executive", "Chief Investment Officer").
TITLE_TAIL = frozenset("executive financial operating investment technology information officer".split())
NOT_CURRENT = re.compile(r"\b(?:former|ex|then|incoming|outgoing|new|late|acting|designate)\W*$", re.I)
_HEAD_INSIDE = re.compile("|".join(sorted(ROLE_HEADS)), re.I)
_CAP_RUN = re.compile(r"(?:[A-Z][\w’'.-]*)(?:\s+(?:[A-Z][\w’'.-]*))*")


@dataclass
class RoleMention:
    cand: Candidate
    role: str  # folded title words ("defenc minist")
    title: str  # as written ("Defence Minister")
    person: str
    qualifiers: list[str]  # folded place/body words tied to the title
    explicit: bool  # the qualifier was part of the title phrase


def role_mentions(cand: Candidate, entities: list[Entity], lower_words: set[str]) -> list[RoleMention]:
    place_words: set[str] | None = None  # looked up once a title with a name is found: most sentences have none
    single = False
    found = []
    for m in _CAP_RUN.finditer(cand.text):
        if not _HEAD_INSIDE.search(m.group(0)):
            continue  # no title word in this run of capitalised words (most runs are names and places)
        run = m.group(0).split()
        heads = [i for i, w in enumerate(run) if _bare(w).lower() in ROLE_HEADS or
                 any(p.lower() in ROLE_HEADS for p in _bare(w).split("-"))]
        if not heads:
            continue
        h = max(i for i in heads if i < len(run) - 1) if any(i < len(run) - 1 for i in heads) else None
        if h is None:
            continue
        while h < len(run) - 2 and _bare(run[h + 1]).lower() in TITLE_TAIL:
            h += 1  # "Chief Executive Sundar Pichai", "Chief Financial Officer Ruth Porat": the title runs on
        name = [w for w in run[h + 1:h + 4] if not _bare(w).lower() in ROLE_HEADS]
        if not name or NOT_CURRENT.search(cand.text[:m.start()]):
            continue
        title_words = run[:h + 1]
        if place_words is None:
            place_words, single = _place_words(cand, entities, lower_words)
        quals = []
        while title_words and _is_qualifier(title_words[0], place_words, lower_words, entities):
            quals.append(fold(_bare(title_words.pop(0))))
        after = _OF_PLACE.match(cand.text, m.end())  # "Prime Minister Anthony Albanese of Australia"
        if not quals and after and _is_qualifier(after.group(1), place_words, lower_words, entities):
            quals.append(fold(after.group(1)))
        if not title_words or _bare(title_words[-1]).lower() == "general" and len(title_words) == 1:
            continue
        title = " ".join(_bare(w) for w in title_words)
        person = " ".join(_bare(w) for w in name)
        context = quals or (sorted(place_words) if single else [])
        found.append(RoleMention(cand, " ".join(fold(w) for w in words(title)), title, person, context,
                                 explicit=bool(quals)))
    for r in found:  # "President Zelenskiy ... with U.S. President Joe Biden": the U.S. one is Biden
        if not r.explicit:
            r.qualifiers = [q for q in r.qualifiers if q not in _held(found, r)]
    return found


_OF_PLACE = re.compile(r"\s+of\s+(?:the\s+)?([A-Z][\w’'-]+)(?![\w’'-]*\s+[A-Z])")


def _held(mentions: list[RoleMention], r: RoleMention) -> set[str]:
    """Places whose holder of `r`'s title the same sentence names with the place in the title."""
    return {q for o in mentions if o.explicit and o.role == r.role and o.cand.id == r.cand.id for q in o.qualifiers}


def _place_words(cand: Candidate, entities: list[Entity], lower_words: set[str]) -> tuple[set[str], bool]:
    """Folded words of the places and bodies the sentence names (never a common lower-case word
    first), and whether they name one place only: a title without its own qualifier belongs to
    one of several places, and which one the sentence does not say ("President X" in a sentence
    naming Brazil and South Africa)."""
    places = entity_mentions(entities, cand.text, ("GPE", "NORP", "ORG"))
    places = [e for e in places if e.name.split()[0].lower() not in lower_words]
    found = {fold(w) for e in places for v in (e.name, *e.variants) for w in words(v)}
    return found, len({place_key(fold(words(e.name)[0])) for e in places if words(e.name)}) <= 1


def _bare(word: str) -> str:
    return re.sub(r"(?:’s|'s)$", "", word).strip(".,;:")


def _is_qualifier(word: str, place_words: set[str], lower_words: set[str], entities: list[Entity]) -> bool:
    """A country or body in front of a title: possessive, a known place, or never a common word."""
    if re.search(r"(?:’s|'s)$", word):
        return True
    bare = _bare(word)
    if bare.lower() in lower_words or bare.lower() in ROLE_HEADS or bare.lower() in TITLE_WORDS:
        return False  # "Defence" in "Defence Minister": a common word, part of the title
    return fold(bare) in place_words or not entities


def same_place(a: str, b: str) -> bool:
    """'ukrain' and 'ukrainian' name one country; 'austria' and 'australia' do not."""
    return place_key(a) == place_key(b)


def place_key(word: str) -> str:
    """Equal for two places exactly when `same_place`: the word, or its first six letters."""
    return word[:6]


def same_person(a: str, b: str) -> bool:
    la, lb = a.split()[-1].lower(), b.split()[-1].lower()
    return la in b.lower() or lb in a.lower() or difflib.SequenceMatcher(None, la, lb).ratio() >= 0.75


def same_role(a: RoleMention, b: RoleMention) -> bool:
    """One title tied to one place; at least one side must name the place in the title."""
    if a.role != b.role or not (a.explicit or b.explicit):
        return False
    return any(same_place(x, y) for x in a.qualifiers for y in b.qualifiers)


def role_disagreements(mentions: list[RoleMention]) -> list[list[RoleMention]]:
    """Clusters of mentions of one role (same qualifier) naming more than one person.

    A mention joins the first cluster holding a mention of the same role
    (`same_role`); an index of (role, place, explicit) finds it without
    comparing the mention with every earlier one.
    """
    _borrow_context(mentions)
    clusters: list[list[RoleMention]] = []
    first: dict[tuple[str, str, bool], int] = {}  # (role, place key, explicit) -> earliest cluster holding one
    for m in mentions:
        keys = {place_key(q) for q in m.qualifiers}
        flags = (True, False) if m.explicit else (True,)
        found = [first[(m.role, k, f)] for k in keys for f in flags if (m.role, k, f) in first]
        home = min(found, default=None)
        if home is None:
            home = len(clusters)
            clusters.append([])
        clusters[home].append(m)
        for k in keys:
            first[(m.role, k, m.explicit)] = min(first.get((m.role, k, m.explicit), home), home)
    return [c for c in clusters if len(_people(c)) > 1]


def _borrow_context(mentions: list[RoleMention]) -> None:
    """Without entity types, an unqualified title takes as context the sentence's words
    that other mentions use as qualifiers ("... Ukrainian ... Defence Minister X")."""
    known = {place_key(q) for m in mentions if m.explicit for q in m.qualifiers}
    titled = Counter(m.cand.id for m in mentions)
    for m in mentions:
        if not m.explicit and not m.qualifiers and titled[m.cand.id] == 1:  # with several titled people in
            # a sentence, a place it names may be any one's ("Prime Minister Modi, Prime Minister Albanese
            # of Australia"); and only a place named before the title leads up to it
            at = m.cand.text.find(m.person)
            caps = {fold(_bare(w)) for w in words(m.cand.text[:max(at, 0)]) if w[:1].isupper()}
            held = {place_key(q) for q in _held(mentions, m)}
            m.qualifiers = sorted(c for c in caps if place_key(c) in known and place_key(c) not in held)


def _people(cluster: list[RoleMention]) -> list[str]:
    people: list[str] = []
    for m in cluster:
        if not any(same_person(m.person, p) for p in people):
            people.append(m.person)
    return people


def lowercase_vocabulary(documents: list[Document]) -> set[str]:
    """Words the sources also write in lower case: common words, not names."""
    return {w for d in documents for w in _LOWER_WORD.findall(d.text)}


__all__ = ["Conflict", "figure_mentions", "figure_clusters", "cluster_indices", "disagree", "versions_of",
           "role_mentions", "role_disagreements", "lowercase_vocabulary"]
