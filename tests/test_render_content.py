"""What every format shows: verbatim text, event labels, pronoun clarification, compact sources.

Each rule is checked on a Briefing rendered to real files and read back as a
reader would see it (python-docx, pypdf, the HTML text, the Markdown text).
"""

from __future__ import annotations

import pytest
from briefing_factory import make_briefing
from render_helpers import plain_text, render_to

from briefing.config import load_profile
from briefing.render.content import build_view, unquote

TEXT_FORMATS = ("docx", "pdf", "html", "md")
OPENS_WITH_MARK = ("\u201cWe need quantity, and we need quality, and we need it quickly,\u201d he said, calling "
                   "for \u201cmore air defence, more ammunition and stronger supply chains across the Alliance.\u201d")
CLOSES_WITH_MARK = ("He highlighted examples of states already reaching or exceeding the spending ambitions, "
                    "describing their progress as being \u201ca decade ahead of schedule.\u201d")


@pytest.fixture(scope="module")
def marked():
    """The fixture briefing with two statements that begin or end with a quote mark, as the seeds have."""
    briefing = make_briefing()
    items = briefing.sections[0].items
    items[1].text = OPENS_WITH_MARK
    items[1].speaker = "Mark Rutte"
    items.append(items[1].__class__(id="defence-spending-9", kind="statement", text=CLOSES_WITH_MARK,
                                    sources=[2, 3], topic="defence-spending", event="e2025"))
    items[2].text = "\u201cWe need quantity, and we need quality, and we need it quickly\u201d"  # a quote kept in marks
    return briefing


def test_unquote_drops_only_one_enclosing_pair():
    assert unquote("\u201cWe need it quickly\u201d") == "We need it quickly"
    assert unquote('"plain marks"') == "plain marks"
    assert unquote("\u2018single\u2019") == "single"
    # not one pair around the whole text: verbatim
    assert unquote("\u201ca\u201d and \u201cb\u201d") == "\u201ca\u201d and \u201cb\u201d"
    assert unquote('"a" and "b"') == '"a" and "b"'
    assert unquote("We need it quickly,\u201d he said") == "We need it quickly,\u201d he said"
    assert unquote("\u201cunclosed") == "\u201cunclosed"
    assert unquote("\u201cnested \u201cinner\u201d words\u201d") == "nested \u201cinner\u201d words"


def test_statements_keep_their_quote_marks_in_the_view(marked):
    view = build_view(marked, load_profile("analyst"))
    texts = [line.text for topic in view.topics for line in topic.lines]
    assert OPENS_WITH_MARK.replace("he said", "he [Mark Rutte] said", 1) in texts
    assert CLOSES_WITH_MARK in texts
    quote = next(line for line in view.topics[0].lines if line.kind == "quote")
    assert quote.text == "We need quantity, and we need quality, and we need it quickly"


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_statements_keep_their_quote_marks_in_every_format(tmp_path, marked, fmt):
    text = plain_text(render_to(tmp_path, marked, "analyst", fmt))
    assert OPENS_WITH_MARK.replace("he said", "he [Mark Rutte] said", 1) in text
    assert CLOSES_WITH_MARK in text
    # the quote item gets the renderer's marks once, not doubled
    assert "\u201cWe need quantity, and we need quality, and we need it quickly\u201d \u2014 Mark Rutte" in text
    assert "\u201c\u201c" not in text and "\u201d\u201d" not in text.replace("\u201d\u201d.", "")


def test_render_shows_every_item_select_chose_when_no_page_limit():
    """Select applies the word budgets; without max_pages render must not drop anything."""
    briefing = make_briefing()
    for section in briefing.sections:  # far beyond the analyst's words_per_topic
        for item in section.items:
            item.text = " ".join([item.text] * 4)
    profile = load_profile("analyst")
    view = build_view(briefing, profile)
    shown = {line.id for topic in view.topics for line in topic.lines}
    assert shown == {item.id for item in briefing.all_items()}
    fitted = build_view(briefing, profile, budget=0.5)  # the max_pages safety net still trims
    assert len({line.id for topic in fitted.topics for line in topic.lines}) < len(shown)


# ------------------------------------------------------------------ pronoun clarification


def test_attribution_names_the_speaker_in_the_items_paragraph():
    from briefing.select.attribution import SPEAKER_UNKNOWN, attribute

    rutte, role = "Mark Rutte", "NATO Secretary General"
    # a bare pronoun opening the text, or reporting it, gets the name in brackets; every word stays
    assert attribute("He argued that x.", "statement", rutte, role) == ("He [Mark Rutte] argued that x.", "")
    assert attribute("They agreed.", "statement", "the ministers", None) == ("They [the ministers] agreed.", "")
    assert attribute("Germany, he added, is on track.", "statement", rutte, role) == \
        ("Germany, he [Mark Rutte] added, is on track.", "")
    assert attribute("\u201cWe need it,\u201d he said.", "statement", rutte, role) == \
        ("\u201cWe need it,\u201d he [Mark Rutte] said.", "")
    # the speaker's title in the narration takes the name after it
    assert attribute("As winter nears, the Secretary General underscored aid.", "statement", rutte, role) == \
        ("As winter nears, the Secretary General [Mark Rutte] underscored aid.", "")
    # already named: nothing added; nothing to hang the name on: an attribution line
    assert attribute("Rutte said so.", "statement", rutte, role) == ("Rutte said so.", "")
    assert attribute("NATO will buy drones.", "statement", rutte, role) == \
        ("NATO will buy drones.", "Mark Rutte, NATO Secretary General")
    # a pronoun inside a quote is the speaker's own word
    assert attribute("\u201cHe will come,\u201d Rutte said.", "statement", rutte, role)[0] == \
        "\u201cHe will come,\u201d Rutte said."
    # nobody known: a reported statement says so, plain narration needs nothing
    assert attribute("\u201cWe need it quickly, and now,\u201d he said.", "statement", None, None)[1] == SPEAKER_UNKNOWN
    assert attribute("The bank cut rates.", "statement", None, None) == ("The bank cut rates.", "")
    # a quote always carries its speaker
    assert attribute("We need it.", "quote", rutte, role) == ("We need it.", "Mark Rutte, NATO Secretary General")
    assert attribute("We need it.", "quote", None, None) == ("We need it.", SPEAKER_UNKNOWN)


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_pronoun_led_statement_names_the_speaker_in_brackets(tmp_path, fmt):
    briefing = make_briefing()
    # speaker known: clarified; speaker unknown (us-role-2): left alone; a quote: never touched
    briefing.sections[2].items[2].text = "He said NATO stands with Ukraine"
    text = plain_text(render_to(tmp_path, briefing, "analyst", fmt))
    assert ("He [Mark Rutte] reaffirmed confidence in the NATO Prioritised Ukraine Requirements List (PURL), "
            "which funds rapid procurement of US equipment for Ukraine.") in text
    assert "He described this as a logical balance" in text  # no speaker known: nothing added
    assert "\u201cHe said NATO stands with Ukraine\u201d \u2014 Mark Rutte" in text
    assert "He [Mark Rutte] said NATO" not in text


# ------------------------------------------------------------------ events


def _three_events():
    """The seeds' shape: an earlier dated meeting, the main one, and undated sources 2-3."""
    from briefing.model import Event

    briefing = make_briefing()
    briefing.events = [Event(id="e2024", label="18 October 2024", date="2024-10-18", sources=[5]),
                       Event(id="e2025", label="15 October 2025", date="2025-10-15", sources=[1, 4], main=True),
                       Event(id="e3", label="date unknown", date=None, sources=[2, 3])]
    for item in briefing.all_items():
        if set(item.sources) <= {2, 3}:
            item.event, item.background = "e3", False
    briefing.event_summary = ("The sources report on 3 different events: 18 October 2024 (source 5; earlier, "
                              "shown as background); 15 October 2025 (sources 1, 4; main event); date unknown "
                              "(sources 2, 3; not placed in time).")
    briefing.notes = ["Sources 2, 3 give no date and do not closely match any dated source; the date of this "
                      "coverage is unknown."]
    return briefing


def test_event_name_says_the_date_once():
    from briefing.model import Event
    from briefing.render.content import event_name

    assert event_name(Event("a", "18 October 2024", "2024-10-18", [5])) == "18 Oct 2024"
    assert event_name(Event("a", "October 18, 2024", "2024-10-18", [5])) == "18 Oct 2024"
    assert event_name(Event("a", "14 October 2025 to 16 October 2025", "2025-10-14", [1])) == \
        "14 Oct 2025 to 16 Oct 2025"
    assert event_name(Event("a", "Summit in The Hague", "2025-06-24", [1])) == "Summit in The Hague, 24 Jun 2025"
    assert event_name(Event("a", "Council of 24 June 2025", "2025-06-24", [1])) == "Council of 24 June 2025"
    assert event_name(Event("a", "date unknown", None, [2])) == "Date unknown"
    assert event_name(Event("a", "Press conference", None, [2])) == "Press conference (date unknown)"


def test_undated_items_carry_no_prefix_and_earlier_items_a_compact_mark():
    view = build_view(_three_events(), load_profile("analyst"))
    tags = {line.id: line.tag for topic in view.topics for line in topic.lines}
    assert tags["ukraine-aid-1"] == ""  # sources 2, 3: undated, not earlier, no "Date unknown:"
    assert tags["defence-spending-5"] == "earlier event"  # background
    assert tags["drones-1"] == ""  # the main event needs no tag


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_one_date_line_up_front_and_the_reasoning_in_an_appendix(tmp_path, fmt):
    text = plain_text(render_to(tmp_path, _three_events(), "analyst", fmt))
    front = text.split("Key points", 1)[0]
    assert "Main event: 15 Oct 2025 [1][4]" in front
    assert "Earlier event: 18 Oct 2024 [5]" in front and "No date [2][3]" in front
    assert "Sources 2, 3 give no date" not in front and "Events and dates" not in text
    appendix = text.split("Appendix: how dates and events were worked out", 1)[1]
    assert "Sources 2, 3 give no date and do not closely match any dated source" in appendix
    assert "The sources report on 3 different events" in appendix
    assert "Date unknown:" not in text and "date unknown, date unknown" not in text.lower()
    assert "He [Mark Rutte] reaffirmed confidence" in text
    assert "(earlier event)" in text


# ------------------------------------------------------------------ sources list


def test_sources_list_names_each_source_by_outlet_headline_or_opening_words():
    briefing = make_briefing()
    briefing.sources[0].opening = "NATO will go ahead with anti-drone defence systems\u2026"
    briefing.sources[3].title = "Ministers meet in Brussels"
    view = build_view(briefing, load_profile("analyst"))
    lines = {s.number: f"[{s.number}] {s.label} \u2014 {s.summary}" for s in view.sources}
    assert lines[1] == ("[1] \u201cNATO will go ahead with anti-drone defence systems\u2026\u201d \u2014 "
                        "Outlet and title unknown. 15 Oct 2025.")
    assert lines[2] == "[2] UK Defence Journal \u2014 George Allison. Undated."
    assert lines[3] == "[3] 002_b756bfc8c22fe334.txt \u2014 Undated."  # nothing else names it
    assert lines[4] == "[4] Ministers meet in Brussels \u2014 Outlet unknown. 15 Oct 2025."
    # a headline with marks of its own is not wrapped in more: no doubled marks
    assert lines[5] == ("[5] NATO \u2014 NATO Secretary General: Strengthening deterrence \u201ctop "
                        "priority\u201d. 18 Oct 2024.")
    # the appendix grid names each source the same way
    assert [r.label for r in view.matrix.rows] == [s.label for s in view.sources]


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_sources_list_is_compact_in_every_format(tmp_path, fmt):
    text = plain_text(render_to(tmp_path, make_briefing(), "analyst", fmt))
    sources = text.split("Appendix")[0].rsplit("Sources", 1)[1]
    assert "[3] 002_b756bfc8c22fe334.txt \u2014 Undated." in sources
    assert "\u201d\u201d" not in sources and "File:" not in sources
    assert "001_bdf6cf2efbc724a3.txt" not in sources  # its outlet names it


# ------------------------------------------------------------------ which source gave the wording


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_sources_section_says_the_first_citation_gave_the_wording(tmp_path, fmt):
    from briefing.render.content import CITE_NOTE

    text = plain_text(render_to(tmp_path, make_briefing(), "press", fmt))
    sources = text.rsplit("Sources", 1)[1]
    assert sources.startswith(" " + CITE_NOTE)  # right under the heading
    single = make_briefing()
    for item in single.all_items():
        item.sources = item.sources[:1]
    assert CITE_NOTE not in plain_text(render_to(tmp_path / "one", single, "press", fmt))


def test_html_and_docx_carry_the_page_fitted_text_of_the_pdf(tmp_path):
    """An executive briefing cut to fit its page says the same in every format."""
    long = make_briefing()
    for section in long.sections:
        for item in section.items:
            item.text = " ".join([item.text] * 3)
    profile = load_profile("executive")
    fitted = build_view(long, profile)  # what would show without the page limit
    pdf, html = (plain_text(render_to(tmp_path, long, "executive", fmt)) for fmt in ("pdf", "html"))
    docx_text = plain_text(render_to(tmp_path, long, "executive", "docx"))
    dropped = [line.text for t in fitted.topics for line in t.lines if line.text[:40] not in pdf]
    assert dropped, "the long briefing should not fit one page untrimmed"
    for text in (html, docx_text):
        assert not any(d[:40] in text for d in dropped)


# ------------------------------------------------------------------ the real seed build


@pytest.fixture(scope="module")
def seed_briefings():
    from conftest import SEEDS

    from briefing import ingest, select
    from briefing.analyze.run import AnalyzeOptions, analyze_documents
    from briefing.config import load_topics

    docs = ingest.load_sources([SEEDS]).documents
    analyses = analyze_documents(docs, AnalyzeOptions(use_cache=False))
    return {audience: select.select(docs, analyses, load_topics(), load_profile(audience),
                                    select.SelectOptions(generated="2025-10-15"))
            for audience in ("analyst", "executive", "press")}


def test_seed_analyst_labels_events_honestly(tmp_path, seed_briefings):
    briefing = seed_briefings["analyst"]
    undated = {e.id for e in briefing.events if not e.date}
    assert undated, "the seeds have undated sources (2, 3)"
    view = build_view(briefing, load_profile("analyst"))
    lines = view.key_points + [line for t in view.topics for line in t.lines]
    by_id = {i.id: i for i in briefing.all_items() + briefing.key_points}
    for line in lines:
        item = by_id[line.id]
        if item.event in undated:
            assert line.tag == "", line
        if line.tag == "earlier event":
            assert item.background
    text = plain_text(render_to(tmp_path, briefing, "analyst", "md"))
    assert "date unknown" not in text.lower().split("key points")[1].split("sources disagree")[0]
    front = text.split("Key points", 1)[0]
    assert front.count("Earlier event: 18 Oct 2024") == 1 and "The sources report on" not in front
    assert "He [Mark Rutte] argued that" in text
    assert "\u201cIn a stunning declaration at NATO\u2019s defense ministers\u2019 meeting," in text


def test_seed_executive_is_one_page_with_every_key_point(tmp_path, seed_briefings):
    briefing = seed_briefings["executive"]
    path = render_to(tmp_path, briefing, "executive", "pdf")
    import pypdf

    assert len(pypdf.PdfReader(str(path)).pages) == 1
    text = plain_text(path)
    assert "No source covered this topic" not in text
    for item in briefing.key_points:
        assert " ".join(item.text.split()[:6]) in text


def test_seed_press_sheet_starts_its_table_on_page_one(tmp_path, seed_briefings):
    import pypdf

    path = render_to(tmp_path, seed_briefings["press"], "press", "pdf")
    first = " ".join((pypdf.PdfReader(str(path)).pages[0].extract_text() or "").split())
    assert "Quotes for use" in first and "\u2014 Mark Rutte, NATO Secretary General" in first
    text = plain_text(path)
    assert "outlet unknown; outlet unknown" not in text and "UK Defence Journal [2]" in text
