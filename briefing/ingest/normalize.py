"""Bytes to clean Unicode text: encoding detection, mojibake repair, invisible characters.

Quote marks are left exactly as the source wrote them: quote extraction needs
to see curly, straight and mismatched marks as they are.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy
from charset_normalizer import from_bytes

# Byte signatures of common binary formats that are sometimes saved as .txt.
BINARY_MAGIC = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",  # OLE2: old .doc/.xls
    b"\x1f\x8b",  # gzip
    b"MZ",
)

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they reorder
# what a reader sees without changing the text ("rose by <RLO>%5<PDF>" shows as "5%"), and can
# disguise names, so they are deleted and text shows in its logical order.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Other format characters that change how text looks, never what it says: the Arabic letter mark,
# the deprecated shaping controls, interlinear annotation marks and tag characters.
OTHER_FORMAT = ("\u061c" + "".join(map(chr, range(0x206A, 0x2070))) + "\ufff9\ufffa\ufffb\U000e0001"
                + "".join(map(chr, range(0xE0020, 0xE0080))))
# Deleted outright: soft hyphen, zero-width space/joiners, word joiner, BOM,
# bidi marks and controls, the invisible math operators and the format characters above.
INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u2061\u2062\u2063\u2064\u180e"
        + BIDI_CONTROLS + OTHER_FORMAT),
    None,
)
# Spaces of every width become a plain space (NBSP, narrow NBSP, en/em spaces...).
SPACES = {cp: " " for cp in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B))}
# The same two tables as patterns: str.translate looks every character up in
# the dict, while a character-class search skips along in C (0.5 s per 1,000 articles).
_INVISIBLE_RE = re.compile("[" + "".join(map(chr, INVISIBLE)) + "]")
_SPACES_RE = re.compile("[" + "".join(map(chr, SPACES)) + "\t]")
# Control characters that XML (and so DOCX) rejects, except tab and newline.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,  # keep quote marks as the source wrote them
    fix_character_width=False,  # done below, together with the other styled letters
    normalization="NFC",
)


class DecodeError(ValueError):
    """The bytes are binary or in no encoding we can trust; the message says which."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding) for the bytes of a text file (see `decode_report`)."""
    text, encoding, _ = decode_report(data)
    return text, encoding


MOST_BAD_BYTES = 0.01  # UTF-8 with up to this share of bad sequences (and at least one good one) is UTF-8


def decode_report(data: bytes) -> tuple[str, str, str | None]:
    """Return (text, encoding, warning) for the bytes of a text file; the warning says what was replaced.

    Order: a BOM decides; then UTF-16 without BOM (a NUL in every other
    byte); then strict UTF-8; then UTF-8 with a few bad bytes, each shown as
    U+FFFD, when the rest holds real multi-byte UTF-8 (one stray latin-1
    byte must not cost the article, nor turn its accents into mojibake);
    then charset-normalizer limited to cp1252 and latin-1, which answers
    None for bytes that are no plausible text.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig"), None
            except UnicodeDecodeError:
                raise DecodeError(f"starts with a {encoding} byte order mark but is not {encoding}") from None
    if data.startswith(BINARY_MAGIC):
        raise DecodeError("binary file, not text")
    guess = _utf16_without_bom(data)
    if guess:
        return (*guess, None)
    if b"\x00" in data:
        raise DecodeError("binary file, not text (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", "replace")
    bad = replaced.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    multibyte = any(ord(ch) > 0x7F and ch != "\ufffd" for ch in replaced)
    if multibyte and bad <= max(1, MOST_BAD_BYTES * len(data)):
        return replaced, "utf-8", (f"{bad} byte sequence{'s are' if bad > 1 else ' is'} not valid UTF-8; "
                                   f"shown as \ufffd (U+FFFD)")
    best = from_bytes(data, cp_isolation=["cp1252", "latin_1"]).best()
    if best is None:
        raise DecodeError("cannot decode: not UTF-8, UTF-16, cp1252 or latin-1 text")
    return str(best), best.encoding, None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Mostly-ASCII UTF-16 has a NUL in every other byte; trust it only then."""
    if len(data) < 4 or len(data) % 2:
        return None
    for encoding, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if zeros.count(0) >= 0.8 * len(zeros):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    return None


def _unstyle(char: str) -> str:
    """Styled letters and digits (math bold/script, fullwidth, ligatures) to plain ones.

    NFKC is applied to these characters only: on everything it would also turn
    "km²" into "km2", "½" into "1⁄2" and "…" into "...", which changes figures.
    """
    code = ord(char)
    if (
        0x1D400 <= code <= 0x1D7FF  # mathematical alphanumeric symbols
        or 0xFF01 <= code <= 0xFF5E  # fullwidth ASCII
        or 0xFB00 <= code <= 0xFB06  # Latin ligatures
        or 0x2460 <= code <= 0x24FF  # enclosed alphanumerics
        or 0x1F130 <= code <= 0x1F189  # squared/negative-circled letters
        or (0x2100 <= code <= 0x214F and unicodedata.category(char) in ("Lu", "Ll"))
    ):
        plain = unicodedata.normalize("NFKC", char)
        return plain if plain.isalnum() or plain.isspace() else char
    return char


STYLED = re.compile(
    "[\U0001d400-\U0001d7ff\uff01-\uff5e\ufb00-\ufb06\u2460-\u24ff\U0001f130-\U0001f189\u2100-\u214f]"
)


# Printable ASCII and the typographic quotes, dashes and ellipsis of ordinary copy: none is a
# control, a ligature or a wide letter, and mojibake always holds a lead-byte letter (Ã, â, Â...),
# so ftfy cannot change such a line.
_PLAIN_LINE = re.compile("[\t\x20-\x7e\u2018\u2019\u201c\u201d\u2013\u2014\u2026]*\n?")


def _repair(text: str) -> str:
    """ftfy.fix_text, line by line as it works, skipping the lines it leaves as they are.

    Every fix we ask of ftfy needs a character a plain line lacks (mojibake,
    C1 controls, ligatures, surrogates, terminal escapes, control characters,
    NFC), so a line of printable ASCII and typographic punctuation passes
    through unchanged: only the others are given to it. Same result, a
    fraction of the time on ordinary copy.
    """
    lines = text.split("\n")
    last = len(lines) - 1
    out = []
    for i, line in enumerate(lines):
        segment = line + "\n" if i < last else line
        out.append(segment if _PLAIN_LINE.fullmatch(segment) else ftfy.fix_text(segment, FTFY_CONFIG))
    return "".join(out)


def normalize_text(text: str) -> str:
    """Repair and normalize decoded text; never raises on any str.

    Line ends become "\n"; leading indentation is kept because the cleaner
    reads it (comment threads are indented).
    """
    text = _INVISIBLE_RE.sub("", text)  # first, so a control between \r and \n cannot make two line ends
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _INVISIBLE_RE.sub("", _repair(text))  # again: repairing mojibake can make one ("Ø\x9c" -> U+061C)
    text = STYLED.sub(lambda m: _unstyle(m.group()), text)
    text = _SPACES_RE.sub(" ", text)
    text = CONTROL.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))
