"""Figures as selection needs them: a value, a unit and what they measure.

The analyze stage finds figures; this module only reads a figure's context
to decide which figures from different sources measure the same thing, and
finds the plain cases itself when an analysis carries no figures at all
(an older cached analysis, or a minimal analyzer).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from briefing.model import Figure, FigureRef
from briefing.select.text import STOP, fold

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12,
}
SCALE = {"thousand": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
         "trillion": 1e12, "tn": 1e12}
CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "dollar": "USD", "dollars": "USD",
            "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "usd": "USD",
            "eur": "EUR", "gbp": "GBP", "yen": "JPY", "francs": "CHF", "chf": "CHF"}
LOWER_BOUND = ("more than", "over", "at least", "above", "exceeding", "upwards of")
UPPER_BOUND = ("up to", "less than", "under", "below", "fewer than", "at most", "nearly", "almost")
APPROX = ("about", "around", "roughly", "approximately", "some", "an estimated", "close to")

# Longest number words first, whole words only: "sixteen" is not "six" + "teen".
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b)"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_SCALE = r"(?:\s?(?:thousand|million|billion|trillion|bn|mn|tn|m|b)\b)?"
_PATTERNS = (
    ("percent", re.compile(rf"\b{_NUM}\s?(?:%|per ?cent\b|percent\b)", re.I)),
    ("money", re.compile(rf"[$€£¥]\s?{_NUM}{_SCALE}", re.I)),
    ("money", re.compile(rf"\b{_NUM}{_SCALE}\s(?:dollars|euros|pounds|yen|francs|USD|EUR|GBP|CHF)\b", re.I)),
    ("date", re.compile(r"\b(?:19|20)\d\d\b")),
    ("date", re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?{_MONTH}|{_MONTH}\s\d{{1,2}}\b", re.I)),
    ("count", re.compile(rf"\b{_NUM}{_SCALE}\s(?=[A-Za-z])", re.I)),
)
_UNMEASURED = {"time", "times", "day", "days", "week", "weeks", "month", "months", "year", "years",
               "hour", "hours", "minute", "minutes", "percent", "per", "of", "and", "or", "to", "in"}


def parse_number(text: str) -> float | None:
    """'two' -> 2, '1,200' -> 1200, '5.5' -> 5.5; None when it is not a number."""
    t = text.strip().lower().replace(",", "")
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    try:
        return float(t)
    except ValueError:
        return None


def find_figures(source_id: str, text: str) -> list[Figure]:
    """Percentages, sums of money, counts and years, for analyses without figures."""
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            surface = text[start:end].strip()
            end = start + len(surface)
            if any(s < end and start < e for s, e in taken):
                continue
            if kind == "count" and not _counts_something(text, end):
                continue
            value, unit = _value_unit(kind, surface)
            if value is None:
                continue
            found.append(Figure(source_id, surface, start, end, value=value, unit=unit, kind=kind,
                                qualifier=_qualifier(text, start)))
            taken.append((start, end))
    return sorted(found, key=lambda f: f.start)


def _counts_something(text: str, end: int) -> bool:
    noun = re.match(r"\s*([A-Za-z][A-Za-z-]+)", text[end:])
    return bool(noun) and noun.group(1).lower() not in _UNMEASURED and noun.group(1).lower() not in STOP


def _value_unit(kind: str, surface: str) -> tuple[float | None, str | None]:
    num = re.search(_NUM, surface, re.I)
    value = parse_number(num.group(0)) if num else None
    if value is None:
        return None, None
    if kind == "percent":
        return value, "%"
    if kind == "money":
        scale = re.search(r"(?:(?<=\d)|\b)(thousand|million|billion|trillion|bn|mn|tn|m|b)\b", surface, re.I)
        if scale:
            value *= SCALE[scale.group(1).lower()]
        mark = re.search(r"[$€£¥]|[A-Za-z]+$", surface)
        return value, CURRENCY.get(mark.group(0).lower(), mark.group(0).upper()) if mark else None
    if kind == "date":
        return value, "year"
    scale = re.search(r"\b(thousand|million|billion|trillion)\b", surface, re.I)
    if scale:
        value *= SCALE[scale.group(0).lower()]
    elif value == 1:
        return None, None  # "one of", "one member": not a count worth comparing
    return value, "count"


def _qualifier(text: str, start: int) -> str | None:
    before = text[max(0, start - 20):start].lower()
    for q in LOWER_BOUND + UPPER_BOUND + APPROX:
        if before.rstrip().endswith(q):
            return q
    return None


# A level ("3.25%") and a change in points ("a quarter point", "25 basis points")
# are different measures; points and basis points are one measure in two scales.
SHARE_UNITS = {"%": ("%", 1.0), "pp": ("pp", 1.0), "bp": ("pp", 0.01)}


def share_unit(unit: str | None) -> str:
    """The measure a percentage-like unit belongs to: "%" for levels, "pp" for changes."""
    return SHARE_UNITS.get(unit or "%", ("%", 1.0))[0]


def in_share_unit(value: float, unit: str | None) -> float:
    """A value on its measure's scale: 25 bp -> 0.25 (percentage points)."""
    return value * SHARE_UNITS.get(unit or "%", ("%", 1.0))[1]


@dataclass(frozen=True)
class Measure:
    """What a figure measures, as far as its wording shows (for comparing sources)."""

    kind: str  # share, money, count, other
    of: str = ""  # the base of a share ("gdp"), the counted noun ("ally")
    unit: str | None = None  # shares: "%" (a level) or "pp" (a change); money: the currency
    year: int | None = None
    named: bool = False  # the text names the measure itself ("a depth of 8 km", "magnitude 6.8")


def measure_of(figure: Figure, text: str) -> Measure | None:
    """The comparison key of a figure, read from the words right after it."""
    kind = figure.kind
    unit = figure.unit
    if kind == "date" or unit == "year":
        return None
    after = text[figure.end:figure.end + 60]
    year = figure.year or _target_year(after)
    if unit in SHARE_UNITS or kind == "percent":
        inside = re.search(r"\s(of\s+(?:the\s+|its\s+|their\s+)?[A-Za-z][\w-]*)", figure.surface)
        base = re.match(r"\s*(?:of\s+(?:the\s+|its\s+|their\s+)?)([A-Za-z][\w-]*)",
                        inside.group(1) if inside else after)  # the analyzer may include "of GDP" in the surface
        unit = share_unit(unit)
        if unit == "%" and _BY.search(text, max(0, figure.start - 12), figure.start):
            unit = "pp"  # "cut the rate by 0.25%": a change of 0.25 points, not a rate of 0.25%
        return Measure("share", fold(base.group(1)) if base else
                       _share_noun(after) if unit == "%" else "", unit, year)
    if kind == "money" or (unit and unit.isupper() and len(unit) == 3):
        return Measure("money", "", unit, year)
    if kind in ("count", "number", "quantity") or unit == "count":
        named = scale_noun(figure, text) or of_noun(figure, text)
        if named:  # "a magnitude 6.8 quake": a magnitude, not a count of quakes; "a gain of 214": a gain
            unit = _LENGTHS.get((figure.unit or "").lower(), figure.unit) if kind == "quantity" else None
            return Measure("count", fold(named) + (f" in {unit}" if unit else ""), None, year,  # 8 km vs 5 miles
                           named=True)
        noun = counted_noun(figure, text)
        if noun:
            return Measure("count", fold(noun[0]), None, year)
        named = figure.measure.split()[-1] if figure.measure else None  # analyze's "death toll"
        total = _TOTAL.search(text[max(0, figure.start - 80):figure.start])
        if named or total:  # "the death toll rose to 2,012": a count of the toll
            return Measure("count", fold(named or total.group(1)), None, year)
    return None


_BY = re.compile(r"\bby\s+$", re.I)

_SCALE_ENDINGS = ("tude", "ity", "ure", "th", "ght", "ness")  # magnitude, intensity, pressure, depth, height


def scale_noun(figure: Figure, text: str) -> str | None:
    """The scale a bare number is read on, when the noun is fixed to it: "magnitude 6.8" (a
    lower-case noun right before) or "6.8-magnitude" (hyphened right after)."""
    if figure.unit or not re.fullmatch(r"[\d.,]+", figure.surface.strip()):
        return None
    after = re.match(r"-([a-z]{4,})\b(?!-)", text[figure.end:figure.end + 20])
    if after and after.group(1).endswith(_SCALE_ENDINGS):  # "an 80-seat majority" is a majority
        return after.group(1)
    before = re.search(r"(?:^|[\s(])([a-z]{4,}) $", text[max(0, figure.start - 24):figure.start])
    if before and before.group(1) not in STOP and not before.group(1).endswith(("ed", "ing", "ly")) \
            and before.group(1) not in _UNMEASURED:
        return before.group(1)
    return None


# "A total of 412 seats" is 412 seats; "a gain of 214" and "a majority of 174" are a gain and a majority.
_PLAIN_OF = frozenset("""total number count tally sum figure figures group series list range set lot lots
    dozens hundreds thousands millions billions one two three four five some all each most many
    part share half rest none any""".split())
_OF_BEFORE = re.compile(r"(?:^|[\s(])([a-z]{3,})\s+of\s+(?:about\s+|around\s+|nearly\s+|almost\s+|more than\s+|"
                        r"over\s+|some\s+|at least\s+|up to\s+|roughly\s+|just\s+)?$")


_LENGTHS = {"kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km", "miles": "mi",
            "mile": "mi", "metres": "m", "meters": "m", "kilograms": "kg", "tonnes": "t", "tons": "t"}


def of_noun(figure: Figure, text: str) -> str | None:
    """The noun a count is "of" when it says what the count is: "a gain of 214 (seats)",
    "a majority of 174", "a toll of 296" -- not "a total of 412 seats", which is seats."""
    m = _OF_BEFORE.search(text[max(0, figure.start - 40):figure.start])
    if not m:
        return None
    w = m.group(1)
    if w in _PLAIN_OF or w in STOP or w in _UNMEASURED or w.endswith(("ed", "ing", "ly")):
        return None
    return w


def _share_noun(after: str) -> str:
    """The noun a percentage qualifies when it stands before it: "the Fed's 2% target" is a
    target, not the rate the sentence is about. Empty when none follows. Levels only: the noun
    after a change ("a 25-basis-point cut") is the change itself."""
    m = re.match(r"[ -]([a-z][a-z-]{3,})\b", after)
    if not m:
        return ""
    w = m.group(1)
    if w in _UNMEASURED or w in STOP or w.endswith("ly") or fold(w) in STOP:
        return ""
    return fold(w)


# A total named before its figure: "the death toll rose to", "the number of injured stood at".
_TOTAL = re.compile(r"\b([A-Za-z]+)\s+(?:of\s+[a-z]+\s+)?(?:has\s+|had\s+|have\s+|now\s+)?"
                    r"(?:risen|rose|climbed|reached|stood|stands|jumped|increased|hit|topped|passed|was|is)\s+"
                    r"(?:to\s+|at\s+)?(?:more than\s+|at least\s+|about\s+|nearly\s+|over\s+|around\s+)?$")


_LEADING_NUMBER = re.compile(rf"(?:[^\w$€£¥]*){_NUM}{_SCALE}", re.I)
_DIGITS_IN = re.compile(rf"(?<![\w.,])\d[\d,]*(?:\.\d+)?{_SCALE}", re.I)
_BREAK = re.compile(r"[,;:.()–—]")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")


_SCALES = frozenset("dozen dozens hundred hundreds thousand thousands million millions billion billions".split())
_ADJECTIVAL = ("ing", "ed", "al", "ive", "ic", "ous", "ful", "less", "ary", "ern", "ish", "ian")


def _plural(word: str) -> bool:
    return len(word) > 2 and word.endswith("s") and not word.endswith("ss")


def counted_noun(figure: Figure, text: str) -> tuple[str, int] | None:
    """The noun a count counts and where it ends: "Seven Board members" -> ("members", end).

    Read from the number itself, so it does not matter how much of the phrase
    the analyzer put in the figure's surface.
    """
    num = _LEADING_NUMBER.match(figure.surface) or _DIGITS_IN.search(figure.surface)  # "as many as 116 tornado"
    start = figure.start + (num.end() if num else len(figure.surface))
    window = _BREAK.split(text[start:start + 40], maxsplit=1)[0]  # the noun follows before any break
    found = list(_WORD.finditer(window))[:3]
    words = [m for m in found if text[start:start + m.start()].strip() == "" or m is not found[0]]
    picked = None
    for k, m in enumerate(words):
        w = m.group(0)
        if w.lower() in _UNMEASURED or w.lower() in STOP:
            break
        picked = m
        if _plural(w):
            break  # the plural noun ends the phrase
        nxt = words[k + 1].group(0) if k + 1 < len(words) else ""
        if not w[:1].isupper() and not (_plural(nxt) and nxt.lower() not in STOP | _UNMEASURED
                                        and not w.lower().endswith(_ADJECTIVAL) and w.lower() not in _SCALES):
            break  # "tornado warnings": the plural after a noun is what is counted; "dissenting members" are
    if picked is None:
        return None
    return picked.group(0), start + picked.end()


def _target_year(after: str) -> int | None:
    m = re.match(r"[^.;]{0,40}?\b(?:by|in|until|for)\s+((?:19|20)\d\d)\b", after)
    return int(m.group(1)) if m else None


def figure_value(figure: Figure) -> float | None:
    if figure.value is not None:
        return figure.value
    num = re.search(_NUM, figure.surface, re.I)
    return parse_number(num.group(0)) if num else None


def compatible(a: tuple[float, str | None], b: tuple[float, str | None], rounding: bool = False) -> bool:
    """Two readings of one measure agree, allowing for 'more than', 'about', 'up to', and with
    `rounding` for a value written with fewer digits ("$13.5 billion" and "$13.51 billion",
    "45%" and "45.3%"). Rounding clears a disagreement; it is not evidence that two sentences
    state one claim (which merges citations and places undated sources), so that asks exact."""
    (va, qa), (vb, qb) = a, b
    if abs(va - vb) <= 1e-9 * max(1.0, abs(va)):
        return True
    return _fits(va, qa, vb) or _fits(vb, qb, va) or rounding and (
        _rounded(va, vb) or _rounded(vb, va) or _rounded_apart(va, vb))


def _rounded(short: float, precise: float) -> bool:
    """`short` is `precise` rounded (or cut) to the significant digits `short` is written with. One
    significant digit says too little ("5%" is not "5.25%": a rate and the rate before it), and
    a whole count is exact (sums of money in millions and billions are read as written)."""
    digits = significant_digits(short)
    if digits < 2 or digits >= significant_digits(precise) or precise == int(precise) and abs(precise) < 1e6:
        return False  # whole counts are exact: 250 seats lost is not 251 rounded
    scale = _last_place(precise, digits) if precise else 1
    return any(abs(math.floor(abs(precise) / scale + half) * scale - abs(short)) <= 1e-9 * abs(short)
               for half in (0.5, 0.0))  # rounded, or cut short ("$10.3bn" for $10.35 billion)


APART_DIGITS = 4  # digits from which two values one unit apart in the last place are one value rounded two ways


def _rounded_apart(a: float, b: float) -> bool:
    """"$36.45 billion" and "$36.46 billion": one value ($36.455 billion) cut by one outlet and
    rounded by another. Only with four significant digits or more: "$10.3bn" and "$10.4bn" may
    differ, and whole counts under a million are exact."""
    digits = significant_digits(a)
    if digits < APART_DIGITS or digits != significant_digits(b) or a == int(a) and abs(a) < 1e6:
        return False
    scale = _last_place(a, digits)
    return abs(abs(a - b) - scale) <= 1e-6 * scale


def _last_place(value: float, digits: int) -> float:
    """One unit in the last place of `value` written with `digits` significant digits (0.01 for
    36.45, 1e7 for 36.45e9)."""
    return 10 ** (math.floor(math.log10(abs(value))) - digits + 1)


def significant_digits(value: float) -> int:
    """Significant digits of a value as written (trailing zeros of a whole number do not count)."""
    return len(Decimal(f"{abs(value):.12g}").normalize().as_tuple().digits)


def _fits(bound: float, qualifier: str | None, other: float) -> bool:
    if qualifier in LOWER_BOUND:
        return other > bound
    if qualifier in UPPER_BOUND:
        return other <= bound
    if qualifier in APPROX:  # "around 200" allows a tenth; "around $38.2 billion" is not $38.3 billion
        digits = significant_digits(bound)
        if digits >= 3:
            return abs(other - bound) <= 0.5 * _last_place(bound, digits)
        return abs(other - bound) <= 0.1 * abs(bound)
    return False


def describe_measure(figure: Figure, sentence: str, offset: int) -> str | None:
    """A few words saying what a figure measures, taken from the sentence ("% of GDP").

    `offset` is where `sentence` starts in the document, as figure offsets are
    document offsets. None when the wording does not say.
    """
    after = sentence[figure.end - offset:][:80]
    if figure.kind == "percent" or figure.unit == "%":
        base = re.match(r"\s*of\s+((?:the\s+)?[A-Za-z][\w-]*)", after)
        return f"% of {base.group(1)}" if base else None
    if figure.kind == "money":
        what = re.match(r"\s*(?:in|of|for|on)\s+((?:[a-z][\w-]*\s){0,2}[a-z][\w-]*)", after)
        return what.group(1) if what else None
    noun = re.match(r"\s*([A-Za-z][A-Za-z-]+(?:\s[a-z][a-z-]+)?)", after)
    if noun and noun.group(1).split()[0].lower() not in _UNMEASURED | STOP:
        return noun.group(1).split()[0]
    return None


# Words a figure's "measure" sometimes comes out as that say nothing about what is measured.
_NOT_A_MEASURE = frozenset("""unknown following count number total figure figures amount sum level rate
    value share percent per cent""".split())


def readable_measure(fig: FigureRef | Figure) -> str | None:
    """What a figure measures as a noun phrase: "defence and security investment, share of GDP, by 2035".

    None when the measure is unknown or merely the noun the figure counts.
    """
    measure = " ".join((fig.measure or "").split())
    if not measure or measure.lower() in _NOT_A_MEASURE or all(w in STOP for w in measure.lower().split()):
        return None
    if " " not in measure and measure.lower().endswith(("ed", "ing")):
        return None  # a verb ("predicted"), not what is measured
    surface = fig.surface.lower()
    if all(w.lower() in surface for w in re.findall(r"[\w’'-]+", measure)):
        return None
    parts = [measure]
    share = re.search(r"\bof\s+((?:the\s+)?(?:GDP|GNI|GNP|[A-Za-z]+\s+(?:budget|output|income|revenue)))\b",
                      fig.surface)
    if share and share.group(1).lower() not in measure.lower():
        parts.append(f"share of {share.group(1)}")
    if fig.year and str(fig.year) not in measure:
        parts.append(f"by {fig.year}")
    return ", ".join(parts)


_AMOUNT = r"(?:\$|€|£)?\d"
_LIST_WITHIN = re.compile(r"\d\s*(?:,\s+|\s+and\s+|\s*&\s*)" + _AMOUNT)
_LIST_AFTER = re.compile(r"(?:,\s+|\s+and\s+|\s*&\s*)" + _AMOUNT)
_RESPECTIVELY = re.compile(r"[^.;]{0,24}\brespectively\b")
_BARE = re.compile(r"[\d.,]+%?")
_LIST_BEFORE = re.compile(r"\d[\d.]*%?(?:,\s+|\s+and\s+|\s*&\s*)(?:\$|€|£)?$")
_RANGE_BEFORE = re.compile(r"\b(?:between|from)\s+$", re.I)


_ADDED_AFTER = re.compile(r"\S+\s+(?:more|additional|further|extra)\b", re.I)
_ADDED_BEFORE = re.compile(r"\b(?:another|a further|an additional|an extra)\s+$", re.I)


def added(f: Figure, text: str) -> bool:
    """A count of what was added, not the running total ("two more bodies were found", "another
    500 troops"): set beside a total it would read as a fall."""
    return bool(_ADDED_AFTER.match(text, f.start) or _ADDED_BEFORE.search(text, max(0, f.start - 16), f.start))


_THRESHOLD_AFTER = re.compile(r"(?:\s+[\w-]+){0,2}?\s+(?:required|needed|necessary)\s+(?:for|to)\b|"
                              r"(?:[\s-]+[\w-]+){0,2}?[\s-]+(?:mark|threshold)\b", re.I)


def threshold(f: Figure, text: str) -> bool:
    """A bar to clear, not a result: "securing the 326 seats required for a majority", "the
    272-majority mark". Set beside the 412 seats won it would read as a disagreement."""
    return bool(_THRESHOLD_AFTER.match(text, f.end) or re.search(r"\b(?:mark|threshold)$", text[f.start:f.end]))


def not_a_value(f: Figure, text: str) -> bool:
    """The figure does not give its measure's value: one of a list shared out, an increment,
    a threshold, one end of a range, or what markets price in."""
    return listed(f, text) or added(f, text) or threshold(f, text) or range_end(f, text) or priced(f, text)


# Markets' pricing moves by the minute: "Swaps imply a further 40 basis points of easing" in one
# copy of a wire story and 45 in the next is no disagreement, nor the decision's own figure.
_PRICED = re.compile(r"\b(?:swaps?|futures|markets?|traders|investors)\s+(?:now\s+|are\s+|were\s+|had\s+)?"
                     r"(?:imply|implies|implied|pric(?:e|es|ed|ing)(?:\s+in)?|bet(?:ting)?|wager(?:ed|ing)?)\b"
                     r"[^.;:]*$", re.I)


def priced(f: Figure, text: str) -> bool:
    """The figure is what markets price in (its clause says swaps imply it, traders bet on it)."""
    return bool(_PRICED.search(text, max(0, f.start - 60), f.start))


_TO_AFTER = re.compile(r"\s*(?:to|-|–)\s*(?P<amount>" + _AMOUNT + ")")
_TO_BEFORE = re.compile(r"(?P<from>\bfrom\s+)?(?:\$|€|£)?\d[\d.,]*\s*(?:%|percent|per cent)?\s*(?:to|-|–)\s*$",
                        re.I)


_BETWEEN = re.compile(r"\bbetween\s+$", re.I)
_AND_AFTER = re.compile(r"\s*(?:%|percent|per cent)?\s+and\s+" + _AMOUNT)
_AND_BEFORE = re.compile(r"\bbetween\s+(?:\$|€|£)?\d[\d.,]*\s*(?:%|percent|per cent)?\s+and\s+$", re.I)
_OTHER_END = re.compile(r"[^\s,;]*(?:\s*(?:%|percent|per cent|billion|million|bn|m)\b)?")


def range_end(f: Figure, text: str) -> bool:
    """One end of a range ("26.6% to 28.6%", "58.3%-60.7%", "between 26.6% and 28.6%"): neither
    end is the value, and read alone the upper end clashes with a figure inside the range. "from 5.25% to 5%" is a
    change, not a range: its ends are the old and the new value."""
    if _AND_BEFORE.search(text, max(0, f.start - 40), f.start) or (
            _BETWEEN.search(text, max(0, f.start - 12), f.start) and _AND_AFTER.match(text, f.end)):
        return True  # either end of "between 26.6% and 28.6%"
    before = _TO_BEFORE.search(text, max(0, f.start - 24), f.start)
    if before:
        return not before.group("from") and _unit_mark(before.group(0)) == _unit_mark(text[f.start:f.end])
    after = _TO_AFTER.match(text, f.end)
    if after:
        other = _OTHER_END.match(text, after.start("amount"))
        return _unit_mark(text[f.start:f.end]) == _unit_mark(other.group(0) if other else "") and not re.search(
            r"\bfrom\s+(?:\$|€|£)?$", text[max(0, f.start - 8):f.start])
    return False


def _unit_mark(written: str) -> str:
    """Whether a written figure is a percentage, a sum of money or a plain number: a range's two
    ends are written alike ("rose 88% to $13.51 billion" is a change and a level)."""
    if re.search(r"%|percent|per cent", written):
        return "%"
    return "money" if re.search(r"[$€£]", written) else ""


def listed(f: Figure, text: str) -> bool:
    """One of several figures shared out among several owners ("won 16 and 12 seats,
    respectively"; "5, 6 and 7 million"): no one owner holds the number, so it measures nothing
    to compare. "between 5 and 10 people" is one range, not a list."""
    if _RANGE_BEFORE.search(text, max(0, f.start - 12), f.start):
        return False
    bare = _BARE.fullmatch(text, f.start, f.end)  # "5" of "5, 6 and 7 million", not "240 seats" of "... and 52%"
    return bool(_LIST_WITHIN.search(text, f.start, f.end) or _RESPECTIVELY.match(text, f.end)
                or bare and _LIST_AFTER.match(text, f.end) or _LIST_BEFORE.search(text, max(0, f.start - 16), f.start))
