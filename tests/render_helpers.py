"""Shared helpers for the renderer tests: render to a temp folder and read outputs back."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from html.parser import HTMLParser
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


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(path: Path) -> str:
    """What a reader sees in a rendered file, as one line of words (no tools outside the venv)."""
    fmt = path.suffix[1:]
    if fmt == "docx":
        import docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        text = "\n".join(parts)
    elif fmt == "pdf":
        import pypdf

        text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages)
    elif fmt == "html":
        parser = _Text()
        parser.feed(path.read_text(encoding="utf-8"))
        text = "".join(parser.parts)
    else:  # Markdown: drop emphasis marks, then the escapes that keep punctuation from becoming markup
        text = re.sub(r"(?<!\\)\*+", "", path.read_text(encoding="utf-8"))
        text = re.sub(r"(?<!\\)\[((?:\\.|[^\]\\])*)\]\([^)]*\)", r"\1", text)  # [label](target) -> label
        text = html.unescape(re.sub(r"\\(.)", r"\1", text))
    return " ".join(text.split())


def pdf_fonts(path: Path) -> list[tuple[str, str, bool]]:
    """(base font, subtype, embedded?) for every font the pages use, read with pypdf.

    Embedded means the font descriptor carries the font program (FontFile2 for
    TrueType, FontFile/FontFile3 for others), what `pdffonts` reports as "emb".
    """
    import pypdf

    found: dict[int, tuple[str, str, bool]] = {}

    def visit(resources) -> None:
        if not resources:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            ref = getattr(font, "idnum", id(font))
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            for child in font.get("/DescendantFonts") or []:  # Type0: the descriptor sits on the child
                descriptor = descriptor or child.get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[ref] = (str(font.get("/BaseFont", "")), str(font.get("/Subtype", "")), embedded)
        for xobject in (resources.get("/XObject") or {}).values():
            visit(xobject.get_object().get("/Resources"))

    for page in pypdf.PdfReader(str(path)).pages:
        visit(page.get("/Resources"))
    return list(found.values())
