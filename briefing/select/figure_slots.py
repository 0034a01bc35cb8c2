"""What a figure's sentence says about it beside its value: the reporting period it is for,
the part of its owner that holds it, whether someone expected it, the year its clause names,
and what a sum of money is called. Two figures that differ in any of these are not two values
of one measure, however alike their numbers and nouns ("Q3 guidance" and "Q2 revenue", "this
segment alone" and the company, "analysts expected" and the result, "in 2018" and this year,
"net income" and "revenue").
"""

from __future__ import annotations

import re

from briefing.analyze.lexicon import MONTH_NAMES
from briefing.select.text import STOP, fold

SPAN = 60  # characters before a figure read for its clause


_LINK = (r"(?:of|at|to|was|were|is|totall?ing|totall?ed|stood at|came in at|came to|amounted to|reached|hit|rose to|"
         r"fell to|climbed to|"
         r"grew to|dropped to|jumped to|increased to|decreased to)")
_ABOUT = (r"(?:about|around|nearly|roughly|approximately|almost|some|just over|just under|more than|less than|"
          r"over|under)")
_CHANGE_WORDS = frozenset("rose fell grew declined dropped jumped increased decreased climbed slipped was up down "
                          "by".split())
_CHANGE = r"(?:(?:rose|fell|grew|declined|dropped|jumped|increased|decreased|climbed|slipped|was up|was down)\s+)?"
# "net income for the second quarter was": the period has its own slot, the sum is named before it
_FOR_PERIOD = r"(?:(?:for|in|during|over)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:quarter|year|period|half|months?)\s+)?"
_PACE = r"(?:year-over-year\s+|year-on-year\s+|sequentially\s+)?"
_NAME_BEFORE = re.compile(r"(?P<np>(?:[\w’'-]+\s+){0,3}[\w’'-]+)\s+" + _FOR_PERIOD +
                          r"(?:" + _CHANGE + r"(?:by\s+)?[\d.,]+\s*(?:%|percent)\s+" + _PACE + ")?"
                          + _LINK + r"\s+(?:" + _ABOUT + r"\s+)?(?:(?:a|an|the)\s+)?(?:[a-z]+\s+)?$", re.I)
_NAME_COLON = re.compile(r"(?P<np>(?:[\w’'-]+\s+){0,2}[\w’'-]+):\s*$")  # "Datacenter revenue: $10.32 billion"
_NAME_AFTER = re.compile(r"\s+in\s+(?P<np>(?:[a-z-]+\s+)?[a-z-]+)")
# Words that say nothing about which sum it is: the period has its own slot.
_NEUTRAL = frozenset(fold(w) for w in "total quarterly overall record reported its their the a an company firm group "
                     "quarter year first second third fourth full q1 q2 q3 q4 fiscal report reports post posted "
                     "remarkable staggering year-over-year year-on-year sequentially unadjusted gaap compared "
                     "estimated estimate estimates expectation expectations consensus forecast projection "
                     "anticipated figure figures number".split())
# Verbs and comparisons end a sum's name: "the chipmaker expects revenue of" names revenue, not the chipmaker;
# "ahead of the $12.6 billion" names nothing.
_VERBS = frozenset(fold(w) for w in "expects expected reported reports report posted posts post generated generates "
                   "booked books delivered delivers announced announces said says saw sees had has have came "
                   "comes stood stands was were is are with ahead above below beating beat topping topped surpassing "
                   "surpassed exceeding exceeded missing missed versus against".split())
_AMOUNT_WORDS = frozenset("billion million trillion bn mn percent cent dollar euro pound yen share".split())


def money_name(text: str, start: int, end: int, sentence_start: int) -> tuple[str, ...]:
    """What a sum is, as its sentence names it: "net income of $1.48 billion", "revenue
    stood at $25.5 billion", "$13.5 billion in revenue" -> the folded words of "net income",
    "revenue".
    Sums named differently ("revenue", "automotive revenue", "net income") are different
    measures; sums named alike are one measure even when the clauses around them differ."""
    found = _NAME_BEFORE.search(text, max(sentence_start, start - SPAN), start) or \
        _NAME_COLON.search(text, max(sentence_start, start - SPAN), start)
    if not found:
        found = _NAME_AFTER.match(text, end)
    words = list(re.finditer(r"\S+", found.group("np"))) if found else []
    while words and (words[-1].group(0).lower() in _CHANGE_WORDS or fold(words[-1].group(0)) in _VERBS):
        words.pop()  # "revenue fell by 7% to", "income came to": the verb, not the sum's name
    kept: list[str] = []
    for m in reversed(words):  # the run of plain words that ends at the figure's noun
        w, at = m.group(0), found.start("np") + m.start()
        f = fold(w)
        opens = not text[sentence_start:at].strip()  # "Automotive revenue ...": capitalised as the first word
        if f in STOP or f in _VERBS or w[:1].isupper() and not opens or not w.replace("-", "").isalpha():
            break
        kept.insert(0, f)
    named = tuple(w for w in kept if w not in _NEUTRAL and not w.endswith("-quarter"))
    return named if named and named[-1] not in _AMOUNT_WORDS else ()


_CLAUSE_BREAK = re.compile(r"[;:.()–—]|,\s+(?:while|but|whereas|and|which|who)\b|"
                           r"\b(?:compared|than|versus|since)\b")
_IN_YEAR = re.compile(r"\b(?:in|of)\s+((?:19|20)\d\d)\b(?!\s*[-–]\s*\d)|\b((?:19|20)\d\d)(?:’s|'s)\s")


def year_named(text: str, start: int, end: int, sentence_start: int, sentence_end: int) -> str:
    """The year a figure's clause ties it to ("Maria, which struck in 2017, killing at least
    2,975 people"; "who won 53% of the vote in 2018"): another year's figure is not this
    event's, whatever it measures."""
    before = text[max(sentence_start, start - SPAN):start]
    cut = list(_CLAUSE_BREAK.finditer(before))
    after = text[end:min(sentence_end, end + SPAN)]
    stop = _CLAUSE_BREAK.search(after)
    clause = (before[cut[-1].end():] if cut else before) + " " + (after[:stop.start()] if stop else after)
    years = [m.group(1) or m.group(2) for m in _IN_YEAR.finditer(clause)]
    if years:
        return years[-1]
    months = [m.group(2) or m.group(1).lower() for m in _IN_MONTH.finditer(clause)]
    return months[-1] if months else ""


# "had cut rates by 25 bps in August": a month without a day ties a figure to that month ("in
# August 2023" to that year); whether that is another month than the source's, its date tells.
_IN_MONTH = re.compile(r"\bin\s+(" + "|".join(m.capitalize() for m in MONTH_NAMES) + r")\b(?!\s+\d{1,2}\b)"
                       r"(?:,?\s+((?:19|20)\d\d)\b)?")


ROLE_SPAN = 100  # characters before a figure read for who expected it
_AGAINST = (r"\b(?:beating|beat|surpassing|surpassed|exceeding|exceeded|topping|topped|above|below|ahead of|"
            r"short of|versus|vs\.?|compared (?:with|to)|against|than)\b")
_EXPECTED = re.compile(r"\b(?:estimat\w*|expect\w*|consensus|forecast\w*|anticipat\w*|project(?:ed|ion|ions|s)|"
                       r"predict\w*|guid(?:ance|ed)|outlook|looking for)\b", re.I)
_ANALYSTS = re.compile(r"\b(?:analysts?|Wall Street|consensus|Refinitiv|LSEG|FactSet|Bloomberg|Zacks|"
                       r"the market|market expectations|economists?|polls?)\b", re.I)


def role_of(text: str, start: int, sentence_start: int, end: int | None = None) -> str:
    """Whether a figure is one somebody expected rather than the result reported: the market's
    ("beating the estimated $2.09", "analysts expected $11.22 billion", "$11.22 billion analysts
    had expected", "the $12.2 billion consensus estimate") or a forecast stated ("now expects Q3
    sales of $16 billion"). An expectation is compared only with expectations of its kind.
    (Counts keep no role: an exit poll's 410 seats and the 412 won are one figure as it became
    known.) `end`, when given, lets the figure's own words count ("an estimated $2.09")."""
    before = text[max(sentence_start, start - ROLE_SPAN):start]
    own = text[start:end] if end is not None else ""
    cut = list(re.finditer(r"[;.](?!\d)|,\s+(?:while|but|whereas|and)\b|" + _AGAINST, before))
    clause = before[cut[-1].start():] if cut else before
    said = list(_EXPECTED.finditer(clause))
    if said and "," not in clause[said[-1].end():] or _EXPECTED.search(own):
        against = re.match(_AGAINST, clause)
        return "consensus" if against or _ANALYSTS.search(before) else "expected"
    tail = end if end is not None else start + len(re.match(r"\S*", text[start:]).group(0))
    return "consensus" if _EXPECTED_AFTER.match(text[tail:tail + 80]) else ""


# "... $11.22 billion analysts had expected", "$24.77 billion expected by analysts", "the $12.2 billion
# consensus estimate", "the $0.62 expectation"
_EXPECTED_AFTER = re.compile(
    r"(?:[^,;\d]{0,30}?\b(?:analysts?|Wall Street|economists)\s+(?:had\s+)?(?:expected|forecast|projected|"
    r"estimated|predicted)\b|[^,;\d]{0,30}?\b(?:expected|forecast|projected|estimated|predicted|anticipated)\s+by\s+"
    r"(?:analysts?|Wall Street|economists|the market)\b|"
    r"(?:\s+(?:per|a)\s+share)?\s+(?:(?:consensus|analysts?’?'?|Wall Street|market|street)\s+)?"
    r"(?:estimates?|forecasts?|expectations?|projections?|consensus)\b)", re.I)


_ORDINAL = {"first": "1", "second": "2", "third": "3", "fourth": "4", "1st": "1", "2nd": "2", "3rd": "3", "4th": "4"}
_PERIOD = re.compile(r"\b(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter|Q(?P<q>[1-4])|"
                     r"(?P<half>first|second)[- ]half|(?P<fy>fiscal|financial)[- ](?:year\s+)?(?P<year>(?:20)?\d\d)|"
                     r"(?P<full>full[- ]year|annual)|(?P<next>next|coming|current)[- ]quarter)\b", re.I)
# A period before the one reported: "During the same quarter last year, ... $18.37 billion", "$18.36bn for
# the same period last year" (but "up 28.6% from the same period last year" compares, it does not date).
_PRIOR = (r"(?:the\s+)?(?:same\s+(?:quarter|period)\s+(?:last|a)\s+year|(?:previous|prior|year-ago|year-earlier)"
          r"\s+(?:quarter|year|period))")
_PRIOR_BEFORE = re.compile(r"\b(?:during|in|for|over)\s+" + _PRIOR + r"\b(?![^,;]*\b(?:from|than|compared)\b)", re.I)
_PRIOR_AFTER = re.compile(r"\s*(?:during|in|for|over)\s+" + _PRIOR + r"\b", re.I)
PERIOD_SPAN = 80  # characters before a figure searched for the period it is for


def period_of(text: str, start: int, sentence_start: int, sentence_end: int, end: int | None = None) -> str:
    """The reporting period a figure is for, from the nearest period named before it in its
    sentence, else the first after it ("third-quarter revenue of $16 billion", "Q2 revenue",
    "for the fiscal year 2024"): one quarter's revenue is not another's, nor a year's."""
    clause = text[max(sentence_start, start - PERIOD_SPAN):start]
    cut = list(_CLAUSE_BREAK.finditer(clause))
    if _PRIOR_BEFORE.search(clause[cut[-1].end():] if cut else clause) or (
            end is not None and _PRIOR_AFTER.match(text, end)):
        return PRIOR
    before = list(_PERIOD.finditer(text, max(sentence_start, start - PERIOD_SPAN), start))
    found = before[-1] if before else _PERIOD.search(text, start, min(sentence_end, start + PERIOD_SPAN))
    if not found:
        return ""
    if found.group("ord"):
        return "q" + _ORDINAL[found.group("ord").lower()]
    if found.group("q"):
        return "q" + found.group("q")
    if found.group("half"):
        return "h" + _ORDINAL[found.group("half").lower()]
    if found.group("year"):
        return "fy" + found.group("year")[-2:]
    return "year" if found.group("full") else "next quarter"


PRIOR = "prior"  # "for the previous quarter", "the year-ago quarter": not the period being reported


# A division or segment holds the figure, not the whole company: "This segment alone garnered
# $10.32 billion" is not the company's $13.5 billion, nor "Boeing's Commercial Airplanes division
# saw revenue of $7.4 billion" its $17.8 billion.
_PART = re.compile(r"(?:\b(?:this|that|the|its|their|whose)|[\w-]+['’]s)\s+(?:[\w&-]+\s+){0,2}?(?P<part>segment|"
                   r"division|unit|business|arm|subsidiary|department|sector)s?\b"
                   r"(?![^,;.]{0,40}\b(?:said|says)\b)", re.I)


PART_SPAN = 160  # characters before a figure where its part may be named ("Boeing's Commercial Airplanes division")


def part_of(text: str, start: int, sentence_start: int, end: int | None = None) -> str:
    """The part of its owner a figure belongs to, when one is named in its clause before it, or
    right after it ("revenues of $61.65bn in its Google advertising business")."""
    before = text[max(sentence_start, start - PART_SPAN):start]
    cut = list(re.finditer(r"[;.]|,\s+(?:while|but|whereas|and)\b", before))
    found = list(_PART.finditer(before[cut[-1].end():] if cut else before))
    if found:
        return found[-1].group("part").lower()
    after = _PART_AFTER.match(text, end) if end is not None else None
    return after.group("part").lower() if after else ""


_PART_AFTER = re.compile(r"\s+(?:in|from)\s+(?:its|the|their)\s+(?:[\w-]+\s+){0,3}?(?P<part>segment|division|unit|"
                         r"business|arm)s?\b", re.I)
