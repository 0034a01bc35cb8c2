"""The briefing's title: the event as the sources name it, from their headlines and leads.

A reader wants "G7 Summit, Italy" or "NATO Defence Ministers' Meeting,
Brussels", not the words the sources use most. The title is the named
occasion most sources mention (a capitalised name with an event noun:
"G7 summit", "Morocco earthquake"), else the name most sources open with
joined to the event noun they share ("NATO Defence Ministers" + "meeting"),
else that name alone, with the place most leads give. Headlines come from the
source's metadata or its headline line, never from page chrome (the cleaner
has dropped that). None when nothing is shared: the caller says "Briefing".
"""

from __future__ import annotations

import math
import re
from collections import Counter

from briefing.model import Analysis, Document
from briefing.select import conflicts as cf
from briefing.select.candidates import Candidate, dateline_length
from briefing.select.text import STOP, WORD_RE, fold

LEADS = 3  # body sentences per source read as its lead
# Nouns that name an occasion; a two-word form ("rate cut") is tried before its head.
EVENT_NOUNS = (
    "general election", "presidential election", "parliamentary election", "rate cuts", "rate cut", "rate hikes",
    "rate hike", "rate decision", "quarterly results", "quarterly earnings", "summit", "meeting", "talks",
    "conference", "assembly", "forum", "congress", "convention", "ministerial", "elections", "election",
    "referendum", "ruling", "verdict", "judgment", "earthquake", "quake", "floods", "hurricane", "typhoon",
    "cyclone", "wildfires", "wildfire", "eruption", "tsunami", "olympics", "earnings", "results",
)
_NOUN = "|".join(re.escape(n) for n in EVENT_NOUNS)
_CAP = r"(?:[A-Z][\w’'.-]*|[0-9]+[A-Z][\w-]*)"
_LINK = r"(?:of|the|and|for|on|de|’s|'s)"
NAMED = re.compile(rf"(?<![\w’'-])(?P<name>{_CAP}(?:\s+(?:{_LINK}\s+)*{_CAP})*)(?:’|'|’s|'s)?\s+(?P<noun>(?i:{_NOUN}))\b")
NOUN_RE = re.compile(rf"\b(?:{_NOUN})\b", re.I)
PLACE = re.compile(r"\bin\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central)\s+)?"
                   r"(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")
_SMALL = {"of", "the", "and", "for", "on", "de", "in", "at", "to", "a", "an"}
_OPENERS = {"the", "a", "an", "in", "on", "at", "after", "before", "as", "when", "while", "with"}


def headline(doc: Document) -> str | None:
    """The source's headline line, if the cleaner kept one."""
    block = next((b for b in doc.blocks if b.kind == "headline"), None)
    text = " ".join(doc.block_text(block).split()).lstrip("#").strip() if block else ""
    return text or None


def opening_words(doc: Document, count: int = 9) -> str | None:
    """The first words of the source's first paragraph (after any dateline), with "…" when cut."""
    block = next((b for b in doc.blocks if b.kind in ("paragraph", "standfirst")), None)
    if block is None:
        return None
    text = doc.block_text(block)
    words = text[dateline_length(text):].split()
    return " ".join(words[:count]) + ("\u2026" if len(words) > count else "") if words else None


def derive_title(documents: list[Document], cands: list[Candidate], analyses: list[Analysis],
                 common: set[str], organisation: str | None) -> str | None:
    """The event as most sources name it, with its place; None when they share no name."""
    texts = _lead_texts(documents, cands)
    need = max(2, math.ceil(len(documents) / 4)) if len(documents) > 1 else 1
    entities = {fold(w) for a in analyses for e in a.entities if e.kind in ("ORG", "GPE", "NORP", "PERSON")
                for v in (e.name, *e.variants) for w in v.split()}
    name = _named_event(texts, common, need)
    if name and organisation and not _names_something(name, entities, organisation):
        name = f"{organisation} {name}"  # "Q2 Earnings" of whom: the organisation most sources name
    name = name or _name_with_noun(documents, cands, analyses, common, organisation, texts, need)
    if not name and len(documents) == 1:  # one article (stdin): its own headline names the event
        name = documents[0].source.title or headline(documents[0])
    if not name:
        return None
    place = _place(texts, analyses, need)
    if place and place.lower() not in name.lower():
        return f"{name}, {place}"
    return name


def _names_something(name: str, entities: set[str], organisation: str) -> bool:
    words = [fold(w) for w in name.split()]
    return any(w in entities for w in words) or _is_acronym(organisation, name) or \
        organisation.lower() in name.lower()


def _is_acronym(short: str, long: str) -> bool:
    """"ICJ" for "International Court of Justice"."""
    initials = "".join(w[0] for w in long.split() if w[:1].isupper())
    return short.isupper() and len(short) > 1 and short in initials


def _lead_texts(documents: list[Document], cands: list[Candidate]) -> dict[str, list[str]]:
    """Per source: its headline (metadata or text) and its first body sentences."""
    leads: dict[str, list[str]] = {}
    for c in cands:
        if len(leads.setdefault(c.source_id, [])) < LEADS:
            leads[c.source_id].append(c.text)
    out = {}
    for doc in documents:
        title = doc.source.title or headline(doc)
        out[doc.source.id] = ([title] if title else []) + leads.get(doc.source.id, [])
    return out


def _named_event(texts: dict[str, list[str]], common: set[str], need: int) -> str | None:
    """A proper name right before an event noun that most sources write ("G7 summit", "UK general election").

    Words the sources also write in lower case ("Reports", "Impressive" in a
    title-case headline) are not part of a name.
    """
    seen: dict[tuple[str, ...], set[str]] = {}
    forms: dict[tuple[str, ...], Counter] = {}
    for sid, lines in texts.items():
        for line in lines:
            for m in NAMED.finditer(line):
                words = _trim_name(m.group("name").split(), common)
                if not words:
                    continue
                noun = m.group("noun").lower()
                key = tuple(fold(w) for w in words) + (fold(noun.split()[-1]),)
                seen.setdefault(key, set()).add(sid)
                forms.setdefault(key, Counter())[" ".join(words) + " " + noun] += 1
    good = [(len(s), len(k), k) for k, s in seen.items() if len(s) >= need]
    if not good:
        return None
    top = max(good)[0]
    key = max((g for g in good if g[0] >= top - 1), key=lambda g: (g[0], g[1]))[2]
    surface = max(sorted(forms[key]), key=lambda f: (forms[key][f] > 1, len(f.split()), forms[key][f]))
    return _title_case(surface)


def _trim_name(words: list[str], common: set[str]) -> list[str]:
    """The proper name at the end of a capitalised run: no ordinary words, no small words at its edges."""
    keep: list[str] = []
    for w in reversed(words):
        bare = re.sub(r"(?:’s|'s)$", "", w)
        ordinary = bare.lower() in common and not bare.isupper() and not any(ch.isdigit() for ch in bare)
        if ordinary and bare.lower() not in _SMALL:
            break
        keep.insert(0, w)
    while keep and (keep[0].lower() in _OPENERS or keep[0].lower() in _SMALL):
        keep = keep[1:]
    while keep and keep[-1].lower() in _SMALL:
        keep = keep[:-1]
    return keep


def _name_with_noun(documents, cands, analyses, common, organisation, texts, need) -> str | None:  # noqa: ANN001
    """The name most sources open with, joined to the event noun most of them use ("... Ministers' Meeting")."""
    name = shared_name(documents, cands, analyses, common, organisation) or _top_proper_noun(texts, common)
    if not name:
        return None
    nouns: dict[str, set[str]] = {}
    for sid, lines in texts.items():
        for line in lines:
            for m in NOUN_RE.finditer(line):
                nouns.setdefault(m.group(0).lower(), set()).add(sid)
    best = max(sorted(nouns), key=lambda n: (len(nouns[n]), len(n)), default=None)
    if not best or len(nouns[best]) < need or fold(best) in {fold(w) for w in name.split()}:
        return name
    joint = "\u2019 " if name.endswith("s") and not name.endswith("ss") else " "
    return f"{name}{joint}{_title_case(best)}"


def _top_proper_noun(texts: dict[str, list[str]], common: set[str]) -> str | None:
    """The proper name (one word the sources never write in lower case) at least half the sources use: "Nvidia"."""
    seen: dict[str, set[str]] = {}
    forms: dict[str, Counter] = {}
    for sid, lines in texts.items():
        for line in lines:
            for m in re.finditer(r"(?<![\w’'-])[A-Z][\w-]*[a-z0-9][\w-]*", line):
                word = m.group(0)
                if word.lower() in common or word.lower() in STOP:
                    continue
                seen.setdefault(fold(word), set()).add(sid)
                forms.setdefault(fold(word), Counter())[word] += 1
    need = max(2, math.ceil(len(texts) / 2))
    best = max(sorted(seen), key=lambda k: len(seen[k]), default=None)
    if best is None or len(seen[best]) < need:
        return None
    return max(sorted(forms[best]), key=lambda f: forms[best][f])


def _place(texts: dict[str, list[str]], analyses: list[Analysis], need: int) -> str | None:
    """The place most sources' leads say the event happened in ("in Brussels"), if a known place."""
    places = {e.name for a in analyses for e in a.entities if e.kind == "GPE"}
    seen: dict[str, set[str]] = {}
    for sid, lines in texts.items():
        for line in lines:
            for m in PLACE.finditer(line):
                if m.group("place") in places:
                    seen.setdefault(m.group("place"), set()).add(sid)
    best = max(sorted(seen), key=lambda p: len(seen[p]), default=None)
    return best if best and len(seen[best]) >= need else None


def _title_case(text: str) -> str:
    words = text.split()
    return " ".join(w if (w.lower() in _SMALL and n) or not w[:1].islower() else w[:1].upper() + w[1:]
                    for n, w in enumerate(words))


def shared_name(documents: list[Document], cands: list[Candidate], analyses: list[Analysis],
                common: set[str], organisation: str | None) -> str | None:
    """The capitalised phrase most sources open with ("Central Bank Board"), or None.

    `common` holds the words the sources also write in lower case: a tagger's "PERSON" may hold them.
    `organisation` (the one most sources name) leads the title if the phrase lacks it.
    """
    leads: dict[str, list[Candidate]] = {}
    for c in cands:
        if len(leads.setdefault(c.source_id, [])) < LEADS:
            leads[c.source_id].append(c)
    names = [v for a in analyses for e in a.entities if e.kind == "PERSON" for v in (e.name, *e.variants)]
    names += [r.person for lead in leads.values() for c in lead  # "Minister Ann Lee", where phrases are read
              for r in cf.role_mentions(c, [], common)]
    people = {fold(w) for v in names for w in WORD_RE.findall(v) if w.lower() not in common}
    seen: dict[tuple[str, ...], set[str]] = {}
    surface: dict[tuple[str, ...], Counter] = {}
    for doc in documents:
        for c in leads.get(doc.source.id, []):
            found = [(m.group(0), fold(m.group(0)), m.start(), m.end()) for m in WORD_RE.finditer(c.text)]
            found = [f for f in found if f[1] not in STOP and not f[1].isdigit()]
            for n in (2, 3, 4):
                for i in range(len(found) - n + 1):
                    gram = found[i:i + n]
                    key = tuple(g[1] for g in gram)
                    if any(k in people for k in key):
                        continue
                    if gram[-1][0].lower() in cf.ROLE_HEADS:
                        continue  # a person's title ("Secretary General"), not what happened
                    seen.setdefault(key, set()).add(doc.source.id)
                    surface.setdefault(key, Counter())[c.text[gram[0][2]:gram[-1][3]]] += 1
    need = max(2, math.ceil(len(documents) / 2))
    named = {k for k, forms in surface.items() if any(_capitalised(f) for f in forms)}
    good = [(len(s), len(k), k) for k, s in seen.items() if len(s) >= need and k in named]
    if not good:
        return None
    top, _, key = max(good)
    # the longest phrase around it that nearly as many sources use ("Central Bank of X")
    longer = [(n, k) for df, n, k in good if df >= top - 1 and _inside(key, k)]
    key = max(longer)[1] if longer else key
    forms = surface[key]
    title = re.sub(r"[’']s?$", "", max(sorted(forms), key=lambda f: (_capitalised(f), forms[f]))).strip()
    if organisation and organisation.lower() not in title.lower() and not _is_acronym(organisation, title):
        return f"{organisation} {title}"
    return title


def _capitalised(phrase: str) -> bool:
    """Every word but the small ones starts with a capital: "Central Bank of X"."""
    return all(w[:1].isupper() or w.lower() in STOP for w in phrase.split())


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return any(long[i:i + len(short)] == short for i in range(len(long) - len(short) + 1))
