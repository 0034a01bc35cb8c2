"""Markdown: every string is escaped for Markdown (and raw HTML) before the template sees it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefing.config import Profile
from briefing.model import Briefing
from briefing.render.html import template_context
from briefing.render.safe import md, md_url
from briefing.render.templates import render_template


def _escape(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _escape(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_escape(v, key) for v in value]
    if isinstance(value, str):
        if key in ("sections", "anchor"):  # our own identifiers, not source text
            return value
        return md_url(value) if key == "url" else md(value)
    return value


def render_markdown(briefing: Briefing, profile: Profile, templates: Path | None = None) -> bytes:
    context = template_context(briefing, profile)
    context["view"] = _escape(context["view"])
    return render_template(profile.md_template, context, templates, autoescape=False).encode("utf-8")
