"""HTML: one self-contained file (inline styles, no external resources) that also works as an email body."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from briefing.config import Profile
from briefing.model import Briefing
from briefing.render.templates import render_template


def template_context(briefing: Briefing, profile: Profile, templates: Path | None = None) -> dict:
    """Plain data only (dicts, lists, strings): nothing in a template can reach Python objects.

    A profile with max_pages gets the page-fitted View, so the HTML (and email body)
    says what its PDF says.
    """
    from briefing.render.pdf import fitted_view

    view = fitted_view(briefing, profile, templates)
    return {"view": dataclasses.asdict(view), "accent": profile.accent, "paper": profile.paper}


def render_html(briefing: Briefing, profile: Profile, templates: Path | None = None) -> bytes:
    context = template_context(briefing, profile, templates)
    text = render_template(profile.html_template, context, templates, autoescape=True)
    return text.encode("utf-8")
