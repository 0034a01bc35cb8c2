"""Rendering at scale: hundreds of sources, texts longer than a page, a grid taller than a page.

reportlab raises LayoutError for any flowable taller than a page that cannot
split; these briefings have one of each kind (a disagreement box, a quote
table row, a heading, the sources-by-topics grid) and must render, in every
format, with no text lost.
"""

from __future__ import annotations

import docx
import pypdf
import pytest
from briefing_factory import make_briefing
from render_helpers import plain_text, render_to
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from briefing.config import load_profile
from briefing.model import Conflict, ConflictVersion, SourceEntry
from briefing.render.content import build_view
from briefing.render.fonts import register
from briefing.render.pdf import _Box, _Grid

SENTENCE = "Ministers met again to discuss the plan, and officials said the budget would be reviewed next spring. "
PAGE_LONG = SENTENCE * 60  # about 6,000 characters: more than one A4 page of bold body text


def scale_briefing(n_sources: int = 300, n_conflicts: int = 20):
    """The seed briefing grown to `n_sources` sources, an n x 4 grid and long disagreements.

    Every long text ends with a marker (END-C3-V0 ...) so a test can see that no
    part was dropped when it split across pages.
    """
    b = make_briefing()
    b.sources = [SourceEntry(number=n, id=f"s{n}", file=f"in/article-{n:05d}.txt", outlet=f"Outlet {n % 37}",
                             title=f"Article {n} about the meeting", date="2025-10-15", event="e2025")
                 for n in range(1, n_sources + 1)]
    topics = list(b.matrix)
    b.matrix = {t: [n for n in range(1, n_sources + 1) if n % (k + 2) == 0] for k, t in enumerate(topics)}
    b.conflicts = [
        Conflict(id=f"c{k}", topic=topics[k % len(topics)], measure=f"budget measure {k}",
                 summary="Sources give different figures for the same pledge.",
                 versions=[ConflictVersion(text=f"{k + 1}% of GDP. " + (PAGE_LONG if k % 5 == 0 else SENTENCE * 8)
                                           + f"END-C{k}-V0", sources=[k + 1, k + 2],
                                           context=SENTENCE * 4 + f"END-C{k}-CTX"),
                           ConflictVersion(text=f"2% of GDP END-C{k}-V1", sources=[k + 3])])
        for k in range(n_conflicts)]
    return b


@pytest.fixture(scope="module")
def big():
    return scale_briefing()


@pytest.fixture(scope="module")
def rendered(big, tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale")
    return {fmt: render_to(folder, big, "analyst", fmt) for fmt in ("pdf", "docx", "html", "md")}


def test_every_format_renders_300_sources_and_page_long_disagreements(rendered):
    for fmt, path in rendered.items():
        text = plain_text(path)
        for k in range(20):
            for marker in (f"END-C{k}-V0", f"END-C{k}-V1", f"END-C{k}-CTX"):
                assert marker in text, (fmt, marker)
        assert "[300]" in text and "Outlet 4" in text, fmt


def test_pdf_grid_continues_on_later_pages_with_its_header(rendered):
    reader = pypdf.PdfReader(str(rendered["pdf"]))
    pages = [page.extract_text() for page in reader.pages]
    start = next(n for n, text in enumerate(pages) if "Appendix: which source covered which topic" in text)
    grid_pages = range(start, len(pages))  # the appendix ends the analyst briefing
    assert len(grid_pages) >= 300 * 6.5 / 297  # 300 rows of 6.5 mm do not fit on fewer pages
    for n in grid_pages:  # topic names on top of every part
        assert "Drones and air" in pages[n] and "Defence spending" in pages[n]
    flat = " ".join(pages[n] for n in grid_pages)
    assert flat.count("Sources per topic") == 1 and "Sources per topic" in pages[grid_pages[-1]]
    labels = [f"[{n}] Outlet {n % 37}" for n in range(1, 301)]
    assert all(label in flat for label in labels)
    assert [flat.index(label) for label in labels] == sorted(flat.index(label) for label in labels)


def test_docx_grid_has_every_source(rendered):
    document = docx.Document(str(rendered["docx"]))
    grid = document.tables[-1]
    assert len(grid.rows) == 1 + 300 + 1
    assert grid.rows[-1].cells[0].text == "Sources per topic"
    assert [c.text for c in grid.rows[-1].cells[1:]] == ["150", "100", "75", "60"]


def test_executive_fit_uses_the_smallest_step_when_nothing_fits(big, tmp_path):
    """300 sources never fit one page: the executive PDF, DOCX and HTML still render."""
    for fmt in ("pdf", "docx", "html"):
        text = plain_text(render_to(tmp_path, big, "executive", fmt))
        assert "budget measure 0" in text and "[300]" in text  # each disagreement, by its summary


@pytest.mark.parametrize("audience", ["analyst", "press"])
def test_any_text_longer_than_a_page_renders(tmp_path, audience):
    long = make_briefing()
    long.title = SENTENCE * 12
    long.sections[0].title = SENTENCE * 30 + "END-HEADING"  # a heading taller than the space left
    long.sections[0].items[0].text = PAGE_LONG + "END-KEY"  # a key point (in the shaded box)
    long.sections[0].items[2].text = PAGE_LONG + "END-QUOTE"  # a quote (a table row in the press sheet)
    long.sections[0].figures[1].measure = PAGE_LONG + "END-FIGURE"  # a figures table cell
    long.sources[1].title = PAGE_LONG + "END-SOURCE"
    long.notes.append("x" * 8000 + " END-NOTE")  # one unbreakable word
    path = render_to(tmp_path, long, audience, "pdf")
    text = plain_text(path)
    markers = ["END-SOURCE", "END-QUOTE"]  # the press sheet shows quotes and sources only
    markers += ["END-HEADING", "END-KEY", "END-FIGURE", "END-NOTE"] if audience == "analyst" else []
    assert all(m in text for m in markers), [m for m in markers if m not in text]
    if audience == "analyst":  # the long heading is one outline entry, not one per page it covers
        outline = [o.title for o in pypdf.PdfReader(str(path)).outline if not isinstance(o, list)]
        assert sum(t.startswith("Ministers met again") for t in outline) == 1


# ------------------------------------------------------------- the flowables


def _canvas(tmp_path) -> Canvas:
    return Canvas(str(tmp_path / "x.pdf"))


def test_seed_grid_is_one_unsplit_flowable(tmp_path):
    """The analyst appendix for the seeds stays one chart, drawn as before."""
    profile = load_profile("analyst")
    view = build_view(make_briefing(), profile)
    grid = _Grid(view.matrix, 480, register(profile), profile.accent)
    width, height = grid.wrapOn(_canvas(tmp_path), 480, 700)
    assert height < 700 and grid.rows == view.matrix.rows and grid.totals
    assert grid.splitOn(_canvas(tmp_path), 480, 700) == []  # fits: nothing to split


def test_grid_parts_cover_every_row_once_with_totals_last(tmp_path, big):
    profile = load_profile("analyst")
    matrix = build_view(big, profile).matrix
    parts, todo = [], _Grid(matrix, 480, register(profile), profile.accent)
    while todo.wrapOn(_canvas(tmp_path), 480, 700)[1] > 700:
        first, todo = todo.splitOn(_canvas(tmp_path), 480, 700)
        assert first.wrap(480, 700)[1] <= 700
        parts.append(first)
    parts.append(todo)
    assert [r.number for p in parts for r in p.rows] == list(range(1, 301))
    assert [p.totals for p in parts] == [False] * (len(parts) - 1) + [True]
    assert min(len(p.rows) for p in parts) >= _Grid.MIN_ROWS


def test_grid_totals_row_never_stands_alone(tmp_path):
    profile = load_profile("analyst")
    view = build_view(make_briefing(), profile)
    grid = _Grid(view.matrix, 480, register(profile), profile.accent)
    room = grid.height - grid.cell_h  # every source row fits, the totals row does not
    first, rest = grid.splitOn(_canvas(tmp_path), 480, room)
    assert len(rest.rows) == 1 and rest.totals and not first.totals


def test_box_splits_inside_a_paragraph_and_keeps_all_text(tmp_path):
    style = ParagraphStyle("b", fontSize=10, leading=12, spaceAfter=3)
    paragraphs = [Paragraph(f"FIRST {SENTENCE * 3}", style), Paragraph(PAGE_LONG * 2 + " LAST", style)]
    box = _Box(paragraphs, colors.white, colors.black)
    canvas = _canvas(tmp_path)
    first, rest = box.splitOn(canvas, 400, 500)
    assert first.wrapOn(canvas, 400, 500)[1] <= 500
    assert len(first.contents) == 2 and len(rest.contents) == 1  # the long paragraph continues in `rest`
    assert (first.pad_top, first.pad_bottom, rest.pad_top, rest.pad_bottom) == (_Box.PAD_TOP, 0, 0, _Box.PAD_BOTTOM)
    path = tmp_path / "box.pdf"
    SimpleDocTemplate(str(path), pagesize=(450, 400)).build([_Box(paragraphs, colors.white, colors.black)])
    reader = pypdf.PdfReader(str(path))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 5 and text.split()[0] == "FIRST" and text.split()[-1] == "LAST"
    assert len(text.split()) == len(f"FIRST {SENTENCE * 3} {PAGE_LONG * 2} LAST".split())
