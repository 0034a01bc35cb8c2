"""PDF read back with pypdf (always) and poppler (when installed): real text, one-page executive,
embedded fonts, links, outline, metadata."""

from __future__ import annotations

import pypdf
import pytest
from briefing_factory import make_briefing
from render_helpers import AUDIENCES, have, pdf_fonts, pdffonts, pdftotext, plain_text, render_to

from briefing.config import load_profile
from briefing.errors import OutputError
from briefing.render import render

poppler = pytest.mark.skipif(not (have("pdftotext") and have("pdffonts")), reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def briefing():
    return make_briefing()


def _links(reader: pypdf.PdfReader) -> tuple[list[str], list[object]]:
    uris, internal = [], []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if action is not None and action.get_object().get("/URI"):
                uris.append(str(action.get_object()["/URI"]))
            else:
                internal.append(annot.get("/Dest") or action)
    return uris, internal


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pdf_text_fonts_marking_metadata(tmp_path, briefing, audience):
    path = render_to(tmp_path, briefing, audience, "pdf")
    reader = pypdf.PdfReader(str(path))
    pages = len(reader.pages)
    text = plain_text(path)
    assert "NATO defence ministers" in text
    assert text.count("OFFICIAL") >= 2 * pages  # top and bottom of every page
    assert f"Page {pages} of {pages}" in text
    assert "[1] 000_458bd57e68a7d5e1.txt" in text and "[5] NATO" in text
    if audience != "press":
        for title in ("Defence spending", "Drones and air defence", "Ukraine aid", "The US role", "Sources disagree"):
            assert title in text
    fonts = pdf_fonts(path)
    assert fonts and all(embedded for _, _, embedded in fonts), fonts  # FontFile2 in every descriptor
    assert {subtype for _, subtype, _ in fonts} == {"/TrueType"}
    assert not any("Helvetica" in name for name, _, _ in fonts)
    meta = reader.metadata
    assert meta.title == "NATO defence ministers" and meta.author == "briefing"
    assert meta.subject and meta.creator == "briefing"
    assert meta["/CreationDate"].startswith("D:20251016")
    uris, internal = _links(reader)
    assert "https://www.nato.int/cps/en/natohq/news_230000.htm" in uris
    assert len(internal) >= 5  # citations jump to the Sources list
    assert [o.title for o in reader.outline if not isinstance(o, list)][-1] == "Sources" or audience == "analyst"


def test_executive_pdf_is_one_page(tmp_path, briefing):
    path = render_to(tmp_path, briefing, "executive", "pdf")
    assert len(pypdf.PdfReader(str(path)).pages) == 1
    text = plain_text(path)
    assert "Key points" in text and "Sources disagree" in text


def test_executive_shrinks_a_long_briefing_to_one_page(tmp_path):
    long = make_briefing()
    for section in long.sections:  # far more than fits on a page
        for item in section.items:
            item.text = " ".join([item.text] * 3)
    path = render_to(tmp_path, long, "executive", "pdf")
    assert len(pypdf.PdfReader(str(path)).pages) == 1


def test_analyst_pdf_has_everything(tmp_path, briefing):
    path = render_to(tmp_path, briefing, "analyst", "pdf")
    flat = plain_text(path)
    assert "Zelenskyy thanked Türkiye and Commissioner Šefčovič for a €2.5 billion package" in flat
    assert "speaker not named in the source" in flat
    assert "Earlier event: Defence ministers' meeting, 18 Oct 2024" in flat
    assert "Figure What it measures Sources" in flat
    assert "5% of GDP [2]" in flat and "2% of GDP [3]" in flat
    assert "Appendix: which source covered which topic" in flat and "Sources per topic" in flat
    outline = [o.title for o in pypdf.PdfReader(str(path)).outline if not isinstance(o, list)]
    assert outline[:2] == ["Key points", "Defence spending"]
    assert "Appendix: which source covered which topic" in outline


def test_missing_glyph_fails_loudly_under_strict(tmp_path):
    odd = make_briefing()
    odd.sections[0].items[0].text = "The delegation from 中国 said nothing."
    profile = load_profile("analyst")
    with pytest.raises(OutputError) as err:
        render(odd, "pdf", tmp_path / "x.pdf", profile, name="/home/me/out/x.pdf", strict=True)
    assert "U+4E2D" in str(err.value) and "U+56FD" in str(err.value)
    assert str(err.value).startswith("/home/me/out/x.pdf: ")  # the user's path, whatever file is written
    assert not list(tmp_path.glob("*.pdf"))  # nothing half-written


def test_missing_glyph_becomes_a_visible_placeholder_with_one_warning(tmp_path):
    odd = make_briefing()
    odd.sections[0].items[0].text = "The delegation from 中国 said nothing."
    odd.title = "Ministers meet 🚀 in Brussels"
    warnings: list[str] = []
    path = render(odd, "pdf", tmp_path / "x.pdf", load_profile("analyst"), warnings=warnings)
    flat = plain_text(path)
    assert "The delegation from \ufffd\ufffd said nothing." in flat and "Ministers meet \ufffd in Brussels" in flat
    assert len(warnings) == 1 and "U+4E2D" in warnings[0] and "U+1F680" in warnings[0]
    assert odd.sections[0].items[0].text == "The delegation from 中国 said nothing."  # other formats keep them


def test_letter_paper(tmp_path, briefing):
    templates = tmp_path / "tpl"
    (templates / "profiles").mkdir(parents=True)
    (templates / "profiles" / "us.toml").write_text('name = "us"\npaper = "Letter"\nmarking = "UNCLASSIFIED"\n')
    path = render_to(tmp_path, briefing, "us", "pdf", templates)
    box = pypdf.PdfReader(str(path)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "UNCLASSIFIED" in plain_text(path)


def test_default_font_ships_with_the_package():
    from briefing.config import load_profile
    from briefing.render.fonts import BUNDLED, font_paths

    paths = font_paths(load_profile("analyst"), None)
    assert all(p.parent == BUNDLED and p.stat().st_size > 500_000 for p in paths.values())


def test_profile_font_from_templates_folder(tmp_path, briefing):
    import shutil
    from pathlib import Path

    serif = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    if not serif.is_file():
        pytest.skip("no system serif font to copy")
    templates = tmp_path / "tpl"
    (templates / "profiles").mkdir(parents=True)
    shutil.copy(serif, templates / "house.ttf")
    (templates / "profiles" / "house.toml").write_text('name = "house"\nfont = "house.ttf"\n')
    path = render_to(tmp_path, briefing, "house", "pdf", templates)
    assert any("DejaVuSerif" in name and embedded for name, _, embedded in pdf_fonts(path))
    (templates / "profiles" / "nofont.toml").write_text('name = "nofont"\nfont = "missing.ttf"\n')
    from briefing.errors import UsageError
    with pytest.raises(UsageError, match="font file for regular not found"):
        render_to(tmp_path, briefing, "nofont", "pdf", templates)


@poppler
@pytest.mark.parametrize("audience", AUDIENCES)
def test_poppler_reads_the_same_pdf(tmp_path, briefing, audience):
    """Cross-check with the tools users have: pdffonts says embedded, pdftotext finds the text."""
    path = render_to(tmp_path, briefing, audience, "pdf")
    fonts = pdffonts(path)
    assert fonts and all(row[-5] == "yes" for row in fonts), fonts  # emb column
    assert not any("Helvetica" in row[0] for row in fonts)
    text = " ".join(pdftotext(path).split())
    assert "NATO defence ministers" in text and "[5] NATO" in text
    assert text.count("OFFICIAL") >= 2 * len(pypdf.PdfReader(str(path)).pages)


def test_pdf_fonts_helper_sees_an_unembedded_font(tmp_path):
    """The pypdf check must be able to fail: a plain reportlab PDF uses unembedded Helvetica."""
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "plain.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "Helvetica is not embedded")
    canvas.save()
    assert [(name, embedded) for name, _, embedded in pdf_fonts(path)] == [("/Helvetica", False)]
