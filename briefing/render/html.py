"""HTML: one self-contained file (inline styles, no external resources) that also works as an email body."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from briefing.config import Profile
from briefing.model import Briefing
from briefing.render.content import build_view
from briefing.render.templates import render_template


def template_context(briefing: Briefing, profile: Profile) -> dict:
    """Plain data only (dicts, lists, strings): nothing in a template can reach Python objects."""
    view = build_view(briefing, profile)
    return {"view": dataclasses.asdict(view), "accent": profile.accent, "paper": profile.paper}


def render_html(briefing: Briefing, profile: Profile, templates: Path | None = None) -> bytes:
    text = render_template(profile.html_template, template_context(briefing, profile), templates, autoescape=True)
    return text.encode("utf-8")
