"""Claims: what a sentence states, in slots, and whether two sources state the same one.

Word overlap cannot tell a sentence that states a fact from one that merely
shares its setting: two outlets on one summit use the same names and places
whatever they report. A claim is compared slot by slot instead:

- actor and action: who did what (analyze's clauses; verbs of saying are the
  frame, not the claim), actions folded into classes ("cut", "lower",
  "slash" are one), with polarity ("did not", "refused to") and modality
  ("plans to", "urged") kept apart from what was done;
- object or measure: the head noun of what was acted on, and each figure's
  unit, counted noun or base ("% of GDP");
- values: figures (with "more than", "nearly", "about"), days and dates;
- speaker and quoted words, for quotes and reported speech.

Two claims are the same fact when their action or measure aligns and no
aligned slot holds incompatible values; an aligned slot with incompatible
values is a disagreement. A shared topic, place or meeting aligns nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from briefing.analyze.clauses import LIGHT, SUPPORT
from briefing.analyze.lexicon import MONTH_NAMES, WEEKDAYS
from briefing.select.aliases import canonical
from briefing.select.candidates import Candidate
from briefing.select.conflicts import CALENDAR, ROLE_HEADS, TITLE_WORDS
from briefing.select.figures import (LOWER_BOUND, NUMBER_WORDS, UPPER_BOUND, compatible, counted_noun, figure_value,
                                     in_share_unit, measure_of, significant_digits)
from briefing.select.text import STOP, WORD_RE
from briefing.select.text import fold as _fold_word

fold = functools.lru_cache(maxsize=1 << 16)(_fold_word)  # a corpus folds the same words again and again

# Verbs that report the same kind of act. General news usage, not any one event's.
ACTION_CLASSES = {
    "cut": "cut lower reduce slash trim ease decrease",
    "raise": "raise increase hike boost lift ramp double triple expand",
    "hold": "hold keep maintain leave freeze pause",
    "adopt": "adopt approve endorse pass ratify sign accept agree back finalise finalize conclude",
    "reject": "reject oppose veto block object refuse dismiss",
    "attend": "attend join participate gather",
    "die": "die kill perish",
    "injure": "injure wound hurt",
    "announce": "announce unveil launch present introduce release publish",
    "implement": "implement deploy establish install",
    "end": "end stop halt cease terminate scrap phase",
    "reach": "reach top exceed surpass hit",
    "pledge": "pledge commit promise vow allocate earmark provide donate contribute",
    "win": "win secure clinch capture",
    "lose": "lose concede",
    "hand over": "hand transfer handover",
    "meet": "meet convene host",
    "strike": "strike jolt rock shake devastate",
    "report": "report post record book",
    "rise": "rise climb jump grow surge soar rebound",
    "fall": "fall decline drop slip tumble plunge sink slump",
    "rule": "rule decide find order",
    "call": "call urge demand press",
    "warn": "warn caution",
    "forecast": "forecast expect project predict anticipate guide",
}
_CLASS_OF = {verb: name for name, verbs in ACTION_CLASSES.items() for verb in verbs.split()}
# Words that name a kind of body, not which one: "the Bank", "the Governing Council", "the Monetary Policy
# Committee" and "Canada's central bank" may all be one body, so such words alone never tell two actors apart.
GENERIC_BODY = frozenset(fold(w) for w in """bank central council committee government ministry agency office
    department commission assembly board panel authority statement monetary policy governing national
    federal""".split())
STANDING_IN = frozenset(("it", "they"))  # pronouns that stand for a body named earlier in their sentence
PRONOUNS = frozenset("he she it they we i you this that these those who which one there".split())
# Number words a parser may give as a clause's object ("pledged $2 billion"): values, not things.
NUMERIC = frozenset("""hundred thousand million billion trillion bn mn percent cent point dozen half quarter
    dollar euro pound yen""".split())
UNANIMOUS = re.compile(r"\b(?:unanimous(?:ly)?|by consensus|all (?:\d+ |[a-z]+ )?(?:members|member states|"
                       r"leaders|countries|nations|parties|allies))\b", re.I)
OBJECTION = re.compile(r"\b(?:objected|objecting|objection|dissent(?:ed|ing)?|voted against|abstain(?:ed|ing)?|"
                       r"refused to (?:sign|endorse|back|support|join)|withh[eo]ld(?:ing)? (?:its |their )?support|"
                       r"boycott(?:ed|ing)?|did not (?:sign|endorse|back|support|join))\b", re.I)
_DAY_RE = re.compile(r"\b(?:on\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.I)
_DATE_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + "|".join(MONTH_NAMES) + r")\b|\b("
                      + "|".join(MONTH_NAMES) + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b", re.I)
_INNER_CAPITAL = re.compile(r"(?<=[\w,;:’'\"”)] )[A-Z][\w’'-]+")  # a capitalised word not opening a sentence
_NAME_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'-]*)*")  # "Bank of England"
NAMED_ALIKE = 3  # names two sentences share, with an action in common, that make one claim ("Denmark, Estonia, ...")
QUOTE_SHARED = 0.6  # share of the shorter quote's words two quotes must share in sequence to be one quote
NEAR_COPY = 0.6  # word overlap (cosine) at which two sentences are copies unless a slot disagrees
LOOSE = 0.15  # paraphrase score from which sentence pairs are compared at all
FIGURE_OVERLAP = 0.3  # word overlap at which a shared figure aligns sentences whose main clauses the parse missed


@dataclass(frozen=True)
class Reading:
    """One figure of a claim: what it counts and its value on a common scale."""

    kind: str  # share, money, count
    unit: str  # share: "%" or "pp"; money: currency; count: ""
    noun: str  # share: its base ("gdp"); count: the counted noun ("countri"); money: ""
    value: float
    qualifier: str | None
    surface: str
    year: int | None = None
    tally: str = ""  # the act a count tallies ("296 people killed", "a toll of 296": "die"); see _tallied


@dataclass(frozen=True)
class Act:
    """One clause of a claim: who did (or did not do) what to what."""

    action: str  # action class ("cut"), or the lemma
    negated: bool
    modal: bool  # intended, urged, expected: not (yet) done
    actor: str  # the actor's head noun, folded ("" when none)
    names: frozenset[str]  # the actor's proper-name words, folded ("federal", "reserve")
    object: str  # the object's head noun, folded
    main: bool = True  # the sentence's own assertion (see analyze.clauses._main)
    detail: frozenset[str] = frozenset()  # the object's other words ("additional", "drone"), folded
    when: str = ""  # the day the clause's verb is tied to ("friday", "5 april")


@dataclass
class Claim:
    """The slots of one candidate sentence."""

    acts: tuple[Act, ...]
    readings: tuple[Reading, ...]
    days: frozenset[str]  # weekdays and "5 april"-style dates the sentence names
    speaker: str | None
    quote: tuple[str, ...]  # folded words of the main quote
    unanimous: bool
    objection: bool
    measures: frozenset[str] = field(default_factory=frozenset)  # folded words of analyze's figure measures
    words: frozenset[str] = field(default_factory=frozenset)  # the sentence's folded content words
    proper: frozenset[str] = field(default_factory=frozenset)  # capitalised words inside the sentence, folded
    runs: tuple[frozenset[str], ...] = ()  # the folded words of each name ("Monetary Policy Committee")

    # Worked out once: comparisons ask for them hundreds of thousands of times on a large corpus.
    @functools.cached_property
    def names(self) -> frozenset[str]:
        return frozenset(w for act in self.acts for w in act.names)

    @functools.cached_property
    def actions(self) -> frozenset[str]:
        return frozenset(act.action for act in self.acts)

    @functools.cached_property
    def objects(self) -> frozenset[str]:
        return frozenset(act.object for act in self.acts if act.object)


@dataclass(frozen=True)
class Verdict:
    """How two claims relate: `same` fact, a `conflict` on one slot, or neither; `why` for --explain."""

    same: bool
    conflict: str | None  # the slot that disagrees: figure, polarity, unanimity, date
    why: str
    anchor: str = ""  # what made it the same: "quote", "figure", "copy" (strong), "action" or "names"


def claim_of(c: Candidate, text: str, aliases: dict[str, str] | None = None) -> Claim:
    """The Claim of candidate `c`; `text` is its source's whole text (figures read their context),
    `aliases` the other names sources give an actor (aliases.find_aliases)."""
    aliases = aliases or {}
    acts = []
    named = ""  # the last actor named in the sentence, which "it" and "they" after it stand for
    for cl in c.clauses:
        # words the sentence itself does not show are a dateline the parse took for the subject
        # ("CRAWFORDVILLE, Fla. — Hurricane Helene made landfall")
        actor = " ".join(w for w in cl.actor.split() if not w.isupper() or w in c.text)
        if actor.lower() in STANDING_IN and named:
            actor = named  # "The Bank of Canada marked a turning point as it lowered its rate"
        elif any(w[:1].isupper() for w in actor.split()):
            named = actor
        key = action_key(cl.verb)
        if not key:
            continue
        if key == "reach" and cl.verb == "hit" and cl.object and not _numeric(cl.object):
            key = "strike"  # "the quake hit the region"; "the toll hit 2,000" reaches a figure
        names = canonical(frozenset(fold(w) for w in actor.split() if w[:1].isupper()
                                    and w.lower() not in PRONOUNS and w.lower() not in ROLE_HEADS
                                    and w.lower() not in TITLE_WORDS and fold(w) not in CALENDAR), aliases)
        head = _head(cl.object)
        detail = frozenset(fold(w) for w in cl.object.split()[:-1] if w.isalpha() and fold(w) not in STOP)
        # "could not agree" reports a failure; "careful not to cut too quickly" and "wants to avoid
        # cutting" report no act either way
        modal = bool(cl.modal) and (not cl.negated or cl.modal not in FAILING)
        acts.append(Act(key, cl.negated, modal, _head(actor), names,
                        head, cl.main, detail if head else frozenset(), cl.when))
    days = {m.group(1).lower() for m in _DAY_RE.finditer(c.text)}
    for m in _DATE_RE.finditer(c.text):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        days.add(f"{int(day)} {month.lower()}")
    quote = tuple(fold(w) for w in WORD_RE.findall(c.quote.text)) if c.quote is not None else ()
    measures = {fold(w) for f in c.figures if f.measure for w in WORD_RE.findall(f.measure)} - STOP
    return Claim(
        acts=tuple(acts), readings=tuple(_tallied(r, acts) for r in readings_of(c, text)), days=frozenset(days),
        speaker=c.speaker, quote=quote, unanimous=bool(UNANIMOUS.search(c.text)),
        objection=bool(OBJECTION.search(c.text)), measures=frozenset(measures), words=frozenset(c.words),
        proper=canonical(frozenset(fold(w) for w in _INNER_CAPITAL.findall(c.text) if w.lower() not in ROLE_HEADS
                                   and w.lower() not in TITLE_WORDS and fold(w) not in STOP
                                   and fold(w) not in CALENDAR), aliases),
        runs=tuple(canonical(frozenset(fold(w) for w in m.group(0).split()), aliases)
                   for m in _NAME_RUN.finditer(c.text)),
    )


def setting(claim: Claim) -> Claim:
    """The claim as evidence of which event a sentence reports: a sentence with no act of its own
    ("Trump suggested the decision to cut rates by half a point was politically motivated") is
    still about that cut, though it does not state it, so the acts inside its phrases count."""
    if any(act.main for act in claim.acts):  # an act of its own
        return claim
    return dataclasses.replace(claim, acts=tuple(dataclasses.replace(act, main=True) for act in claim.acts))


# Acts of telling: what they tell (their object) is the claim, not who tells it.
TELLING = frozenset(("report", "announce"))
# "could not agree" and "cannot" report a failure; "may not be completed", "should not" do not.
FAILING = frozenset(("could", "can"))
RUNNING = re.compile(r"\b(?:so far|at least|latest|updated?|provisional|now|toll|tally|still|rising|climbing)\b", re.I)
RUNNING_ACTIONS = frozenset(("rise", "fall", "reach", "stand"))


def running(claim: Claim, text: str) -> bool:
    """Whether a sentence reports a figure that may still move: a count that rose or stands at,
    "so far", "at least", a toll, a forecast. Different days' values of such a figure are its
    history; of a one-off fact (how a board voted) they are a disagreement."""
    return bool(RUNNING.search(text)) or any(a.action in RUNNING_ACTIONS or a.modal and a.main for a in claim.acts)


def time_of(claim: Claim, published: str | None) -> str | None:
    """The day a claim is about: a weekday or date its sentence names, read against the
    source's date ("on Wednesday" in Friday's paper is two days before), else the source's date."""
    if not published:
        return None
    try:
        day = dt.date.fromisoformat(published)
    except ValueError:
        return None
    for d in sorted(claim.days):
        if d in WEEKDAYS:
            back = (day.weekday() - WEEKDAYS.index(d)) % 7
            return (day - dt.timedelta(days=back)).isoformat()
        number, month = d.split()
        try:
            named = dt.date(day.year, MONTH_NAMES.index(month) + 1, int(number))
        except ValueError:
            continue
        return (named if named <= day else named.replace(year=day.year - 1)).isoformat()
    return published


def _numeric(phrase: str) -> bool:
    words = phrase.lower().split()
    return bool(words) and (words[-1] in NUMERIC or any(w[:1].isdigit() for w in words))


def action_key(verb: str) -> str:
    """The class of a verb lemma ("slash" -> "cut"); the lemma itself when it has none; "" for light verbs."""
    if not verb:
        return ""
    if verb in _CLASS_OF:
        return _CLASS_OF[verb]
    first = verb.split()[0]
    if verb == "hand over" or first == "hand" and verb.endswith("over"):
        return "hand over"
    if verb in ("wind down", "phase out", "shut down"):
        return "end"
    if first in LIGHT:
        return verb if first in SUPPORT and " " in verb else ""  # "make landfall": the noun names the act
    return _CLASS_OF.get(first, verb)


def _head(phrase: str) -> str:
    """The head noun of a clause slot, folded ("benchmark interest rate" -> "rate"); "" for a pronoun or number."""
    words = phrase.split()
    w = words[-1] if words else ""
    if not w.isalpha() or w.lower() in PRONOUNS or w.lower() in NUMERIC or w.lower() in NUMBER_WORDS:
        return ""
    folded = fold(w)
    return "" if folded in STOP else folded


MULTIPLIERS = {"dozen": 12, "dozens": 12, "hundred": 100, "hundreds": 100, "thousand": 1e3, "thousands": 1e3}


def readings_of(c: Candidate, text: str) -> list[Reading]:
    out: list[Reading] = []
    skip = None
    figures = sorted(c.figures, key=lambda f: f.start)
    for k, f in enumerate(figures):
        if f is skip:
            continue
        m = measure_of(f, text)
        v = figure_value(f)
        if m is None or v is None:
            continue
        if m.kind == "share":
            out.append(Reading("share", m.unit or "%", m.of, in_share_unit(v, f.unit), f.qualifier, f.surface, m.year))
        elif m.kind == "money":
            out.append(Reading("money", m.unit or "", "", v, f.qualifier, f.surface, m.year))
        elif m.kind == "count":
            noun = None if m.named else counted_noun(f, text)  # a measure the text names: m.of holds it
            word = noun[0].lower() if noun else ""
            if word in MULTIPLIERS:  # "two dozen leaders": 24 leaders, one reading
                nxt = figures[k + 1] if k + 1 < len(figures) else None
                after = re.match(r"\s*(?:of\s+)?([A-Za-z][A-Za-z-]*)", text[noun[1]:noun[1] + 30])
                v *= MULTIPLIERS[word]
                if nxt is not None and nxt.start < noun[1] + 2:
                    skip = nxt
                noun = (after.group(1), 0) if after else None
            after = text[noun[1]:noun[1] + 16] if noun and noun[1] else text[f.end:f.end + 16]
            said = _TALLY_AFTER.match(after)
            out.append(Reading("count", "", fold(noun[0]) if noun and noun[1] else m.of, v, f.qualifier,
                               text[f.start:f.end], m.year, TALLY_NOUNS.get(fold(said.group(1)), "") if said else ""))
    return out


# --------------------------------------------------------------- comparison


def values_agree(a: Reading, b: Reading, rounding: bool = False) -> bool:
    """Two readings of one measure agree: equal, or within what a qualifier allows, and with
    `rounding` one written with fewer digits ("$23.6 billion" / "$23.62 billion"; see `_rounded`).

    "nearly 24" and "more than 24" do not agree although the number is the same.
    """
    if a.kind == "money" and a.unit != b.unit:
        return False
    if (a.qualifier in LOWER_BOUND and b.qualifier in UPPER_BOUND) or (
            a.qualifier in UPPER_BOUND and b.qualifier in LOWER_BOUND):
        return a.value > b.value if a.qualifier in UPPER_BOUND else b.value > a.value
    if compatible((a.value, a.qualifier), (b.value, b.qualifier)):
        return True
    return rounding and _rounded(a, b)


ROUNDED_DIGITS = 3  # significant digits the more precise figure needs before a shorter one may round it
ROUNDED_APART = 0.1  # the most two figures one rounds (or cuts) the other can differ by, as a share ("10" / "10.9")


def _rounded(a: Reading, b: Reading) -> bool:
    """One figure is the other rounded or cut by an outlet ("$23.6 billion" for $23.62 billion, "11%"
    for 11.1%): the same figure, when the precise one has three significant digits or more, so
    that a match by chance is unlikely. "5%" for 5.25% or "$6 billion" for $6.17 billion says too
    little to tell."""
    if a.qualifier or b.qualifier or abs(a.value - b.value) > ROUNDED_APART * max(abs(a.value), abs(b.value)):
        return False  # cheap first: most pairs compared are far apart
    short, precise = sorted((a.value, b.value), key=significant_digits)
    return significant_digits(precise) >= ROUNDED_DIGITS and compatible((short, None), (precise, None), rounding=True)


def same_measure(a: Reading, b: Reading) -> bool:
    """Two readings measure the same kind of thing: unit family, counted noun or base, and target year."""
    if a.kind != b.kind or a.year and b.year and a.year != b.year:
        return False
    if a.kind == "share":
        return a.unit == b.unit and a.noun == b.noun
    if a.kind == "count":
        return bool(a.noun) and a.noun == b.noun
    return True  # money: the currency may differ (a pledge in euros and in dollars is one measure)


def _distinctive(r: Reading) -> bool:
    """A figure specific enough that two sources giving it point at one fact."""
    return r.kind in ("share", "money") or r.value >= 3


def shares_exact_figure(a: Claim, b: Claim) -> bool:
    """Both sentences give one precise figure of one measure ("$25.50 billion" / "$25.5 billion
    in revenue", a toll of 3,354), whatever else each says: the same fact reported, even when
    another figure beside it differs ("beating the $24.8 billion expected" / "$24.77 billion")."""
    if a.names and b.names and not names_meet(a.names, b.names):
        return False
    return any(_precise(x) for x, _ in _figure_pairs(a, b)[0])


def _several_precise(pairs: list[tuple[Reading, Reading]]) -> bool:
    """Two sentences share two precise figures ("$64.6 billion in ad sales, up 11.1%" / "a 11.1%
    increase to $64.6 billion"): the same fact, however differently worded. Round figures
    ("about 25 percent and 17 percent") recur between a first count and the final one."""
    return len({x.value for x, y in pairs if _precise(x) and _precise(y)}) > 1


PRECISE_DIGITS = 3  # significant digits that make a figure unlikely to recur by chance ("$25.5 billion", "14.4%")


def _precise(r: Reading) -> bool:
    number = re.search(r"\d[\d,]*(?:\.\d+)?", r.surface)  # as written: "$25.5 billion" has three digits
    return bool(number) and significant_digits(float(number.group(0).replace(",", ""))) >= PRECISE_DIGITS


def may_align(a: Claim, b: Claim, para: float) -> bool:
    """False only when `compare` cannot find the two claims the same; cheap, for the many pairs that
    share words but no quote, action or figure. `para` (>= their cosine) stands in for near copies."""
    if a.quote and b.quote or para >= NEAR_COPY or a.actions & b.actions:
        return True
    keys = {(r.kind, r.unit if r.kind == "share" else "", r.noun) for r in a.readings}
    return any((r.kind, r.unit if r.kind == "share" else "", r.noun) in keys for r in b.readings)


def compare(a: Claim, b: Claim, cosine: float, rounding: bool = False) -> Verdict:
    """Whether claims `a` and `b` (from two sources of one event) state the same fact or disagree.

    Acts align clause by clause: one action class, the same object or actor,
    and no two different named actors; they count when both are what their
    sentences assert (not a clause inside a noun phrase). `cosine` (the sentences' word
    overlap) accepts near-copies and admits a figure match whose clauses the
    parser missed; otherwise it aligns nothing by itself. With `rounding`, a figure one source
    rounds ("$23.6 billion" / "$23.62 billion") is the same figure: for citing, within one event;
    two events are told apart by exact figures (a count's first and final results round alike).
    """
    if a.quote and b.quote and a.speaker and b.speaker and not same_speaker(a.speaker, b.speaker):
        return Verdict(False, None, f"different speakers: {a.speaker} / {b.speaker}")  # whose words they are
    if a.quote and b.quote and quote_overlap(a.quote, b.quote) >= QUOTE_SHARED:
        return Verdict(True, None, "the same quoted words", "quote")
    other_actor = names_apart(a.names, b.names)  # Germany / France
    same_acts, flipped = _act_pairs(a, b)
    main_acts = [(x, y) for x, y in same_acts if x.main and y.main]
    action = bool(same_acts) or bool(a.actions & b.actions) and not other_actor
    obj = a.objects & b.objects
    matched, clashing = _figure_pairs(a, b, rounding)
    if clashing and not matched and not other_actor and forecast(a) == forecast(b):
        ra, rb = clashing[0]
        if _measure_aligned(ra, a, b, same_acts, obj) and (same_acts or not far_apart(ra.value, rb.value)):
            return Verdict(False, "figure", f"{_what(ra)}: {ra.surface} / {rb.surface}")
    if flipped and not same_acts:
        x, y = flipped[0]
        return Verdict(False, "polarity", f"'{x.action} {x.object or y.object or y.actor}' done in one, "
                                          f"not done in the other")
    if (a.unanimous and b.objection or a.objection and b.unanimous) and (action or obj):
        return Verdict(False, "unanimity", "unanimous in one, an objection in the other")
    dated = [(x, y) for x, y in same_acts if x.when and y.when and x.when != y.when
             and _comparable_days(x.when, y.when) and (not x.actor or not y.actor or _same_head(x.actor, y.actor))]
    if dated and not any(x.when == y.when for x, y in same_acts):  # the day each verb is tied to, not any day named
        x, y = dated[0]
        return Verdict(False, "date", f"{x.when} / {y.when}")
    distinct = [(x, y) for x, y in matched if _distinctive(x)]
    if distinct and not clashing and not other_actor and (main_acts or _several_precise(distinct) or (
            cosine >= FIGURE_OVERLAP and (_main_actions(a) & _main_actions(b) or not _main_actions(a)
                                          or not _main_actions(b)))):
        x, y = distinct[0]
        return Verdict(True, None, f"same figure ({x.surface} ~ {y.surface})", "figure")
    if clashing:
        x, y = clashing[0]
        return Verdict(False, None, f"{_what(x)} differs: {x.surface} / {y.surface}")
    if main_acts:
        x, y = main_acts[0]
        if all(x.action in RUNNING_ACTIONS for x, _ in main_acts) and a.readings and b.readings and not matched:
            # "the toll rose to at least 215" / "the toll has risen to at least 23": what rose to is the claim
            return Verdict(False, None, f"'{x.action}' to different figures")
        return Verdict(True, None, f"same action '{x.action}' on '{_slot(x, y)}'", "action")
    shared_names = a.proper & b.proper
    asserted = _asserted(a) & _asserted(b)
    if len(shared_names) >= NAMED_ALIKE and asserted and not other_actor:
        return Verdict(True, None, f"same action '{sorted(asserted)[0]}' naming "
                                   f"{', '.join(sorted(shared_names)[:3])}", "names")
    if cosine >= NEAR_COPY and not other_actor:
        return Verdict(True, None, f"near copy (word overlap {cosine:.2f})", "copy")
    if other_actor:
        return Verdict(False, None, f"different actors: {' '.join(sorted(a.names))} / {' '.join(sorted(b.names))}")
    if not action:
        return Verdict(False, None, "no action in common")
    return Verdict(False, None, "an action in common, but not on the same object or by the same actor")


def asserts_in_common(a: Claim, b: Claim) -> bool:
    """An act both sentences report as done that one of them asserts (not one only inside their
    phrases on both sides: "rewards Kim extracted in return for munitions North Korea provided" and
    "Kim pledged stronger ties with Moscow" share names and a class of verb, not a claim)."""
    return bool(_asserted(a) & _asserted(b) & (_main_actions(a) | _main_actions(b)))


def names_shared(a: Claim, b: Claim) -> int:
    """How many names two sentences share, counting a name of several words once ("Joe Biden",
    "Monetary Policy Committee"): shared name words place two sentences at one event, but only
    several distinct names make them one claim."""
    words = a.proper & b.proper
    groups: list[set[str]] = []
    for run in a.runs:
        hit = run & words
        if not hit:
            continue
        for g in groups:
            if g & hit:
                g |= hit
                break
        else:
            groups.append(set(hit))
    return len(groups)


def bounds_only(a: Claim, b: Claim) -> bool:
    """The figures two sentences share are only different bounds ("at least 55 dead" / "at least
    73 dead"): both hold, but they are two reports (two counts, often two days), not one figure
    stated twice; a source giving one is no citation for the other, though both tell of one story."""
    distinct = [(x, y) for x, y in _figure_pairs(a, b, rounding=True)[0] if _distinctive(x)]
    return bool(distinct) and all(_two_bounds(x, y) for x, y in distinct)


def _two_bounds(x: Reading, y: Reading) -> bool:
    return x.value != y.value and (x.qualifier in LOWER_BOUND and y.qualifier in LOWER_BOUND
                                   or x.qualifier in UPPER_BOUND and y.qualifier in UPPER_BOUND)


FAR_APART = 3.0  # values this many times apart are read as different things unless the clauses align


def far_apart(x: float, y: float) -> bool:
    """4 seats and 326 seats, or a toll of 144 and of 3,354: more likely two things (or two days)
    than two outlets at odds over one, unless actor, action and object line up clause by clause."""
    low, high = sorted((abs(x), abs(y)))
    return low == 0 or high / low > FAR_APART


def measure_aligned(a: Claim, b: Claim, kind: str, noun: str, strict: bool = False) -> bool:
    """Whether two sentences giving a figure of one measure (`kind`, `noun`) speak of one thing,
    so that their values may be compared: the action or object aligned as `_measure_aligned`
    asks, or with `strict` the clauses themselves (whose figure it is, the caller checks on the
    figure itself)."""
    probe = Reading(kind, "", noun, 0.0, None, "")
    same_acts = _act_pairs(a, b)[0]
    if strict:
        return bool(same_acts)
    return _measure_aligned(probe, a, b, same_acts, a.objects & b.objects)


def _act_pairs(a: Claim, b: Claim) -> tuple[list[tuple[Act, Act]], list[tuple[Act, Act]]]:
    """Clause pairs that align: (same polarity and modality, opposite polarity)."""
    same, flipped = [], []
    for x in a.acts:
        for y in b.acts:
            if x.action != y.action or names_apart(x.names, y.names):
                continue
            x, y = _fill_object(x, a, y), _fill_object(y, b, x)
            specific = x.object and x.object == y.object and x.detail & y.detail
            same_actor = _same_head(x.actor, y.actor)
            if x.actor and y.actor and not same_actor and not (x.names and y.names) and not specific:
                continue  # two different actors, at least one not named: "Starmer won" / "the Tories won"
            if not (x.object and x.object == y.object or same_actor and x.action not in TELLING):
                continue  # "Meta reported revenue of ..." / "Meta reported an upbeat report": what was told differs
            if x.negated != y.negated:
                if x.object and x.object == y.object and not x.modal and not y.modal:
                    flipped.append((x, y))  # "should have called for" is neither done nor refused
            elif x.modal == y.modal:
                same.append((x, y))
    return same, flipped


def _same_head(a: str, b: str) -> bool:
    """One head noun, or one the end of the other ("quake" of "earthquake", "strike" of
    "airstrike"): a compound written as one word names the same thing more closely."""
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return short == long or len(short) >= 4 and long.endswith(short)


def _fill_object(x: Act, own: Claim, other: Act) -> Act:
    """`x` with the other act's object when the parse gave `x` none but its sentence names that
    object with one of its modifiers ("put in place a series of ... anti-drone measures")."""
    if x.object or not other.object or other.object not in own.words or not other.detail & own.words:
        return x
    return dataclasses.replace(x, object=other.object, detail=other.detail & own.words)


def forecast(c: Claim) -> bool:
    """The sentence asserts something expected, urged or possible ("predicted to win 410 seats",
    "now expects Q3 sales of $16 billion"): its figures are not set against a result, nor read
    as a later value of one."""
    return any(act.main and (act.modal or act.action == "forecast") for act in c.acts)


def _asserted(c: Claim) -> frozenset[str]:
    """The actions a sentence reports as done: not negated, not merely intended."""
    return frozenset(act.action for act in c.acts if not act.negated and not act.modal)


def _main_actions(c: Claim) -> frozenset[str]:
    return frozenset(act.action for act in c.acts if act.main)


def _slot(x: Act, y: Act) -> str:
    return x.object if x.object and x.object == y.object else x.actor


def _measure_aligned(r: Reading, a: Claim, b: Claim, same_acts: list, obj: frozenset[str]) -> bool:
    """Whether two sentences giving different values of reading `r`'s measure speak of one thing.

    A share of a named base (% of GDP) is its own measure once the verb or
    object agrees; a count needs its noun and the verb or object; a sum of
    money needs the verb and the object or actor (a programme's pledge is not
    one country's yearly aid). `same_acts`: the aligned clause pairs.
    """
    if r.kind == "share" and r.noun:
        return bool(same_acts or a.actions & b.actions or obj or a.measures & b.measures)
    if r.kind == "count":
        apart = any(x.actor and y.actor and x.actor != y.actor and (x.names or y.names)
                    for x in a.acts for y in b.acts if x.action == y.action)  # "Labour won" / "the Conservatives won"
        return bool(same_acts or obj and a.actions & b.actions and not apart)
    return bool(same_acts)


def names_apart(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two actors' names tell them apart: each has a word that says which body or person it is,
    and the two do not meet ("Germany" / "France"; not "the Bank" / "Canada's central bank")."""
    return bool(a - GENERIC_BODY and b - GENERIC_BODY) and not names_meet(a, b)


def names_meet(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two sets of folded name words name one actor: a word in common, a short form ("fed" of
    "federal") or an acronym ("ecb" of "european central bank")."""
    if a & b:
        return True
    for x in a:
        for y in b:
            short, long = (x, y) if len(x) <= len(y) else (y, x)
            if len(short) >= 3 and long.startswith(short):
                return True
    initials_a, initials_b = "".join(w[0] for w in sorted(a)), "".join(w[0] for w in sorted(b))
    return any(len(x) >= 2 and sorted(x) == sorted(initials_b) for x in a) or any(
        len(y) >= 2 and sorted(y) == sorted(initials_a) for y in b)


def _measure_links(a: Claim, b: Claim) -> list[tuple[Reading, Reading]]:
    return [(ra, rb) for ra in a.readings for rb in b.readings if same_measure(ra, rb)]


def roles_meet(a: Claim, ra: Reading, b: Claim, rb: Reading) -> bool:
    """Whether two counts of one noun count it in the same role: "672 people were injured" and
    "killing 2,012 people" count people, but the injured and the dead are two measures. A count
    whose role its sentence does not show meets any."""
    if ra.kind != "count":
        return True
    x, y = _roles(a.acts, ra.noun), _roles(b.acts, rb.noun)
    return not (x and y) or bool(x & y)


def _roles(acts, noun: str) -> set[str]:  # noqa: ANN001 - a claim's acts, a tuple or a list
    return {act.action for act in acts if noun and noun in (act.object, act.actor)}


def _figure_pairs(a: Claim, b: Claim, rounding: bool = False
                  ) -> tuple[list[tuple[Reading, Reading]], list[tuple[Reading, Reading]]]:
    """Figure pairs of one measure whose values agree (with `rounding`, one may round the other),
    and those that clash.

    A figure that agrees with one on the other side has found its partner and
    clashes with nothing else there: "revenue of $13.51 billion" against
    "$13.51 billion, beating the forecast of $11.22 billion" is one figure
    shared, not $13.51 billion set against $11.22 billion.
    """
    links = [(ra, rb) for ra, rb in _measure_links(a, b) if roles_meet(a, ra, b, rb)]
    links += _tally_links(a, b, links)
    agree = [values_agree(ra, rb, rounding) for ra, rb in links]
    matched = [link for link, ok in zip(links, agree) if ok]
    used_a, used_b = {id(ra) for ra, _ in matched}, {id(rb) for _, rb in matched}
    # a figure one rounds is no clash even where rounding does not make it the same figure
    clashing = [(ra, rb) for (ra, rb), ok in zip(links, agree)
                if not ok and id(ra) not in used_a and id(rb) not in used_b
                and (rounding or not values_agree(ra, rb, True))]
    return matched, clashing


def _tally_links(a: Claim, b: Claim, known: list[tuple[Reading, Reading]]) -> list[tuple[Reading, Reading]]:
    """Counts of one tally worded differently ("the toll reached 2,901" / "296 people killed"):
    one measure, so the two sentences state different tolls, not one claim."""
    tallies_a = [(r, tally_of(a, r.value, r.noun)) for r in a.readings if r.kind == "count"]
    tallies_b = [(r, tally_of(b, r.value, r.noun)) for r in b.readings if r.kind == "count"]
    seen = {(id(x), id(y)) for x, y in known}
    return [(x, y) for x, tx in tallies_a for y, ty in tallies_b
            if tx and tx == ty and (id(x), id(y)) not in seen]


def _what(r: Reading) -> str:
    if r.kind == "share":
        return f"% of {r.noun}" if r.noun else ("change in points" if r.unit == "pp" else "percentage")
    if r.kind == "count":
        return f"number of {r.noun}"
    return "amount"


def _comparable_days(a: str, b: str) -> bool:
    """Weekdays compare with weekdays, dates with dates."""
    return (a in WEEKDAYS) == (b in WEEKDAYS)


def same_speaker(a: str, b: str) -> bool:
    la, lb = a.lower(), b.lower()
    return la == lb or la.split()[-1] == lb.split()[-1] or la in lb or lb in la


def quote_overlap(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Share of the shorter quote's words found in one run in the other (verbatim, marks aside)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if not short:
        return 0.0
    best = 0
    at: dict[str, list[int]] = {}
    for i, w in enumerate(long):
        at.setdefault(w, []).append(i)
    for i in range(len(short)):
        for j in at.get(short[i], []):
            n = 0
            while i + n < len(short) and j + n < len(long) and short[i + n] == long[j + n]:
                n += 1
            best = max(best, n)
    return best / len(short)


# ------------------------------------------------------------------ indexes

FIGURE_BUCKET = 32  # a figure given by more sentences than this is too common to pair by


def figure_partners(cands: list[Candidate], claims: list[Claim]) -> dict[int, set[int]]:
    """Index -> indices of other sources' sentences giving one of its distinctive figures.

    Outlets that reword a fact completely still give its figure ("half a
    point" / "50 basis points" meet on 0.5 points): this proposes such pairs
    to `merge` even when their words barely overlap.
    """
    buckets: dict[tuple, list[int]] = {}
    for i, claim in enumerate(claims):
        for r in claim.readings:
            if _distinctive(r):
                buckets.setdefault((r.kind, r.unit if r.kind != "money" else "", r.noun, round(r.value, 3)),
                                   []).append(i)
    out: dict[int, set[int]] = {}
    for members in buckets.values():
        if len(members) < 2 or len(members) > FIGURE_BUCKET:
            continue
        for i in members:
            for j in members:
                if i != j and cands[i].source_id != cands[j].source_id:
                    out.setdefault(i, set()).add(j)
    return out


def counted_alike(a: Claim, va: float, b: Claim, vb: float) -> bool:
    """`roles_meet` for the count readings of value `va` in `a` and `vb` in `b`."""
    xs = [r for r in a.readings if r.kind == "count" and r.value == va]
    ys = [r for r in b.readings if r.kind == "count" and r.value == vb]
    return not xs or not ys or any(roles_meet(a, x, b, y) for x in xs for y in ys)


# Nouns that name a tally of one kind of act: a toll counts the dead. General news usage.
TALLY_NOUNS = {fold(w): act for act, nouns in (("die", "toll deaths dead fatalities killed"),
                                                ("injure", "injured injuries wounded"))
               for w in nouns.split()}


_TALLY_AFTER = re.compile(r"\s+(?:were\s+|have\s+been\s+|had\s+been\s+|are\s+)?(killed|dead|injured|wounded)\b", re.I)


def tally_of(claim: Claim, value: float, noun: str) -> str:
    """The act a count tallies ("die" for "296 people killed", "the death toll reached 2,012",
    "1,037 dead"), or "" when it is not a tally: outlets and days word one toll many ways, and
    its values are one measure however it is worded."""
    if noun in TALLY_NOUNS:
        return TALLY_NOUNS[noun]
    same = [r for r in claim.readings if r.kind == "count" and r.value == value]
    own = [r for r in same if r.noun == noun]  # "a dozen people still missing" beside "the toll rose to 12"
    return next((r.tally for r in own or same if r.tally), "")


def _tallied(r: Reading, acts: list[Act]) -> Reading:
    """`r` with the act it tallies worked out once, when the claim is made (comparisons ask often):
    its own words ("people killed"), a tally noun ("toll"), or the one act of dying or injuring
    its noun takes part in ("killing 2,012 people")."""
    if r.kind != "count" or r.tally:
        return r
    found = TALLY_NOUNS.get(r.noun, "")
    if not found:
        acts_of = _roles(acts, r.noun) & {"die", "injure"}
        found = next(iter(acts_of)) if len(acts_of) == 1 else ""
    return dataclasses.replace(r, tally=found) if found else r
