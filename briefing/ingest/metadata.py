"""What each source is: title, outlet, author, date, url, language, and where each came from.

Priority per field: sources.toml manifest > front matter > file metadata
(HTML, DOCX, PDF) > inference from the text. Inference never guesses: a date
without a year stays unknown unless the text itself supplies the year.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from briefing.ingest.clean import NAME, words
from briefing.ingest.dates import context_year, find_dates, parse_date
from briefing.ingest.normalize import normalize_text
from briefing.ingest.readers import RawSource
from briefing.model import Line, Problem, Source

FIELDS = ("title", "outlet", "author", "date", "url", "language")
MANIFEST = "sources.toml"
FENCE = re.compile(r"^(---|\.\.\.)\s*$")
KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
ALIASES = {"publisher": "outlet", "source": "outlet", "site": "outlet", "publication": "outlet",
           "byline": "author", "authors": "author", "published": "date", "lang": "language", "link": "url"}


def front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """YAML-ish `---` block at the very top: (known fields, number of lines it spans)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    found: dict[str, str] = {}
    for i in range(1, min(len(lines), 60)):
        line = lines[i].strip()
        if FENCE.match(line):
            return (found, i + 1) if found else ({}, 0)
        m = KEY_VALUE.match(line)
        if m:
            key = ALIASES.get(m.group(1).lower(), m.group(1).lower())
            value = m.group(2).strip().strip("\"'").strip()
            if key in FIELDS and value:
                found[key] = value
        elif line and not line.startswith("#") and not line.startswith(("- ", "  ")):
            return {}, 0  # not front matter after all: prose right after a rule
    return {}, 0


def load_manifest(folder: Path) -> tuple[dict[str, dict], Problem | None]:
    """`sources.toml` entries by file name; a broken manifest is a problem, not a crash."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}, None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        return {}, Problem(str(path), f"not a valid sources manifest, ignored ({exc})")
    entries: dict[str, dict] = {}
    for entry in data.get("source", []):
        if isinstance(entry, dict) and entry.get("file"):
            entries[Path(str(entry["file"])).name] = {k: normalize_text(str(v)).strip()
                                                      for k, v in entry.items() if k in FIELDS and v}
    return entries, None


def fill(source: Source, raw: RawSource, lines: list[Line], front: dict[str, str], manifest: dict | None) -> None:
    """Set every field of `source` from the best layer that has it, with provenance."""
    inferred = infer(lines, raw.text)
    layers = [
        ({k: (v, f"manifest ({MANIFEST})") for k, v in (manifest or {}).items()}),
        ({k: (v, "front matter") for k, v in front.items()}),
        raw.meta,
        inferred,
    ]
    for name in FIELDS:
        for layer in layers:
            if name in layer and layer[name][0]:
                value, where = layer[name]
                if name == "date":
                    _set_date(source, value, where, inferred.get("date_text"))
                else:
                    setattr(source, name, value)
                source.provenance[name] = where
                break
    if source.date is None and "date_text" in inferred and "date" not in source.provenance:
        source.date_text, source.provenance["date"] = inferred["date_text"]


def _set_date(source: Source, value: str, where: str, inferred_text: tuple[str, str] | None) -> None:
    """Layered values may be ISO or as written; inferred ones carry their surface text."""
    if where.startswith("text"):
        source.date = value
        source.date_text = inferred_text[0] if inferred_text else value
        return
    source.date = parse_date(value)
    source.date_text = value


# ---------------------------------------------------------------- inference

BYLINE_NAME = re.compile(rf"(?i:\bby)\s+(?P<name>{NAME}(?:\s*(?:,|and|&)\s*{NAME})*)")
BIO_NAME = re.compile(rf"^(?P<name>{NAME})\s+(is|was|has been|writes|covers|reports)\b")
BIO_OUTLET = re.compile(
    r"\b(?:editor|founder|reporter|correspondent|writer|columnist|journalist|contributor|producer)\s+(?:of|at|for)\s+"
    r"(?:the\s+)?(?P<outlet>[A-Z][\w&'’.-]*(?:\s+(?:of\s+)?[A-Z][\w&'’.-]*)*)"
)
AGENCY = re.compile(
    r"^(?P<place>[A-Z][\w.'’-]+(?:[ ,]+[A-Z][\w.'’-]+){0,4}),?\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s+)?"
    r"\((?P<outlet>[A-Za-z][\w&.' ]{1,30})\)\s*(?P<dash>[-–—])?"
)
COPYRIGHT = re.compile(r"^(?:©|copyright\b)\s*(?:©\s*)?(?:\d{4}\s+)?(?P<outlet>[A-Za-z][^.|,©]*?)(?:\s+\d{4})?\s*(?:[.|,]|all rights|$)", re.I)
STOPWORDS = set("the of and to in a is that for on with as was by at from it be are has have said this".split())


def infer(lines: list[Line], raw_text: str) -> dict[str, tuple[str, str]]:
    """Fields readable from the cleaned lines; values are (value, provenance)."""
    found: dict[str, tuple[str, str]] = {}
    kept = [line for line in lines if line.kept]
    headline = next((line for line in kept if line.kind == "headline"), None)
    if headline:
        found["title"] = (headline.text.strip().lstrip("#").strip(), f"text line {headline.number}: headline")
    _infer_author(lines, found)
    _infer_outlet(lines, kept, found)
    _infer_date(lines, kept, found)
    body = [w.lower() for line in kept for w in words(line.text)]
    if len(body) >= 30 and sum(w in STOPWORDS for w in body) >= 0.15 * len(body):
        found["language"] = ("en", "text: English function words")
    return found


def _infer_author(lines: list[Line], found: dict) -> None:
    for line in lines:
        if not line.kept and line.kind in ("byline", "dateline", "page header"):
            m = BYLINE_NAME.search(line.text)
            if m:
                found["author"] = (_clean_names(m.group("name")), f"text line {line.number}: byline")
                return
    for line in lines:
        if not line.kept and line.kind == "byline" and re.match(rf"^\s*{NAME}", line.text):
            name = re.match(rf"^\s*({NAME})", line.text).group(1)
            found["author"] = (_clean_names(name), f"text line {line.number}: author name")
            return
    for line in lines:
        if line.kind == "author bio":
            m = BIO_NAME.match(line.text.strip())
            if m:
                found["author"] = (m.group("name"), f"text line {line.number}: author bio")
                return


def _clean_names(names: str) -> str:
    return re.sub(r"^(?:Dr|Prof|Mr|Mrs|Ms)\.?\s+", "", re.sub(r"\s+", " ", names).strip(" ,"))


def _infer_outlet(lines: list[Line], kept: list[Line], found: dict) -> None:
    for line in kept[:4]:
        m = AGENCY.match(line.text.strip())
        if m and (m.group("place").split(",")[0].isupper() or m.group("date") or m.group("dash")):
            found["outlet"] = (m.group("outlet").strip(), f"text line {line.number}: agency dateline")
            return
    for line in lines:
        if line.kind == "author bio":
            m = BIO_OUTLET.search(line.text)
            if m:
                outlet = re.split(r"\.\s", m.group("outlet"))[0].rstrip(".").strip()
                found["outlet"] = (outlet, f"text line {line.number}: author bio")
                return
    for line in lines:
        if line.kind == "copyright":
            m = COPYRIGHT.match(line.text.strip())
            if m and 1 <= len(m.group("outlet").split()) <= 6:
                found["outlet"] = (m.group("outlet").strip(), f"text line {line.number}: copyright line")
                return


DATE_SOURCES = (  # (line kinds, kept?, how the provenance names it), best first
    (("dateline", "page header", "byline"), False, "dateline"),
    (("caption",), False, "photo caption"),
)


def _infer_date(lines: list[Line], kept: list[Line], found: dict) -> None:
    context = "\n".join(line.text for line in lines if line.kind not in ("comment", "reply form", "author bio"))
    candidates: list[tuple[int, Line, str]] = []
    for rank, (kinds, _, label) in enumerate(DATE_SOURCES):
        for line in lines:
            if not line.kept and line.kind in kinds:
                updated = bool(re.search(r"\b(update[sd]?|modified)\b", line.text, re.I))
                candidates.append((rank * 2 + updated, line, label + (" (last updated)" if updated else "")))
    for line in kept[:3]:
        if line.kind == "paragraph":
            candidates.append((4, line, "first paragraphs"))
    partial = None
    for _, line, label in sorted(candidates, key=lambda c: (c[0], c[1].number)):
        for date in find_dates(line.text):
            if label == "first paragraphs" and (_period_bound(line.text, date.start)
                                                or _attributive(line.text, date.start)):
                continue  # "the quarter (ended July 30)", "Hamas' October 7, 2023 attack": what is reported
            where = f"text line {line.number}: {label}"
            if date.year:
                found["date"] = (date.iso(), where)
                found["date_text"] = (date.text, where)
                return
            year = context_year(date, context)
            if year and date.iso(year[0]):
                found["date"] = (date.iso(year[0]), f"{where}, year from {year[1]}")
                found["date_text"] = (date.text, found["date"][1])
                return
            partial = partial or (date.text, f"{where}; year unknown")
    if partial:
        found["date_text"] = partial


_PERIOD_BOUND = re.compile(r"\b(?:ended|ending|ends|through|until|till|since|before|after|from|by|as of|"
                           r"effective|starting|beginning|due)\s+(?:on\s+)?$", re.I)


_OWNED_BEFORE = re.compile(r"(?:['’]s?|\bthe)\s+$", re.I)


def _attributive(text: str, start: int) -> bool:
    """A date owned or led by "the" names an earlier event rather than dating the report ("Hamas'
    October 7, 2023 attack", "the June 2023 peak")."""
    return bool(_OWNED_BEFORE.search(text[max(0, start - 12):start]))


def _period_bound(text: str, start: int) -> bool:
    """A date in prose that bounds a period or names a deadline ("ended July 30", "since
    March 2020", "due by 5 May"): it dates what the article reports, not the article."""
    return bool(_PERIOD_BOUND.search(text[max(0, start - 20):start]))
