"""Unicode fonts for the PDF, embedded, with a glyph check that fails loudly.

reportlab's default Helvetica is not embedded and draws missing characters as
boxes without a word. We ship DejaVu Sans (about 5,900 characters; licence in
fonts/LICENSE-DejaVu.txt) inside the package so a fresh machine renders
Zelenskyy, Türkiye, Šefčovič and € with no system fonts, and the same font
file everywhere keeps PDFs byte-identical across machines. A profile may name
its own TTF files instead (paths relative to the templates folder).
"""

from __future__ import annotations

import dataclasses
import hashlib
import unicodedata
from dataclasses import dataclass
from typing import Any
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from briefing.config import Profile
from briefing.errors import OutputError, UsageError
from briefing.render.templates import template_file

BUNDLED = Path(__file__).resolve().parent / "fonts"
DEJAVU = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "italic": "DejaVuSans-Oblique.ttf"}
BUNDLED_NAMES = ("DejaVuSans", "DejaVu Sans", "dejavu")


@dataclass
class FontSet:
    regular: str
    bold: str
    italic: str
    fonts: tuple[TTFont, ...]


def font_paths(profile: Profile, templates: Path | None) -> dict[str, Path]:
    """The TTF file for each style: bundled DejaVu, or the profile's own files."""
    if profile.font in BUNDLED_NAMES:
        return {style: BUNDLED / name for style, name in DEJAVU.items()}
    regular = template_file(profile.font, templates)
    paths = {
        "regular": regular,
        "bold": template_file(profile.font_bold, templates) if profile.font_bold else regular,
        "italic": template_file(profile.font_italic, templates) if profile.font_italic else regular,
    }
    for style, path in paths.items():
        if path.suffix.lower() not in (".ttf", ".otf") or not path.is_file():
            raise UsageError(f"{profile.path or profile.name}: font file for {style} not found: {path} "
                             f"(use font = \"DejaVuSans\" or a .ttf path relative to the templates folder)")
    return paths


def register(profile: Profile, templates: Path | None = None) -> FontSet:
    """Register the profile's fonts with reportlab (once per file) and return their names."""
    names, fonts = {}, []
    for style, path in font_paths(profile, templates).items():
        name = "BR" + hashlib.sha1(str(path).encode()).hexdigest()[:10]
        try:
            font = pdfmetrics.getFont(name)
        except KeyError:
            try:
                font = TTFont(name, str(path))
            except (TTFError, OSError) as exc:
                raise UsageError(f"{path}: cannot use this font ({exc})") from None
            pdfmetrics.registerFont(font)
        names[style] = name
        fonts.append(font)
    addMapping(names["regular"], 0, 0, names["regular"])
    addMapping(names["regular"], 1, 0, names["bold"])
    addMapping(names["regular"], 0, 1, names["italic"])
    addMapping(names["regular"], 1, 1, names["bold"])
    return FontSet(regular=names["regular"], bold=names["bold"], italic=names["italic"], fonts=tuple(fonts))


def missing_glyphs(text: str, fontset: FontSet) -> list[str]:
    """Characters of `text` some font of the set cannot draw (spaces excepted)."""
    wanted = {ch for ch in text if not ch.isspace()}
    missing = set()
    for font in fontset.fonts:
        have = font.face.charToGlyph
        missing.update(ch for ch in wanted if ord(ch) not in have)
    return sorted(missing)


PLACEHOLDERS = ("\ufffd", "?")  # the replacement character where the font has it, else a question mark


def describe(missing: list[str]) -> str:
    shown = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '?')} ({ch})" for ch in missing[:8])
    return shown + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")


def check_coverage(text: str, fontset: FontSet, path: Path) -> None:
    """Stop with the missing characters named, rather than print boxes nobody notices (--strict)."""
    missing = missing_glyphs(text, fontset)
    if missing:
        raise OutputError(f"{path}: the PDF font cannot draw {describe(missing)}; "
                          f"set `font` in the profile to a TTF file that covers them")


def placeholder(fontset: FontSet) -> str:
    """A visible mark every font of the set can draw, for the characters none can."""
    return next((p for p in PLACEHOLDERS if not missing_glyphs(p, fontset)), "?")


def replace_chars(value: Any, table: dict[int, str]) -> Any:
    """A copy of `value` (dataclasses, lists, dicts, strings) with `table` applied to every string in it."""
    if isinstance(value, str):
        return value.translate(table)
    if isinstance(value, list):
        return [replace_chars(v, table) for v in value]
    if isinstance(value, tuple):
        return tuple(replace_chars(v, table) for v in value)
    if isinstance(value, dict):
        return {k: replace_chars(v, table) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: replace_chars(getattr(value, f.name), table)
                                             for f in dataclasses.fields(value) if f.init})
    return value
