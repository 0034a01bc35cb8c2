"""Counted nouns in messages: '1 source', '2 sources', never '1 sources'."""

from __future__ import annotations


def noun(n: int, word: str, many: str | None = None) -> str:
    """`word` for one, else `many` (default: word + 's', or + 'es' after s, x, ch, sh)."""
    if n == 1:
        return word
    return many or word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def counted(n: int, word: str, many: str | None = None) -> str:
    """'1 source', '3 sources', '1 analysis', '2 analyses' (with `many` given)."""
    return f"{n} {noun(n, word, many)}"
