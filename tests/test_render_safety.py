"""Hostile source text through every audience and format: no breakage, no injection."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser

import docx
import pypdf
import pytest
from briefing_factory import HOSTILE_URL, make_briefing
from hypothesis import given, settings
from hypothesis import strategies as st
from render_helpers import AUDIENCES, render_to
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from briefing.config import load_profile
from briefing.errors import UsageError
from briefing.render import FORMATS, render_bytes
from briefing.render.safe import clean, md, rl, safe_url

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.hrefs, self.ids, self.srcs = [], [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "src" in attrs:
            self.srcs.append(attrs["src"])
        if "id" in attrs:
            self.ids.add(attrs["id"])


@pytest.fixture(scope="module")
def hostile():
    return make_briefing(hostile=True)


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_text_renders_in_every_format(tmp_path, hostile, audience, fmt):
    path = render_to(tmp_path, hostile, audience, fmt)
    data = path.read_bytes()
    assert data
    if fmt == "docx":
        xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
        assert not CONTROL.search(xml)
        assert "<img" not in xml and "<script" not in xml and "&lt;img src=/etc/passwd&gt;" in xml
        rels = zipfile.ZipFile(path).read("word/_rels/document.xml.rels").decode("utf-8")
        assert "javascript" not in rels
        document = docx.Document(str(path))
        assert "R&D <b>bold</b>" in "\n".join(p.text for p in document.paragraphs)
    elif fmt == "pdf":
        text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages)
        flat = " ".join(text.split())
        # shown literally, so it was escaped, not interpreted as reportlab markup
        assert "<img src=/etc/passwd>" in flat and "<font size=40>big</font>" in flat and "R&D" in flat
        uris = [str(a.get_object()["/A"].get_object().get("/URI", "")) for page in pypdf.PdfReader(str(path)).pages
                for a in page.get("/Annots") or [] if a.get_object().get("/A") is not None]
        assert not any("javascript" in u.lower() for u in uris)
        assert not CONTROL.search(text.replace("\x0c", ""))
    elif fmt == "html":
        html = data.decode("utf-8")
        parser = _Tags()
        parser.feed(html)
        assert "script" not in parser.tags and "img" not in parser.tags and "font" not in parser.tags
        assert not parser.srcs  # self-contained: nothing loaded from anywhere
        assert all(h.startswith(("#src", "https://", "mailto:")) for h in parser.hrefs), parser.hrefs
        assert all(h[1:] in parser.ids for h in parser.hrefs if h.startswith("#"))
        assert "&lt;script&gt;" in html and not CONTROL.search(html)
    elif fmt == "md":
        text = data.decode("utf-8")
        assert "<img" not in text and "<script" not in text
        assert not re.search(r"\]\(\s*javascript:|<javascript:", text, re.I)  # never a link target
        assert "&lt;img src=/etc/passwd&gt;" in text and not CONTROL.search(text)
    else:  # json keeps the data as it is; it is not a display format
        assert "javascript:alert" in data.decode("utf-8")


def test_unsafe_source_url_is_not_linked(tmp_path, hostile):
    html = render_to(tmp_path, hostile, "analyst", "html").read_text()
    assert HOSTILE_URL not in html
    assert 'id="src2"' in html and "UK Defence Journal" in html  # the entry stays, named by its outlet


@pytest.mark.parametrize("template", [
    "{{ ''.__class__.__mro__ }}",
    "{{ view.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{% for x in range(10**7) %}{% endfor %}",
    "{{ 'x' * 100000000 }}",
])
def test_template_cannot_reach_python_internals(tmp_path, template):
    (tmp_path / "evil.html.j2").write_text(template)
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "evil.toml").write_text('name = "evil"\nhtml_template = "evil.html.j2"\n')
    profile = load_profile("evil", tmp_path)
    with pytest.raises(UsageError) as err:
        render_bytes(make_briefing(), "html", profile, tmp_path)
    assert "evil.html.j2" in str(err.value)


def test_safe_url():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url("mailto:press@example.org") == "mailto:press@example.org"
    for bad in ("javascript:alert(1)", "JavaScript:alert(1)", "file:///etc/passwd", "data:text/html,x", "//x.org",
                "https://", "http://a b", 'https://x.org/"onmouseover=1', "mailto:nobody", " \x00javascript:x", None):
        assert safe_url(bad) is None, bad


def test_clean_keeps_words_apart_and_drops_invalid():
    assert clean("a\x0bb\x00c\u200bd\x1f e\r\n f") == "a bcd e f"
    assert clean(None) == ""


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_reportlab_escaping_round_trips_any_text(text):
    para = Paragraph(rl(text), ParagraphStyle("t"))
    assert para.getPlainText() == clean(text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>&*_[]()`#!|\\abc 1."), max_size=40))
def test_markdown_escaping_leaves_no_raw_html(text):
    out = md(text)
    assert "<" not in out and ">" not in out
