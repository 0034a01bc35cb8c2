"""Render: one renderer per format, all fed by the Briefing model (placeholder until issue 6 lands)."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.config import Profile
from briefing.fsutil import write_atomic
from briefing.model import Briefing

FORMATS = ("json",)


def output_stem(briefing: Briefing, profile: Profile) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", briefing.title.lower()).strip("-") or "briefing"
    return f"{slug}-{profile.name}"


def render(briefing: Briefing, fmt: str, path: Path, profile: Profile, templates: Path | None = None) -> Path:
    if fmt == "json":
        return write_atomic(path, briefing.to_json().encode("utf-8"))
    raise ValueError(f"unsupported format {fmt}")
