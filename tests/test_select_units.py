"""Select stage rules one at a time, on short texts written for each rule."""

from __future__ import annotations

import pytest

from briefing import select
from briefing.config import Profile, Topic, load_profile
from briefing.errors import UsageError
from briefing.model import Quote
from briefing.select.candidates import build_candidates
from briefing.select.figures import compatible, find_figures
from briefing.select.text import fold, hype_hits
from briefing.select.topics import assign_topics
from select_support import analyse, document

TOPICS = [
    Topic(id="money", name="Money", description="Budgets and spending.", terms=["budget", "spending", "GDP"]),
    Topic(id="us", name="US", description="The United States.", terms=["US", "Washington"]),
    Topic(id="drones", name="Drones", description="Drones and air defence.", terms=["drone", "air defence"],
          exclude=["drone show"]),
]
PROFILE = Profile(name="t", key_points=3, words_total=900, words_per_topic=200, items_per_topic=5)


def _select(docs, topics=TOPICS, profile=PROFILE, **options):
    return select.select(docs, analyse(docs), topics, profile, select.SelectOptions(**options))


# ---------------------------------------------------------------- dates


def test_filter_by_date_is_inclusive_and_keeps_undated():
    docs = [document("a", "x.", "2025-01-01"), document("b", "x.", "2025-02-01"), document("c", "x.")]
    kept = select.filter_by_date(docs, "2025-01-15", "2025-02-01")
    assert [d.source.id for d in kept] == ["b", "c"]
    assert len(select.filter_by_date(docs, None, None)) == 3


@pytest.mark.parametrize("since,until", [("2025-13-01", None), ("yesterday", None), ("2025-03-01", "2025-01-01")])
def test_filter_by_date_refuses_bad_dates(since, until):
    with pytest.raises(UsageError) as err:
        select.filter_by_date([], since, until)
    assert "--since" in str(err.value)


# --------------------------------------------------------------- topics


def test_terms_match_inflections_and_compounds_but_not_the_pronoun_us():
    docs = [document("a", "The counter-drones were tested by the army over the weekend.\n"
                          "Ministers told us the plan is ready for the whole country now.\n"
                          "Officials in Washington said the US will keep its forces in place.\n"
                          "The annual drone show drew large crowds to the park on Sunday.")]
    cands = build_candidates(docs, analyse(docs))
    matches = assign_topics(cands, TOPICS)
    topics_of = {c.text.split()[1]: [m.topic for m in matches[c.id] if m.terms] for c in cands}
    assert "drones" in topics_of["counter-drones"]
    assert "us" not in topics_of["told"]
    assert "us" in topics_of["in"]
    assert "drones" not in topics_of["annual"]  # excluded phrase vetoes the topic


def test_fold_unifies_spelling_and_inflection():
    assert fold("defense") == fold("Defence") == fold("defences")
    assert fold("doubling") == fold("double") and fold("allies") == fold("ally")


# ------------------------------------------------- merging and ranking


def test_paraphrases_merge_into_one_item_citing_both_sources():
    a = document("a", "The finance minister said the defence budget will rise to 2.5% of GDP next year.",
                 "2026-05-04", outlet="Ministry of Finance")
    b = document("b", "Next year's defence budget is set to rise to 2.5% of GDP, the finance minister said.",
                 "2026-05-04", outlet="Daily Post")
    b_ = _select([a, b])
    items = [i for i in b_.all_items() if "2.5%" in i.text]
    assert len(items) == 1 and sorted(items[0].sources) == [1, 2]
    assert items[0].variants[0].source in (1, 2)
    assert b_.conflicts == []  # the same figure is not a disagreement


def test_hype_sentence_is_left_out_when_a_plain_one_says_it():
    text = ("In a stunning, historic move, the council slashed the drone budget.\n"
            "The council cut the drone budget by 10 million euros on Monday, its finance chief said.")
    b = _select([document("a", text, "2026-01-05")])
    assert [i.text for i in b.all_items() if "stunning" in i.text] == []
    assert hype_hits("In a stunning move") == ["stunning"]
    assert hype_hits("“It was a stunning result,” she said.") == []  # a speaker's own words


def test_questions_are_demoted():
    text = ("Will the drone budget ever be enough for the army?\n"
            "The army said the drone budget grew by 40 million euros this year.")
    b = _select([document("a", text, "2026-01-05")])
    assert all(not i.text.endswith("?") for i in b.all_items())


# ---------------------------------------------------------- conflicts


def test_qualified_figures_that_agree_are_not_a_conflict():
    assert compatible((25.0, None), (20.0, "more than"))
    assert not compatible((15.0, None), (20.0, "more than"))
    assert compatible((98.0, None), (100.0, "about"))
    a = document("a", "More than 20 countries have joined the drone coalition, the alliance said.", "2026-02-01")
    b = document("b", "25 countries have joined the drone coalition so far, the alliance said.", "2026-02-01")
    assert _select([a, b]).conflicts == []


def test_same_measure_different_figures_is_a_conflict_only_within_one_event():
    a = document("a", "Allies agreed to raise defence spending to 3% of GDP by 2030, the chair said.", "2026-02-01")
    b = document("b", "Allies agreed on Sunday to raise defence spending to 4% of GDP by 2030, the chair said.",
                 "2026-02-02")  # Sunday: the day before, the day source a reports
    old = document("c", "Allies agreed to raise defence spending to 2% of GDP by 2030, the chair said.", "2023-06-01")
    b_ = _select([a, b, old])
    assert len(b_.conflicts) == 1
    versions = {v.text: v.sources for v in b_.conflicts[0].versions}
    assert versions == {"3% of GDP": [1], "4% of GDP": [2]}
    assert "same event" in b_.conflicts[0].summary


def test_figures_of_different_years_are_different_targets():
    a = document("a", "Allies agreed to raise defence spending to 3% of GDP by 2030, the chair said.", "2026-02-01")
    b = document("b", "Allies agreed to raise defence spending to 5% of GDP by 2035, the chair said.", "2026-02-01")
    assert _select([a, b]).conflicts == []


def test_former_office_holders_are_not_a_role_conflict():
    a = document("a", "Norland’s Defence Minister Ann Berg said the drone budget will double, officials said.",
                 "2026-02-01")
    b = document("b", "Former Defence Minister Per Lund said Norland’s drone budget was too small for years.",
                 "2026-02-01")
    c = document("c", "Norland’s Defence Minister Eva Holm said the drone budget will double next year.", "2026-02-01")
    assert _select([a, b]).conflicts == []
    conflicts = _select([a, c]).conflicts
    assert len(conflicts) == 1 and {v.text for v in conflicts[0].versions} == {"Ann Berg", "Eva Holm"}


# ----------------------------------------------------------- profiles


def test_quotes_sheet_shows_quotes_with_their_speaker():
    text = ("The minister visited the drone factory in the north on Tuesday morning.\n"
            "“We will buy more drones this year than in the last five,” said Minister Ann Berg.")
    docs = [document("a", text, "2026-02-01")]
    analyses = analyse(docs)
    start = docs[0].text.index("We will")
    end = docs[0].text.index(",” said")
    analyses[0].quotes = [Quote("a", docs[0].text[start:end], start, end, speaker="Ann Berg")]
    press = load_profile("press")
    b = select.select(docs, analyses, TOPICS, press, select.SelectOptions())
    items = b.all_items()
    assert items and all(i.kind == "quote" and i.speaker == "Ann Berg" for i in items)
    assert items[0].text == "We will buy more drones this year than in the last five"
    assert b.key_points == []


def test_no_topic_match_gives_empty_sections_not_noise():
    docs = [document("a", "The harbour opened a new terminal for ferries on the east quay this week.", "2026-01-01")]
    b = _select(docs)
    assert b.all_items() == [] and b.key_points == [] and b.conflicts == []
    assert b.sources[0].number == 1 and b.coverage.sources == 1


def test_find_figures_reads_words_and_scales():
    figs = {f.surface: (f.kind, f.value, f.unit) for f in find_figures("x", "It committed two billion dollars, "
                                                                         "€3.5bn and 5% of GDP to nine Allies.")}
    assert figs["two billion dollars"] == ("money", 2e9, "USD")
    assert figs["€3.5bn"] == ("money", 3.5e9, "EUR")
    assert figs["5%"] == ("percent", 5.0, "%")
    assert figs["nine"] == ("count", 9.0, "count")


RATES = [Topic(id="rates", name="Rates", description="Interest rates.", terms=["rate", "interest rate"])]


def test_a_cut_in_points_is_not_compared_with_the_rate_level():
    from briefing.select.conflicts import figure_mentions

    a = document("a", "The central bank cut its main interest rate by a quarter point on Thursday, the governor said.",
                 "2026-03-12")
    b = document("b", "The central bank's main interest rate now stands at 3.25% after Thursday's decision, "
                      "the governor said.", "2026-03-12")
    docs = [a, b]
    cands = build_candidates(docs, analyse(docs))
    units = {m.shown: m.measure.unit for m in figure_mentions(cands, {d.source.id: d.text for d in docs})}
    assert units == {"a quarter point": "pp", "3.25%": "%"}  # analyze read both; they are not one measure
    assert _select(docs, topics=RATES).conflicts == []


def test_basis_points_and_points_are_one_measure():
    quarter = document("a", "The central bank cut its main interest rate by a quarter point on Thursday, "
                            "the governor said.", "2026-03-12")
    same = document("b", "The central bank cut its main interest rate by 25 basis points on Thursday, "
                         "the governor said.", "2026-03-12")
    half = document("c", "The central bank cut its main interest rate by 50 basis points on Thursday, "
                         "the governor said.", "2026-03-12")
    assert _select([quarter, same], topics=RATES).conflicts == []
    conflicts = _select([quarter, half], topics=RATES).conflicts
    assert len(conflicts) == 1
    assert {v.text for v in conflicts[0].versions} == {"a quarter point", "50 basis points"}


# ---------------------------------------------------------- key points


def _kp_pool(*specs):
    """(text, sources, score) -> the (group, item) pairs `key_points` ranks."""
    from types import SimpleNamespace

    from briefing.model import Item

    return [(SimpleNamespace(sources=sources, score=score),
             Item(id=f"t{n}-1", kind="statement", text=text, sources=[1], topic=f"t{n}"))
            for n, (text, sources, score) in enumerate(specs)]


def test_key_points_prefer_concise_items_and_named_subjects():
    from types import SimpleNamespace

    from briefing.select.choose import key_points

    ctx = SimpleNamespace(syndicate={})
    long = "Ministers met " + "and talked about many things " * 10 + "today."
    pool = _kp_pool((long, ["a", "b", "c"], 0.9),
                    ("He said the budget would double next year.", ["a", "b"], 0.6),
                    ("The minister said the budget would double next year.", ["a", "b"], 0.6),
                    ("The drone fleet will grow to forty aircraft, officials said.", ["a"], 0.5))
    picked = [i.text for i in key_points(pool, ctx, 3)]
    assert picked == [pool[2][1].text, pool[1][1].text, pool[3][1].text]  # named subject first, long one out
    assert key_points(pool, ctx, 4)[-1].text == long  # still a key point when nothing shorter is left


def test_an_earlier_event_with_many_facts_gets_its_fair_share_of_background():
    from types import SimpleNamespace

    from briefing.select.rank import background_slots

    def facts(n, score=0.5):
        return [SimpleNamespace(score=score) for _ in range(n)]

    words = lambda g: 25  # noqa: E731
    assert background_slots(facts(3), facts(8), 250, 10, words) == 3  # 3 of 11 facts, 10 items: 2.7 -> 3
    assert background_slots(facts(1), facts(15), 250, 10, words) == 2  # the usual two at least
    assert background_slots(facts(9), facts(3), 250, 10, words) == 3  # never more than a third
    assert background_slots(facts(3, score=0.1), facts(8), 250, 10, words) == 0  # nothing worth showing
    assert background_slots(facts(3), facts(8), 250, 3, words) == 0  # a short section keeps to the news


def test_an_untitled_holder_is_not_given_the_place_another_title_in_the_sentence_holds():
    a = document("a", "Meanwhile, President Zelenskiy is also set to sign long-term drone accords with "
                      "U.S. President Joe Biden and Japan on Thursday.", "2026-02-01")
    b = document("b", "Meanwhile, President Zelenskiy is also set to sign long-term drone accords with "
                      "U.S. President Joe Biden and Japan on Thursday, officials said.", "2026-02-01")
    c = document("c", "U.S. President Donald Trump will sign the drone accord on Thursday.", "2026-02-01")
    assert [c for c in _select([a, b]).conflicts if c.kind == "office"] == []
    (office,) = [c for c in _select([a, c]).conflicts if c.kind == "office"]  # still told apart from a real one
    assert {v.text for v in office.versions} == {"Joe Biden", "Donald Trump"}


def test_a_place_named_after_a_preposition_is_not_whose_figure_it_is():
    from briefing.select.conflicts import owner_of
    text = "A 7-magnitude earthquake struck southwest of Marrakech at a depth of 8 kilometers."
    assert owner_of(text, text.index("8 kilo"), 0) == frozenset()
    text = "Labour won 412 seats and the Conservatives 121 seats, while Germany's budget grew 2%."
    assert owner_of(text, text.index("121"), 0) == {"conservativ"}
    assert owner_of(text, text.index("2%"), 0) == {"germany"}


@pytest.mark.parametrize("a, b, agree", [
    (13.5e9, 13.51e9, True), (45, 45.3, True), (1.48e9, 1.478e9, True),  # the shorter is the other, rounded
    (5, 5.25, False),  # one significant digit says too little: a rate and the rate before it
    (250, 251, False), (2900, 2901, False),  # whole counts are exact
    (7.2, 7.4, False), (1.47e9, 1.48e9, False),
])
def test_a_rounded_value_agrees_with_the_precise_one(a, b, agree):
    from briefing.select.figures import compatible
    assert compatible((a, None), (b, None), rounding=True) is agree
    assert compatible((b, None), (a, None), rounding=True) is agree
    assert compatible((a, None), (b, None)) is (a == b)  # one claim needs the same value


def test_titled_people_listed_together_hold_their_own_offices():
    """"Prime Minister Modi, Prime Minister Anthony Albanese of Australia, and Prime Minister Fumio
    Kishida of Japan": the place after a name is that person's; a place elsewhere in a sentence
    naming several titled people is no one's in particular."""
    a = document("a", "Australian Prime Minister Anthony Albanese said the Quad would meet again next year.",
                 "2024-09-21")
    b = document("b", "It was attended by Prime Minister Modi, Prime Minister Anthony Albanese of Australia, "
                      "and Prime Minister Fumio Kishida of Japan.", "2024-09-21")
    assert [c for c in _select([a, b], topics=_LEADERS).conflicts if c.kind != "figure"] == []


_LEADERS = [Topic(id="leaders", name="Leaders", description="who said and attended what",
                  terms=["Prime Minister", "attended", "said", "Quad", "Chief"], examples=[])]



@pytest.mark.parametrize("text, surface, noun", [
    ("Officials issued as many as 116 tornado warnings across the state.", "as many as 116 tornado warnings across",
     "warnings"),
    ("There were over 125 warnings statewide on Wednesday.", "over 125 warnings statewide", "warnings"),
    ("Seven Board members voted for the cut.", "Seven", "members"),
    ("The four dissenting members voted to hold.", "four", "dissenting"),
    ("Boeing has 5,400 commercial airplanes on order.", "5,400", "commercial"),
    ("Nearly two dozen leaders attended.", "two", "dozen"),  # read on as 24 leaders by the caller
])
def test_a_count_counts_the_noun_after_its_number_whatever_the_surface_holds(text, surface, noun):
    from briefing.model import Figure
    from briefing.select.figures import counted_noun
    at = text.index(surface)
    assert counted_noun(Figure("a", surface, at, at + len(surface), 0.0, "count"), text)[0] == noun
