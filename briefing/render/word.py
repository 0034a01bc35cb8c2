"""DOCX: a Word briefing built on the user's reference document.

The look (fonts, heading styles, letterhead, margins) comes from
templates/reference.docx, which users edit in Word; this module only adds
content with the reference's named styles. python-docx lacks internal
hyperlinks, bookmarks, fields and repeating table headers, so the few OOXML
elements for those are written here. The zip is rewritten with fixed
timestamps so the same Briefing gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from briefing.config import Profile
from briefing.errors import UsageError
from briefing.model import Briefing
from briefing.render.content import Line, SourceRef, View, timestamp
from briefing.render.templates import template_file

PAPER = {"A4": (Mm(210), Mm(297)), "Letter": (Mm(215.9), Mm(279.4))}
MARGIN = Mm(20)
GREY = RGBColor(0x59, 0x59, 0x59)


def render_docx(briefing: Briefing, profile: Profile, templates: Path | None = None) -> bytes:
    from briefing.render.pdf import fitted_view

    view = fitted_view(briefing, profile, templates)  # the same text as the page-fitted PDF
    reference = template_file(profile.reference_docx, templates)
    try:
        document = docx.Document(str(reference))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a bad file
        raise UsageError(f"{reference}: cannot open the Word reference document ({exc})") from None
    writer = _Writer(document, view, profile, templates)
    writer.prepare()
    writer.title_block()
    for name in view.sections:
        getattr(writer, f"section_{name}")()
    stamp = timestamp(briefing)
    _core_properties(document, view, profile, stamp)
    out = io.BytesIO()
    document.save(out)
    return reproducible_zip(out.getvalue(), stamp)


# ------------------------------------------------------------------ the writer


class _Writer:
    def __init__(self, document, view: View, profile: Profile, templates: Path | None):  # noqa: ANN001
        self.doc = document
        self.view = view
        self.profile = profile
        self.templates = templates
        self.accent = RGBColor.from_string(profile.accent.lstrip("#").upper())
        self.styles = {s.name: s.style_id for s in document.styles}
        self.bookmark_id = 0

    # -- page, header, footer

    def prepare(self) -> None:
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        section = self.doc.sections[0]
        section.page_width, section.page_height = PAPER[self.profile.paper]
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = Mm(20)
        if self.profile.word_font:
            for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
                if name in self.styles:
                    self.doc.styles[name].font.name = self.profile.word_font
        width = section.page_width - section.left_margin - section.right_margin
        self.text_width = width
        self._header(section)
        self._footer(section, width)

    def _header(self, section) -> None:  # noqa: ANN001
        header = section.header
        header.is_linked_to_previous = False
        empty = all(not p.text.strip() for p in header.paragraphs) and not header.tables
        para = header.paragraphs[0] if empty else header.paragraphs[0].insert_paragraph_before()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if self.view.marking:
            run = para.add_run(self.view.marking)
            run.bold = True
        if self.profile.logo:
            path = template_file(self.profile.logo, self.templates)
            if not path.is_file():
                raise UsageError(f"{self.profile.path}: logo file not found: {path}")
            logo = header.add_paragraph()
            logo.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            logo.add_run().add_picture(str(path), height=Mm(10))
            for pr in logo._p.xpath(".//wp:docPr"):
                pr.set("descr", f"{self.view.author or 'Organisation'} logo")
                pr.set("title", "Logo")

    def _footer(self, section, width) -> None:  # noqa: ANN001
        footer = section.footer
        footer.is_linked_to_previous = False
        para = footer.paragraphs[0]
        para.text = ""
        stops = para.paragraph_format.tab_stops
        stops.add_tab_stop(width // 2, WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        small = para.add_run(f"{self.view.title} \u00b7 {self.view.generated}")
        small.font.size = Pt(7.5)
        small.font.color.rgb = GREY
        para.add_run("\t")
        if self.view.marking:
            para.add_run(self.view.marking).bold = True
        para.add_run("\t")
        for part in ("Page ", "PAGE", " of ", "NUMPAGES"):
            if part.isupper():
                _field(para, part)
            else:
                run = para.add_run(part)
                run.font.size = Pt(8)

    # -- building blocks

    def para(self, text: str = "", style: str | None = None):  # noqa: ANN201
        style = style if style in self.styles else None
        return self.doc.add_paragraph(text, style=style)

    def heading(self, text: str, level: int = 1) -> None:
        """A heading in the profile's accent, kept on the page of the paragraph after it."""
        para = self.para(text, f"Heading {level}")
        para.paragraph_format.keep_with_next = True
        for run in para.runs:
            run.font.color.rgb = self.accent

    def cites(self, para, numbers: list[int]) -> None:  # noqa: ANN001
        for n in numbers:
            link = _internal_link(para, f"src{n}")
            run = _run_in(link, f"[{n}]")
            _style_run(run, "Citation", self.styles, self.accent)

    def line(self, line: Line, label: str = "", style: str = "List Bullet"):  # noqa: ANN201
        """One item: topic label, text, who said it, the other-event mark, citations."""
        para = self.para(style=style)
        if label:
            lead = para.add_run(f"{label}: ")
            lead.bold = True
            lead.font.color.rgb = self.accent
        if line.kind == "quote":
            para.add_run(f"\u201c{line.text}\u201d").italic = True
        else:
            para.add_run(line.text)
        if line.attribution:
            para.add_run(f" \u2014 {line.attribution}")
        if line.tag:
            tag = para.add_run(f" ({line.tag})")
            tag.font.color.rgb = GREY
            tag.font.size = Pt(8)
        para.add_run(" ")
        self.cites(para, line.cites)
        return para

    def table(self, header: list[str], rows: list[list], caption: str = "", widths: list[float] | None = None):  # noqa: ANN201
        """A grid with a repeating, shaded header row; a cell is text, citations or SourceRefs."""
        table = self.doc.add_table(rows=1, cols=len(header))
        if "Table Grid" in self.styles:
            table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _repeat_header(table.rows[0])
        for cell, text in zip(table.rows[0].cells, header):
            _shade(cell, self.profile.accent)
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            run.font.size = Pt(8.5)
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values):
                para = cell.paragraphs[0]
                if isinstance(value, list) and value and isinstance(value[0], SourceRef):
                    for ref in value:  # "UK Defence Journal [2]; [3]"
                        label = ref.lead + (f"{ref.outlet} " if ref.outlet else "")
                        if label:
                            para.add_run(label).font.size = Pt(8.5)
                        self.cites(para, [ref.number])
                elif isinstance(value, list):
                    self.cites(para, value)
                else:
                    para.add_run(str(value)).font.size = Pt(8.5)
        widths = widths or [1 / len(header)] * len(header)
        table.autofit = False
        for column, share in zip(table.columns, widths):
            column.width = int(self.text_width * share)
        for row in table.rows:
            for cell, share in zip(row.cells, widths):
                cell.width = int(self.text_width * share)
        if caption:
            _table_alt_text(table, caption)
        self.para("")
        return table

    # -- sections, in the order the profile lists them

    def title_block(self) -> None:
        v = self.view
        if self.profile.organisation:
            org = self.para(self.profile.organisation.upper())
            org.runs[0].font.size = Pt(8)
            org.runs[0].font.color.rgb = GREY
        self.para(v.title, "Title")
        sub = self.para(f"{v.label} \u00b7 Generated {v.generated}" if v.label else f"Generated {v.generated}",
                        "Subtitle")
        sub.paragraph_format.space_after = Pt(4)

    def section_summary(self) -> None:
        para = self.para()
        para.add_run("Coverage: ").bold = True
        para.add_run(self.view.coverage)

    def section_events(self) -> None:
        if not self.view.events:
            return
        para = self.para()
        for n, event in enumerate(self.view.events):
            if n:
                para.add_run(" \u00b7 ")
            para.add_run(event.status + (f": {event.name}" if event.name else "")).bold = event.main
            para.add_run(" ")
            self.cites(para, event.cites)

    def section_dates(self) -> None:
        notes = ([self.view.event_summary] if self.view.event_summary else []) + self.view.notes
        if not notes:
            return
        self.heading(self.view.section_titles["dates"])
        for note in notes:
            self.para(note, "List Bullet")

    def section_key_points(self) -> None:
        if not self.view.key_points:
            return
        self.heading(self.view.section_titles["key_points"])
        for line in self.view.key_points:
            self.line(line, line.topic)

    def section_topics(self) -> None:
        if self.view.compact_topics:
            if any(t.lines for t in self.view.topics):
                self.heading(self.view.section_titles["topics"])
            for topic in self.view.topics:
                for line in topic.lines:
                    self.line(line, topic.title)
            return
        for topic in self.view.topics:
            self.heading(topic.title, 1)
            if topic.description and self.profile.items_per_topic > 1:
                desc = self.para(topic.description)
                desc.runs[0].italic = True
                desc.runs[0].font.color.rgb = GREY
                desc.paragraph_format.keep_with_next = True
            if not topic.lines:
                self.para("No source covered this topic.")
            for line in topic.lines:
                self.line(line)
            if topic.figures:
                self.heading("Figures", 2)
                self.table(["Figure", "What it measures", "Sources"],
                           [[f.surface, f.measure, f.cites] for f in topic.figures],
                           caption=f"Figures reported on {topic.title}", widths=[0.27, 0.56, 0.17])

    def section_conflicts(self) -> None:
        if not self.view.conflicts:
            return
        self.heading(self.view.section_titles["conflicts"])
        for conflict in self.view.conflicts:
            para = self.para()
            para.add_run(f"{conflict.measure}: ").bold = True
            para.add_run(conflict.summary)
            for version in conflict.versions:
                item = self.para(style="List Bullet 2" if "List Bullet 2" in self.styles else "List Bullet")
                item.add_run(version.text + " ").bold = True
                self.cites(item, version.cites)
                if version.context:
                    ctx = item.add_run(f" \u2014 {version.context}")
                    ctx.italic = True
                    ctx.font.color.rgb = GREY
                    ctx.font.size = Pt(8.5)

    def section_quotes(self) -> None:
        """Each quote as its own paragraph, speaker, role, outlet and date on the line under it."""
        self.heading(self.view.section_titles["quotes"])
        if not self.view.quotes:
            self.para("No direct quotes were found.")
            return
        for q in self.view.quotes:
            quote = self.para()
            quote.paragraph_format.keep_with_next = True
            quote.paragraph_format.space_after = Pt(1)
            quote.add_run(f"\u201c{q.quote}\u201d").italic = True
            meta = self.para()
            meta.paragraph_format.space_after = Pt(6)
            who = q.speaker + (f", {q.role}" if q.role and q.role != "unknown" else "")
            meta.add_run("\u2014 ")
            meta.add_run(who).bold = True
            meta.add_run(" \u00b7 ")
            for ref in q.refs:
                label = ref.lead + (f"{ref.outlet} " if ref.outlet else "")
                if label:
                    meta.add_run(label)
                self.cites(meta, [ref.number])
            meta.add_run(f" \u00b7 {q.date}")
            for run in meta.runs:
                run.font.size = Pt(8.5)
                run.font.color.rgb = GREY

    def section_sources(self) -> None:
        self.heading(self.view.section_titles["sources"])
        if self.view.cite_note:
            note = self.para(self.view.cite_note)
            note.runs[0].italic = True
            note.runs[0].font.color.rgb = GREY
            note.runs[0].font.size = Pt(8.5)
        for s in self.view.sources:
            para = self.para()
            para.paragraph_format.space_after = Pt(1)
            _bookmark(para, s.anchor, s.number)
            para.add_run(f"[{s.number}] ").bold = True
            para.add_run(f"{s.label} \u2014 {s.summary}")
            if s.url:
                para.add_run(" ")
                _external_link(para, s.url, s.url, self.styles, self.accent).font.size = Pt(8.5)
            if s.file_note:
                para.add_run(f" {s.file_note}")
            if s.duplicates:
                para.add_run(f" (same text also in: {', '.join(s.duplicates)})")
            for run in para.runs:
                run.font.size = Pt(8.5)
        for skipped in self.view.skipped:
            note = self.para(f"Skipped: {skipped}")
            note.runs[0].font.color.rgb = GREY
            note.runs[0].font.size = Pt(8.5)

    def section_coverage(self) -> None:
        matrix = self.view.matrix
        self.heading(self.view.section_titles["coverage"])
        share = 0.66 / max(1, len(matrix.topics))
        table = self.table(["Source"] + matrix.topics,
                           [[f"[{r.number}] {r.label}"] + ["\u25cf" if c else "" for c in r.cells]
                            for r in matrix.rows]
                           + [["Sources per topic"] + [str(t) for t in matrix.totals]],
                           caption="Grid of sources (rows) by topics (columns); a filled cell means "
                                   "the source covered the topic",
                           widths=[0.34] + [share] * len(matrix.topics))
        for row in table.rows[1:-1]:
            for cell in row.cells[1:]:
                if cell.text:
                    _shade(cell, self.profile.accent)
                    cell.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for cell in table.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in table.rows:
            for cell in row.cells[1:]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


# ------------------------------------------------------------------ OOXML bits


def _run_in(parent, text: str):  # noqa: ANN001, ANN202
    """A w:r with text inside a w:hyperlink (python-docx cannot add runs there)."""
    from docx.text.run import Run

    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    r.append(t)
    parent.append(r)
    return Run(r, None)


def _style_run(run, style: str, styles: dict[str, str], accent: RGBColor) -> None:  # noqa: ANN001
    if style in styles:
        rpr = run._r.get_or_add_rPr()
        rstyle = OxmlElement("w:rStyle")
        rstyle.set(qn("w:val"), styles[style])
        rpr.insert(0, rstyle)
    else:
        run.font.color.rgb = accent


def _internal_link(para, bookmark: str):  # noqa: ANN001, ANN202
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    para._p.append(link)
    return link


def _external_link(para, url: str, text: str, styles: dict[str, str], accent: RGBColor):  # noqa: ANN001, ANN202
    r_id = para.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    link.set(qn("w:history"), "1")
    para._p.append(link)
    run = _run_in(link, text)
    _style_run(run, "Hyperlink", styles, accent)
    return run


def _bookmark(para, name: str, number: int) -> None:  # noqa: ANN001
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    para._p.insert(0 if para._p.pPr is None else 1, start)
    para._p.append(end)


def _field(para, instruction: str) -> None:  # noqa: ANN001
    """A complex field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    for kind, text in (("begin", None), ("instr", f" {instruction} "), ("separate", None),
                       ("text", "1"), ("end", None)):
        run = para.add_run()
        run.font.size = Pt(8)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _repeat_header(row) -> None:  # noqa: ANN001
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _shade(cell, colour: str) -> None:  # noqa: ANN001
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.lstrip("#").upper())
    tcpr.append(shd)


def _table_alt_text(table, text: str) -> None:  # noqa: ANN001
    """Alt text for a table (Word: Table Properties > Alt Text)."""
    tblpr = table._tbl.tblPr
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), text[:120])
    description = OxmlElement("w:tblDescription")
    description.set(qn("w:val"), text)
    # Schema order: tblCaption and tblDescription close tblPr.
    tblpr.append(caption)
    tblpr.append(description)


def _core_properties(document, view: View, profile: Profile, stamp: datetime) -> None:  # noqa: ANN001
    props = document.core_properties
    naive = stamp.replace(tzinfo=None)
    fit = _fit_255
    props.title = fit(view.title)
    props.subject = fit(view.label or "Briefing")
    props.author = fit(profile.author)
    props.last_modified_by = fit(profile.author)
    props.keywords = fit(view.marking)
    props.category = fit(view.marking)
    props.comments = fit(f"{view.label}: {view.coverage}")
    props.created = naive
    props.modified = naive
    props.last_printed = naive
    props.revision = 1
    props.identifier = ""
    props.language = "en"
    props.content_status = fit(view.marking)
    props.version = ""


def _fit_255(text: str) -> str:
    """Core properties hold at most 255 characters."""
    return text if len(text) <= 255 else text[:254] + "\u2026"


def reproducible_zip(data: bytes, stamp: datetime) -> bytes:
    """Rewrite a zip with one fixed timestamp per entry (and no python-docx thumbnail)."""
    when = max(stamp.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def ensure_styles(document, accent: str) -> None:  # noqa: ANN001
    """Add the character styles the renderer names (used by make_reference_docx.py)."""
    styles = {s.name for s in document.styles}
    colour = RGBColor.from_string(accent.lstrip("#").upper())
    for name, size in (("Citation", 7.5), ("Hyperlink", None)):
        if name in styles:
            continue
        style = document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        style.font.color.rgb = colour
        if size:
            style.font.size = Pt(size)
        else:
            style.font.underline = True
