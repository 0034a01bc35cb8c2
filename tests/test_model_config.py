"""The Briefing JSON contract, the config loaders and the model loader."""

from __future__ import annotations

import pytest

from briefing.analyze import nlp
from briefing.config import load_profile, load_topics
from briefing.errors import ModelError, UsageError
from briefing.model import (Briefing, Conflict, ConflictVersion, Coverage, Event, FigureRef, Item,
                            Section, SourceEntry, Variant)


def _briefing() -> Briefing:
    item = Item(id="t-1", kind="quote", text="“We need it quickly,” he said. Ünïcode €", sources=[1, 2],
                speaker="Jane Doe", figures=[FigureRef("5% of GDP", 5.0, "%", year=2035)],
                variants=[Variant(2, "other wording")], score_parts={"corroboration": 0.5})
    return Briefing(
        title="T", generated="2025-10-15", audience="analyst",
        coverage=Coverage(sources=2, outlets=["A"], date_from="2025-10-15", date_to=None, undated=1),
        key_points=[item], sections=[Section("t", "Topic", items=[item])],
        conflicts=[Conflict("c1", "t", "share of GDP", "5% vs 2%",
                            [ConflictVersion("5%", [1]), ConflictVersion("2%", [2])])],
        events=[Event("e1", "Meeting", "2025-10-15", [1], main=True)],
        sources=[SourceEntry(1, "a", "a.txt"), SourceEntry(2, "b", "b.txt")], matrix={"t": [1, 2]},
    )


def test_briefing_round_trips_through_json():
    original = _briefing()
    again = Briefing.from_json(original.to_json())
    assert again == original
    assert isinstance(again.sections[0].items[0].figures[0], FigureRef)
    assert again.to_json() == original.to_json()


def test_default_topics_and_profiles_load():
    topics = load_topics()
    assert [t.id for t in topics] == ["defence-spending", "drones", "ukraine-aid", "us-role"]
    assert all(t.terms for t in topics)
    for name in ("analyst", "executive", "press"):
        assert load_profile(name).name == name


def test_unknown_audience_names_the_choices():
    with pytest.raises(UsageError, match="unknown audience 'minister'.*analyst"):
        load_profile("minister")


@pytest.mark.parametrize("body, message", [
    ("not toml = = 1", "not valid TOML"),
    ("[[topic]]\nid = 'a'\n", "needs both 'id' and 'name'"),
    ("[[topic]]\nid='a'\nname='A'\ncolour='red'\n", "unknown field"),
    ("[[topic]]\nid='a'\nname='A'\n[[topic]]\nid='a'\nname='B'\n", "unique"),
    ("title = 'x'\n", "no \\[\\[topic\\]\\]"),
])
def test_bad_topics_file_is_one_clear_error(tmp_path, body, message):
    path = tmp_path / "topics.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_topics(path)


def test_missing_model_says_what_to_install():
    with pytest.raises(ModelError, match="pip install"):
        nlp.model_name("no_such_model_package")


def test_model_prefers_official_package_name_when_both_exist():
    assert nlp.MODEL_CANDIDATES[0] == "en_core_web_sm"
    assert nlp.model_name() in nlp.MODEL_CANDIDATES
