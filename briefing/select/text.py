"""Text helpers for selection: word normalisation, TF-IDF vectors, tone cues.

Selection compares sentences from different outlets, so words are folded
(case, plural and simple verb endings, US/UK spelling) before they are
compared. This is deliberately crude and symmetric: the same fold is applied
to topic terms and to source text, so matching never depends on how the
analyze stage lemmatised a word.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

# Hyphenated words split ("counter-drone" -> counter, drone) so a term matches inside compounds.
WORD_RE = re.compile(r"[^\W_](?:[^\W_]|['’.](?=[^\W_]))*")

# US -> UK spelling folds so "defense" and "defence" count as one word.
_SPELLING = ((re.compile(r"(de|of)fense"), r"\1fence"), (re.compile(r"iz(e|es|ed|ing|ation|ations)$"), r"is\1"))


def fold(word: str) -> str:
    """Lower-case, unify spelling and strip common inflections of one word."""
    w = word.lower().replace("’", "'").strip(".'-")
    if w.endswith("'s"):
        w = w[:-2]
    if "fense" in w or "iz" in w:  # most words need no spelling fold: skip the patterns
        for pattern, repl in _SPELLING:
            w = pattern.sub(repl, w)
    if len(w) > 4 and w.endswith(("ies", "ied")):
        w = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-1] if w[-3] == "e" else w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 4 and w.endswith("e") and not w.endswith("ee"):
        w = w[:-1]  # "double"/"doubling", "raise"/"raised" meet at "doubl", "rais"
    return w


# Function words carry no topic; kept short and general on purpose.
_STOP_WORDS = (
    """a an the and or but nor so yet of in on at to for from by with without into onto
    over under about as than then that this these those there here it its it's is are was
    were be been being am do does did doing have has had having will would shall should can
    could may might must not no he she they them their his her him we us our you your i me
    my mine who whom whose which what when where why how also just very more most much many
    such some any each every all both either neither one ones own same other another again
    further once only too out up down off said says say told tell added adding according
    mr ms mrs dr while after before during between through against among within upon if
    because since until though although whether even still now already well"""
)
STOP = frozenset(_STOP_WORDS.split()) | frozenset(fold(w) for w in _STOP_WORDS.split())

def words(text: str) -> list[str]:
    """Surface words of a text, in order (numbers kept)."""
    return WORD_RE.findall(text)


def tokens(text: str) -> list[str]:
    """Folded words, function words kept (for phrase matching)."""
    return [fold(w) for w in words(text)]


def content_tokens(text: str) -> list[str]:
    """Folded content words (for similarity)."""
    return content_words(tokens(text))


def content_words(folded: list[str]) -> list[str]:
    """The content words among folded tokens: no function words, no numbers."""
    return [t for t in folded if t and t not in STOP and not _NUMBER.fullmatch(t)]


class Folder:
    """`tokens` and `content_words` with a memory: a corpus uses the same words again and again."""

    def __init__(self) -> None:
        self.known: dict[str, tuple[str, bool]] = {}  # surface word -> (folded, is a content word)

    def fold_text(self, text: str) -> tuple[list[str], list[str]]:
        """(folded words, folded content words) of a text."""
        known = self.known
        folded, content = [], []
        for w in WORD_RE.findall(text):
            entry = known.get(w)
            if entry is None:
                f = fold(w)
                entry = known[w] = (f, bool(content_words([f])))
            folded.append(entry[0])
            if entry[1]:
                content.append(entry[0])
        return folded, content


_NUMBER = re.compile(r"[\d.,]+")


def word_count(text: str) -> int:
    return len(text.split())


class Vectorizer:
    """TF-IDF over folded content words, fitted on the texts being compared.

    Vectors are sparse ({word index: weight}, unit length): a dense matrix of
    every sentence by every word is too big for a large corpus.
    """

    def __init__(self, texts: Sequence[Iterable[str]]):
        df: Counter[str] = Counter()
        for t in texts:
            df.update(set(t))
        n = max(1, len(texts))
        self.vocab = {w: i for i, w in enumerate(sorted(df))}
        self.idf = [math.log((1 + n) / (1 + df[w])) + 1.0 for w in sorted(df)]

    def sparse(self, texts: Sequence[Iterable[str]]) -> list[dict[int, float]]:
        return [self.vector(t) for t in texts]

    def vector(self, tokens: Iterable[str]) -> dict[int, float]:
        weights, norm = self.weights(tokens)
        return {i: v / norm for i, v in sorted(weights.items())}

    def weights(self, tokens: Iterable[str]) -> tuple[dict[int, float], float]:
        """Unscaled TF-IDF weights and their length: `vector` is the one divided by the other."""
        counts: dict[int, int] = {}
        for w in tokens:
            i = self.vocab.get(w)
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
        weights = {i: (1.0 + math.log(c)) * self.idf[i] for i, c in counts.items()}
        return weights, math.sqrt(sum(v * v for v in weights.values())) or 1.0


def dot(a: dict[int, float], b: dict[int, float]) -> float:
    """Dot product of two sparse vectors (summed in ascending key order when keys are sorted)."""
    if len(a) > len(b):
        a, b = b, a
    return sum((v * b[i] for i, v in a.items() if i in b), 0.0)


def scaled_dot(weights: dict[int, float], norm: float, b: dict[int, float]) -> float:
    """`dot` of the vector `weights` / `norm` with b, the same sum, without building that vector."""
    shared = sorted(k for k in weights if k in b) if len(weights) <= len(b) else sorted(k for k in b if k in weights)
    return sum(((weights[k] / norm) * b[k] for k in shared), 0.0)


class NameFinder:
    """Which texts name a phrase (no word character right before or after it), without searching every text.

    A phrase can only occur where each of its word-character runs occurs as
    a whole word, so only the texts holding all of them are searched: the
    work follows how many texts use the phrase's words, not texts x phrases.
    """

    def __init__(self, texts: Sequence[str]):
        self.texts = texts
        self.postings: dict[str, set[int]] = {}
        for i, text in enumerate(texts):
            for w in set(_RUN.findall(text)):
                self.postings.setdefault(w, set()).add(i)

    def naming(self, phrase: str) -> set[int]:
        """Indices of the texts that name `phrase`."""
        runs = sorted((self.postings.get(w, set()) for w in set(_RUN.findall(phrase))), key=len)
        inside = set.intersection(*runs) if runs else range(len(self.texts))
        pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")
        return {i for i in inside if pattern.search(self.texts[i])}


_RUN = re.compile(r"\w+")


# ------------------------------------------------------------------ tone cues
# Promotional or editorial words that a careful briefing does not repeat as fact.
HYPE = frozenset(
    """stunning seismic unprecedented historic breaking electric palpable beacon rallying
    ironclad massive relentless dramatic shocking extraordinary incredible sensational
    staggering bombshell jaw-dropping explosive landmark momentous epic resolute unwavering
    game-changer game-changing awakening""".split()
)
# Markers of the writer's own opinion or commentary when not inside a quote.
OPINION = (
    "certainly", "clearly", "obviously", "of course", "undoubtedly", "inevitably", "indeed",
    "propaganda", "hence", "in other words", "it is clear", "it's clear", "make no mistake",
    "words that show", "in the logic of", "broader truth", "wake-up call", "serves as a",
    "isn't just", "is not just", "not just talk", "remains to be seen", "experts are watching",
    "the path ahead", "good news for", "bad news for", "we will stand", "the urgency is",
    "carry the weight", "beacon of", "could redefine", "represents a", "imperative",
)
_OPINION = [(m, re.compile(r"\b" + re.escape(m) + r"\b")) for m in OPINION]
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")
_LOWER_WORD = re.compile(r"[a-z][a-z-]+")


def outside_quotes(text: str) -> str:
    """The narration: the text with quoted passages removed."""
    return _QUOTED.sub(" ", text) if '"' in text or "“" in text else text


def hype_hits(text: str) -> list[str]:
    """Hype words used by the writer (quoted speech is the speaker's business)."""
    low = outside_quotes(text).lower()
    found = [w for w in _LOWER_WORD.findall(low) if w in HYPE]
    found += [m for m, pattern in _OPINION if m in low and pattern.search(low)]
    return found


def is_question(text: str) -> bool:
    return "?" in text and "?" in outside_quotes(text)


# Openings that point back to something a reader of one item alone has not seen.
_CONNECTIVE = re.compile(
    r"(?:But|However|And|Yet|Still|Also|Instead|Nevertheless|Nonetheless|Moreover|Furthermore|Besides|"
    r"Therefore|Thus|Hence|So|Otherwise|Consequently|Likewise|Similarly|Accordingly|Even so|That said|"
    r"As a result|In addition|In turn|By contrast|In (?:\w+ )?contrast|On the other hand|At the same time|"
    r"Despite (?:this|that|it)|Because of (?:this|that)|For this reason|To this end|After that|Then)\b")
_TIME = r"(?:year|week|month|morning|afternoon|evening|summer|spring|autumn|winter|time|weekend|century|decade)"
_POINTER = re.compile(rf"(?:(?:This|That|These|Those)\b(?!\s+{_TIME})|(?:It|Such|Its|His|Her|Their|Them|Another|"
                      r"The latter|The former|The same)\b)")
_PERSON = re.compile(r"(?:He|She|They)\b")
_BACK = re.compile(
    r"(?:[\w’'-]+,?\s+){0,3}?(?i:of|with|without|for|to|by|despite|after|before|under|in|on|from|about|beyond)"
    rf"\s+(?:it|this|that|these|those|them|him|her)\b(?!\s+{_TIME})"
    r"|(?i:half|most|much|some|all|part|none|many|each|one|both|any|few|much)\s+of\s+(?:it|this|that|these|those|them)\b")
_SAID_BY_PRONOUN = re.compile(r"\b(?:he|she|they)\s+(?:\w+ly\s+)?(?:said|says|added|told|noted|argued|"
                              r"warned|stressed|insisted|explained|continued|went on)\b", re.I)
_OPENING_MARKS = "“\"‘'«( "


def dangling(text: str, quote: bool = False) -> str | None:
    """How an item's text leans on what came before it in its source, or None if it stands alone.

    "person": a bare He/She/They opening it, or a pronoun reporting it ("..., he
    said"): an editor can name the speaker when it is known. "pointer": a
    connective ("But", "However"), a pronoun or demonstrative ("It", "This
    share", "Without it") no bracket can honestly resolve. A quote is the
    speaker's own words: only connectives and pointers count there.
    """
    body = text.lstrip(_OPENING_MARKS)
    if _CONNECTIVE.match(body) or _POINTER.match(body) or _BACK.match(body):
        return "pointer"
    if quote:
        return None
    if _PERSON.match(body) or _SAID_BY_PRONOUN.search(outside_quotes(text)):
        return "person"
    return None


_FINITE = re.compile(r"\b(?:is|are|was|were|be|been|will|would|can|could|has|have|had|must|should|may|might|"
                     r"shall|do|does|did|need|needs|want|wants|'s|’s|'re|’re|'ll|’ll)\b", re.I)


_CLAUSE_STARTS = frozenset("""i we you he she it they there this that these those our my your his her their its the
    a an no all every each more most many much some any few none nothing everything what if when as once""".split())


def is_clause(text: str) -> bool:
    """Whether a quote is at least one full clause, not a fragment ("a decade ahead of schedule.").

    The speaker's sentence start (a capital) or a finite verb in four words or
    more: "there will be no duplication" is a clause, "their quick and
    effective response" is not.
    """
    body = text.lstrip(_OPENING_MARKS)
    if word_count(body) < 4:
        return False
    first = body.split()[0].strip(",;:")
    if first.islower() and first not in _CLAUSE_STARTS:
        return False  # the writer's subject, the speaker's verb: "reiterated that they are ...", "put in place ..."
    return body[:1].isupper() or bool(_FINITE.search(body))
