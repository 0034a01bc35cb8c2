"""The one sanitising layer every renderer goes through.

Source text is untrusted. Each output format has its own hazards: XML forbids
most control characters (python-docx raises "All strings must be XML
compatible"), reportlab's Paragraph parses a mini-markup (`<img src=...>`
opens local files, `a<b` raises), HTML needs escaping and Markdown passes raw
HTML through. Renderers never write source text without going through here.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates and
# U+FFFE/U+FFFF. Vertical tab and form feed (Shift-Enter and page breaks pasted
# from Word) become spaces rather than vanishing, so words stay apart.
_SPACE_LIKE = re.compile(r"[\x0b\x0c\x85\u2028\u2029]")
_XML_INVALID = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# Invisible format characters that fonts usually have no glyph for.
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")  # every Unicode space, as reportlab and HTML collapse them anyway

SAFE_SCHEMES = ("http", "https", "mailto")


def clean(text: object) -> str:
    """Text safe for any XML-based format: no invalid or invisible characters, one line."""
    if text is None:
        return ""
    value = _SPACE_LIKE.sub(" ", str(text))
    value = _XML_INVALID.sub("", value)
    value = _INVISIBLE.sub("", value)
    return _SPACES.sub(" ", value).strip()


def safe_url(url: object) -> str | None:
    """The URL if it is an http(s) or mailto link, else None (javascript:, file:, data: ...)."""
    value = clean(url)
    if not value or any(ch in value for ch in " <>\"'`\\"):
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return None
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        return None
    if parts.scheme.lower() == "mailto" and "@" not in parts.path:
        return None
    return value


# ------------------------------------------------------------------ reportlab


def rl(text: object) -> str:
    """Escape for reportlab Paragraph mini-markup: nothing in it is markup any more."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rl_attr(text: str) -> str:
    """Escape a value placed inside a double-quoted reportlab markup attribute."""
    return rl(text).replace('"', "&quot;")


# ------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def md(text: object) -> str:
    """Escape for Markdown: punctuation that starts markup, and raw HTML."""
    value = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    # A leading "1." or "-" would start a list; the escape keeps it a sentence.
    return re.sub(r"^(\d+)\.", r"\1\\.", value).replace("\n", " ")


def md_url(url: str) -> str:
    """A safe URL made harmless inside Markdown's (...) link target."""
    return quote(url, safe=":/?#@!$&'*+,;=%-._~")


# ------------------------------------------------------------------- slugs


def slug(text: object, limit: int = 60) -> str:
    """ASCII, lower-case, dash-separated: a file name that survives email."""
    import unicodedata

    value = unicodedata.normalize("NFKD", clean(text)).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return value[:limit].rstrip("-")
