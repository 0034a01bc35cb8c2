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
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, Image, KeepTogether, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)

from briefing.config import Profile
from briefing.errors import UsageError
from briefing.model import Briefing
from briefing.render.content import Line, View, build_view, timestamp
from briefing.render.fonts import (FontSet, check_coverage, describe, missing_glyphs, placeholder, register,
                                   replace_chars)
from briefing.render.safe import rl, rl_attr
from briefing.render.templates import template_file

PAPER = {"A4": A4, "Letter": LETTER}
GREY = colors.HexColor("#595959")
LIGHT = colors.HexColor("#D9D9D9")
DECOR = "•“”—·●[]:–"  # characters the layout itself draws


def render_pdf(briefing: Briefing, profile: Profile, templates: Path | None = None,
               name: str = "briefing.pdf", strict: bool = False, warnings: list[str] | None = None) -> bytes:
    """The PDF's bytes. Characters the font cannot draw (an Arabic outlet, an emoji in a title) are shown
    as a visible placeholder with one warning added to `warnings`; with `strict` they are an error."""
    fontset = register(profile, templates)
    stamp = timestamp(briefing)
    if not strict:
        briefing = drawable(briefing, profile, fontset, name, warnings)
    view, size, pages = fit(briefing, profile, templates, name)
    data, _ = _layout(view, profile, fontset, size, stamp, templates, total=pages)
    return data


def fit(briefing: Briefing, profile: Profile, templates: Path | None = None,
        name: str = "briefing.pdf", check_glyphs: bool = True) -> tuple[View, float, int]:
    """The View, font size and page count that honour profile.max_pages.

    Shrinks the type by up to 1 pt first, then the word budgets by a fifth at a
    time. When even the last step is too long (a long source list alone fills
    pages) it is taken at once instead of laying out every step in between.
    The other formats reuse the View (see `fitted_view`) so all carry the same
    text; only the PDF needs its font to have every glyph.
    """
    fontset = register(profile, templates)
    key = (id(briefing), id(profile), str(templates))
    held = _FITTED.get(key)
    if held is not None and held[0] is briefing and held[1] is profile:  # one build fits once for every format
        found = held[2]
    else:
        found = _fit(briefing, profile, templates, fontset)
        _FITTED.clear()
        _FITTED[key] = (briefing, profile, found)
    if check_glyphs:
        check_coverage(_all_text(found[0]) + DECOR, fontset, Path(name))
    return found


# The last fit, kept while the same Briefing and Profile are rendered in other formats.
_FITTED: dict[tuple, tuple[Briefing, Profile, tuple[View, float, int]]] = {}


def _fit(briefing: Briefing, profile: Profile, templates: Path | None, fontset) -> tuple[View, float, int]:  # noqa: ANN001
    stamp = timestamp(briefing)

    def attempt(budget: float, size: float, view: View | None = None) -> tuple[View, float, int]:
        view = view or build_view(briefing, profile, budget)
        return view, size, _layout(view, profile, fontset, size, stamp, templates, total=None)[1]

    steps = _fit_steps(profile.font_size)
    view, size, pages = attempt(*steps[0])
    if not profile.max_pages or pages <= profile.max_pages:
        return view, size, pages
    last = attempt(*steps[-1])
    if last[2] > profile.max_pages:  # even the smallest does not fit (a long source list): no use trying more
        return last
    for step in steps[1:-1]:
        view, size, pages = attempt(*step)
        if pages <= profile.max_pages:
            return view, size, pages
    return last


def drawable(briefing: Briefing, profile: Profile, fontset: FontSet, name: str,
             warnings: list[str] | None) -> Briefing:
    """The briefing with every character the font cannot draw replaced by a placeholder, and one warning."""
    missing = missing_glyphs(_all_text(build_view(briefing, profile)), fontset)
    if not missing:
        return briefing
    mark = placeholder(fontset)
    if warnings is not None:
        warnings.append(f"{name}: the PDF font cannot draw {describe(missing)}; shown as '{mark}' in the PDF "
                        f"(the other formats keep them; set `font` in the profile to a TTF file that covers them, "
                        f"or use --strict to stop instead)")
    return replace_chars(briefing, dict.fromkeys(map(ord, missing), mark))


def _fit_steps(font_size: float) -> list[tuple[float, float]]:
    """(word budget, font size) to try in turn: type 0.5 pt smaller twice, then budgets a fifth smaller."""
    steps, budget, size = [], 1.0, font_size
    for _ in range(12):
        steps.append((budget, size))
        if size > font_size - 1.0:
            size -= 0.5
        else:
            budget *= 0.8
    return steps


def fitted_view(briefing: Briefing, profile: Profile, templates: Path | None = None) -> View:
    """The View every format shows: the page-fitted one when the profile has max_pages."""
    if not profile.max_pages:
        return build_view(briefing, profile)
    return fit(briefing, profile, templates, check_glyphs=False)[0]


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
    """A heading that becomes a PDF bookmark (outline entry); level 0 gets a rule below.

    A heading longer than the space left splits like any paragraph (reportlab
    builds the parts through this constructor): the first part carries the
    bookmark, the last the rule.
    """

    def __init__(self, text: str | None, style: ParagraphStyle, level: int | None = None, plain: str = "",
                 **kwargs):  # noqa: ANN003 - bulletText, frags from Paragraph.split
        super().__init__(text, style, **kwargs)
        self.level = level
        self.plain = plain
        self.rule = level == 0

    def split(self, avail_width: float, avail_height: float) -> list:
        parts = super().split(avail_width, avail_height)
        for n, part in enumerate(parts):
            part.level, part.plain = (self.level, self.plain) if n == 0 else (None, "")
            part.rule = self.rule and n == len(parts) - 1
        return parts

    def draw(self) -> None:
        super().draw()
        if self.rule:
            self.canv.setStrokeColor(self.style.textColor)
            self.canv.setLineWidth(0.6)
            self.canv.line(0, -2, self.width, -2)


class _Doc(BaseDocTemplate):
    def afterFlowable(self, flowable) -> None:  # noqa: ANN001 - reportlab hook
        if isinstance(flowable, _Heading) and flowable.level is not None:
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
            "quote": ParagraphStyle("quote", **body, leftIndent=8, spaceBefore=4, spaceAfter=1),
            "quote_meta": ParagraphStyle("quote_meta", **dict(body, fontSize=size - 1.5, leading=(size - 1.5) * 1.25,
                                                              textColor=GREY), leftIndent=8, spaceAfter=4),
            "center": ParagraphStyle("center", **dict(body, fontSize=size - 2), alignment=TA_CENTER),
        }

    # -- helpers

    def cites(self, numbers: list[int]) -> str:
        hexcolour = self.profile.accent
        return "".join(f'<a href="#src{n}" color="{hexcolour}"><font size="{self.s["small"].fontSize}">[{n}]'
                       f"</font></a>" for n in numbers)

    def heading(self, text: str, level: int = 0) -> _Heading:
        return _Heading(rl(text), self.s["h1" if level == 0 else "h2"], level, text)

    def line(self, line: Line, label: str = "") -> Paragraph:
        """One item: topic label, text, who said it, the other-event mark, citations."""
        text = f"<i>\u201c{rl(line.text)}\u201d</i>" if line.kind == "quote" else rl(line.text)
        lead = f'<font color="{self.profile.accent}"><b>{rl(label)}:</b></font> ' if label else ""
        who = f" \u2014 {rl(line.attribution)}" if line.attribution else ""
        tag = (f' <font color="#595959" size="{self.s["small"].fontSize}">({rl(line.tag)})</font>'
               if line.tag else "")
        return Paragraph(f"{lead}{text}{who}{tag} {self.cites(line.cites)}", self.s["bullet"], bulletText="\u2022")

    def boxed(self, flowables: list, fill, border) -> _Box:  # noqa: ANN001
        return _Box(flowables, fill, border)

    def table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
        """Rows are reportlab markup already escaped; the header repeats on every page.

        A row taller than the space left splits inside its cells (splitInRow),
        so a quote longer than a page continues on the next one.
        """
        data = [[Paragraph(rl(h), self.s["head"]) for h in header]]
        data += [[Paragraph(cell, self.s["cell"]) for cell in row] for row in rows]
        table = Table(data, colWidths=[w * self.width for w in widths], repeatRows=1, splitInRow=1)
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
        head = Table([[block, logo]], colWidths=[self.width - 45 * mm, 45 * mm], splitInRow=1)
        head.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),
                                  ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return [head]

    def section_summary(self) -> list:
        return [Paragraph(f"<b>Coverage:</b> {rl(self.view.coverage)}", self.s["small"]), Spacer(1, 3)]

    def section_events(self) -> list:
        if not self.view.events:
            return []
        parts = []
        for e in self.view.events:
            text = rl(e.status + (f": {e.name}" if e.name else ""))
            parts.append(f"{f'<b>{text}</b>' if e.main else text} {self.cites(e.cites)}")
        return [Paragraph(" \u00b7 ".join(parts), self.s["body"]), Spacer(1, 2)]

    def section_dates(self) -> list:
        notes = ([self.view.event_summary] if self.view.event_summary else []) + self.view.notes
        if not notes:
            return []
        return [self.heading(self.view.section_titles["dates"])] + [
            Paragraph(rl(n), self.s["bullet"], bulletText="\u2022") for n in notes]

    def section_key_points(self) -> list:
        if not self.view.key_points:
            return []
        return [self.heading(self.view.section_titles["key_points"]),
                self.boxed([self.line(line, line.topic) for line in self.view.key_points], self.tint, self.accent),
                Spacer(1, 2)]

    def section_topics(self) -> list:
        if self.view.compact_topics:
            lines = [self.line(line, t.title) for t in self.view.topics for line in t.lines]
            return [self.heading(self.view.section_titles["topics"])] + lines if lines else []
        out: list = []
        for topic in self.view.topics:
            head = [self.heading(topic.title)]  # kept with the topic's first item, never alone at a page foot
            if topic.description and self.profile.items_per_topic > 1:
                head.append(Paragraph(f"<i>{rl(topic.description)}</i>", self.s["small"]))
            lines = [self.line(line) for line in topic.lines] or [
                Paragraph("No source covered this topic.", self.s["body"])]
            out += [KeepTogether(head + lines[:1])] + lines[1:]
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
                           f"<i>{rl(version.context)}</i></font>") if version.context else ""
                inner.append(Paragraph(f"<b>{rl(version.text)}</b> {self.cites(version.cites)}{context}",
                                       self.s["bullet"], bulletText="\u2022"))
            out += [self.boxed(inner, colors.HexColor("#FFF4E0"), colors.HexColor("#C55A11")), Spacer(1, 4)]
        return out

    def refs(self, refs) -> str:  # noqa: ANN001
        """ "UK Defence Journal [2]; [3]": each citation with its outlet when one is known."""
        return "".join(r.lead + (f"{rl(r.outlet)} " if r.outlet else "") + self.cites([r.number]) for r in refs)

    def section_quotes(self) -> list:
        """Each quote as its own block, its speaker, role, outlet and date on the line under it.

        Blocks rather than a five-column table: a long quote stays readable at any width.
        """
        heading = self.heading(self.view.section_titles["quotes"])
        if not self.view.quotes:
            return [heading, Paragraph("No direct quotes were found.", self.s["body"])]
        out: list = [heading]
        for q in self.view.quotes:
            who = rl(q.speaker + (f", {q.role}" if q.role and q.role != "unknown" else ""))
            meta = f"\u2014 <b>{who}</b> \u00b7 {self.refs(q.refs)} \u00b7 {rl(q.date)}"
            out.append(KeepTogether([Paragraph(f"<i>\u201c{rl(q.quote)}\u201d</i>", self.s["quote"]),
                                     Paragraph(meta, self.s["quote_meta"])]))
        return out

    def section_sources(self) -> list:
        out: list = [self.heading(self.view.section_titles["sources"])]
        if self.view.cite_note:
            out.append(Paragraph(f"<i>{rl(self.view.cite_note)}</i>", self.s["small"]))
        for s in self.view.sources:
            parts = [rl(s.summary)]
            if s.url:
                parts.append(f'<a href="{rl_attr(s.url)}" color="{self.profile.accent}">{rl(s.url)}</a>')
            parts += [rl(s.file_note)] + ([f"(same text also in: {rl(', '.join(s.duplicates))})"]
                                          if s.duplicates else [])
            rest = " ".join(p for p in parts if p)
            out.append(Paragraph(f'<a name="{s.anchor}"/><b>[{s.number}]</b> {rl(s.label)} \u2014 {rest}',
                                 self.s["source"]))
        out += [Paragraph(f"Skipped: {rl(k)}", self.s["small"]) for k in self.view.skipped]
        return out

    def section_coverage(self) -> list:
        m = self.view.matrix
        caption = ("Which source covered which topic: a filled cell means the source reported on the topic; "
                   "the bottom row counts sources per topic.")
        return [KeepTogether([self.heading(self.view.section_titles["coverage"]),
                              _Grid(m, self.width, self.fonts, self.profile.accent,
                                    note=Paragraph(rl(caption), self.s["small"]))])]


class _Box(Flowable):
    """A shaded box with a bar on its left, around paragraphs (key points, a disagreement).

    Unlike a one-cell Table it splits between and inside its paragraphs, so a
    box longer than the space left continues on the next page, as often as needed.
    Spacing inside follows a table cell's: no space before the first
    flowable or after the last.
    """

    PAD_X, PAD_TOP, PAD_BOTTOM, BAR = 8, 5, 4, 2.5

    def __init__(self, contents: list, fill, border, top: bool = True, bottom: bool = True):  # noqa: ANN001
        super().__init__()
        self.contents, self.fill, self.border = contents, fill, border
        self.pad_top = self.PAD_TOP if top else 0
        self.pad_bottom = self.PAD_BOTTOM if bottom else 0

    def _inner(self, avail_width: float) -> float:
        return avail_width - 2 * self.PAD_X

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        inner = self._inner(avail_width)
        self.heights = [f.wrapOn(self.canv, inner, 0x7FFFFFFF)[1] for f in self.contents]
        self._wrapped = inner
        gaps = sum(f.getSpaceBefore() for f in self.contents[1:]) + sum(f.getSpaceAfter() for f in self.contents[:-1])
        self.width = avail_width
        self.height = self.pad_top + sum(self.heights) + gaps + self.pad_bottom
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list:
        room = avail_height - self.pad_top
        first, rest = self._fill(self._inner(avail_width), room)
        if not rest:  # all of it fits but the bottom padding: give the last paragraph less room
            first, rest = self._fill(self._inner(avail_width), room - self.pad_bottom)
        if not first or not rest:
            return []
        return [_Box(first, self.fill, self.border, top=self.pad_top > 0, bottom=False),
                _Box(rest, self.fill, self.border, top=False, bottom=self.pad_bottom > 0)]

    def _heights(self, inner: float) -> list[float]:
        """Heights from the last wrap at this width: wrapping a long paragraph is what costs."""
        if getattr(self, "_wrapped", None) != inner:
            self.wrap(inner + 2 * self.PAD_X, 0)
        return self.heights

    def _fill(self, inner: float, room: float) -> tuple[list, list]:
        """The flowables (or first parts) that fit in `room`, and the rest."""
        used, first = 0.0, []
        for n, (f, height) in enumerate(zip(self.contents, self._heights(inner))):
            before = f.getSpaceBefore() if first else 0
            if used + before + height <= room:
                first.append(f)
                used += before + height + f.getSpaceAfter()
                continue
            parts = f.splitOn(self.canv, inner, room - used - before) if room - used - before > 0 else []
            self._wrapped = None  # a split may change the flowable: wrap again before drawing
            return first + parts[:1], (parts[1:] if parts else [f]) + self.contents[n + 1:]
        return first, []

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(self.fill)
        c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        c.setStrokeColor(self.border)
        c.setLineWidth(self.BAR)
        c.setLineCap(1)  # round ends, as a Table draws its lines
        c.line(0, 0, 0, self.height)
        c.restoreState()
        y = self.height - self.pad_top
        for n, (f, height) in enumerate(zip(self.contents, self.heights)):
            y -= (f.getSpaceBefore() if n else 0) + height
            f.drawOn(c, self.PAD_X, y)
            y -= f.getSpaceAfter()


class _Grid(Flowable):
    """The sources-by-topics chart, drawn as vector shapes straight on the canvas.

    (reportlab.graphics would reset the font to unembedded Helvetica.) A chart
    taller than the space left splits between rows, and every part repeats
    the topic names on top; the totals row and the `note` below it end the
    last part, so neither is left alone on a page.
    """

    MIN_ROWS = 3  # never a part with fewer source rows, unless the chart has fewer

    def __init__(self, matrix, width: float, fonts: FontSet, accent: str, rows: list | None = None,  # noqa: ANN001
                 totals: bool = True, note: Flowable | None = None):
        super().__init__()
        self.matrix, self.fonts, self.accent_hex, self.accent = matrix, fonts, accent, colors.HexColor(accent)
        self.rows = matrix.rows if rows is None else rows
        self.totals = totals
        self.note = note if totals else None
        self.width = width
        self.label_w = min(60 * mm, width * 0.34)
        self.cell_w = (width - self.label_w) / max(1, len(matrix.topics))
        self.cell_h, self.head_h, self.size = 6.5 * mm, 11 * mm, 7
        self.chart_h = self.head_h + (len(self.rows) + totals) * self.cell_h + 2
        self.note_h = 0.0
        self.height = self.chart_h

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.note is not None:
            self.note_h = self.note.wrapOn(self.canv, self.width, avail_height)[1]
            self.spaceAfter = self.note.getSpaceAfter()
        self.height = self.chart_h + self.note_h
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list:
        if self.height <= avail_height:
            return []
        fit = int((avail_height - self.head_h - 2) // self.cell_h)  # source rows that fit
        fit = min(fit, len(self.rows) - 1)  # the totals row never stands alone
        if fit < min(self.MIN_ROWS, len(self.rows)) or len(self.rows) - fit < 1:
            return []
        args = (self.matrix, self.width, self.fonts, self.accent_hex)
        return [_Grid(*args, rows=self.rows[:fit], totals=False),
                _Grid(*args, rows=self.rows[fit:], totals=self.totals, note=self.note)]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803 - reportlab's name
        super().drawOn(canvas, x, y + self.note_h, _sW)  # the chart, then the note under it
        if self.note is not None:
            self.note.drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        c, m, size = self.canv, self.matrix, self.size
        bold, regular = self.fonts.bold, self.fonts.regular
        for k, topic in enumerate(m.topics):
            c.setFont(bold, size)
            for n, text in enumerate(_wrap(topic, bold, size, self.cell_w - 4)[:2]):
                c.drawCentredString(self.label_w + (k + 0.5) * self.cell_w,
                                    self.chart_h - 4 * mm - n * (size + 1.5), text)
        for r, row in enumerate(self.rows + [None] * self.totals):
            y = self.chart_h - self.head_h - (r + 1) * self.cell_h
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
