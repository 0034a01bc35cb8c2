"""Shared helpers for the renderer tests: render to a temp folder and read outputs back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from briefing.config import load_profile
from briefing.render import output_stem, render

AUDIENCES = ("analyst", "executive", "press")


def render_to(tmp_path: Path, briefing, audience: str, fmt: str, templates: Path | None = None) -> Path:
    profile = load_profile(audience, templates)
    return render(briefing, fmt, tmp_path / f"{output_stem(briefing, profile)}.{fmt}", profile, templates)


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def have(tool: str) -> bool:
    return shutil.which(tool) is not None
