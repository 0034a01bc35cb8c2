"""HTML and Markdown structure, output names, determinism, and the render() contract."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from briefing_factory import make_briefing
from render_helpers import AUDIENCES, render_to

from briefing.config import load_profile
from briefing.errors import UsageError
from briefing.model import Briefing
from briefing.render import FORMATS, output_stem, render, render_bytes


@pytest.fixture(scope="module")
def briefing():
    return make_briefing()


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids, self.tags = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if attrs.get("href", "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if "id" in attrs:
            self.ids.add(attrs["id"])


def test_output_stem(briefing):
    assert output_stem(briefing, load_profile("executive")) == "nato-defence-ministers-2025-10-15-executive"
    undated = make_briefing()
    undated.events, undated.coverage.date_to, undated.title = [], None, "Sommet: Türkiye & l'€!"
    assert output_stem(undated, load_profile("press")) == "sommet-turkiye-l-press"  # no event date: none in the name


@pytest.mark.parametrize("audience", AUDIENCES)
def test_html_is_self_contained_with_resolving_citations(tmp_path, briefing, audience):
    html = render_to(tmp_path, briefing, audience, "html").read_text(encoding="utf-8")
    parser = _Anchors()
    parser.feed(html)
    assert parser.links and set(parser.links) <= parser.ids
    assert {"link", "script", "img", "style"}.isdisjoint(parser.tags)  # inline styles only, email safe
    assert html.count("OFFICIAL") >= 2
    assert "<title>NATO defence ministers</title>" in html
    if audience == "analyst":
        assert "Sources per topic" in html and html.count("title=\"covered\"") == 10
        assert "Zelenskyy thanked Türkiye and Commissioner Šefčovič for a €2.5 billion" in html
        assert "speaker not named in the source" in html
    if audience == "press":  # one block per quote, readable at any width: no five-column table
        assert "<th" not in html and "&mdash; <strong>Mark Rutte, NATO Secretary General</strong>" in html


@pytest.mark.parametrize("audience", AUDIENCES)
def test_markdown_citations_resolve(tmp_path, briefing, audience):
    text = render_to(tmp_path, briefing, audience, "md").read_text(encoding="utf-8")
    links = set(re.findall(r"\]\(#(src\d+)\)", text))
    anchors = set(re.findall(r'<a id="(src\d+)"></a>', text))
    assert links and links <= anchors
    assert text.startswith("**OFFICIAL**") and text.rstrip().endswith("**OFFICIAL**")
    assert "# NATO defence ministers" in text


def test_json_round_trips(tmp_path, briefing):
    path = render_to(tmp_path, briefing, "analyst", "json")
    assert Briefing.from_json(path.read_text(encoding="utf-8")) == briefing
    assert json.loads(path.read_text())["sources"][1]["outlet"] == "UK Defence Journal"


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "md"])
def test_same_input_same_bytes(monkeypatch, briefing, fmt):
    profile = load_profile("analyst")
    first = render_bytes(briefing, fmt, profile)
    assert render_bytes(make_briefing(), fmt, profile) == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760600000")
    stamped = render_bytes(briefing, fmt, profile)
    assert render_bytes(make_briefing(), fmt, profile) == stamped
    if fmt == "pdf":
        assert b"D:20251016073320+00'00'" in stamped


def test_unknown_format_and_bad_profile_write_nothing(tmp_path, briefing):
    with pytest.raises(UsageError, match="unknown format 'rtf'"):
        render(briefing, "rtf", tmp_path / "x.rtf", load_profile("analyst"))
    profile = load_profile("analyst")
    profile.sections = ["summary", "appendix"]
    with pytest.raises(UsageError, match="unknown section"):
        render(briefing, "pdf", tmp_path / "x.pdf", profile)
    assert list(tmp_path.iterdir()) == []


def test_profile_sections_and_order_are_followed(tmp_path, briefing):
    templates = tmp_path / "tpl"
    (templates / "profiles").mkdir(parents=True)
    (templates / "profiles" / "mini.toml").write_text(
        'name = "mini"\nsections = ["sources", "key_points"]\nkey_points = 3\n[titles]\nkey_points = "Bottom line"\n')
    text = render_to(tmp_path, briefing, "mini", "md", templates).read_text()
    assert text.index("## Sources") < text.index("## Bottom line")
    assert "## Defence spending" not in text and "## Sources disagree" not in text
    assert text.count("\n- ") - 5 == 3  # five sources, three key points


def test_formats_constant():
    assert FORMATS == ("docx", "pdf", "json", "html", "md")
