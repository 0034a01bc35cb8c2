"""Regenerate briefing/templates/reference.docx, the Word look of DOCX briefings.

Run from the repository root:  python briefing/templates/make_reference_docx.py

The result is an ordinary Word document: open it in Word (or LibreOffice),
change fonts, colours, heading styles, margins or add a letterhead in the
header, and save. `briefing build --format docx` uses its styles by name
(Title, Subtitle, Heading 1-3, List Bullet, List Bullet 2, Table Grid,
Citation, Hyperlink) and keeps whatever you put in its header and footer,
adding the handling marking and page numbers. Its body text is ignored.
"""

from __future__ import annotations

import io
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent  # the repository root
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
from docx.shared import Pt, RGBColor  # noqa: E402

from briefing.render.word import ensure_styles, reproducible_zip  # noqa: E402

ACCENT = "#1F3864"
FONT = "Calibri"


def build() -> bytes:
    document = docx.Document()
    package = document.part.package
    for key, rel in list(package.rels.items()):  # python-docx ships its own logo as thumbnail
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[key]
    accent = RGBColor.from_string(ACCENT.lstrip("#"))
    sizes = {"Normal": 10, "Title": 22, "Subtitle": 11, "Heading 1": 13.5, "Heading 2": 11.5, "Heading 3": 10.5,
             "List Bullet": 10, "List Bullet 2": 9.5, "Quote": 10, "Caption": 8.5}
    for name, size in sizes.items():
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        document.styles[name].font.color.rgb = accent
        document.styles[name].font.bold = True
    document.styles["Subtitle"].font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    document.styles["Subtitle"].font.italic = False
    for spacing in document.styles["Subtitle"].element.xpath("./w:rPr/w:spacing"):
        spacing.getparent().remove(spacing)  # the default letter-spaced subtitle looks dated
    document.styles["Heading 1"].paragraph_format.space_before = Pt(10)
    document.styles["Heading 1"].paragraph_format.space_after = Pt(3)
    document.styles["Heading 2"].paragraph_format.space_before = Pt(8)
    document.styles["Normal"].paragraph_format.space_after = Pt(4)
    for name in ("Normal", "List Bullet", "List Bullet 2", "Quote"):
        document.styles[name].paragraph_format.line_spacing = 1.05
    for name in ("List Bullet", "List Bullet 2"):
        document.styles[name].paragraph_format.space_after = Pt(3)
    document.styles["Title"].paragraph_format.space_after = Pt(4)
    document.styles["Subtitle"].paragraph_format.space_after = Pt(4)
    ensure_styles(document, ACCENT)
    props = document.core_properties
    props.author = props.last_modified_by = "briefing"
    props.title = "Briefing reference document"
    props.comments = "Styles for briefing DOCX output; edit in Word."
    stamp = datetime(2025, 1, 1, tzinfo=timezone.utc)
    props.created = props.modified = props.last_printed = stamp.replace(tzinfo=None)
    props.revision = 1
    out = io.BytesIO()
    document.save(out)
    return reproducible_zip(out.getvalue(), stamp)


if __name__ == "__main__":
    target = Path(__file__).resolve().parent / "reference.docx"
    target.write_bytes(build())
    print(target)
