"""Who said it, in the item's own paragraph: the editor's bracket or an attribution line.

A reader of one bullet must know whose words or claim it is without the
sentence before it. The source's wording stays verbatim; the briefing only
adds, in square brackets, the name the analysis found ("he [Mark Rutte]
said", "the Secretary General [Mark Rutte] underscored"), or, when the text
has no pronoun or title to hang the name on, an attribution line shown after
the item ("Mark Rutte, NATO Secretary General"). A quote always carries
one, and "speaker not named in the source" when the analysis found nobody.
Select uses this to count words; render and the email body to show items.
"""

from __future__ import annotations

import re

SPEAKER_UNKNOWN = "speaker not named in the source"
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
_OPENING = re.compile(r"[( ]*(He|She|They)\b(?!\s*\[)")  # after an opening quote mark it is the speaker's word
_REPORTING = re.compile(r"\b(he|she|they)\b(?!\s*\[)(?=\s+(?:\w+ly\s+)?(?:said|says|added|adds|told|noted|argued|"
                        r"warned|stressed|insisted|explained|continued|went on|underscored|emphasi[sz]ed|"
                        r"highlighted|recalled|pointed out|cited|described|called|urged|stated|declared)\b)")
_SAID_BY_PRONOUN = re.compile(r"\b(?:he|she|they)\s+(?:\w+ly\s+)?(?:said|says|added|told|noted|argued|warned|"
                              r"stressed|insisted|explained)\b", re.I)
_LONG_QUOTE = re.compile(r"[“\"«][^”\"«»“]*?\w[^”\"«»“]*?(?:\s+[^\s”\"«»“]+){3}[^”\"«»“]*[”\"»]")  # 4+ words
_SMALL = {"the", "of", "and", "for", "de", "van", "von", "der", "da", "al", "mr", "ms", "mrs", "dr"}


def who(speaker: str | None, role: str | None) -> str:
    """"Mark Rutte, NATO Secretary General"; the role alone is left out when the name holds it."""
    speaker, role = (speaker or "").strip(), (role or "").strip()
    if not speaker:
        return ""
    if role and role.lower() not in speaker.lower():
        return f"{speaker}, {role}"
    return speaker


def names(text: str, speaker: str) -> bool:
    """Whether the text already names the speaker: a surname ("Rutte") or the whole phrase ("defence ministers")."""
    words = [w for w in re.findall(r"[\w’'-]+", speaker) if w.lower() not in _SMALL]
    if not words:
        return False
    if speaker[:1].isupper():
        keys = [words[-1]] if len(words[-1]) > 2 else words
        flags = re.I if words[-1].islower() else 0  # "Moroccan authorities" is named by "Authorities ..."
        return any(re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", text, flags) for k in keys)
    return speaker.lower() in text.lower() or re.search(rf"\b{re.escape(words[-1])}\b", text, re.I) is not None


def _outside_quotes(text: str, start: int) -> bool:
    return not any(m.start() < start < m.end() for m in _QUOTED.finditer(text))


def _after(text: str, end: int, speaker: str) -> str:
    return f"{text[:end]} [{speaker}]{text[end:]}"


def _role_phrases(role: str) -> list[str]:
    """The forms a title takes in running text: whole, its last two words, its first two, its head word."""
    words = role.split()
    found = [role, " ".join(words[-2:]), " ".join(words[:2])]
    if words and len(words[-1]) > 3 and words[-1][:1].isupper():
        found.append(words[-1])
    return list(dict.fromkeys(p for p in found if p and len(p) > 3))


def attribute(text: str, kind: str, speaker: str | None, role: str | None) -> tuple[str, str]:
    """(text as shown, attribution line, "" when the text itself now names the speaker).

    Statements: the name in brackets after an opening He/She/They or a
    pronoun that reports ("Germany, he added, ..."), else after the speaker's
    title ("the Secretary General [Mark Rutte]"), else an attribution line.
    A statement that reports someone's words (a long quote, "he said") with no
    speaker known says so. Quotes are never bracketed (a pronoun inside is the
    speaker's own word): their attribution line always shows.
    """
    speaker = (speaker or "").strip()
    if kind == "quote":
        return text, who(speaker, role) or SPEAKER_UNKNOWN
    if not speaker:
        reported = _LONG_QUOTE.search(text) or _SAID_BY_PRONOUN.search(_QUOTED.sub(" ", text))
        return text, SPEAKER_UNKNOWN if reported else ""
    if names(text, speaker) and not _OPENING.match(text):
        return text, ""
    opening = _OPENING.match(text)
    if opening:
        return _after(text, opening.end(1), speaker), ""
    for match in _REPORTING.finditer(text):
        if _outside_quotes(text, match.start()):
            return _after(text, match.end(), speaker), ""
    for phrase in _role_phrases(role or ""):
        for match in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])(?!\s*\[)", text, re.I):
            if _outside_quotes(text, match.start()):
                return _after(text, match.end(), speaker), ""
    return text, who(speaker, role)
