"""Figures as the source gave them, with value, unit, qualifier, target year and measure.

Numbers are found with patterns on the text (spaCy's NER merges ranges and
gives no value); the parse is used only to tell what a number counts or
measures. What is a figure (decided here, documented in the README):
percentages, money, counts of things ("nine Allies"), shares ("more than half
the members"), quantities with units, and other numbers written in digits.
Dates, years, times and durations ("two days") are not figures: a year after
"by" becomes the target year of the figure before it.
"""

from __future__ import annotations

import re

from briefing.analyze import lexicon as lx
from briefing.analyze.context import Context
from briefing.analyze.entities import joining_hyphen
from briefing.model import Figure

_UNITS = "|".join(sorted((w for w in lx.NUMBER_WORDS if w not in ("a", "an", "dozen")), key=len, reverse=True))
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_WORDNUM = rf"(?:(?:{_TENS})-(?:{_ONES})|{_UNITS})"
_BIG = r"(?:hundred|thousand|million|billion|trillion)"
# A comma before one or two digits and a scale is a decimal comma ("$6,17 billion"): thousands come in threes.
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?=\s?(?:billion|million|trillion|bn|mn|tn)\b)|\d+(?:\.\d+)?"
NUMBER = (
    rf"(?:(?:{_DIGITS})(?:\s?{_BIG}|(?:mn|bn|tn|m|b|k)(?![A-Za-z]))?"
    rf"|(?:an?|{_WORDNUM})(?:\s+{_BIG})+|(?:an?|{_WORDNUM})\s+dozen|{_WORDNUM})(?![\w])"
)
_CODES = "|".join(lx.CURRENCY_CODES)
_CURWORDS = "|".join(sorted(lx.CURRENCY_WORDS, key=len, reverse=True))
_PCT = r"(?:\s?%|\s?bps?\b|\s(?:percentage points?|basis points?|per\s?cent|percent|pct)\b)"
# "a quarter point", "half a percentage point", "three quarters of a point": percentage points.
_SHARE_POINT = re.compile(r"(?:\s+of)?(?:\s+an?)?\s+(?:percentage\s+)?points?\b", re.I)
_SHARE = (r"(?:(?:a|one|two|three)\s+(?:half|third|quarter|fifth)|two-thirds|three-quarters"
          r"|two thirds|three quarters|half)")
_VAGUE = r"(?:(?:tens|hundreds) of (?:thousands|millions)|hundreds|thousands|millions|billions|dozens|scores)"
_MONEY = (
    rf"(?P<cpre>US\$|\$|€|£|¥|₹)\s?(?P<n1>{NUMBER})"
    rf"|(?-i:(?P<code>{_CODES}))\s?(?P<n2>{NUMBER})"
    rf"|(?P<n3>{NUMBER})\s?(?-i:(?P<code2>{_CODES}))\b"
    rf"|(?P<n4>{NUMBER})\s+(?P<curw>{_CURWORDS})\b"
)
# Units written against the number ("18.5km", "500MW"); "m" and "bn" stay scales of NUMBER.
_GLUED = r"km|kg|cm|mm|mw|gw|kwh|mwh|gwh|twh|mph|kph|km/h"
FIGURE = re.compile(
    rf"(?<![\w.,/:$€£-])(?:{_MONEY}"
    rf"|(?P<n5>{NUMBER})(?P<pct>{_PCT})"
    rf"|(?P<share>{_SHARE})\b(?!-\w)"
    rf"|(?P<vague>{_VAGUE})(?=\s+of\b)"
    rf"|(?P<n7>{_DIGITS})(?P<glued>{_GLUED})\b"
    rf"|(?P<n6>{NUMBER}))",
    re.I,
)
MONEY = re.compile(rf"(?<![\w.,])(?:{_MONEY})", re.I)
# Where a figure can begin: a digit, a currency sign, or a word that opens a
# number, share, rough amount or currency code. FIGURE is tried only there:
# searching with it tries its many alternatives at every character, which was
# most of the analysis on top of the parse. The first start where FIGURE
# matches is exactly where FIGURE.search would have matched (tested).
_START_WORDS = sorted(
    {w.split()[0].split("-")[0] for w in lx.NUMBER_WORDS} | set(_TENS.split("|")) | set(_ONES.split("|"))
    | {"half", "tens", "hundreds", "thousands", "millions", "billions", "dozens", "scores", "us"}
    | {code.lower() for code in lx.CURRENCY_CODES},
    key=len, reverse=True,
)
_STARTS = re.compile(r"[\d$€£¥₹]|\b(?:" + "|".join(_START_WORDS) + ")", re.I)


def next_figure(text: str, pos: int, end: int) -> re.Match | None:
    """FIGURE.search(text, pos, end), trying FIGURE only where a figure can start."""
    for start in _STARTS.finditer(text, pos, end):
        m = FIGURE.match(text, start.start(), end)
        if m is not None:
            return m
    return None


_QUALIFIER = re.compile(
    r"(?:^|(?<=[^\w]))(" + "|".join(q.replace(" ", r"\s+") for q in lx.QUALIFIERS) + r")\s+$", re.I
)
_BASE = re.compile(r"\s+of\s+(?:the\s+)?(?:" + "|".join(lx.PERCENT_BASES) + r")\b", re.I)
_TARGET = re.compile(r"\b(?:by|until|through|before)\s+(?:the\s+end\s+of\s+)?((?:19|20)\d\d)\b", re.I)
_CONVERSION = re.compile(r"\s*[\[(]\s*")
# Fraction words that are also ordinals ("a third term"); "half" and "quarter" are not.
_ORDINALS = frozenset({"third", "fourth", "fifth"})
_POSSESSIVES = frozenset({"our", "their", "its", "his", "her", "my", "your", "these", "those", "both"})
_ACTORS = ("GPE", "ORG", "PERSON", "NORP", "DATE", "TIME")
# Verbs whose subject is what a sum measures ("the bridge cost $450m").
_AMOUNT_VERBS = frozenset({"cost", "total", "reach", "amount", "rise", "fall", "be", "grow", "increase",
                           "decrease", "drop", "climb", "exceed", "top", "hit", "take"})
_QUANTITY_UNITS = frozenset(
    """km kilometres kilometers miles metres meters kg kilograms tonnes tons barrels litres liters
    hectares acres mw gw kwh twh megawatts gigawatts degrees""".split()
)


def parse_number(text: str) -> float | None:
    """'1,200' -> 1200, '1.2bn' -> 1.2e9, 'two billion' -> 2e9, 'forty-five' -> 45."""
    s = re.sub(r"^(\d+),(\d{1,2})(?!\d)", r"\1.\2", text.lower().strip()).replace(",", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s?([a-z]*)", s)
    if m:
        scale = lx.SCALES.get(m.group(2), 1.0 if not m.group(2) else None)
        return None if scale is None else float(m.group(1)) * scale
    total, current = 0.0, 0.0
    for w in re.split(r"[\s-]+", s):
        if w in ("hundred", "dozen"):
            current = (current or 1) * (100 if w == "hundred" else 12)
        elif w in lx.NUMBER_WORDS:
            current += lx.NUMBER_WORDS[w]
        elif w in lx.SCALES:
            total += (current or 1) * lx.SCALES[w]
            current = 0
        else:
            return None
    return total + current


def _money(m: re.Match) -> tuple[float | None, str]:
    num = m.group("n1") or m.group("n2") or m.group("n3") or m.group("n4")
    if m.group("cpre"):
        unit = lx.CURRENCY_SYMBOLS[m.group("cpre").upper() if m.group("cpre") != "US$" else "US$"]
    elif m.group("code") or m.group("code2"):
        unit = (m.group("code") or m.group("code2")).upper()
    else:
        unit = lx.CURRENCY_WORDS[m.group("curw").lower()]
    return parse_number(num), unit


class Figures:
    """Finds the figures of one document."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def extract(self) -> list[Figure]:
        out: list[Figure] = []
        for start, end in self.ctx.paras:
            out.extend(self._paragraph(start, end))
        return out

    def _paragraph(self, start: int, end: int) -> list[Figure]:
        text = self.ctx.text
        figures: list[Figure] = []
        pos = start
        while True:
            m = next_figure(text, pos, end)
            if m is None:
                break
            pos = m.end()
            fig = self._figure(m, end)
            if fig is None:
                continue
            conv = _CONVERSION.match(text, fig.end, end)
            if fig.kind == "money" and conv:
                cm = MONEY.match(text, conv.end(), end)
                close = cm and re.match(r"\s*[\])]", text[cm.end() : end])
                if cm and close:
                    value, unit = _money(cm)
                    fig.conversion = Figure(self.ctx.source_id, cm.group(0), cm.start(), cm.end(),
                                            value, unit, kind="money")
                    pos = max(pos, cm.end())
            if fig.measure is None:  # after the conversion: "€1bn [$1.2bn] on new vaccines"
                fig.measure = self._measure(fig)
            pos = max(pos, fig.end)
            figures.append(fig)
        for k, fig in enumerate(figures):
            limit = figures[k + 1].start if k + 1 < len(figures) else end
            fig.year = self._target_year(fig.end, limit)
        return figures

    # ------------------------------------------------------------ one match

    def _figure(self, m: re.Match, para_end: int) -> Figure | None:
        text = self.ctx.text
        s, e = m.start(), m.end()
        if m.group("cpre") or m.group("code") or m.group("code2") or m.group("curw"):
            value, unit = _money(m)
            fig = self._new(s, e, value, unit, "money")
        elif m.group("n5"):
            pct = m.group("pct").lower()
            unit = "bp" if "basis" in pct or pct.strip() in ("bp", "bps") else "pp" if "point" in pct else "%"
            fig = self._new(s, e, parse_number(m.group("n5")), unit, "percent")
            base = _BASE.match(text, e, para_end)
            if base:
                fig.end = base.end()
        elif m.group("share"):
            fig = self._share(m, para_end)
        elif m.group("n7"):  # a unit written against its number: "18.5km"
            fig = self._new(s, e, parse_number(m.group("n7")), m.group("glued").lower(), "quantity")
        elif m.group("vague"):
            fig = self._counted(self._new(s, e, None, "count", "count"), m.group("vague") + " of")
        else:
            fig = self._plain(m)
        if fig is None:
            return None
        self._qualify(fig)
        fig.surface = text[fig.start : fig.end]
        return fig

    def _new(self, s: int, e: int, value, unit, kind) -> Figure:
        return Figure(self.ctx.source_id, "", s, e, value, unit, kind=kind)

    def _qualify(self, fig: Figure) -> None:
        before = self.ctx.text[max(self.ctx.paras[self.ctx.para_at(fig.start)][0], fig.start - 30) : fig.start]
        q = _QUALIFIER.search(before)
        if q:
            fig.qualifier = re.sub(r"\s+", " ", q.group(1).lower())
            fig.start -= len(before) - q.start(1)

    def _plain(self, m: re.Match) -> Figure | None:
        text = self.ctx.text
        num = m.group("n6")
        s, e = m.start(), m.end()
        value = parse_number(num)
        digits = num[:1].isdigit()
        if value is None:
            return None
        if digits and re.fullmatch(r"\d{4}", num) and 1900 <= value <= 2100:
            return None  # a year
        if re.match(r"[:\-–/]\d|\.\d|(?:st|nd|rd|th)\b", text[e : e + 3]):
            return None  # time, range, ordinal
        # Neighbours within the sentence: "in March. Seven Board members" is no date.
        prev_word = re.search(r"(\w+)[^\w.!?;]*$", text[max(0, s - 20) : s])
        next_word = re.match(r"[^\w.!?;]*(\w+)", text[e : e + 20])
        for w in (prev_word, next_word):
            if w and w.group(1).lower() in lx.MONTHS:
                return None  # a date
        if prev_word and prev_word.group(1).lower() in _POSSESSIVES and value < 100:
            return None  # "our two countries": a known set, not a figure
        if not digits and value == 1:
            return None  # "one member", "a year"
        para_start = self.ctx.paras[self.ctx.para_at(s)][0]
        if digits and not text[para_start:s].strip() and re.match(r"[.)]\s", text[e : e + 2]):
            return None  # a list number: "1. Protection of civilians"
        tok = self.ctx.token_at(e - 1)
        if prev_word and s > 0 and text[s - 1] == " ":
            prev_tok = self.ctx.token_at(s - 2)
            if prev_tok is not None and prev_tok.pos_ == "PROPN" and prev_tok.is_title and not prev_tok.is_sent_start:
                return None  # a name: "Article 5", "Task Force 3"
        fig = self._new(s, e, value, None, "number")
        head = self._counted_head(tok, e)
        if head is not None:
            low = head.lower_
            if low in lx.TIME_NOUNS or head.lemma_.lower() in lx.TIME_NOUNS or low in lx.MONTHS:
                return None
            if low in _QUANTITY_UNITS:
                fig.unit, fig.kind = low, "quantity"
                fig.end = head.idx + len(head.text)
                return fig
            if value != int(value) and not re.search(r"[A-Za-z]", num):
                return fig  # "magnitude 6.1 earthquake": a fraction counts nothing
            fig.unit, fig.kind = "count", "count"
            fig.end = head.idx + len(head.text)
            fig.measure = self.ctx.text[self._np_start(tok, head) : fig.end]
            return fig
        return fig if digits else None

    def _counted_head(self, tok, e: int):
        """The noun a number counts ('nine Allies' -> Allies)."""
        if tok is None:
            return None
        head, t = tok.head, tok
        while head.i > t.i and (head.like_num or head.lower_ in lx.SCALES) and head.head.i != head.i:
            t, head = head, head.head
        while head.dep_ == "compound" and head.head.i == head.i + 1 and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head  # "Seven Board members": the members are counted
        if head.i > t.i and head.pos_ in ("NOUN", "PROPN") and t.dep_ in ("nummod", "compound", "quantmod", "amod", "nmod"):
            between = self.ctx.text[e : head.idx]
            inner = self.ctx.tokens[t.i + 1 : head.i]
            if len(between) <= 40 and "\n" not in between and all(not x.is_punct or joining_hyphen(self.ctx.tokens, x.i) for x in inner):
                return head
        return None

    def _np_start(self, num_tok, head) -> int:
        """Start of the counted noun phrase after the number."""
        sdoc = self.ctx.tokens
        k = num_tok.i + 1
        while k < head.i and (
            sdoc[k].like_num
            or sdoc[k].lower_ in lx.SCALES
            or sdoc[k].lower_ in ("or", "to", "-", "–") and sdoc[k + 1].like_num  # "two or three frigates"
        ):
            k += 1
        return self.ctx.tokens[k].idx

    def _counted(self, fig: Figure, qualifier: str) -> Figure | None:
        """'hundreds of modern fighter aircraft': the noun phrase after 'of'."""
        sdoc = self.ctx.tokens
        k = self.ctx.token_index(fig.end) + 2  # after "of"
        start = k
        while k < len(sdoc) and sdoc[k].pos_ in ("ADJ", "NOUN", "PROPN", "DET") and "\n" not in sdoc[k].text:
            k += 1
        while k > start and sdoc[k - 1].pos_ not in ("NOUN", "PROPN"):
            k -= 1
        if k == start:
            return None
        fig.qualifier = qualifier.lower()
        fig.end = sdoc[k - 1].idx + len(sdoc[k - 1].text)
        fig.measure = self._phrase(sdoc[k - 1])
        return fig

    def _share(self, m: re.Match, para_end: int) -> Figure | None:
        text = self.ctx.text
        word = m.group("share").lower()
        key = word.split()[-1] if word.split()[0] in ("a", "one") else word
        value = lx.SHARES.get(key)
        if value is None:
            parts = word.split()
            value = parse_number(parts[0]) * lx.SHARES.get(parts[-1].rstrip("s"), 0) if len(parts) == 2 else None
        if not value:
            return None
        before = text[max(0, m.start() - 12) : m.start()].lower()
        if re.search(r"\b(the|first|second|last|other|and a)\s+$", before):
            return None
        point = _SHARE_POINT.match(text, m.end(), para_end)
        if point:  # "cut rates by a quarter point": a quarter of a percentage point
            return self._new(m.start(), point.end(), value, "pp", "percent")
        fig = self._new(m.start(), m.end(), value, "share", "share")
        after = re.match(r"\s+(?:of\s+)?", text[m.end() : para_end])
        tok = self.ctx.token_at(m.end() - 1)  # the share word: "third" in "a third of voters"
        nxt = self.ctx.tokens[tok.i + 1] if tok is not None and tok.i + 1 < len(self.ctx.tokens) else None
        if key in _ORDINALS and nxt is not None and nxt.pos_ in ("ADJ", "NOUN", "PROPN"):
            return None  # "for a fifth consecutive meeting", "a third term": an ordinal
        noun = self._share_noun(tok)
        if noun is not None and after:
            if noun.lower_ in lx.TIME_NOUNS:
                return None
            fig.end = noun.idx + len(noun.text)
            fig.measure = self._phrase(noun)
        return fig

    def _share_noun(self, tok):
        if tok is None:
            return None
        for c in tok.children:
            if c.lower_ == "of":
                return next((p for p in c.children if p.dep_ == "pobj"), None)
        head = tok.head
        if tok.dep_ in ("predet", "nmod", "quantmod", "amod", "nummod") and head.pos_ in ("NOUN", "PROPN") and head.i > tok.i:
            return head
        return None

    def _phrase(self, noun) -> str:
        """A noun with its left modifiers, without determiners: 'NATO member states'."""
        left = [t for t in noun.lefts if t.dep_ not in ("det", "predet", "punct", "nummod", "quantmod", "advmod")
                and not (t.like_num or t.lower_ in lx.SHARES or t.pos_ == "PRON")]
        start = min([t.left_edge.i for t in left] + [noun.i])
        toks = [t for t in self.ctx.tokens[start : noun.i + 1]]
        while len(toks) > 1 and (toks[0].dep_ in ("det", "predet") or toks[0].lower_ in ("of", "the")):
            toks.pop(0)
        return self.ctx.text[toks[0].idx : noun.idx + len(noun.text)]

    # ------------------------------------------------------------- context

    def _purpose(self, fig: Figure) -> str | None:
        """A prepositional phrase right after the figure: 'in military aid', 'on defence'."""
        end = fig.conversion.end + 1 if fig.conversion else fig.end
        m = re.match(r"\]?\)?\s+(in|for|on)\s", self.ctx.text[end : end + 6])
        if not m:
            return None
        prep = self.ctx.token_at(end + m.start(1))
        pobj = next((p for p in prep.children if p.dep_ == "pobj"), None) if prep is not None else None
        if pobj is None or pobj.ent_type_ in ("DATE", "TIME") or pobj.lower_ in lx.TIME_NOUNS:
            return None
        return self._phrase(pobj)

    def _target_year(self, end: int, limit: int) -> int | None:
        sent = self.ctx.sents[self.ctx.sent_at(end - 1)] if self.ctx.sents else None
        stop = min(limit, end + 60, sent.end if sent else limit)
        m = _TARGET.search(self.ctx.text, end, max(stop, end))
        return int(m.group(1)) if m else None

    def _measure(self, fig: Figure) -> str | None:
        """What a percentage or sum belongs to, from the parse around it; None when unsure."""
        ctx = self.ctx
        first = ctx.token_index(fig.start)
        last = ctx.token_index(max(fig.start, fig.end - 1))
        head = next((t for t in ctx.tokens[first : last + 1] if not (first <= t.head.i <= last) or t.head.i == t.i), None)
        if head is None:
            return None
        after = self._purpose(fig)  # "40 billion euros in military aid", "€1bn on vaccines"
        if after:
            return after
        while head.dep_ == "conj" and head.head.i < head.i:
            head = head.head  # "took ten years and $450 million": the first conjunct's place
        verb = None
        if head.dep_ == "pobj" and head.head.dep_ in ("prep", "agent"):
            prep = head.head
            if prep.head.pos_ in ("NOUN", "PROPN") and prep.lower_ == "of":
                return self._phrase(prep.head)
            verb = prep.head
            if verb.dep_ in ("prep", "prt", "advmod") and verb.pos_ in ("ADP", "ADV"):
                verb = verb.head  # "bring the deficit down to 3%"
            at = next((c for c in verb.children if c.dep_ == "dobj"), None) if prep.lower_ == "at" else None
            if _measurable(at) and fig.kind != "money":
                return self._phrase(at)  # "see inflation at 2.4%", "keep rates at 4%": the object is at it
        elif head.dep_ in ("dobj", "npadvmod", "attr", "acomp", "advmod", "nsubj", "appos"):
            verb = head.head
        if verb is None or verb.pos_ not in ("VERB", "AUX"):
            return None
        for _ in range(3):
            found = self._by_verb(fig, verb, first, last)
            if found is not None:
                return found or None
            if verb.dep_ not in ("advcl", "xcomp", "conj", "acl") or verb.head.pos_ not in ("VERB", "AUX"):
                break
            verb = verb.head
        return self._changed_before(first) if fig.kind in ("percent", "share") else None

    def _by_verb(self, fig: Figure, verb, first: int, last: int) -> str | None:
        """The measure `verb` gives: a phrase, "" for "nothing to find here", None to look further."""
        lemma = verb.lemma_.lower()
        for c in verb.children:  # "spend 2% of GDP on defence"
            if c.dep_ == "prep" and c.lower_ in ("on", "for") and c.i > last:
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME") and pobj.lower_ not in lx.TIME_NOUNS:
                    return self._phrase(pobj)
        obj = next((c for c in verb.children if c.dep_ == "dobj" and not (first <= c.i <= last)), None)
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not first <= c.i <= last), None)
        subj = subj if _measurable(subj) else None
        if fig.kind == "money":
            return self._phrase(subj) if subj is not None and lemma in _AMOUNT_VERBS else None
        if lemma in lx.CHANGE_VERBS and obj is not None:
            return self._phrase(obj) if _measurable(obj) else ""  # "raise defence investment to 5% of GDP"
        if lemma in lx.LEVEL_VERBS and obj is None:
            return self._phrase(subj) if subj is not None else ""  # "growth could reach 2%"
        if lemma in lx.AIM_VERBS:
            return self._changed_before(first) or ""
        return None

    def _changed_before(self, first: int) -> str | None:
        """The object of the nearest change verb before the figure in its sentence.

        "ramp up defense spending, aiming for 2% of GDP" -> "defense spending".
        """
        ctx = self.ctx
        sent = ctx.sents[ctx.sent_at(ctx.tokens[first].idx)] if ctx.sents else None
        if sent is None:
            return None
        quoted = ctx.in_quote(ctx.tokens[first].idx)
        for k in range(first - 1, max(sent.tok_start, first - 25) - 1, -1):
            t = ctx.tokens[k]
            if t.pos_ == "VERB" and t.lemma_.lower() in lx.CHANGE_VERBS and ctx.in_quote(t.idx) == quoted:
                obj = next((c for c in t.children if c.dep_ == "dobj" and c.i < first), None)
                return self._phrase(obj) if _measurable(obj) else None
        return None


def _measurable(tok) -> bool:
    """A noun that can be what a figure measures (not a pronoun, a name or a number)."""
    return tok is not None and tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in _ACTORS and not tok.like_num
