"""Other names the sources themselves give an actor: "the Conservatives, or Tories as they are
commonly known". Outlets name one party, company or body in different ways; when one of them
says the names are one, claims naming either are about the same actor. Acronyms need no entry
(claims.names_meet reads initials); only names a source equates are joined, never guessed.
"""

from __future__ import annotations

import re

from briefing.select.text import STOP, fold

_NAME = r"(?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+){0,3}"
_SAID_ALIKE = re.compile(
    rf"\b(?:[Tt]he\s+)?(?P<a>{_NAME}),?\s+(?:or|also known as|better known as|known as|also called|dubbed)\s+"
    rf"(?:the\s+)?(?P<b>{_NAME})(?=\s+as\s+(?:they|it|he|she)\s+(?:are|is)\s+(?:commonly\s+|widely\s+|often\s+)?"
    rf"(?:known|called)|\s*[,)–—])")


def find_aliases(texts: list[str]) -> dict[str, str]:
    """Folded name word -> the folded word it stands for, from every source's own wording.

    Only one-word names are joined ("Tories" = "Conservatives"): longer ones already meet on a
    shared word. "X, or Y," in a list ("France, or Germany,") would join two actors, so the
    pattern for "or" needs what follows to say it is a name ("as they are known") unless the
    phrase itself says so ("also known as").
    """
    out: dict[str, str] = {}
    for text in texts:
        for m in _SAID_ALIKE.finditer(text):
            said = m.group(0)
            if re.search(r",?\s+or\s+", said) and not re.match(r"\s+as\s+", text[m.end():]):
                continue
            a, b = m.group("a").split(), m.group("b").split()
            if len(a) != 1 or len(b) != 1:
                continue
            x, y = fold(a[0]), fold(b[0])
            if x != y and x not in STOP and y not in STOP:
                out.setdefault(y, x)
    return out


def canonical(words: frozenset[str], aliases: dict[str, str]) -> frozenset[str]:
    """Name words with each alias replaced by the name it stands for."""
    if not aliases or not words & aliases.keys():
        return words
    return frozenset(aliases.get(w, w) for w in words)
