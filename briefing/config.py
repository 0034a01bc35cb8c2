"""User-editable configuration: topics and audience profiles (TOML files).

Both live in a templates folder (the package's `briefing/templates/` by default,
or the user's own via --templates / --topics) so a new event or audience needs no code.
"""

from __future__ import annotations

import re

import tomllib
import types
from importlib import resources
import typing
from dataclasses import dataclass, field, fields
from pathlib import Path

from briefing.errors import UsageError



def default_templates_dir() -> Path:
    """The templates shipped inside the package, so any install (wheel, pipx, editable) can build."""
    return Path(str(resources.files("briefing") / "templates"))


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
    # Rendering; paths are relative to the templates folder.
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


def topics_file(topics: Path | None, templates: Path | None) -> Path | None:
    """--topics if given, else the templates folder's topics.toml, else None (the shipped topics)."""
    if topics is not None:
        return topics
    if templates is not None and (Path(templates) / "topics.toml").is_file():
        return Path(templates) / "topics.toml"
    return None


def load_topics(path: Path | None = None) -> list[Topic]:
    """Read topics; every topic needs an id and a name, ids must be unique."""
    path = path or default_templates_dir() / "topics.toml"
    raw, problems = _topic_entries(path)
    if problems:
        raise UsageError(_first(problems))
    return [Topic(**entry) for entry in raw]


def topics_problems(path: Path) -> list[str]:
    """Every problem of a topics file, one line each (`briefing templates check`)."""
    try:
        return _topic_entries(path)[1]
    except UsageError as exc:
        return [str(exc)]


def _topic_entries(path: Path) -> tuple[list[dict], list[str]]:
    raw = _read_toml(path).get("topic", [])
    if not isinstance(raw, list) or not raw:
        return [], [f"{path}: no [[topic]] tables found"]
    hints = typing.get_type_hints(Topic)
    problems: list[str] = []
    seen: dict[str, int] = {}
    for n, entry in enumerate(raw, 1):
        label = f"{path}: topic {n}" + (f" ({entry['id']})" if isinstance(entry.get("id"), str) else "")
        unknown = sorted(set(entry) - set(hints))
        if unknown:
            problems.append(f"{label} has unknown field(s) {', '.join(unknown)}")
        if not entry.get("id") or not entry.get("name"):
            problems.append(f"{label} needs both 'id' and 'name'")
        for key in sorted(set(entry) & set(hints)):
            if not _type_ok(entry[key], hints[key]):
                problems.append(f"{label}: '{key}' must be {_type_name(hints[key])}, not {entry[key]!r}")
        if isinstance(entry.get("id"), str):
            if entry["id"] in seen:
                problems.append(f"{label}: id '{entry['id']}' is already used by topic {seen[entry['id']]}; "
                                "topic ids must be unique")
            seen.setdefault(entry["id"], n)
    return raw, problems


def _first(problems: list[str]) -> str:
    more = len(problems) - 1
    return problems[0] + (f" (and {more} more: run `briefing templates check`)" if more else "")


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


# Numbers a profile may hold: (smallest allowed, what it means)
MINIMUMS = {"key_points": (0, "key points"), "words_total": (1, "words in all"), "words_per_topic": (1, "words a topic"),
            "items_per_topic": (1, "items a topic"), "max_pages": (0, "pages (0: no limit)")}
PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def load_profile(name: str, templates: Path | None = None) -> Profile:
    """Load templates/profiles/NAME.toml; unknown fields and bad values are errors, not ignored."""
    folder = (templates or default_templates_dir()) / "profiles"
    path = folder / f"{name}.toml"
    if not PROFILE_NAME.fullmatch(name):  # '../../tmp/x' must not load a file outside the profiles folder
        raise UsageError(f"audience '{name}' is not a profile name (letters, digits, '-' and '_' only)")
    if not path.is_file():
        available = sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []
        hint = f" (available: {', '.join(available)})" if available else ""
        raise UsageError(f"unknown audience '{name}'{hint}")
    data = _read_toml(path)
    problems = _profile_data_problems(path, data)
    if problems:
        raise UsageError(_first(problems))
    data.setdefault("name", name)
    return Profile(**data, path=str(path)) if "path" not in data else Profile(**data)


def profile_as_written(path: Path) -> Profile | None:
    """The profile even if its values are out of range (to check its files too), None if its fields are wrong."""
    try:
        data = _read_toml(path)
    except UsageError:
        return None
    hints = typing.get_type_hints(Profile)
    if set(data) - set(hints) or not all(_type_ok(v, hints[k]) for k, v in data.items()):
        return None
    data.setdefault("name", path.stem)
    return Profile(**{**data, "path": data.get("path", str(path))})


def profile_problems(path: Path) -> list[str]:
    """Every problem of a profile file's values, one line each (`briefing templates check`)."""
    try:
        return _profile_data_problems(path, _read_toml(path))
    except UsageError as exc:
        return [str(exc)]


def _profile_data_problems(path: Path, data: dict) -> list[str]:
    known = {f.name for f in fields(Profile)}
    problems = []
    unknown = sorted(set(data) - known)
    if unknown:
        problems.append(f"{path}: unknown field(s) {', '.join(unknown)}")
    if "name" in data and data["name"] != path.stem:
        problems.append(f"{path}: name is '{data['name']}' but the file is {path.name}: "
                        f"`--audience {path.stem}` finds it by its file name, so make them the same")
    if data.get("paper", "A4") not in ("A4", "Letter"):
        problems.append(f"{path}: paper must be A4 or Letter")
    hints = typing.get_type_hints(Profile)
    typed = {}
    for key in sorted(set(data) & known):
        if _type_ok(data[key], hints[key]):
            typed[key] = data[key]
        else:
            problems.append(f"{path}: '{key}' must be {_type_name(hints[key])}, not {data[key]!r}")
    for key, (least, what) in MINIMUMS.items():
        if key in typed and typed[key] < least:
            problems.append(f"{path}: '{key}' ({what}) must be {least} or more, not {typed[key]}")
    sections = typed.get("sections")
    if sections is not None and "sources" not in sections:
        problems.append(f"{path}: sections has no \"sources\": every briefing lists the sources it cites")
    for key in typed.get("titles", {}):
        if key not in (sections if sections is not None else Profile(name="").sections):
            problems.append(f"{path}: titles names section '{key}', which the profile does not show")
    return problems
