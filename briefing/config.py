"""User-editable configuration: topics and audience profiles (TOML files).

Both live in a templates folder (the package's `templates/` by default, or the
user's own via --templates / --topics) so a new event or audience needs no code.
"""

from __future__ import annotations

import re

import tomllib
import types
import typing
from dataclasses import dataclass, field, fields
from pathlib import Path

from briefing.errors import UsageError

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def default_templates_dir() -> Path:
    """The templates shipped with briefing (source checkout or installed data)."""
    bundled = Path(__file__).resolve().parent / "templates"
    return bundled if bundled.is_dir() else PACKAGE_TEMPLATES


@dataclass
class Topic:
    id: str
    name: str
    description: str = ""
    terms: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)


@dataclass
class Profile:
    """An audience: which sections, in which order, and how many words."""

    name: str
    label: str = ""
    marking: str | None = None
    paper: str = "A4"  # A4 or Letter
    font: str = "DejaVuSans"
    logo: str | None = None
    author: str = "briefing"
    sections: list[str] = field(
        default_factory=lambda: ["summary", "events", "key_points", "topics", "conflicts", "sources"]
    )
    key_points: int = 5
    words_total: int = 1700
    words_per_topic: int = 300
    items_per_topic: int = 8
    quotes: bool = True
    figures: bool = True
    # Rendering (issue 6); paths are relative to the templates folder.
    organisation: str = ""  # letterhead line above the title
    font_size: float = 10.0  # body text, points
    font_bold: str | None = None  # TTF files when `font` is a TTF path
    font_italic: str | None = None
    word_font: str | None = None  # DOCX font name; None keeps reference.docx's styles
    accent: str = "#1F3864"  # headings and table headers, #RRGGBB
    max_pages: int = 0  # PDF: shrink to fit this many pages (0 = no limit)
    repeat_key_points: bool = True  # False: topic sections skip items already in key points
    titles: dict[str, str] = field(default_factory=dict)  # section name -> heading text
    reference_docx: str = "reference.docx"
    html_template: str = "briefing.html.j2"
    md_template: str = "briefing.md.j2"
    path: str | None = None  # where it was loaded from


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from None


def load_topics(path: Path | None = None) -> list[Topic]:
    """Read topics; every topic needs an id and a name, ids must be unique."""
    path = path or default_templates_dir() / "topics.toml"
    raw = _read_toml(path).get("topic", [])
    if not raw:
        raise UsageError(f"{path}: no [[topic]] tables found")
    known = {f.name for f in fields(Topic)}
    topics: list[Topic] = []
    for n, entry in enumerate(raw, 1):
        unknown = sorted(set(entry) - known)
        if unknown:
            raise UsageError(f"{path}: topic {n} has unknown field(s) {', '.join(unknown)}")
        if not entry.get("id") or not entry.get("name"):
            raise UsageError(f"{path}: topic {n} needs both 'id' and 'name'")
        topics.append(Topic(**entry))
    ids = [t.id for t in topics]
    if len(set(ids)) != len(ids):
        raise UsageError(f"{path}: topic ids must be unique")
    return topics


def _type_ok(value: object, hint: object) -> bool:
    """Does a TOML value fit a Profile field's annotation (str, int, list[str], X | None ...)?"""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_type_ok(value, a) for a in args)
    if hint is type(None):
        return value is None
    if origin is list:
        return isinstance(value, list) and all(_type_ok(v, args[0]) for v in value)
    if origin is dict:
        return isinstance(value, dict) and all(_type_ok(k, args[0]) and _type_ok(v, args[1])
                                               for k, v in value.items())
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)  # type: ignore[arg-type]


def _type_name(hint: object) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in typing.get_args(hint) if a is not type(None))
    if typing.get_origin(hint) is list:
        return "a list of " + _type_name(typing.get_args(hint)[0])
    if typing.get_origin(hint) is dict:
        return "a table of text"
    return names.get(hint, str(hint))  # type: ignore[call-overload]


PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def load_profile(name: str, templates: Path | None = None) -> Profile:
    """Load templates/profiles/NAME.toml; unknown fields are an error, not ignored."""
    folder = (templates or default_templates_dir()) / "profiles"
    path = folder / f"{name}.toml"
    if not PROFILE_NAME.fullmatch(name):  # '../../tmp/x' must not load a file outside the profiles folder
        raise UsageError(f"audience '{name}' is not a profile name (letters, digits, '-' and '_' only)")
    if not path.is_file():
        available = sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []
        hint = f" (available: {', '.join(available)})" if available else ""
        raise UsageError(f"unknown audience '{name}'{hint}")
    data = _read_toml(path)
    known = {f.name for f in fields(Profile)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise UsageError(f"{path}: unknown field(s) {', '.join(unknown)}")
    data.setdefault("name", name)
    if data.get("paper", "A4") not in ("A4", "Letter"):
        raise UsageError(f"{path}: paper must be A4 or Letter")
    hints = typing.get_type_hints(Profile)
    for key, value in data.items():
        if not _type_ok(value, hints[key]):
            raise UsageError(f"{path}: '{key}' must be {_type_name(hints[key])}, not {value!r}")
    return Profile(**data, path=str(path)) if "path" not in data else Profile(**data)
