"""Render a Briefing for one audience: DOCX, PDF, JSON, HTML or Markdown.

Every renderer is fed the same Briefing and Profile, goes through the same
View (content.py) and sanitising layer (safe.py), returns bytes, and the
file is written atomically here.
"""

from __future__ import annotations

import re
from pathlib import Path

from briefing.config import Profile
from briefing.errors import UsageError
from briefing.fsutil import write_atomic
from briefing.model import Briefing
from briefing.render.content import SECTIONS
from briefing.render.safe import slug

FORMATS = ("docx", "pdf", "json", "html", "md")


def output_stem(briefing: Briefing, profile: Profile) -> str:
    """File name without extension that survives email: title-eventdate-audience.

    The date is the event's (or the newest source's); with undated sources only,
    the name carries no date rather than the day the briefing was made.
    """
    main = next((e.date for e in briefing.events if e.main and e.date), None)
    when = main or briefing.coverage.date_to
    when = when[:10] if when and re.fullmatch(r"\d{4}-\d{2}-\d{2}", when[:10]) else ""
    title = slug(briefing.title) or "briefing"
    if when and title.endswith(when):
        when = ""
    return "-".join(part for part in (title, when, slug(profile.name) or "briefing") if part)


def render_bytes(briefing: Briefing, fmt: str, profile: Profile, templates: Path | None = None,
                 name: str = "briefing", strict: bool = False, warnings: list[str] | None = None) -> bytes:
    """The file's content, without writing it (benchmarks and email use this).

    `name` is the file as the user will know it (errors and warnings name it);
    `warnings` collects what the user should hear about (characters the PDF
    font cannot draw), which `strict` turns into errors.
    """
    problems = _profile_problems(profile)
    if problems:
        raise UsageError(problems[0])
    if fmt == "json":
        return briefing.to_json().encode("utf-8")
    if fmt == "docx":
        from briefing.render.word import render_docx

        return render_docx(briefing, profile, templates)
    if fmt == "pdf":
        from briefing.render.pdf import render_pdf

        return render_pdf(briefing, profile, templates, name=name, strict=strict, warnings=warnings)
    if fmt == "html":
        from briefing.render.html import render_html

        return render_html(briefing, profile, templates)
    if fmt == "md":
        from briefing.render.markdown import render_markdown

        return render_markdown(briefing, profile, templates)
    raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")


def render(briefing: Briefing, fmt: str, path: Path, profile: Profile, templates: Path | None = None,
           name: str | None = None, strict: bool = False, warnings: list[str] | None = None) -> Path:
    """Render one format to `path`, atomically: a failure leaves no file behind."""
    return write_atomic(Path(path), render_bytes(briefing, fmt, profile, templates, name=name or str(path),
                                                 strict=strict, warnings=warnings))


def fit_notes(briefing: Briefing, profile: Profile, templates: Path | None = None) -> list[str]:
    """What fitting the profile's page limit left out or shrank, one line each (empty when nothing).

    Every format shows the page-fitted text, so a reader of the build's
    messages learns what the one page does not carry.
    """
    if not profile.max_pages:
        return []
    from briefing.render.content import build_view
    from briefing.render.pdf import fit

    full = build_view(briefing, profile)
    fitted, size, pages = fit(briefing, profile, templates, check_glyphs=False)
    where = f"{profile.name}: to fit {profile.max_pages} page{'s' if profile.max_pages > 1 else ''}"
    notes = []
    if size < profile.font_size:
        notes.append(f"{where}, the type was set {profile.font_size - size:g} pt smaller")
    left = []
    points = len(full.key_points) - len(fitted.key_points)
    if points:
        left.append(f"{points} key point{'s' if points > 1 else ''}")
    shown = {line.id for t in fitted.topics for line in t.lines}
    items = [line for t in full.topics for line in t.lines if line.id not in shown]
    if items:
        left.append(f"{len(items)} topic item{'s' if len(items) > 1 else ''} "
                    f"({', '.join(dict.fromkeys(line.topic for line in items))})")
    quotes = len(full.quotes) - len(fitted.quotes)
    if quotes:
        left.append(f"{quotes} quote{'s' if quotes > 1 else ''}")
    if sum(len(c.versions) for c in full.conflicts) > sum(len(c.versions) for c in fitted.conflicts):
        left.append("the versions listed under each disagreement and changing figure (its summary names them)")
    if left:
        notes.append(f"{where}, the briefing left out " + ", ".join(left))
    if pages > profile.max_pages:
        notes.append(f"{where}: it still takes {pages} pages (the sources list alone is too long)")
    return notes


def _profile_problems(profile: Profile) -> list[str]:
    where = profile.path or profile.name
    problems = []
    unknown = [s for s in profile.sections if s not in SECTIONS]
    if unknown:
        problems.append(f"{where}: unknown section(s) {', '.join(unknown)} (choose from {', '.join(SECTIONS)})")
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", profile.accent):
        problems.append(f"{where}: accent must be a colour like \"#1F3864\", not {profile.accent!r}")
    if not 6 <= profile.font_size <= 16:
        problems.append(f"{where}: font_size must be between 6 and 16 points")
    return problems


def check_profile(profile: Profile, templates: Path | None = None) -> list[str]:
    """Everything wrong with one profile and the files it names, one line each."""
    from briefing.errors import BriefingError
    from briefing.render.content import sample_briefing
    from briefing.render.templates import check_reference_docx, template_file

    problems = _profile_problems(profile)
    where = profile.path or profile.name
    files = {"reference_docx": profile.reference_docx, "html_template": profile.html_template,
             "md_template": profile.md_template, "logo": profile.logo}
    for field, name in files.items():
        if name and not template_file(name, templates).is_file():
            problems.append(f"{where}: {field} file not found: {name}")
    if problems:
        return problems
    problems += check_reference_docx(template_file(profile.reference_docx, templates))
    sample = sample_briefing()
    for fmt in ("html", "md", "pdf"):
        try:
            render_bytes(sample, fmt, profile, templates, name=f"{where} ({fmt})")
        except BriefingError as exc:
            problems.append(str(exc))
    return problems
