"""A different event, only a new topics file: a fictional central-bank decision.

The articles in tests/data/events/central-bank were written for this test:
a press release, a wire story, a newspaper piece with a wrong vote count, the
bond programme in dollars and a different deputy governor, a report of the
previous (December) meeting, and an undated digest rewriting the wire story.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing import ingest, select
from briefing.analyze.run import AnalyzeOptions, analyze_documents
from briefing.config import load_profile, load_topics

FOLDER = Path(__file__).resolve().parent / "data" / "events" / "central-bank"


@pytest.fixture(scope="module")
def briefing():
    docs = ingest.load_sources([FOLDER]).documents
    analyses = analyze_documents(docs, AnalyzeOptions(use_cache=False))
    return select.select(docs, analyses, load_topics(FOLDER / "topics.toml"), load_profile("analyst"),
                         select.SelectOptions(generated="2026-03-14"))


def _number(b, stem: str) -> int:
    return next(e.number for e in b.sources if Path(e.file).name.startswith(stem))


def _section(b, topic: str):
    return next(s for s in b.sections if s.topic == topic)


def test_sections_come_from_the_topics_file(briefing):
    assert [s.topic for s in briefing.sections] == ["rates", "inflation", "balance-sheet", "board"]
    assert all(s.items for s in briefing.sections)


def test_facts_land_under_their_topics(briefing):
    assert any("3.25%" in i.text and not i.background for i in _section(briefing, "rates").items)
    assert any("2.4%" in i.text for i in _section(briefing, "inflation").items)
    bonds = [i for i in _section(briefing, "balance-sheet").items if "20 billion euros" in i.text]
    assert bonds and len(bonds[0].sources) >= 3  # press release, wire and digest: one item
    assert any("Seven Board members" in i.text for i in _section(briefing, "board").items)


def test_the_rate_cut_is_one_item_citing_every_source(briefing):
    cut = next(i for i in _section(briefing, "rates").items if "3.25%" in i.text)
    assert cut.sources[0] == _number(briefing, "a_press_release")  # the official wording
    assert set(cut.sources) >= {_number(briefing, s) for s in ("a_", "b_", "c_", "e_")}


def test_disagreements_are_flagged_with_their_sources(briefing):
    c = _number(briefing, "c_courier")
    by_text = {v.text: v.sources for conflict in briefing.conflicts for v in conflict.versions}
    assert by_text["Eight Board members"] == [c]
    assert _number(briefing, "a_press_release") in by_text["Seven Board members"]
    assert by_text["$22 billion"] == [c]  # the same programme in another currency
    assert _number(briefing, "b_wire") in by_text["20 billion euros"]
    assert by_text["Lena Varga"] == [c] and by_text["Tomas Berg"] == [_number(briefing, "b_wire")]
    role = next(x for x in briefing.conflicts if any(v.text == "Lena Varga" for v in x.versions))
    assert role.measure.startswith("Deputy Governor")


def test_the_earlier_meeting_is_background_and_never_compared(briefing):
    d = _number(briefing, "d_december")
    main = next(e for e in briefing.events if e.main)
    assert main.date == "2026-03-12" and d not in main.sources
    older = [i for i in briefing.all_items() if d in i.sources]
    assert older and all(i.background for i in older)
    assert all(d not in v.sources for c in briefing.conflicts for v in c.versions)  # 3.5%, nine members


def test_the_undated_rewrite_joins_the_meeting_it_matches(briefing):
    e = _number(briefing, "e_digest")
    main = next(ev for ev in briefing.events if ev.main)
    assert e in main.sources
    assert briefing.source(e).date is None  # grouped, not dated
    assert any(f"Source {e} gives no date" in n for n in briefing.notes)


def test_hype_and_rhetorical_questions_stay_out(briefing):
    texts = [i.text for i in briefing.all_items()] + [v.text for i in briefing.all_items() for v in i.variants]
    assert not any("stunning" in t or "Only time will tell" in t or t.endswith("?") for t in texts)


def test_title_and_key_points(briefing):
    assert briefing.title == "Central Bank of Valmaria"
    assert 3 <= len(briefing.key_points) <= 5
    assert all(k.sources and not k.background for k in briefing.key_points)


def test_an_unrelated_undated_source_stays_date_unknown(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for f in FOLDER.glob("[ab]_*.txt"):
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "sources.toml").write_text(
        '[[source]]\nfile = "a_press_release.txt"\ndate = "2026-03-12"\n'
        '[[source]]\nfile = "b_wire.txt"\ndate = "2026-03-12"\n', encoding="utf-8")
    (folder / "z_harbour.txt").write_text(
        "The harbour authority opened a new container terminal on the east quay.\n"
        "The terminal can handle 400,000 containers a year, the authority said.\n"
        "Officials said inflation in building costs had delayed the project by a year.\n", encoding="utf-8")
    docs = ingest.load_sources([folder]).documents
    b = select.select(docs, analyze_documents(docs, AnalyzeOptions(use_cache=False)),
                      load_topics(FOLDER / "topics.toml"), load_profile("analyst"), select.SelectOptions())
    z = _number(b, "z_harbour")
    event = next(e for e in b.events if z in e.sources)
    assert event.date is None and not event.main and len(event.sources) == 1


def test_the_event_summary_is_data_and_shown_once(briefing):
    from briefing.config import load_profile as profile
    from briefing.model import Briefing
    from briefing.render import render_bytes

    assert briefing.event_summary.startswith("The sources report on 2 different events")
    assert Briefing.from_json(briefing.to_json()).event_summary == briefing.event_summary
    text = render_bytes(briefing, "md", profile("analyst")).decode("utf-8")
    front = text.split("## Key points", 1)[0].replace("\\", "")
    assert "different events" not in front and "is taken as the main event" not in front  # one date line
    assert "Main event: 12 Mar 2026 to 13 Mar 2026" in front
    appendix = text.split("## Appendix: how dates and events were worked out", 1)[1].replace("\\", "")
    assert ("12 March 2026 to 13 March 2026 is taken as the main event: more sources report it than any other "
            "date (3 of the 4 dated sources, and 1 undated source matching it).") in appendix
    assert appendix.count("The sources report on 2 different events") == 1


def test_a_tie_on_sources_makes_the_later_date_main_and_says_why():
    from select_support import analyse, document

    from briefing.config import Topic

    topics = [Topic(id="rates", name="Rates", description="Interest rates.", terms=["rate"])]
    early = document("a", "The bank kept its main rate unchanged at the March meeting, the governor said.",
                     "2026-03-12")
    late = document("b", "The bank cut its main rate at the June meeting, the governor said.", "2026-06-11")
    docs = [early, late]
    b = select.select(docs, analyse(docs), topics, load_profile("analyst"), select.SelectOptions())
    main = next(e for e in b.events if e.main)
    assert main.date == "2026-06-11"
    assert ("11 June 2026 is taken as the main event: it is the latest, and as many sources report "
            "12 March 2026.") in b.notes


RESULTS = [
    ("a", "Orbel Systems reported first-quarter revenue of $12.47 billion on Tuesday, beating the $12.1 billion "
          "analysts had expected.\nNet income was $2.31 billion, the company said.\n"
          "Demand for its cloud chips stayed strong, chief executive Mara Lind said.", "2026-04-21"),
    ("b", "Orbel Systems posted revenue of $12.47 billion for the quarter, ahead of the $12.2 billion consensus "
          "estimate.\nNet income was $2.31 billion, up from $1.9 billion a year earlier.\n"
          "The chipmaker expects second-quarter revenue of about $13 billion.", "2026-04-21"),
    ("c", "Orbel Systems reported revenue of $12.47 billion, topping the $12.15 billion expected by Wall Street.\n"
          "Its net income came to $2.13 billion.\nShares rose 4% in late trading.", None),
]


def test_an_undated_report_at_odds_on_one_figure_still_joins_the_event_it_reports():
    """The undated story gives the event's exact revenue, though another estimate and a wrong net
    income: it reports the same results, so it joins them and its net income is set against theirs."""
    from select_support import analyse, document

    from briefing.config import Topic

    topics = [Topic(id="results", name="Results", description="Quarterly results.",
                    terms=["revenue", "income", "estimate", "shares"])]
    docs = [document(sid, text, date) for sid, text, date in RESULTS]
    b = select.select(docs, analyse(docs), topics, load_profile("analyst"), select.SelectOptions())
    main = next(e for e in b.events if e.main)
    undated = _number(b, "c")
    assert undated in main.sources and b.source(undated).date is None
    income = [c for c in b.conflicts if any(v.text == "$2.13 billion" for v in c.versions)]
    assert income and {v.text for v in income[0].versions} == {"$2.13 billion", "$2.31 billion"}
