"""PDF with reportlab: embedded Unicode font, outline, links, marking on every page.

Every string from a source goes through safe.rl before it meets reportlab's
Paragraph mini-markup. The document is laid out twice: once to count pages
(and, for a profile with max_pages, to shrink it until it fits), once with
"page X of Y" filled in. Timestamps come from SOURCE_DATE_EPOCH or the
briefing's date, and invariant mode fixes the file ID, so bytes repeat.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, Image, KeepTogether, PageTemplate, Paragraph, Spacer,
                                Table, TableStyle)

from briefing.config import Profile
from briefing.errors import UsageError
from briefing.model import Briefing
from briefing.render.content import Line, View, build_view, timestamp
from briefing.render.fonts import FontSet, check_coverage, register
from briefing.render.safe import rl, rl_attr
from briefing.render.templates import template_file

PAPER = {"A4": A4, "Letter": LETTER}
GREY = colors.HexColor("#595959")
LIGHT = colors.HexColor("#D9D9D9")
DECOR = "•“”—·●[]:–"  # characters the layout itself draws


def render_pdf(briefing: Briefing, profile: Profile, templates: Path | None = None,
               name: str = "briefing.pdf") -> bytes:
    fontset = register(profile, templates)
    stamp = timestamp(briefing)
    view, size, pages = fit(briefing, profile, templates, name)
    data, _ = _layout(view, profile, fontset, size, stamp, templates, total=pages)
    return data


def fit(briefing: Briefing, profile: Profile, templates: Path | None = None,
        name: str = "briefing.pdf") -> tuple[View, float, int]:
    """The View, font size and page count that honour profile.max_pages.

    Shrinks the type by up to 1 pt first, then the word budgets by a fifth at a
    time. The DOCX renderer reuses the result so both formats carry the same text.
    """
    fontset = register(profile, templates)
    stamp = timestamp(briefing)
    budget, size = 1.0, profile.font_size
    for attempt in range(12):
        view = build_view(briefing, profile, budget)
        if attempt == 0:
            check_coverage(_all_text(view) + DECOR, fontset, Path(name))
        _, pages = _layout(view, profile, fontset, size, stamp, templates, total=None)
        if not profile.max_pages or pages <= profile.max_pages:
            break
        if size > profile.font_size - 1.0:
            size -= 0.5
        else:
            budget *= 0.8
    return view, size, pages


def page_count(data: bytes) -> int:
    return data.count(b"/Type /Page\n") or data.count(b"/Type /Page ")


def _all_text(view: View) -> str:
    parts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)

    walk(dataclasses.asdict(view))
    return " ".join(parts)


# ------------------------------------------------------------------ layout


class _Heading(Paragraph):
    """A heading that becomes a PDF bookmark (outline entry); level 0 gets a rule below."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, plain: str):
        super().__init__(text, style)
        self.level = level
        self.plain = plain

    def draw(self) -> None:
        super().draw()
        if self.level == 0:
            self.canv.setStrokeColor(self.style.textColor)
            self.canv.setLineWidth(0.6)
            self.canv.line(0, -2, self.width, -2)


class _Doc(BaseDocTemplate):
    def afterFlowable(self, flowable) -> None:  # noqa: ANN001 - reportlab hook
        if isinstance(flowable, _Heading):
            key = f"h{self._outline_n}"
            self.canv.bookmarkHorizontal(key, 0, self.frame._y + flowable.height + 6)
            self.canv.addOutlineEntry(flowable.plain, key, level=flowable.level, closed=False)
            self._outline_n += 1


def _layout(view: View, profile: Profile, fontset: FontSet, size: float, stamp: datetime,
            templates: Path | None, total: int | None) -> tuple[bytes, int]:
    out = io.BytesIO()
    pagesize = PAPER[profile.paper]
    margin = 18 * mm
    doc = _Doc(out, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=20 * mm,
               bottomMargin=18 * mm, title=view.title, author=profile.author, subject=view.label or "Briefing",
               creator="briefing", keywords=view.marking, invariant=1, lang="en")
    doc._outline_n = 0
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    pages: list[int] = []

    def decorate(canvas: Canvas, _doc) -> None:  # noqa: ANN001
        pages.append(canvas.getPageNumber())
        _page_furniture(canvas, view, profile, fontset, pagesize, margin, total)

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate)])
    story = _Story(view, profile, fontset, size, doc.width, templates).build()

    def make_canvas(*args, **kwargs) -> Canvas:  # noqa: ANN002, ANN003
        kwargs.update(initialFontName=fontset.regular, initialFontSize=size)  # never unembedded Helvetica
        canvas = Canvas(*args, **kwargs)
        _fix_timestamp(canvas, stamp)
        return canvas

    doc.build(story, canvasmaker=make_canvas)
    return out.getvalue(), len(pages)


def _fix_timestamp(canvas: Canvas, stamp: datetime) -> None:
    """reportlab reads SOURCE_DATE_EPOCH itself; without it, use the briefing's date, never the clock."""
    ts = canvas._doc._timeStamp
    ts.t = stamp.timestamp()
    ts.lt = stamp.timetuple()
    ts.YMDhms = tuple(stamp.timetuple())[:6]
    ts.dhh = ts.dmm = 0
    ts.tzname = "UTC"


def _page_furniture(canvas: Canvas, view: View, profile: Profile, fontset: FontSet, pagesize,  # noqa: ANN001
                    margin: float, total: int | None) -> None:
    width, height = pagesize
    accent = colors.HexColor(profile.accent)
    canvas.saveState()
    if view.marking:
        canvas.setFont(fontset.bold, 9)
        canvas.drawCentredString(width / 2, height - 11 * mm, view.marking)
        canvas.drawCentredString(width / 2, 8 * mm, view.marking)
    canvas.setFont(fontset.regular, 7)
    canvas.setFillColor(GREY)
    canvas.drawString(margin, height - 11 * mm, (profile.organisation or view.label)[:90])
    canvas.drawRightString(width - margin, height - 11 * mm, view.generated)
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(0.4)
    canvas.line(margin, height - 13 * mm, width - margin, height - 13 * mm)
    canvas.line(margin, 13 * mm, width - margin, 13 * mm)
    title = view.title if len(view.title) < 70 else view.title[:67] + "..."
    canvas.drawString(margin, 9 * mm, title)
    page = canvas.getPageNumber()
    canvas.drawRightString(width - margin, 9 * mm, f"Page {page} of {total or page}")
    canvas.restoreState()


class _Story:
    """Builds the list of flowables for one View."""

    def __init__(self, view: View, profile: Profile, fontset: FontSet, size: float, width: float,
                 templates: Path | None):
        self.view = view
        self.profile = profile
        self.fonts = fontset
        self.width = width
        self.templates = templates
        self.accent = colors.HexColor(profile.accent)
        self.tint = _tint(profile.accent, 0.9)
        body = dict(fontName=fontset.regular, bulletFontName=fontset.regular, fontSize=size, leading=size * 1.28,
                    textColor=colors.black)
        self.s = {
            "body": ParagraphStyle("body", **body, spaceAfter=3),
            "small": ParagraphStyle("small", **dict(body, fontSize=size - 1.5, leading=(size - 1.5) * 1.25,
                                                    textColor=GREY), spaceAfter=2),
            "bullet": ParagraphStyle("bullet", **body, leftIndent=11, bulletIndent=1, spaceAfter=2.5),
            "source": ParagraphStyle("source", **dict(body, fontSize=size - 1.5, leading=(size - 1.5) * 1.25),
                                     leftIndent=16, firstLineIndent=-16, spaceAfter=1.5),
            "cell": ParagraphStyle("cell", **dict(body, fontSize=size - 1.5, leading=(size - 1.5) * 1.22)),
            "head": ParagraphStyle("head", **dict(body, fontName=fontset.bold, fontSize=size - 1.5,
                                                  leading=(size - 1.5) * 1.22, textColor=colors.white)),
            "title": ParagraphStyle("title", **dict(body, fontName=fontset.bold, fontSize=size + 9,
                                                    leading=(size + 9) * 1.15, textColor=self.accent),
                                    spaceAfter=2),
            "subtitle": ParagraphStyle("subtitle", **dict(body, fontSize=size - 0.5, textColor=GREY),
                                       spaceAfter=6),
            "h1": ParagraphStyle("h1", **dict(body, fontName=fontset.bold, fontSize=size + 2.5,
                                              leading=(size + 2.5) * 1.2, textColor=self.accent),
                                 spaceBefore=size * 0.9, spaceAfter=size * 0.55, keepWithNext=1),
            "h2": ParagraphStyle("h2", **dict(body, fontName=fontset.bold, fontSize=size + 0.5,
                                              textColor=self.accent), spaceBefore=4, spaceAfter=2,
                                 keepWithNext=1),
            "center": ParagraphStyle("center", **dict(body, fontSize=size - 2), alignment=TA_CENTER),
        }

    # -- helpers

    def cites(self, numbers: list[int]) -> str:
        hexcolour = self.profile.accent
        return "".join(f'<a href="#src{n}" color="{hexcolour}"><font size="{self.s["small"].fontSize}">[{n}]'
                       f"</font></a>" for n in numbers)

    def heading(self, text: str, level: int = 0) -> _Heading:
        return _Heading(rl(text), self.s["h1" if level == 0 else "h2"], level, text)

    def line(self, line: Line) -> Paragraph:
        tag = f'<font color="#595959"><i>{rl(line.tag)}:</i></font> ' if line.tag else ""
        if line.kind == "quote":
            who = rl(line.speaker + (f", {line.role}" if line.role else ""))
            text = f"<i>\u201c{rl(line.text)}\u201d</i> \u2014 {who}"
        else:
            text = rl(line.text)
        return Paragraph(f"{tag}{text} {self.cites(line.cites)}", self.s["bullet"], bulletText="\u2022")

    def boxed(self, flowables: list, fill, border) -> Table:  # noqa: ANN001
        box = Table([[flowables]], colWidths=[self.width])
        box.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),
            ("BACKGROUND", (0, 0), (-1, -1), fill),
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, border),
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        return box

    def table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
        """Rows are reportlab markup already escaped; the header repeats on every page."""
        data = [[Paragraph(rl(h), self.s["head"]) for h in header]]
        data += [[Paragraph(cell, self.s["cell"]) for cell in row] for row in rows]
        table = Table(data, colWidths=[w * self.width for w in widths], repeatRows=1)
        style = [
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),
            ("BACKGROUND", (0, 0), (-1, 0), self.accent),
            ("GRID", (0, 0), (-1, -1), 0.4, LIGHT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
        style += [("BACKGROUND", (0, r), (-1, r), colors.HexColor("#F5F7FA")) for r in range(2, len(data), 2)]
        table.setStyle(TableStyle(style))
        return table

    # -- story

    def build(self) -> list:
        story = self.title_block()
        for name in self.view.sections:
            story += getattr(self, f"section_{name}")()
        return story

    def title_block(self) -> list:
        v = self.view
        sub = f"{rl(v.label)} \u00b7 Generated {rl(v.generated)}" if v.label else f"Generated {rl(v.generated)}"
        block = [Paragraph(rl(v.title), self.s["title"]), Paragraph(sub, self.s["subtitle"])]
        if not self.profile.logo:
            return block
        path = template_file(self.profile.logo, self.templates)
        if not path.is_file():
            raise UsageError(f"{self.profile.path}: logo file not found: {path}")
        logo = Image(str(path))
        logo.drawWidth, logo.drawHeight = logo.imageWidth * 14 * mm / logo.imageHeight, 14 * mm
        head = Table([[block, logo]], colWidths=[self.width - 45 * mm, 45 * mm])
        head.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),
                                  ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return [head]

    def section_summary(self) -> list:
        return [Paragraph(f"<b>Coverage:</b> {rl(self.view.coverage)}", self.s["small"]), Spacer(1, 3)]

    def section_events(self) -> list:
        if not (self.view.events or self.view.notes):
            return []
        out: list = [self.heading(self.view.section_titles["events"])]
        for e in self.view.events:
            label = f"{rl(e.label)}, {rl(e.date)}"
            label = f"<b>{label}</b> (main event)" if e.main else label
            out.append(Paragraph(f"{label} {self.cites(e.cites)}", self.s["bullet"], bulletText="\u2022"))
        out += [Paragraph(rl(n), self.s["bullet"], bulletText="\u2022") for n in self.view.notes]
        return out

    def section_key_points(self) -> list:
        if not self.view.key_points:
            return []
        return [self.heading(self.view.section_titles["key_points"]),
                self.boxed([self.line(line) for line in self.view.key_points], self.tint, self.accent),
                Spacer(1, 2)]

    def section_topics(self) -> list:
        out: list = []
        for topic in self.view.topics:
            out.append(self.heading(topic.title))
            if topic.description and self.profile.items_per_topic > 1:
                out.append(Paragraph(f"<i>{rl(topic.description)}</i>", self.s["small"]))
            if not topic.lines:
                out.append(Paragraph("No source covered this topic.", self.s["body"]))
            out += [self.line(line) for line in topic.lines]
            if topic.figures:
                rows = [[rl(f.surface), rl(f.measure), self.cites(f.cites)] for f in topic.figures]
                out += [Spacer(1, 3), KeepTogether([self.heading("Figures", 1),
                                                    self.table(["Figure", "What it measures", "Sources"],
                                                               rows, [0.25, 0.58, 0.17])])]
        return out

    def section_conflicts(self) -> list:
        if not self.view.conflicts:
            return []
        out: list = [self.heading(self.view.section_titles["conflicts"])]
        for c in self.view.conflicts:
            inner = [Paragraph(f"<b>{rl(c.measure)}:</b> {rl(c.summary)}", self.s["body"])]
            for version in c.versions:
                context = (f' <font color="#595959" size="{self.s["small"].fontSize}">\u2014 '
                           f"\u201c{rl(version.context)}\u201d</font>") if version.context else ""
                inner.append(Paragraph(f"<b>{rl(version.text)}</b> {self.cites(version.cites)}{context}",
                                       self.s["bullet"], bulletText="\u2022"))
            out += [self.boxed(inner, colors.HexColor("#FFF4E0"), colors.HexColor("#C55A11")), Spacer(1, 4)]
        return out

    def section_quotes(self) -> list:
        out: list = [self.heading(self.view.section_titles["quotes"])]
        if not self.view.quotes:
            return out + [Paragraph("No direct quotes were found.", self.s["body"])]
        rows = [[f"\u201c{rl(q.quote)}\u201d", rl(q.speaker), rl(q.role),
                 f"{rl(q.outlets)} {self.cites(q.cites)}", rl(q.date)] for q in self.view.quotes]
        return out + [self.table(["Quote", "Speaker", "Role", "Source", "Date"], rows,
                                 [0.5, 0.14, 0.13, 0.13, 0.10])]

    def section_sources(self) -> list:
        out: list = [self.heading(self.view.section_titles["sources"])]
        for s in self.view.sources:
            where = (f'<a href="{rl_attr(s.url)}" color="{self.profile.accent}">{rl(s.url)}</a>' if s.url
                     else f"File: {rl(s.file)}")
            dup = f" (same text also in: {rl(', '.join(s.duplicates))})" if s.duplicates else ""
            out.append(Paragraph(f'<a name="{s.anchor}"/><b>[{s.number}]</b> {rl(s.outlet)}. '
                                 f"\u201c{rl(s.title)}\u201d. {rl(s.author)}. {rl(s.date)}. {where}{dup}",
                                 self.s["source"]))
        out += [Paragraph(f"Skipped: {rl(k)}", self.s["small"]) for k in self.view.skipped]
        return out

    def section_coverage(self) -> list:
        m = self.view.matrix
        caption = ("Which source covered which topic: a filled cell means the source reported on the topic; "
                   "the bottom row counts sources per topic.")
        return [KeepTogether([self.heading(self.view.section_titles["coverage"]),
                              _Grid(m, self.width, self.fonts, self.profile.accent),
                              Paragraph(rl(caption), self.s["small"])])]


class _Grid(Flowable):
    """The sources-by-topics chart, drawn as vector shapes straight on the canvas.

    (reportlab.graphics would reset the font to unembedded Helvetica.)
    """

    def __init__(self, matrix, width: float, fonts: FontSet, accent: str):  # noqa: ANN001
        super().__init__()
        self.matrix, self.fonts, self.accent = matrix, fonts, colors.HexColor(accent)
        self.width = width
        self.label_w = min(60 * mm, width * 0.34)
        self.cell_w = (width - self.label_w) / max(1, len(matrix.topics))
        self.cell_h, self.head_h, self.size = 6.5 * mm, 11 * mm, 7
        self.height = self.head_h + (len(matrix.rows) + 1) * self.cell_h + 2

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c, m, size = self.canv, self.matrix, self.size
        bold, regular = self.fonts.bold, self.fonts.regular
        for k, topic in enumerate(m.topics):
            c.setFont(bold, size)
            for n, text in enumerate(_wrap(topic, bold, size, self.cell_w - 4)[:2]):
                c.drawCentredString(self.label_w + (k + 0.5) * self.cell_w,
                                    self.height - 4 * mm - n * (size + 1.5), text)
        for r, row in enumerate(m.rows + [None]):
            y = self.height - self.head_h - (r + 1) * self.cell_h
            mid = y + self.cell_h / 2 - 2.5
            font = regular if row else bold
            label = f"[{row.number}] {row.label}" if row else "Sources per topic"
            c.setFont(font, size)
            c.setFillColor(colors.black)
            c.drawString(0, mid, _wrap(label, font, size, self.label_w - 4)[0])
            for k in range(len(m.topics)):
                x = self.label_w + k * self.cell_w
                if row is None:
                    c.setFont(bold, size)
                    c.drawCentredString(x + self.cell_w / 2, mid, str(m.totals[k]))
                    continue
                c.setFillColor(self.accent if row.cells[k] else colors.HexColor("#EEF1F5"))
                c.roundRect(x + 1, y + 1, self.cell_w - 2, self.cell_h - 2, 1.5, stroke=0, fill=1)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if stringWidth(trial, font, size) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    lines.append(current)
    out = []
    for line in lines:
        while stringWidth(line, font, size) > width and len(line) > 2:
            line = line[:-2] + "\u2026"
        out.append(line)
    return out


def _tint(hexcolour: str, amount: float) -> colors.Color:
    c = colors.HexColor(hexcolour)
    return colors.Color(c.red + (1 - c.red) * amount, c.green + (1 - c.green) * amount,
                        c.blue + (1 - c.blue) * amount)
