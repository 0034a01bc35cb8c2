"""DOCX read back with python-docx: headings, citations, marking, core properties, tables."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone

import docx
import pytest
from briefing_factory import make_briefing
from docx.oxml.ns import qn
from render_helpers import AUDIENCES, render_to

from briefing.config import load_profile


@pytest.fixture(scope="module")
def briefing():
    return make_briefing()


def _anchors_and_bookmarks(document):
    body = document.element.body
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    return anchors, bookmarks


@pytest.mark.parametrize("audience", AUDIENCES)
def test_docx_structure(tmp_path, briefing, audience):
    path = render_to(tmp_path, briefing, audience, "docx")
    document = docx.Document(str(path))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "NATO defence ministers") in styles
    headings = [text for style, text in styles if style.startswith("Heading")]
    assert "Sources" in headings
    if audience == "analyst":
        for title in ("Defence spending", "Drones and air defence", "Ukraine aid", "The US role"):
            assert title in headings
    if audience != "press":
        assert "Sources disagree" in headings and "Key points" in headings
    else:
        assert "Quotes for use" in headings

    # every citation is an internal link to a bookmark on a Sources entry
    anchors, bookmarks = _anchors_and_bookmarks(document)
    assert anchors and set(anchors) <= bookmarks
    entries = {p.text.split("]")[0] + "]" for p in document.paragraphs if p.text.startswith("[")}
    assert entries == {f"[{n}]" for n in range(1, 6)}

    # marking top and bottom, page numbers as fields
    section = document.sections[0]
    assert "OFFICIAL" in section.header.paragraphs[0].text
    footer_xml = section.footer._element.xml
    assert "OFFICIAL" in "".join(p.text for p in section.footer.paragraphs)
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml
    assert abs(section.page_width.mm - 210) < 0.5 and abs(section.page_height.mm - 297) < 0.5

    # core properties from the profile, never python-docx, fixed dates
    props = document.core_properties
    assert props.title == "NATO defence ministers"
    assert props.subject == load_profile(audience).label
    assert props.author == "briefing" and props.last_modified_by == "briefing"
    assert "python-docx" not in (props.author + props.last_modified_by + props.comments)
    assert props.created == datetime(2025, 10, 16, tzinfo=timezone.utc) == props.modified

    # tables repeat their header row; the file names no python-docx thumbnail
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    names = zipfile.ZipFile(path).namelist()
    assert not any("thumbnail" in n for n in names)


def test_docx_items_cite_sources(tmp_path, briefing):
    document = docx.Document(str(render_to(tmp_path, briefing, "analyst", "docx")))
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    items = {i.text for s in briefing.sections for i in s.items}
    checked = 0
    for para in bullets:
        if any(text[:40] in para.text for text in items):
            links = [h for h in para._p.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
            assert links, para.text
            checked += 1
    assert checked >= len(items) - 1
    text = "\n".join(p.text for p in document.paragraphs)
    assert "speaker not named in the source" in text  # the quote whose speaker is None
    assert "Zelenskyy thanked Türkiye and Commissioner Šefčovič for a €2.5 billion" in text


def test_docx_source_urls_are_real_hyperlinks(tmp_path, briefing):
    document = docx.Document(str(render_to(tmp_path, briefing, "analyst", "docx")))
    external = {rel.target_ref for rel in document.part.rels.values() if rel.is_external}
    assert "https://ukdefencejournal.org.uk/rutte-defence-ministers/" in external
    assert "mailto:press@example.org" in external
    # the file name shows only when nothing else names the source
    texts = [p.text for p in document.paragraphs]
    assert "[1] 000_458bd57e68a7d5e1.txt \u2014 15 Oct 2025." in texts
    assert ("[2] UK Defence Journal \u2014 George Allison. Undated. "
            "https://ukdefencejournal.org.uk/rutte-defence-ministers/") in texts


def test_docx_matrix_table_is_shaded_grid_with_alt_text(tmp_path, briefing):
    document = docx.Document(str(render_to(tmp_path, briefing, "analyst", "docx")))
    grid = document.tables[-1]
    assert [c.text for c in grid.rows[0].cells][1:] == ["Defence spending", "Drones and air defence",
                                                      "Ukraine aid", "The US role"]
    filled = [[cell._tc.tcPr.find(qn("w:shd")) is not None for cell in row.cells[1:]] for row in grid.rows[1:-1]]
    assert filled[1] == [True, False, True, True]  # [2] UK Defence Journal
    assert filled[0] == [False, True, False, False]
    assert grid._tbl.tblPr.find(qn("w:tblDescription")) is not None


def test_docx_logo_has_alt_text(tmp_path, briefing):
    from PIL import Image

    templates = tmp_path / "tpl"
    (templates / "profiles").mkdir(parents=True)
    Image.new("RGB", (120, 40), (31, 56, 100)).save(templates / "logo.png")
    (templates / "profiles" / "branded.toml").write_text(
        'name = "branded"\nlogo = "logo.png"\nauthor = "Policy Unit"\nmarking = "official-sensitive"\n')
    path = render_to(tmp_path, briefing, "branded", "docx", templates)
    document = docx.Document(str(path))
    header = document.sections[0].header
    descr = [el.get("descr") for el in header._element.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert descr == ["Policy Unit logo"]
    assert header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert document.core_properties.author == "Policy Unit"


def test_docx_letter_paper(tmp_path, briefing):
    templates = tmp_path / "tpl"
    (templates / "profiles").mkdir(parents=True)
    (templates / "profiles" / "us.toml").write_text('name = "us"\npaper = "Letter"\n')
    document = docx.Document(str(render_to(tmp_path, briefing, "us", "docx", templates)))
    assert round(document.sections[0].page_width.inches, 2) == 8.5


def test_docx_zip_entries_have_fixed_timestamps(tmp_path, briefing):
    data = render_to(tmp_path, briefing, "executive", "docx").read_bytes()
    stamps = {i.date_time for i in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert stamps == {(2025, 10, 16, 0, 0, 0)}
