"""People and organisations in one document: one person, one name.

Names come from spaCy's PERSON entities (filtered: the small model also calls
cities and weapon systems PERSON) and from capitalised names after a title
("Defence Minister Rustem Umerov"). Mentions of a person by surname, by title
("the minister", "the bank's chief") or by pronoun are tied to one canonical
name: the fullest form the document gives. Gender is read from the text (Mr/Ms,
spokeswoman, "announced her retirement") and from a first name the text gives,
looked up in a shipped list of common first names (data/first_names.tsv, public
domain census data); the text's own words outweigh the list.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from briefing.analyze import lexicon as lx
from briefing.analyze.context import Context
from briefing.model import Analysis, Entity

_SUBJ = ("nsubj", "nsubjpass")
_DET = ("det", "predet", "case", "punct", "nummod", "quantmod")


@dataclass
class Person:
    key: int
    names: list[list[str]] = field(default_factory=list)
    role: str | None = None
    role_words: set[str] = field(default_factory=set)
    gender: str | None = None  # "m", "f" or None
    votes: dict[str, int] = field(default_factory=lambda: {"m": 0, "f": 0})
    variants: list[str] = field(default_factory=list)
    count: int = 0

    @property
    def name(self) -> str:
        return " ".join(max(self.names, key=len))

    @property
    def surname(self) -> str:
        return max(self.names, key=len)[-1]


@dataclass
class Mention:
    start: int
    end: int
    tok: int  # head token
    person: int
    subject: bool
    sent: int
    first: int = -1  # first token of a name


FIRST_NAMES = Path(__file__).with_name("data") / "first_names.tsv"
# Weights of the evidence for a person's gender: what the text says (Mr, spokeswoman) beats
# the first-name list, which beats one possessive his/her.
TEXT_WEIGHT, NAME_WEIGHT = 5, 3


@functools.lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """First name (lower case) -> "f" or "m", from the shipped list; read once per process."""
    out = {}
    for line in FIRST_NAMES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, gender = line.split("\t")
            out[name] = gender
    return out


def capitalised(tok) -> bool:
    """A word written with a capital first letter: "Ryan", "AshLee", "McInturff"."""
    return tok.text[:1].isupper() and any(c.islower() for c in tok.text)


def words(text: str) -> set[str]:
    return {w for w in re.split(r"[^\w]+", text.lower()) if w}


@functools.lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Lower-case, accents removed: the form names are compared in.

    Cached: name matching folds the same few words for every token it tries (~300 calls a document).
    """
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if c.isalnum())


def similar(a: str, b: str) -> bool:
    """Spelling variants of one name token (Zelensky, Zelenskyy, Zelenski)."""
    a, b = fold(a), fold(b)
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or a[:3] != b[:3]:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.85


def compatible(a: list[str], b: list[str]) -> bool:
    """Two names that can be one person: same surname, first names agree if both given."""
    if not similar(a[-1], b[-1]):
        return False
    if len(a) > 1 and len(b) > 1:
        return similar(a[0], b[0]) or fold(a[0])[:1] == fold(b[0])[:1] and len(a[0]) <= 2
    return True


def is_role_word(tok) -> bool:
    return tok.lower_ in lx.ROLE_WORDS


def is_title_word(tok) -> bool:
    """A role word or a word that forms a title with one ("Vice", "Under", "High")."""
    return tok.lower_ in lx.ROLE_WORDS or tok.lower_ in lx.TITLE_PREFIXES


def joining_hyphen(sdoc, i: int) -> bool:
    """A hyphen inside one word: "Secretary-General" is tokenized Secretary - General."""
    t = sdoc[i]
    return (
        t.text in ("-", "‐", "‑")
        and 0 < i < len(sdoc) - 1
        and not sdoc[i - 1].whitespace_
        and not t.whitespace_
        and sdoc[i - 1].is_alpha
        and sdoc[i + 1].is_alpha
    )


def _role_plural(tok) -> bool:
    """'Ministers', 'Chiefs': a role in the plural (a group, never a person's name)."""
    return tok.lower_.endswith("s") and tok.lower_[:-1] in lx.ROLE_WORDS


_ORG_ENTS = ("ORG", "GPE", "NORP")
# Named things that can stand before a title as its organisation ("UN Special Envoy");
# the tagger gives organisations some of these labels too.
_NAMED_ENTS = _ORG_ENTS + ("FAC", "LOC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")


class People:
    """The people and organisations of one document, with mention lookups."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.persons: list[Person] = []
        self.token_person: dict[int, int] = {}  # token index -> person key
        self.mentions: list[Mention] = []
        self.pronouns: dict[int, int] = {}  # pronoun token -> person key
        self.orgs: dict[str, list[str]] = {}  # canonical -> variants
        self.org_count: dict[str, int] = {}
        self._role_mentions: dict[int, tuple[int, int]] = {}  # head tok -> (person, start char)
        self._org_kind: dict[str, str] = {}
        self._collect_names()
        self._collect_roles()
        self._name_gender()
        self._collect_gender()
        self._resolve_pronouns()
        self._collect_orgs()

    # ------------------------------------------------------------- names

    def _name_spans(self) -> list[tuple[int, int]]:
        """Token ranges of person names, honorifics and possessives trimmed."""
        sdoc = self.ctx.tokens
        spans: list[tuple[int, int]] = []
        taken: set[int] = set()
        for ent in self.ctx.ents:
            if ent.label_ != "PERSON":
                continue
            s, e = ent.start, ent.end
            s = self._after_title(s, e)
            k = s
            while k < e and not sdoc[k].is_space and "\n" not in sdoc[k].text and sdoc[k].lower_ not in ("'s", "’s"):
                k += 1
            e = k
            while e > s and not sdoc[e - 1].is_alpha:
                e -= 1
            if e > s and all(capitalised(t) or t.is_upper for t in sdoc[s:e]):
                spans.append((s, e))
                taken.update(range(s, e))
        # Capitalised names right after a title the NER missed ("counterpart, Rustem Umerov").
        for i, low in enumerate(self.ctx.lowers):
            if not (low in lx.ROLE_WORDS or low in lx.HONORIFICS):
                continue
            tok = self.ctx.tokens[i]
            s = tok.i + 1
            if s < len(sdoc) and sdoc[s].text == "," and tok.lower_ in lx.ROLE_WORDS:
                s += 1
            portfolio = s < len(sdoc) and sdoc[s].lower_ in ("of", "for") and tok.lower_ in lx.ROLE_WORDS
            if portfolio:  # "Under Secretary of Policy Elbridge Colby": the name is the last two words
                s += 2 if s + 1 < len(sdoc) and sdoc[s + 1].lower_ == "the" else 1
            e = s
            while e < len(sdoc) and sdoc[e].pos_ == "PROPN" and sdoc[e].is_title and not is_role_word(sdoc[e]):
                e += 1
            if portfolio:
                # An entity ending inside the last two words ("European Commission Ursula")
                # says they are no name; the tagger's one entity over all of them does not.
                if e - s < 3 or sdoc[e - 2].ent_type_ and sdoc[e - 1].ent_iob_ != "I" or sdoc[e - 1].ent_type_ == "DATE":
                    continue
                s = e - 2
            least = 1 if tok.lower_ in lx.HONORIFICS else 2  # "Mr Varga", but "minister Ana Silva"
            if e - s >= least and not taken.intersection(range(s, e)):
                spans.append((s, e))
                taken.update(range(s, e))
        # A name in apposition to a title: "The European Commissioner for Energy, Marta Ruiz,".
        for tok in self.ctx.tokens:
            if tok.dep_ != "appos" or tok.pos_ != "PROPN" or tok.i in taken:
                continue
            s = tok.left_edge.i
            titled = is_role_word(tok.head) or s >= 2 and sdoc[s - 1].text == "," and is_role_word(sdoc[s - 2])
            if not titled:
                continue
            s = tok.i
            while s > 0 and sdoc[s - 1].pos_ == "PROPN" and capitalised(sdoc[s - 1]) and sdoc[s - 1].head.i == tok.i:
                s -= 1
            if tok.i + 1 - s >= 2 and all(capitalised(t) for t in sdoc[s : tok.i + 1]):
                spans.append((s, tok.i + 1))
                taken.update(range(s, tok.i + 1))
        spans += self._speaking_names(taken)
        return sorted(spans)

    def _speaking_names(self, taken: set[int]) -> list[tuple[int, int]]:
        """A capitalised one-word subject of a speech verb that the tagger did not call a person.

        "Burton explained", "Reezal added": a person, unless the tagger calls it a place or
        a people, or an organisation that no he/she takes up in the next sentences.
        """
        sdoc = self.ctx.tokens
        spans = []
        for tok in sdoc:
            if tok.i in taken or tok.dep_ not in _SUBJ or tok.pos_ != "PROPN" or not capitalised(tok):
                continue
            if tok.head.lemma_.lower() not in lx.SPEECH_VERBS or tok.lower_ in lx.ORG_NOUNS or is_title_word(tok):
                continue
            if any(c.dep_ in ("compound", "flat") for c in tok.children) or tok.ent_iob_ == "I" or (
                tok.i + 1 < len(sdoc) and sdoc[tok.i + 1].ent_iob_ == "I"
            ):
                continue  # part of a longer name or entity
            if tok.ent_type_ in ("GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "DATE"):
                continue
            if tok.ent_type_ == "ORG" and not self._taken_up_as_person(tok):
                continue
            spans.append((tok.i, tok.i + 1))
            taken.add(tok.i)
        return spans

    def _taken_up_as_person(self, tok) -> bool:
        """A he/she subject in the rest of this sentence or the next two, no other name between."""
        sent = self.ctx.sent_at(tok.idx)
        last = self.ctx.sents[min(sent + 2, len(self.ctx.sents) - 1)].tok_end
        for t in self.ctx.tokens[tok.i + 1 : last]:
            if t.ent_type_ == "PERSON":
                return False
            if t.lower_ in ("he", "she") and t.dep_ in _SUBJ:
                return True
        return False

    def _after_title(self, s: int, e: int) -> int:
        """First token of a PERSON entity after its title ("Vice-President Kamala Harris")."""
        sdoc = self.ctx.tokens
        cut = j = s
        while j < e and (
            sdoc[j].lower_ in lx.HONORIFICS
            or is_title_word(sdoc[j])
            or sdoc[j].lower_ in lx.PORTFOLIOS
            or _role_plural(sdoc[j])
            or joining_hyphen(sdoc, j)
        ):
            j += 1
            if sdoc[j - 1].lower_ in lx.HONORIFICS or is_role_word(sdoc[j - 1]) or _role_plural(sdoc[j - 1]):
                cut = j
        return cut

    def _keep_single(self, s: int, full: list[list[str]]) -> bool:
        """A one-word PERSON is kept when it is a known surname, titled, or a subject."""
        tok = self.ctx.tokens[s]
        if any(similar(tok.text, n[-1]) or fold(tok.text) == fold(n[0]) for n in full):
            return True
        prev = self.ctx.tokens[s - 1] if s > 0 else None
        if prev is not None and (prev.lower_ in lx.HONORIFICS or is_role_word(prev)):
            return True
        if tok.dep_ in _SUBJ or tok.ent_type_ != "PERSON":  # a speaking subject the tagger missed
            return True
        # The same word speaks elsewhere ("... defend Trump. Trump accused ...").
        return any(
            t.lower_ == tok.lower_ and t.dep_ in _SUBJ and t.head.lemma_.lower() in lx.SPEECH_VERBS
            for t in self.ctx.tokens
            if t.i != tok.i and t.text[:1].isupper()
        )

    def _collect_names(self) -> None:
        sdoc = self.ctx.tokens
        spans = self._name_spans()
        full = [[t.text for t in sdoc[s:e]] for s, e in spans if e - s >= 2]
        for s, e in sorted(spans, key=lambda se: -(se[1] - se[0])):
            name = [t.text for t in sdoc[s:e]]
            if len(name) == 1 and not self._keep_single(s, full):
                continue
            person = self._person_for(name)
            person.count += 1
            prev = sdoc[s - 1] if s > 0 else None
            shown = " ".join(name)
            if prev is not None and prev.lower_ in lx.HONORIFICS:
                shown = f"{prev.text} {shown}"
                self._vote(person, "m" if prev.lower_ in lx.HONORIFICS_MALE else
                           "f" if prev.lower_ in lx.HONORIFICS_FEMALE else None, TEXT_WEIGHT)
            if shown not in person.variants:
                person.variants.append(shown)
            for i in range(s, e):
                self.token_person[i] = person.key
            self._add_mention(s, e, person.key)
        self._surname_mentions()
        self.mentions.sort(key=lambda m: m.start)

    def _surname_mentions(self) -> None:
        """A known surname on its own that the tagger did not call a person ("Marquez said")."""
        sdoc = self.ctx.tokens
        surnames: dict[str, int] = {}
        for person in self.persons:
            for name in person.names:
                if len(name) > 1:
                    surnames.setdefault(fold(name[-1]), person.key)
        if not surnames:
            return
        for tok in self.ctx.tokens:
            if tok.i in self.token_person or tok.pos_ != "PROPN" or not tok.is_title:
                continue
            key = surnames.get(fold(tok.text))
            if key is None or any(self._in_other_name(sdoc, k) for k in (tok.i - 1, tok.i + 1)):
                continue
            person = self.persons[key]
            person.count += 1
            if tok.text not in person.variants:
                person.variants.append(tok.text)
            self.token_person[tok.i] = key
            self._add_mention(tok.i, tok.i + 1, key)

    @staticmethod
    def _in_other_name(sdoc, k: int) -> bool:
        """Token `k` is a capitalised name word (not a title): the surname is part of another name."""
        if not 0 <= k < len(sdoc):
            return False
        t = sdoc[k]
        return t.pos_ == "PROPN" and t.is_title and not is_title_word(t) and t.lower_ not in lx.HONORIFICS

    def _person_for(self, name: list[str]) -> Person:
        for person in self.persons:
            if any(compatible(name, n) for n in person.names) or (
                len(name) == 1 and any(fold(name[0]) == fold(n[0]) for n in person.names if len(n) > 1)
            ):
                if name not in person.names:
                    person.names.append(name)
                return person
        person = Person(len(self.persons), [name])
        self.persons.append(person)
        return person

    def _add_mention(self, s: int, e: int, key: int) -> None:
        sdoc = self.ctx.tokens
        head = sdoc[e - 1]
        subject = head.dep_ in _SUBJ or (head.dep_ == "appos" and head.head.dep_ in _SUBJ)
        start = sdoc[s].idx
        self.mentions.append(
            Mention(start, head.idx + len(head.text), head.i, key, subject, self.ctx.sent_at(start), s)
        )

    # ------------------------------------------------------------- roles

    def _collect_roles(self) -> None:
        """Titles before a name and appositions give each person a role."""
        sdoc = self.ctx.tokens
        for m in list(self.mentions):
            person = self.persons[m.person]
            role = (
                self._prefix_role(m.first, m.tok)
                or self._appos_role(sdoc[m.tok])
                or self._role_before_comma(m.first)
                or self._role_after_comma(m.tok)
            )
            if role and person.role is None:
                person.role = role
                person.role_words = words(role)
            if role:
                for w in words(role) & (lx.GENDERED_ROLES_MALE | lx.GENDERED_ROLES_FEMALE):
                    self._vote(person, "m" if w in lx.GENDERED_ROLES_MALE else "f", TEXT_WEIGHT)
        # Role mentions: "the Secretary General", "the minister", "NATO's chief".
        for i, low in enumerate(self.ctx.lowers):
            if low not in lx.ROLE_WORDS or i in self.token_person:
                continue
            tok = self.ctx.tokens[i]
            if tok.dep_ == "compound" and tok.head.i > tok.i and (is_role_word(tok.head) or tok.head.i in self.token_person):
                continue  # part of a longer title
            key = self._role_holder(tok)
            if key is not None:
                self._role_mentions[tok.i] = (key, tok.idx)
                start = tok.left_edge.idx
                self.mentions.append(Mention(start, tok.idx + len(tok.text), tok.i, key,
                                             tok.dep_ in _SUBJ, self.ctx.sent_at(start)))
        self.mentions.sort(key=lambda m: m.start)

    def _prefix_role(self, first: int, last: int) -> str | None:
        """The title right before a name.

        A title is a run of title words (role words, their prefixes and
        portfolios, and words the parse attaches to them) with at most one
        organisation right before it: an entity ("NATO Secretary General") or
        an owner ("Ukraine's Defense Minister"). A name before that
        organisation is not part of the role ("through Eastern Sentry NATO
        Secretary General Mark Rutte").
        """
        sdoc = self.ctx.tokens
        k = self._portfolio_start(first)
        named = False  # an organisation's name was taken already
        while k > 0:
            t = sdoc[k - 1]
            if "\n" in t.text_with_ws or t.lower_ in lx.HONORIFICS:
                break
            if is_title_word(t) or joining_hyphen(sdoc, k - 1) or t.is_title and t.lower_ in lx.PORTFOLIOS:
                k -= 1
                continue
            if not any(is_role_word(x) for x in sdoc[k:first]):
                break
            if t.ent_type_ in _NAMED_ENTS and not named:
                k = _entity_start(sdoc, t.i)
                if _acronym(t) and k < t.i and not _acronym(sdoc[t.i - 1]):
                    k = t.i  # "Operation Clear Water WHO": the acronym is the organisation
                break
            if t.lower_ in ("'s", "’s") and k >= 2 and not named:
                k = _owner_start(sdoc, sdoc[k - 2])
                break
            if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.ent_type_ not in ("PERSON",) + _NAMED_ENTS and t.i < t.head.i <= last:
                k -= 1  # a word the parse attaches to the title: "central bank chief"
                if _acronym(t):
                    break  # an acronym is a whole organisation name: "ECB Director"
                named = named or t.is_title
                continue
            break
        if not any(is_role_word(x) for x in sdoc[k:first]):
            return None
        return self.ctx.text[sdoc[k].idx : sdoc[first - 1].idx + len(sdoc[first - 1].text)]

    def _portfolio_start(self, first: int) -> int:
        """Start of "of Policy" in "Under Secretary of Policy Elbridge Colby", else `first`."""
        sdoc = self.ctx.tokens
        j = first - 1
        while j >= 0 and first - j <= 4 and sdoc[j].is_title and sdoc[j].pos_ in ("PROPN", "NOUN") and not is_title_word(sdoc[j]):
            j -= 1
        if j >= 0 and sdoc[j].lower_ == "the":
            j -= 1
        if j < first - 1 and j >= 1 and sdoc[j].lower_ in ("of", "for") and is_role_word(sdoc[j - 1]):
            return j
        return first

    def _role_before_comma(self, first: int) -> str | None:
        """'their Ukrainian counterpart, Rustem Umerov': the role noun phrase before the comma."""
        sdoc = self.ctx.tokens
        if first < 2 or sdoc[first - 1].text != ",":
            return None
        end = r = sdoc[first - 2]
        while not is_role_word(r) and r.dep_ in ("pobj", "prep") and r.head.i < r.i:
            r = r.head  # "The governor of the central bank, Elena Marsh"
        if not is_role_word(r) or r.i in self.token_person:
            return None
        return self._np_from(r, end)

    def _role_after_comma(self, last: int) -> str | None:
        """'Maria Lopez, the bank's chief economist,': a role noun phrase set off by commas."""
        sdoc = self.ctx.tokens
        k = last + 2
        if k >= len(sdoc) or sdoc[last + 1].text != ",":
            return None
        toks = []
        while k < len(sdoc) and len(toks) < 10 and "\n" not in sdoc[k - 1].text_with_ws:
            t = sdoc[k]
            if t.is_punct and not joining_hyphen(sdoc, k):
                break
            if t.pos_ not in ("DET", "ADJ", "NOUN", "PROPN", "PART", "NUM", "ADP", "PRON"):
                return None  # a clause, not an apposition
            toks.append(t)
            k += 1
        closed = k >= len(sdoc) or sdoc[k].text in (",", ".", ";", ":", ")") or "\n" in sdoc[k - 1].text_with_ws
        head = next((t for t in toks if t.pos_ == "ADP" or is_role_word(t)), None)
        if not toks or not closed or head is None or not is_role_word(head) or head.i in self.token_person:
            return None
        while toks and (toks[0].dep_ in ("det", "predet") or toks[0].pos_ == "PRON"):
            toks.pop(0)
        return self.ctx.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)] if toks else None

    def _np_from(self, head, end) -> str:
        """The noun phrase of `head` up to token `end`, without determiners or possessive pronouns."""
        sdoc = self.ctx.tokens
        left = [t for t in head.lefts if t.dep_ not in ("det", "predet", "punct") and t.pos_ != "PRON"]
        start = min([t.left_edge.i for t in left] + [head.i])
        while start < head.i and (sdoc[start].dep_ in ("det", "predet") or sdoc[start].pos_ == "PRON"):
            start += 1
        return self.ctx.text[sdoc[start].idx : end.idx + len(end.text)]

    def _appos_role(self, head) -> str | None:
        """'Mark Rutte, NATO's secretary general,' or 'The governor ..., Elena Marsh,'."""
        cands = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            cands.append(head.head)
        for c in cands:
            if c.i in self.token_person or c.pos_ not in ("NOUN", "PROPN"):
                continue
            if not (is_role_word(c) or any(is_role_word(t) for t in c.lefts)):
                continue
            owner = {w.i for ch in c.children if ch.dep_ == "poss" for w in ch.subtree}  # "Ryan's spokeswoman"
            toks = [t for t in c.subtree if not (t.i in self.token_person and t.i not in owner or t.i >= head.i > c.i)]
            toks = [t for t in toks if t.i <= c.i or t.i < head.i or c.i > head.i]
            while toks and (toks[0].dep_ == "det" or toks[0].is_punct or toks[0].pos_ == "PRON"):
                toks.pop(0)
            while toks and toks[-1].is_punct:
                toks.pop()
            if toks and len(toks) <= 10:
                return self.ctx.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
        return None

    def role_words_of(self, tok) -> tuple[set[str], set[str]]:
        """(modifier words, possessor words) of a role noun phrase ("NATO's secretary general")."""
        mods, owner = set(), set()
        for t in tok.lefts:
            bucket = owner if t.dep_ == "poss" else mods
            for w in t.subtree:
                if w.dep_ not in _DET and w.is_alpha:
                    bucket.add(w.lower_)
        return mods, owner

    def _role_holder(self, tok) -> int | None:
        """The person whose role fits this role phrase, nearest before it if several."""
        mods, owner = self.role_words_of(tok)
        head = tok.lower_
        fits = [p.key for p in self.persons if p.role_words and head in p.role_words and mods <= p.role_words]
        if not fits and head in lx.GENERIC_HEADS:
            # "the bank's chief", "the alliance's chief": the head of that body.
            fits = [p.key for p in self.persons if owner and owner <= p.role_words]
            if not fits:
                leaders = [p for p in self.persons if p.role_words & lx.LEADING_ROLES]
                fits = [max(leaders, key=lambda p: p.count).key] if leaders else []
        if not fits:
            return None
        before = [m for m in self.mentions if m.person in fits and m.start < tok.idx and m.tok not in self._role_mentions]
        if before:
            return before[-1].person
        return fits[0]

    # ------------------------------------------------------------- gender

    def _vote(self, person: Person, gender: str | None, weight: int = 1) -> None:
        if gender:
            person.votes[gender] += weight
            m, f = person.votes["m"], person.votes["f"]
            person.gender = "m" if m > f else "f" if f > m else None

    def _name_gender(self) -> None:
        """A first name the text gives, looked up in the shipped list ("Hillary Clinton": f)."""
        names = first_names()
        for person in self.persons:
            firsts = {fold(n[0]) for n in person.names if len(n) > 1 and fold(n[0]) not in lx.HONORIFICS}
            found = {names[f] for f in firsts if f in names}
            if len(found) == 1:
                self._vote(person, found.pop(), NAME_WEIGHT)

    def _collect_gender(self) -> None:
        """A possessive his/her after the only person named so far in the sentence."""
        by_sent: dict[int, list[Mention]] = {}
        for m in self.mentions:
            by_sent.setdefault(m.sent, []).append(m)
        for s, ms in by_sent.items():
            sent = self.ctx.sents[s]
            for i in range(sent.tok_start, sent.tok_end):
                if self.ctx.lowers[i] not in ("his", "her"):
                    continue
                tok = self.ctx.tokens[i]
                if tok.dep_ != "poss":
                    continue
                before = {m.person for m in ms if m.end <= tok.idx}
                if len(before) == 1 and not self.ctx.in_quote(tok.idx):
                    self._vote(self.persons[before.pop()], "m" if tok.lower_ == "his" else "f")

    # ------------------------------------------------------------- pronouns

    def _resolve_pronouns(self) -> None:
        """Forward pass: he/she/his/her to the nearest gender-compatible person."""
        by_sent: dict[int, list[Mention]] = {}
        for m in self.mentions:
            by_sent.setdefault(m.sent, []).append(m)
        resolved: list[Mention] = []
        for sent_i, sent in enumerate(self.ctx.sents):
            for i in range(sent.tok_start, sent.tok_end):
                low = self.ctx.lowers[i]
                if low not in lx.PRONOUNS_MALE and low not in lx.PRONOUNS_FEMALE:
                    continue
                tok = self.ctx.tokens[i]
                if self.ctx.in_quote(tok.idx):
                    continue
                gender = "m" if low in lx.PRONOUNS_MALE else "f"
                key = self._antecedent(by_sent, tok, sent_i, gender)
                if key is None:
                    continue
                self.pronouns[tok.i] = key
                person = self.persons[key]
                if person.gender is None:
                    self._vote(person, gender)
                m = Mention(tok.idx, tok.idx + len(tok.text), tok.i, key, tok.dep_ in _SUBJ, sent_i)
                by_sent.setdefault(sent_i, []).append(m)
                resolved.append(m)
        self.mentions = sorted(self.mentions + resolved, key=lambda m: m.start)

    def _antecedent(self, by_sent: dict[int, list[Mention]], tok, sent_i: int, gender: str) -> int | None:
        def ok(m: Mention) -> bool:
            g = self.persons[m.person].gender
            return (g is None or g == gender) and not self.ctx.in_quote(m.start)

        # In its own sentence, a subject before the nearest other name: "Tim Kaine, Hillary
        # Clinton's running mate, said he ..." is Kaine.
        same = [m for m in by_sent.get(sent_i, []) if m.start < tok.idx]
        for m in sorted(same, key=lambda m: (not m.subject, -m.start)):
            if ok(m):
                return m.person
        for back in range(1, 4):
            prev = by_sent.get(sent_i - back, [])
            for m in sorted(prev, key=lambda m: (not m.subject, -m.start)):
                if ok(m):
                    return m.person
        return None

    # ------------------------------------------------------------- lookups

    def person_of_token(self, tok) -> int | None:
        if tok.i in self.token_person:
            return self.token_person[tok.i]
        if tok.i in self.pronouns:
            return self.pronouns[tok.i]
        if tok.i in self._role_mentions:
            return self._role_mentions[tok.i][0]
        return None

    def person_by_name(self, text: str) -> int | None:
        name = text.split()
        for p in self.persons:
            if any(compatible(name, n) for n in p.names):
                return p.key
        return None

    # ------------------------------------------------------------- orgs

    def _collect_orgs(self) -> None:
        for ent in self.ctx.ents:
            if ent.label_ not in ("ORG", "GPE", "NORP"):
                continue
            if any(t.i in self.token_person for t in ent):
                continue
            name = org_name(ent.text)
            if not name:
                continue
            canon = next((c for c in self.orgs if c.lower() == name.lower()), name)
            self.orgs.setdefault(canon, [])
            if name not in self.orgs[canon]:
                self.orgs[canon].append(name)
            self.org_count[canon] = self.org_count.get(canon, 0) + 1
            self._org_kind[canon] = ent.label_

    def entities(self) -> list[Entity]:
        out = [
            Entity(p.name, "PERSON", p.role, sorted(set(p.variants) | {" ".join(n) for n in p.names}), p.count)
            for p in self.persons
        ]
        out += [
            Entity(c, self._org_kind.get(c, "ORG"), None, sorted(v), self.org_count[c])
            for c, v in self.orgs.items()
        ]
        return out


def _entity_start(sdoc, i: int) -> int:
    """First token of the entity around token `i`, without a leading "the"."""
    while i > 0 and sdoc[i].ent_iob_ == "I":
        i -= 1
    return i + 1 if sdoc[i].lower_ == "the" and i + 1 < len(sdoc) and sdoc[i + 1].ent_iob_ == "I" else i


def _acronym(tok) -> bool:
    return tok.is_alpha and tok.is_upper and len(tok.text) >= 2


def _owner_start(sdoc, owner) -> int:
    """First token of the owner in "Ukraine's" / "the central bank's"."""
    if owner.ent_type_ in _ORG_ENTS + ("PERSON",):
        return _entity_start(sdoc, owner.i)
    left = [t for t in owner.lefts if t.dep_ not in ("det", "predet", "punct", "poss")]
    return min([t.left_edge.i for t in left] + [owner.i])


def org_name(text: str) -> str:
    """'the European Union\\n' -> 'European Union'."""
    text = text.split("\n")[0].strip()
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
    return re.sub(r"[’']s$", "", text).strip(" ,.;:")


# --------------------------------------------------------------- across sources


def canonicalize(analyses: list[Analysis]) -> dict[str, str]:
    """Map every person name variant seen in `analyses` to one canonical name.

    Variants are grouped by surname spelling (Zelensky / Zelenskyy / Zelenski)
    with compatible first names; the canonical name is the full name given most
    often, then the longest, then the first alphabetically, so the result does
    not depend on the order of the sources.
    """
    groups: list[dict[str, int]] = []  # name -> mentions
    people = sorted(
        (e for a in analyses for e in a.entities if e.kind == "PERSON"),
        key=lambda e: (-len(e.name.split()), e.name),
    )
    for ent in people:
        name = ent.name.split()
        for group in groups:
            if any(compatible(name, g.split()) for g in group):
                break
        else:
            group = {}
            groups.append(group)
        group[ent.name] = group.get(ent.name, 0) + max(ent.count, 1)
        for v in ent.variants:
            group.setdefault(v, 0)
    mapping: dict[str, str] = {}
    for group in groups:
        full = [n for n in group if len(n.split()) > 1 and n.split()[0].lower() not in lx.HONORIFICS] or list(group)
        canon = sorted(full, key=lambda n: (-group[n], -len(n.split()), n))[0]
        for variant in group:
            mapping[variant] = canon
    return mapping
