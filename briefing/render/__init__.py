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
