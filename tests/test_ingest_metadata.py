"""Metadata: front matter, manifest override, inference with provenance, dates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.ingest import load_sources
from briefing.ingest.dates import context_year, find_dates, parse_date
from briefing.ingest.report import inspect_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BODY = "The ministers met for two days of talks and agreed a new plan on energy security, officials said.\n"


@pytest.fixture
def bare_seeds(tmp_path):
    """The seeds without their manifest: everything must come from the text."""
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    return {d.source.id[:3]: d.source for d in load_sources([tmp_path]).documents}


def test_inference_on_seeds_matches_what_the_text_says(bare_seeds):
    s000, s001, s002, s003, s004 = (bare_seeds[k] for k in ("000", "001", "002", "003", "004"))
    assert (s000.date, s000.date_text) == ("2025-10-15", "15 October 2025")
    assert s000.provenance["date"] == "text line 3: photo caption"
    assert (s001.author, s001.outlet) == ("George Allison", "UK Defence Journal")
    assert s001.date is None and s002.date is None and s002.author is None
    assert s003.date is None and s003.date_text == "Wednesday 15th of October"
    assert "year unknown" in s003.provenance["date"]
    assert s004.title == "NATO Secretary General: Strengthening deterrence “top priority”"
    assert (s004.date, s004.date_text) == ("2024-10-18", "18 Oct. 2024")
    assert s004.provenance["title"] == "text line 1: headline"


def test_manifest_overrides_inference():
    docs = {d.source.id[:3]: d.source for d in load_sources([SEEDS]).documents}
    assert docs["003"].date == "2025-10-15"
    assert docs["003"].provenance["date"] == "manifest (sources.toml)"
    assert docs["004"].outlet == "NATO" and docs["004"].provenance["outlet"].startswith("manifest")
    assert docs["001"].language == "en"


def test_front_matter_is_read_and_dropped_from_text(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: \"Gas deal signed\"\noutlet: Energy Daily\nauthor: Jo Bloggs\ndate: 2025-03-04\n"
        "url: https://example.org/a\nlanguage: en\nmood: happy\n---\n# Gas deal signed\n\n" + BODY,
        encoding="utf-8",
    )
    doc = load_sources([tmp_path]).documents[0]
    s = doc.source
    assert (s.title, s.outlet, s.author, s.date, s.url, s.language) == (
        "Gas deal signed", "Energy Daily", "Jo Bloggs", "2025-03-04", "https://example.org/a", "en")
    assert set(s.provenance.values()) == {"front matter"}
    assert "outlet:" not in doc.text and doc.text.startswith("Gas deal signed\n")
    assert [l.kind for l in doc.lines[:9]] == ["front matter"] * 9


def test_manifest_beats_front_matter_and_bad_manifest_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text("---\noutlet: Front\n---\n" + BODY, encoding="utf-8")
    (tmp_path / "sources.toml").write_text('[[source]]\nfile = "a.txt"\noutlet = "Manifest"\n', encoding="utf-8")
    assert load_sources([tmp_path]).documents[0].source.outlet == "Manifest"
    (tmp_path / "sources.toml").write_text("[[source]\nfile = ", encoding="utf-8")
    result = load_sources([tmp_path])
    assert result.documents[0].source.outlet == "Front"
    assert "not a valid sources manifest" in result.problems[0].problem


def test_agency_dateline_byline_and_year_from_context(tmp_path):
    (tmp_path / "w.txt").write_text(
        "Central bank holds rates\nBy Anna Kowalski and Peter Lindqvist\n\n"
        "FRANKFURT, March 6 (Reuters) - The bank left rates unchanged on Thursday, March 6, officials said.\n"
        "The previous decision, taken on 6 March 2025 a year ago, was different, one official said.\n",
        encoding="utf-8")
    s = load_sources([tmp_path]).documents[0].source
    assert s.outlet == "Reuters" and "agency dateline" in s.provenance["outlet"]
    assert s.author == "Anna Kowalski and Peter Lindqvist"
    assert s.date == "2025-03-06" and "year from" in s.provenance["date"]


def test_a_date_that_bounds_a_reported_period_does_not_date_the_article(tmp_path):
    (tmp_path / "r.txt").write_text(
        "Chipmaker beats forecasts\n\nShares rose 8% after hours on Wednesday after the company released its report "
        "for the second quarter of fiscal 2024 (ended July 30). Fiscal Q2 2024 ended on July 30, 2023.\n"
        "Revenue more than doubled from a year earlier, the company said.\n", encoding="utf-8")
    (tmp_path / "s.txt").write_text(
        "Chipmaker beats forecasts\n\nOn July 30, 2023, the company said revenue had more than doubled.\n"
        "Shares rose 8% after hours, traders said, as investors cheered.\n", encoding="utf-8")
    dates = {Path(d.source.path).name: d.source.date for d in load_sources([tmp_path]).documents}
    assert dates == {"r.txt": None, "s.txt": "2023-07-30"}


def test_a_date_naming_an_earlier_event_does_not_date_the_article(tmp_path):
    (tmp_path / "r.txt").write_text(
        "Court issues warrants\n\nThe court issued several arrest warrants on Thursday.\n"
        "The court accuses them of crimes related to the war in Gaza which followed Hamas' October 7, 2023 attack.\n",
        encoding="utf-8")
    (tmp_path / "s.txt").write_text(
        "Court issues warrants\n\nOn November 21, 2024, the court issued several arrest warrants.\n"
        "Inflation has cooled since the June 2023 peak, officials said.\n", encoding="utf-8")
    dates = {Path(d.source.path).name: d.source.date for d in load_sources([tmp_path]).documents}
    assert dates == {"r.txt": None, "s.txt": "2024-11-21"}


def test_dates_are_never_invented():
    (found,) = find_dates("on Wednesday 15th of October")
    assert found.year is None and found.iso() is None
    assert context_year(found, "Nothing else here mentions a year.") is None
    assert context_year(found, "Budgets for 2025 and 2024 were discussed.") == (
        2025, "the only year in the text (2025) where it falls on that weekday")
    assert context_year(found, "In 2014 and 2025 the same weekday.") is None  # both fit: unknown
    assert parse_date("18 Oct. 2024") == "2024-10-18" and parse_date("soon") is None
    assert find_dates("31 February 2025") == []


def test_inspect_report_on_seeds_shows_provenance_and_reasons():
    report = inspect_text([SEEDS])
    assert "== 000_458bd57e68a7d5e1" in report
    assert "date     2025-10-15   [manifest (sources.toml)]" in report
    assert "drop caption" in report and "drop translator credit" in report
    assert "   26 drop comment header   | 4 COMMENTS  <- comment count" in report
    assert "    5 keep subheading       | Armed defence and non-expansionist presence" in report
