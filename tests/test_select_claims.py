"""Claim alignment on sentences written for it: each kind of disagreement, and the look-alikes
that are not one (compatible values, different offices, different measures, different years).

Sentences go through the real pipeline (spaCy parse, analysis, candidates), so the clauses
compared are the ones a build would compare.
"""

from __future__ import annotations

import pytest

from briefing.analyze import extract
from briefing.model import Block, Document, Source
from briefing.select import SelectOptions, select
from briefing.select.candidates import candidates_of
from briefing.select.claims import claim_of, compare, time_of, values_agree, Reading
from briefing.select.text import Folder
from select_support import document

FOLDER = Folder()


def _candidate(text: str, sid: str = "s"):
    """The first candidate of a one-paragraph text, and its claim."""
    doc = Document(Source(sid, sid), text, [Block("paragraph", 0, len(text))])
    cand = candidates_of(0, doc, extract(doc), FOLDER)[0]
    return cand, claim_of(cand, text)


def _claim(text: str, sid: str = "s"):
    return _candidate(text, sid)[1]


def _verdict(a: str, b: str, cosine: float = 0.2):
    return compare(_claim(a, "a"), _claim(b, "b"), cosine)


# ------------------------------------------------------------------ the same fact

@pytest.mark.parametrize("a, b", [
    ("The Federal Reserve cut interest rates by half a percentage point on Wednesday.",
     "The Fed lowered its benchmark rate by 50 basis points, officials said."),
    ("More than 20 countries joined the programme, the minister said.",
     "Twenty-five countries have joined the programme so far."),
    ("The agency said 194 people were killed in the floods.",
     "Nearly 200 people were killed in the floods, the agency said."),
    ("The bank pledged around $2 billion to the fund.",
     "The bank pledged $2.1 billion to the fund on Monday."),
])
def test_the_same_fact_in_other_words_aligns(a, b):
    verdict = _verdict(a, b)
    assert verdict.same and verdict.conflict is None, verdict


def test_the_same_quote_aligns_and_a_paraphrase_of_the_setting_does_not():
    quote = "“We will not hand over the presidency to an empty chair,” Ramaphosa said."
    assert _verdict(quote, "Ramaphosa said: “We will not hand over the presidency to an empty chair.”").same
    setting = _verdict("Leaders gathered in Johannesburg for the summit on Saturday.",
                       "The summit in Johannesburg discussed debt relief for poor countries.")
    assert not setting.same and setting.conflict is None


# ------------------------------------------------------------------ disagreements

@pytest.mark.parametrize("a, b, slot", [
    ("Sixteen countries have joined the programme so far.",
     "Seventeen countries have joined the programme, the minister said.", "figure"),
    ("Nearly two dozen leaders attended the summit.",
     "More than two dozen leaders attended the summit in Kazan.", "figure"),
    ("The EU pledged €2 billion to the fund.", "The EU pledged $2.2 billion to the fund, officials said.", "figure"),
    ("The leaders adopted a 30-page declaration on Sunday.",
     "The leaders adopted a 39-page declaration on Sunday.", "figure"),
    ("South Africa refused to hand over the presidency to the United States.",
     "South Africa handed over the presidency to the United States on Sunday.", "polarity"),
    ("Leaders adopted the declaration unanimously on Saturday.",
     "Argentina objected to the declaration, which leaders adopted on Saturday.", "unanimity"),
    ("The assembly adopted the text on Saturday.", "The assembly adopted the text on Sunday.", "date"),
    # a light verb whose object names the act, and the part of a day naming its day
    ("Hurricane Helene made landfall late Thursday night near Perry.",
     "Helene made a devastating landfall in the Big Bend region late Wednesday night.", "date"),
    # the day of the meeting the vote was taken at; the day of what the vote decided
    ("At a meeting on Wednesday, the Monetary Policy Committee voted by a majority of 5-4 to cut rates.",
     "The nine-member Monetary Policy Committee voted to bring borrowing costs down on Thursday.", "date"),
    # a dateline the parse takes for the subject is not a second actor
    ("CRAWFORDVILLE, Fla. — Hurricane Helene made landfall late Thursday night in Perry.",
     "Hurricane Helene made landfall in the Big Bend region on Friday.", "date"),
    ("The company reported revenue of $13.51 billion for the quarter, up 101% from a year earlier.",
     "The company reported revenue of $6.7 billion for the quarter, analysts said.", "figure"),
    ("The magnitude 6.8 earthquake struck at a depth of 18.5 km, the USGS said.",
     "The magnitude 7 earthquake struck at a depth of 8 km, the national institute said.", "figure"),
    ("The company expects third-quarter revenue of $16 billion, plus or minus 2%.",
     "The company forecast third-quarter revenue of about $12.5 billion.", "figure"),
])
def test_each_kind_of_disagreement_is_found(a, b, slot):
    verdict = _verdict(a, b)
    assert verdict.conflict == slot and not verdict.same, verdict


def test_more_than_and_nearly_the_same_number_exclude_each_other():
    more = Reading("count", "", "leader", 24.0, "more than", "more than two dozen")
    nearly = Reading("count", "", "leader", 24.0, "nearly", "nearly two dozen")
    about = Reading("count", "", "leader", 25.0, "about", "about 25")
    assert not values_agree(more, nearly)
    assert values_agree(more, about) and values_agree(nearly, Reading("count", "", "leader", 23.0, None, "23"))


# ------------------------------------------------------------------ look-alikes

@pytest.mark.parametrize("a, b", [
    # different offices: two countries' presidents
    ("Brazil's President Lula welcomed the deal.", "President Ramaphosa welcomed the deal at the summit."),
    # different measures: a programme's pledge and one country's yearly aid
    ("Germany pledged €500 million in aid this year.", "Allies have committed $2 billion under the programme."),
    # different owners of one kind of figure
    ("Labour won 412 seats in the general election.", "The Conservatives won 121 seats in the general election."),
    # something nearby, no claim in common
    ("The summit opened in Johannesburg with leaders from 20 nations present.",
     "The minister said the working group would begin meeting in July."),
    # urged is not done
    ("Pandor said the court should have called for a ceasefire.", "The court did not call for a ceasefire."),
])
def test_look_alikes_are_neither_the_same_nor_a_disagreement(a, b):
    verdict = _verdict(a, b)
    assert not verdict.same and verdict.conflict is None, verdict


def test_coming_close_to_an_act_is_not_doing_it():
    verdict = _verdict("The Fed came closer than ever before to declaring victory over inflation on Wednesday.",
                       "Powell noted the Fed is not declaring a full victory over inflation yet.")
    assert verdict.conflict is None  # neither says victory was declared: no disagreement


def test_different_target_years_are_different_targets():
    verdict = _verdict("Allies agreed to raise defence spending to 3% of GDP by 2030.",
                       "Allies agreed to raise defence spending to 5% of GDP by 2035.")
    assert verdict.conflict is None


def test_a_claim_is_about_the_day_its_sentence_names():
    claim = _claim("The ministry said on Wednesday that 144 people had died.")
    assert time_of(claim, "2025-03-28") == "2025-03-26"  # a Friday paper's Wednesday
    assert time_of(_claim("The death toll from the quake rose to 3,354 on 5 April."), "2025-04-06") == "2025-04-05"
    assert time_of(_claim("The death toll from the quake rose to 3,354."), "2025-04-06") == "2025-04-06"
    assert time_of(claim, None) is None


# ------------------------------------------------------------------ in a briefing

def _brief(*docs, topics=None):
    from briefing.config import Topic, load_profile
    topics = topics or [Topic(id="toll", name="Toll", description="deaths and injuries",
                              terms=["dead", "killed", "toll", "died"], examples=[])]
    analyses = [extract(d) for d in docs]
    return select(list(docs), analyses, topics, load_profile("analyst"), SelectOptions(generated="2026-01-01"))


def test_a_rising_toll_is_a_trend_led_by_its_latest_value_not_a_disagreement():
    first = document("a", "The death toll from the earthquake rose to 144, the ministry said.", "2025-03-28")
    later = document("b", "The death toll from the earthquake rose to 3,354, the ministry said.", "2025-04-05")
    again = document("c", "The death toll from the earthquake rose to 3,354, officials said.", "2025-04-05")
    b = _brief(first, later, again)
    assert b.conflicts == []
    (trend,) = b.trends
    assert [p.text for p in trend.points][:2] == ["3,354", "144"] and trend.points[0].date == "2025-04-05"
    assert "3,354" in trend.summary and "up from 144" in trend.summary and "5 April 2025" in trend.summary
    assert not any("144" in k.text for k in b.key_points)  # superseded: never a key point


def test_values_for_the_same_day_that_differ_are_a_disagreement():
    from briefing.config import Topic
    topics = [Topic(id="relief", name="Relief", description="aid", terms=["tents", "rescuers"], examples=[])]
    a = document("a", "The army sent 3,354 tents to the region on Tuesday, the ministry said.", "2025-04-05")
    b = document("b", "The army sent 3,100 tents to the region on Tuesday, the ministry said.", "2025-04-05")
    brief = _brief(a, b, topics=topics)
    assert len(brief.conflicts) == 1 and brief.trends == []
    assert {v.text for v in brief.conflicts[0].versions} == {"3,354 tents", "3,100 tents"}


def test_a_toll_is_one_measure_however_worded_and_its_day_reads_its_highest_figure():
    first = document("a", "The preliminary toll reached 296 people killed, the ministry said.", "2023-09-09")
    same_day = document("b", "The death toll from the quake has risen to 1,037 dead, officials said.", "2023-09-09")
    later = document("c", "The death toll climbed to 2,122 on Sunday, the interior ministry said.", "2023-09-10")
    brief = _brief(first, same_day, later)
    assert brief.conflicts == []  # a toll rising within a day is not outlets at odds
    (trend,) = brief.trends
    assert [p.date for p in trend.points] == ["2023-09-10", "2023-09-09"]
    assert trend.points[0].text.startswith("2,122") and trend.points[1].text.startswith("1,037")
    assert trend.measure == "death toll"


def test_a_merged_item_cites_only_sources_stating_its_claim_with_their_sentences():
    from briefing.config import Topic
    topics = [Topic(id="rates", name="Rates", description="interest rates", terms=["rate", "basis points"],
                    examples=[])]
    a = document("a", "The Federal Reserve cut interest rates by half a percentage point on Wednesday.", "2024-09-18")
    b = document("b", "The Fed lowered its benchmark rate by 50 basis points on Wednesday, officials said.",
                 "2024-09-18")
    c = document("c", "Mortgage rates fell on Wednesday as markets rallied in New York.", "2024-09-18")
    brief = _brief(a, b, c, topics=topics)
    cut = next(i for i in brief.all_items() + brief.key_points if "cut" in i.text or "lowered" in i.text)
    assert sorted(cut.sources) == [1, 2]
    assert {e.source for e in cut.evidence} == {1, 2}
    assert all(e.text in (a.text, b.text) for e in cut.evidence)


def test_a_trend_is_shown_in_every_text_format_as_a_change_not_a_disagreement():
    from briefing.config import load_profile
    from briefing.render import render_bytes

    first = document("a", "The death toll from the earthquake rose to 144, the ministry said.", "2025-03-28")
    later = document("b", "The death toll from the earthquake rose to 3,354, the ministry said.", "2025-04-05")
    brief = _brief(first, later)
    for fmt in ("md", "html"):
        out = render_bytes(brief, fmt, load_profile("analyst")).decode("utf-8")
        assert "changed over time, not a disagreement" in out and "up from 144" in out, fmt


def test_a_trend_leads_with_the_days_most_precise_reading_and_names_whose_figure_it_is():
    from briefing.config import Topic
    topics = [Topic(id="seats", name="Seats", description="seats won", terms=["seats", "won"], examples=[])]
    poll = document("a", "Labour is predicted to win 410 seats in the general election, the exit poll said.",
                    "2024-07-04")
    rough = document("b", "Labour will have about 410 seats in the general election, projections said.",
                     "2024-07-05")
    count = document("c", "Labour clinched 412 seats in the general election, the final count showed.",
                     "2024-07-05")
    brief = _brief(poll, rough, count, topics=topics)
    assert brief.conflicts == []
    (trend,) = brief.trends
    assert trend.points[0].text == "412 seats" and trend.points[0].sources == [3]
    assert trend.summary.startswith("Labour seats: 412 seats on 5 July 2024") and "up from 410 seats" in trend.summary


# ------------------------------------------------------------------ figures and their partners

def test_a_figure_shared_is_not_set_against_the_others_figures():
    verdict = _verdict("Revenue climbed 101% year-over-year to a record $13.51 billion.",
                       "The company's revenue stood at $13.51 billion, beating the forecast of $11.22 billion.")
    assert verdict.conflict is None and "differs" not in verdict.why, verdict


@pytest.mark.parametrize("a, b", [
    # the injured and the dead count people in two roles
    ("Another 672 people were injured, the ministry said.", "The quake killed at least 2,012 people, the ministry said."),
    # a percentage before its noun measures that noun: an inflation target is not the policy rate
    ("Inflation remains above the Fed's 2% target, and the Fed cut rates on Wednesday.",
     "The Fed cut rates on Wednesday to a new range of 4.75%-5%."),
])
def test_figures_of_two_measures_are_not_compared(a, b):
    verdict = _verdict(a, b)
    assert verdict.conflict is None and "differs" not in verdict.why, verdict


def test_a_change_in_points_keeps_its_measure_whatever_noun_follows():
    change = _claim("The Fed made a 0.25 percentage point cut on Wednesday.").readings
    level = _claim("Inflation remains above the Fed's 2% target.").readings
    assert [(r.unit, r.noun) for r in change] == [("pp", "")]  # compared with "by 50 basis points"
    assert [(r.unit, r.noun) for r in level] == [("%", "target")]


def test_an_undated_source_sharing_the_main_events_claims_is_compared_with_it():
    from briefing.config import Topic
    topics = [Topic(id="results", name="Results", description="quarterly results",
                    terms=["revenue", "billion", "quarter"], examples=[])]
    a = document("a", "Acme reported second-quarter revenue of $13.51 billion on Wednesday.\n"
                      "Acme's board approved $25 billion in share buybacks.", "2023-08-23")
    b = document("b", "Acme reported second-quarter revenue of $13.51 billion on Wednesday, analysts said.\n"
                      "Acme's board approved $25 billion in share buybacks, the company said.", "2023-08-23")
    c = document("c", "Acme reported second-quarter revenue of $12.9 billion on Wednesday.\n"
                      "Acme's board approved $25 billion in share buybacks, filings show.")
    brief = _brief(a, b, c, topics=topics)
    assert [e.label for e in brief.events if not e.date] == ["date unknown"]  # c stays undated
    (conflict,) = brief.conflicts
    assert {v.text for v in conflict.versions} == {"$13.51 billion", "$12.9 billion"}
    assert "3 undated" in conflict.summary


def test_an_undated_toll_is_not_set_against_a_dated_one():
    a = document("a", "The death toll from the earthquake rose to 144, the ministry said.", "2025-03-28")
    b = document("b", "The death toll from the earthquake rose to 144, officials said.", "2025-03-28")
    c = document("c", "The death toll from the earthquake rose to 3,354, the ministry said.")
    assert _brief(a, b, c).conflicts == []


def test_sources_own_aliases_join_the_owners_of_a_figure():
    from briefing.config import Topic
    from briefing.select.aliases import find_aliases

    assert find_aliases(["The Conservatives, or Tories as they are commonly known, trailed behind."]) == \
        {"tory": "conservativ"}
    assert find_aliases(["France, or Germany, will host the next summit."]) == {}  # a list, not a name
    topics = [Topic(id="seats", name="Seats", description="seats won and lost", terms=["seats"], examples=[])]
    a = document("a", "The Conservatives, or Tories as they are commonly known, trailed behind, "
                      "having lost 250 seats since the last election.", "2024-07-05")
    b = document("b", "The Tories suffered a massive blow, losing 251 seats since the last election.", "2024-07-05")
    (conflict,) = _brief(a, b, topics=topics).conflicts
    assert {v.text for v in conflict.versions} == {"250 seats", "251 seats"}


@pytest.mark.parametrize("a, b", [
    # the day belongs to another clause: the search on Saturday, the quake on Friday
    ("Rescuers searching for survivors dug through the rubble of collapsed houses in remote mountain villages "
     "of Morocco on Saturday, as armed forces were pressed into action.",
     "Rescuers in Morocco are searching for survivors of the powerful earthquake that hit on Friday."),
])
def test_a_day_named_in_another_clause_is_not_a_date_disagreement(a, b):
    assert _verdict(a, b).conflict != "date"


def test_two_outlets_on_the_day_of_one_act_disagree_though_their_days_differ():
    """A date disagreement is about different days: that the two sentences' days differ is what it
    finds, not a sign that a later day reports a change."""
    from briefing.config import Topic
    topics = [Topic(id="storm", name="Storm", description="the hurricane", terms=["landfall", "hurricane"],
                    examples=[])]
    a = document("a", "Hurricane Helene made landfall late Thursday night near Perry, Florida.", "2024-09-27")
    b = document("b", "Hurricane Helene made a devastating landfall in the Big Bend region late Wednesday night.",
                 "2024-09-27")
    (conflict,) = _brief(a, b, topics=topics).conflicts
    assert conflict.kind == "date" and "thursday / wednesday" in conflict.summary


def test_a_scale_fixed_to_its_number_is_the_measure():
    for text in ("The 6.8-magnitude quake struck the mountains.", "A magnitude 6.8 earthquake struck the mountains."):
        assert [(r.noun, r.value) for r in _claim(text).readings] == [("magnitud", 6.8)], text
    assert [r.noun for r in _claim("Labour won with an 80-seat majority.").readings] != ["seat"]
    verdict = _verdict("Officials had previously announced that a 7-magnitude earthquake struck the region.",
                       "The 6.8-magnitude quake struck the region, the US Geological Survey reported.")
    assert verdict.conflict == "figure", verdict


def test_a_toll_its_source_calls_preliminary_is_not_at_odds_with_a_later_one_that_day():
    a = document("a", "The preliminary death toll from the earthquake reached 296, the ministry said.", "2023-09-09")
    b = document("b", "Updated figures showed the death toll from the earthquake reached 820.", "2023-09-09")
    c = document("c", "The death toll from the earthquake reached 296, officials said.", "2023-09-09")
    assert _brief(a, b, c).conflicts == []


def test_one_remark_printed_in_other_words_is_noted_even_off_topic_and_never_from_a_translation():
    from briefing.config import Topic
    topics = [Topic(id="rates", name="Rates", description="interest rates", terms=["rate"], examples=[])]
    a = document("a", "The Fed cut its rate on Wednesday.\n“We’re not saying ‘mission accomplished’ … but I have "
                      "to say, though, we’re encouraged by the progress that we have made,” Powell said.", "2024-09-18")
    b = document("b", "The Fed cut its rate on Wednesday.\n“We’re not saying ‘mission accomplished’ … but I will "
                      "say we’re encouraged by the progress we’ve made,” Powell said.", "2024-09-18")
    brief = _brief(a, b, topics=topics)
    assert brief.conflicts == []  # the same figures and negations: an edit or a translation, not a disagreement
    (note,) = [n for n in brief.notes if "printed differently" in n]
    assert note.startswith("Jerome Powell's words") or note.startswith("Powell's words")
    assert "source 1" in note and "source 2" in note
    # a figure or a negation changed is another thing said: a disagreement
    c = document("c", b.text.replace("We’re not saying", "We’re saying"), "2024-09-18")
    (conflict,) = _brief(a, c, topics=topics).conflicts
    assert conflict.kind == "quote" and len(conflict.versions) == 2 and "Powell" in conflict.measure
    c.source.translated = True  # a translator credit was cut from it: its words are the translator's
    brief = _brief(a, c, topics=topics)
    assert brief.conflicts == [] and not [n for n in brief.notes if "printed differently" in n]


def test_a_translator_credit_marks_the_source_as_translated(tmp_path):
    from briefing import ingest
    plain = tmp_path / "a.txt"
    plain.write_text("Rutte said the alliance would defend every inch of its territory, officials said.\n",
                     encoding="utf-8")
    credited = tmp_path / "b.txt"
    credited.write_text("Ministers agreed on new air defence purchases at the Brussels meeting on Thursday.\n\n"
                        "English version by the Translation Service of Withub\n", encoding="utf-8")
    docs = ingest.load_sources([str(plain), str(credited)]).documents
    assert [d.source.translated for d in docs] == [False, True]


def test_what_a_count_is_of_is_its_measure_unless_it_is_a_plain_total():
    readings = {s: [(r.noun, r.value) for r in _claim(s).readings] for s in (
        "Labour has secured 412 seats, a gain of 214.", "Labour won a majority of 174 seats.",
        "The party won a total of 412 seats.")}
    assert readings == {"Labour has secured 412 seats, a gain of 214.": [("seat", 412.0), ("gain", 214.0)],
                        "Labour won a majority of 174 seats.": [("majority", 174.0)],
                        "The party won a total of 412 seats.": [("seat", 412.0)]}
    verdict = _verdict("Labour saw a gain of 211 seats since the last election in 2019.",
                       "Labour secured 412 seats in the election, a gain of 214 since 2019.")
    assert "gain" in verdict.why and verdict.conflict in ("figure", None) and not verdict.same, verdict


def test_a_unit_written_against_its_number_is_read_and_named_measures_compare_in_one_unit():
    from briefing.analyze import extract
    text = "The quake was at a depth of 18.5km (11.5 miles) and a 500MW plant shut down."
    doc = Document(Source("a", "a"), text, [Block("paragraph", 0, len(text))])
    assert [(f.surface, f.unit, f.value) for f in extract(doc).figures][:3] == [
        ("18.5km", "km", 18.5), ("11.5 miles", "miles", 11.5), ("500MW", "mw", 500.0)]
    km = [r.noun for r in _claim("The quake struck at a depth of approximately 8 kilometers.").readings]
    miles = [r.noun for r in _claim("The quake struck at a depth of 5 miles.").readings]
    assert km == ["depth in km"] and miles == ["depth in mi"]  # never 8 set against 5


def test_a_quake_hits_a_region_and_a_toll_hits_a_figure():
    assert [a.action for a in _claim("The magnitude 6.8 earthquake hit the remote mountain region.").acts] == ["strike"]
    assert [a.action for a in _claim("The death toll hit 2,000 on Sunday.").acts] == ["reach"]


def test_a_magnitude_given_on_two_days_is_a_disagreement_not_a_trend():
    from briefing.config import Topic
    topics = [Topic(id="quake", name="Quake", description="the earthquake", terms=["quake", "earthquake"],
                    examples=[])]
    a = document("a", "The 6.8-magnitude quake struck the mountains on Friday, killing at least 296 people.", "2023-09-09")
    b = document("b", "A 7-magnitude earthquake struck the mountains on Friday, the institute said.", "2023-09-10")
    brief = _brief(a, b, topics=topics)
    assert brief.trends == [] and [c.measure for c in brief.conflicts] == ["magnitude"]


def test_two_tolls_worded_differently_are_not_one_claim():
    verdict = _verdict("The death toll from the devastating earthquake has reached at least 2,901, the ministry said.",
                       "Authorities said the preliminary toll of the earthquake has reached 296 people killed "
                       "and 153 others injured.")
    assert not verdict.same and verdict.conflict == "figure", verdict


def _quote_conflicts(a_text: str, b_text: str) -> list:
    """One remark printed in other words: a disagreement when a figure or negation differs, else a
    note (a translation or an edit); both are listed here, as the conflict or the note's text."""
    from briefing.config import Topic
    topics = [Topic(id="court", name="Court", description="the ruling", terms=["ruling", "court"], examples=[])]
    a = document("a", "The court ruled on Monday.\n" + a_text, "2024-07-01")
    b = document("b", "The court ruled on Monday.\n" + b_text, "2024-07-01")
    brief = _brief(a, b, topics=topics)
    return [c for c in brief.conflicts if c.kind == "quote"] + [n for n in brief.notes if "printed differently" in n]


def _versions(found) -> int:  # noqa: ANN001 - a Conflict or a note's text
    return found.count(" and by ") + 1 if isinstance(found, str) else len(found.versions)


def test_one_wording_in_other_case_and_marks_is_one_version():
    long = ("“The president therefore may not be prosecuted for exercising his core constitutional powers, and he is "
            "entitled, at a minimum, to a presumptive immunity from prosecution for all his official acts,” Roberts wrote.")
    same = long.replace("The president", "The President").replace("acts,”", "acts.”")
    other = ("“Thus, the President cannot be prosecuted for the exercise of core Constitutional powers and, at a "
             "minimum, enjoys a presumptive immunity from prosecution for all official acts,” Roberts wrote.")
    assert _quote_conflicts(long, same) == []
    (conflict,) = _quote_conflicts(long, other)
    assert _versions(conflict) == 2


@pytest.mark.parametrize("a, b, flagged", [
    # two fragments of one remark in two wordings
    ("Roberts wrote that immunity protects “an energetic, independent executive.”",
     "Roberts wrote that immunity is needed to protect a “vigorous and independent executive.”", True),
    # two remarks from one dissent sharing a phrase
    ("Sotomayor warned in her dissent: “The president is now a king above the law.”",
     "Sotomayor said the decision “makes a mockery of the bedrock principle of our Constitution and system of "
     "government, that no person is above the law.”", False),
    # a short fragment set against a long quote it shares a phrase with
    ("Sotomayor said the ruling made the president “a king above the law.”",
     "Sotomayor said the decision “makes a mockery of the bedrock principle of our Constitution and system of "
     "government, that no person is above the law.”", False),
])
def test_remarks_are_one_when_most_of_their_content_words_recur_together(a, b, flagged):
    assert bool(_quote_conflicts(a, b)) is flagged


def test_an_act_on_course_to_happen_is_not_done():
    (act,) = [x for x in _claim("The alliance was on course to reach the majority mark.").acts if x.action == "reach"]
    assert act.modal
    verdict = _verdict("The alliance was on course to reach the majority mark.",
                       "The alliance failed to reach the majority mark.")
    assert verdict.conflict is None, verdict


@pytest.mark.parametrize("text", [
    "Its allies, the TDP and the JDU, won 16 and 12 seats, respectively, the commission said.",
    "The TDP and the JDU won 16 and 12 seats, the commission said.",
    "Two more bodies were found in the mountains on Friday, the agency said.",
    "Another 300 troops were sent to the region on Friday, the agency said.",
])
def test_a_figure_shared_out_or_added_is_not_a_value_of_the_measure(text):
    assert _mentions(text) == []


def _mentions(text: str) -> list:
    from briefing.select.conflicts import figure_mentions
    doc = Document(Source("s", "s"), text, [Block("paragraph", 0, len(text))])
    return [m.shown for m in figure_mentions(candidates_of(0, doc, extract(doc), FOLDER), {"s": text})]


def test_a_range_is_still_a_value():
    assert _mentions("Between 5 and 10 people were killed on Friday.")


def _topics(name: str, *terms: str) -> list:
    from briefing.config import Topic
    return [Topic(id=name, name=name.title(), description=name, terms=list(terms), examples=[])]


@pytest.mark.parametrize("term, one, look_alike, clash", [
    # counts of one act in two places are two counts
    ("rescued", "On Thursday more than 20 people were rescued from a collapsed building in Hualien.",
     "On Thursday a helicopter rescued six people who had been trapped in a mining area.",
     "On Thursday 12 people were rescued from a collapsed building in Hualien."),
    # a figure of another year is not this event's
    ("vote", "Sheinbaum won 58% of the vote on Sunday, the electoral institute said.",
     "Lopez Obrador, who won 53% of the vote in 2018, was barred from running again.",
     "Sheinbaum won 61% of the vote on Sunday, the electoral institute said."),
])
def test_a_look_alike_is_not_a_disagreement_and_the_real_one_is(term, one, look_alike, clash):
    topics = _topics("subject", term)
    day = "2024-06-03"
    assert _brief(document("a", one, day), document("b", look_alike, day), topics=topics).conflicts == []
    (conflict,) = _brief(document("a", one, day), document("c", clash, day), topics=topics).conflicts
    assert len(conflict.versions) == 2


def test_a_count_beside_a_toll_of_the_same_number_is_not_the_toll():
    a = document("a", "Rescuers searched on Friday for a dozen people still missing, as the death toll rose to 12.",
                 "2024-04-05")
    b = document("b", "The death toll from the earthquake rose to 13 on Saturday, the agency said.", "2024-04-06")
    (trend,) = _brief(a, b).trends
    assert [p.text for p in trend.points] == ["13", "12"] and trend.measure == "death toll"


def test_a_capitalised_first_word_is_an_owner_only_when_the_source_writes_it_as_a_name():
    from briefing.select.conflicts import owner_of
    text = "Rescuers 12 found. Labour 412 seats. Critics said the rescuers and Labour won."
    assert owner_of(text, text.index("12"), 0) == frozenset()
    assert owner_of(text, text.index("412"), text.index("Labour")) == frozenset({"labour"})


def test_as_expected_is_a_comment_not_a_forecast():
    verdict = _verdict("The central bank said on Thursday that it lowered key rates by 25 basis points, as expected.",
                       "The central bank is expected to agree to a cut in interest rates after a series of hikes.")
    assert not verdict.same, verdict
    assert {a.action for a in _claim("The bank cut rates, as widely expected by markets.").acts} == {"cut"}


def _money_brief(*texts_dates):
    from briefing.config import Topic
    topics = [Topic(id="results", name="Results", description="revenue and earnings", terms=["revenue", "sales"],
                    examples=[])]
    docs = [document(chr(97 + k), text, date) for k, (text, date) in enumerate(texts_dates)]
    return _brief(*docs, topics=topics)


def test_a_segments_revenue_is_not_set_against_the_companys():
    whole = ("It reported revenue of $13.5 billion for the second quarter on Wednesday.", "2023-08-23")
    part = ("This segment alone reported revenue of $10.32 billion for the second quarter on Wednesday.", "2023-08-23")
    other = ("It reported revenue of $11.9 billion for the second quarter on Wednesday.", "2023-08-23")
    assert _money_brief(whole, part).conflicts == []
    assert len(_money_brief(whole, other).conflicts) == 1


def test_one_quarters_revenue_is_not_anothers_and_guidance_is_no_result():
    assert _money_brief(("The company reported second-quarter revenue of $13.5 billion.", "2023-08-23"),
                        ("The company reported third-quarter revenue of $16 billion.", "2023-08-23")).conflicts == []
    brief = _money_brief(("The company now expects Q3 sales to come in at $16 billion.", "2023-08-23"),
                         ("The company generated revenue of $13.51 billion in the quarter.", "2023-08-24"))
    assert brief.conflicts == [] and brief.trends == []


def test_one_quarters_revenue_given_differently_is_a_disagreement():
    brief = _money_brief(("The company reported second-quarter revenue of $13.51 billion on Wednesday.", "2023-08-23"),
                         ("The company reported second-quarter revenue of $6.7 billion on Wednesday.", "2023-08-23"))
    (conflict,) = brief.conflicts
    assert {v.text for v in conflict.versions} == {"$13.51 billion", "$6.7 billion"}


def test_a_period_is_read_from_its_sentence():
    from briefing.select.figure_slots import period_of
    for text, want in [("Q3 2024 sales of $16 billion", "q3"), ("second-quarter revenue of $13.5 billion", "q2"),
                       ("revenue for the fiscal year 2024 was $391 billion", "fy24"), ("revenue of $94.9 billion", ""),
                       ("full-year revenue of $391 billion", "year")]:
        at = text.index("$")
        assert period_of(text, at, 0, len(text)) == want, text


@pytest.mark.parametrize("text", [
    "The Labour leader has secured the 326 seats required for a majority in the House of Commons.",
    "The party failed to reach the 272-majority mark on Wednesday.",
])
def test_a_threshold_is_not_a_result(text):
    assert _mentions(text) == []


def test_an_expected_figure_is_compared_only_with_expectations():
    actual = ("The company reported revenue of $13.51 billion for the quarter on Wednesday.", "2023-08-23")
    consensus = ("The company reported revenue on Wednesday, beating analysts' expectations of $11.22 billion.",
                 "2023-08-23")
    other = ("The company reported revenue of $11.9 billion for the quarter on Wednesday.", "2023-08-23")
    assert _money_brief(actual, consensus).conflicts == []
    assert len(_money_brief(actual, other).conflicts) == 1  # two results do clash


def test_who_expected_a_figure_is_read_before_and_after_it():
    from briefing.select.figure_slots import role_of
    for text, figure, want in [
        ("Earnings reached $2.70 a share, compared to an estimated $2.09 per share.", "$2.09", "consensus"),
        ("Revenue rose 88% to $13.51 billion, beating the $11.22 billion analysts expected.", "$11.22", "consensus"),
        ("Nvidia now expects third-quarter sales to come in at $16 billion.", "$16", "expected"),
        ("Revenue rose 88% to $13.51 billion, beating the $11.22 billion analysts expected.", "$13.51", ""),
    ]:
        assert role_of(text, text.index(figure), 0) == want, (text, figure)


@pytest.mark.parametrize("text, figure, end, want", [
    ("Revenue also exceeded predictions, with it boasting $13.51 billion against $11.22 billion.", "$13.51",
     " billion against", ""),  # the expectation was the object of "exceeded", not this figure
    ("Wall Street was looking for earnings per share of $2.09 on revenue of $11.22 billion, so it beat both.",
     "$11.22", " billion, so", "consensus"),  # the decimal point of $2.09 ends no clause
    ("Earnings reached $2.70, compared to an estimated $2.09 per share.", "an estimated", " per share", "consensus"),
    ("Tesla reported revenue of $25.50 billion, slightly exceeding the $24.77 billion expected by analysts.",
     "$24.77", " billion expected", "consensus"),
    ("Revenue of $12.47 billion came in ahead of the $12.2 billion consensus estimate.", "$12.2", " billion consensus",
     "consensus"),
    ("Revenue of $12.47 billion came in ahead of the $12.2 billion consensus estimate.", "$12.47", " billion came",
     ""),
])
def test_an_expectation_is_the_figure_the_expecting_words_lead_to(text, figure, end, want):
    from briefing.select.figure_slots import role_of
    start = text.index(figure)
    assert role_of(text, start, 0, text.index(end, start) + len(" billion") * end.startswith(" billion")) == want


@pytest.mark.parametrize("text, figure, want", [
    ("Tesla’s net income for the second quarter was $1.47bn.", "$1.47bn", ("net", "incom")),
    ("The chipmaker expects second-quarter revenue of about $13 billion.", "about $13", ("revenu",)),
    ("Revenue increased 2% year-over-year to $25.5 billion.", "$25.5", ("revenu",)),
    ("Its net income came to $2.13 billion.", "$2.13", ("net", "incom")),
    ("The company’s revenue stood at a staggering $13.51 billion.", "$13.51", ("revenu",)),
    ("Unadjusted net income was $1.48 billion.", "$1.48", ("net", "incom")),
    ("It beat the consensus estimate of $10.3 billion.", "$10.3", ()),
    ("Revenue came in ahead of the $12.6 billion analysts expected.", "$12.6", ()),
])
def test_a_sum_is_named_by_its_noun_not_by_the_period_verb_or_expectation_around_it(text, figure, want):
    from briefing.select.figure_slots import money_name
    start = text.index(figure)
    assert money_name(text, start, start + len(figure), 0) == want


def test_what_analysts_expected_is_compared_across_sentences_that_also_give_the_result():
    a = ("Orbel reported revenue of $12.47 billion on Tuesday, beating the $12.1 billion analysts had expected.",
         "2026-04-21")
    b = ("Orbel posted revenue of $12.47 billion on Tuesday, ahead of the $12.6 billion consensus estimate.",
         "2026-04-21")
    (conflict,) = _money_brief(a, b).conflicts
    assert {v.text for v in conflict.versions} == {"$12.1 billion", "$12.6 billion"}
    assert conflict.measure.startswith("what analysts expected")


@pytest.mark.parametrize("surface, precise", [
    ("$25.5 billion", True), ("$25.50 billion", True), ("14.4%", True), ("3,354 dead", True), ("410,831", True),
    ("2%", False), ("2,000", False), ("50 basis points", False), ("0.25%", False), ("62 cents", False),
])
def test_a_figure_is_precise_by_its_significant_digits(surface, precise):
    from briefing.select.claims import Reading, _precise
    assert _precise(Reading("money", "USD", "", 0.0, None, surface)) is precise


def test_a_capitalised_opening_word_no_source_uses_as_a_name_owns_no_figure():
    from briefing.select.conflicts import common_words, owner_of
    text = "Net income rose to $2.31 billion. Labour won 412 seats."
    common = common_words([text, "Its net income came to $2.13 billion, while the Labour party gained."])
    assert owner_of(text, text.index("$2.31"), 0, common) == frozenset()
    assert owner_of(text, text.index("412"), text.index("Labour"), common) == frozenset({"labour"})


@pytest.mark.parametrize("advice", [
    "Governor Andrew Bailey said the Bank needs to be careful not to cut interest rates too quickly or by too much.",
    "Bailey said he wants to avoid cutting interest rates too quickly or by too much.",
])
def test_advice_not_to_act_is_no_report_that_the_act_did_not_happen(advice):
    verdict = _verdict("The Bank of England cut interest rates to 5% on Thursday.", advice)
    assert verdict.conflict != "polarity", verdict
    assert _verdict("The Bank of England cut interest rates to 5% on Thursday.",
                    "The Bank of England did not cut interest rates on Thursday.").conflict == "polarity"


def test_two_remarks_sharing_a_phrase_are_not_one_remark_misquoted():
    flagged = _quote_conflicts(
        "“Inflationary pressures have eased enough that we’ve been able to cut interest rates today,” Bailey said.",
        "Bailey said the Bank needs to be “careful not to cut interest rates too quickly or by too much”.")
    assert flagged == []


def test_an_excerpt_and_a_doubled_phrase_are_the_wording_they_come_from():
    from briefing.select.disagreements import _unstutter, _whole
    assert _unstutter(("we", "need", "to", "make", "sure", "make", "sure", "it", "stays", "low")) == (
        "we", "need", "to", "make", "sure", "it", "stays", "low")
    assert _unstutter(("rate", "rate", "fell")) == ("rate", "fell") and _unstutter(("that", "that")) == ("that", "that")
    full = ("but", "we", "need", "to", "make", "sure", "inflation", "stays", "low")
    assert _whole(full[1:], {full, full[1:]}) == full and _whole(full, {full}) == full


def test_a_range_is_not_read_as_its_ends_and_a_change_is_not_a_range():
    assert _mentions("Preliminary results showed her with 26.6% to 28.6% of the vote on Sunday.") == []
    assert _mentions("The quick count showed her winning between 26.6% and 28.6% of the votes.") == []
    assert len(_mentions("The bank cut its rate from 5.25% to 5% on Thursday.")) == 2
    assert len(_mentions("Revenue rose 88% to $13.51 billion in the quarter.")) == 2


def test_a_toll_higher_than_a_later_days_is_another_toll():
    from briefing.select.disagreements import _never_falling
    assert _never_falling([11, 1392, 215, 230]) == {0, 2, 3}
    assert _never_falling([144, 3354]) == {0, 1}
    a = document("a", "The death toll from the storm rose to 11, officials said.", "2024-09-27")
    b = document("b", "The death toll from the storm rose to 1,392, officials said.", "2024-10-04")
    c = document("c", "The death toll from the storm rose to 215, officials said.", "2024-10-05")
    (trend,) = _brief(a, b, c).trends
    assert [p.date for p in trend.points] == ["2024-10-05", "2024-09-27"], trend.summary


def test_sums_named_alike_compare_and_sums_named_apart_do_not():
    revenue = ("In the second quarter Tesla's revenue stood at $25.5 billion, the company said.", "2024-07-23")
    worded = ("Tesla posted a 2% rise in revenue to $24.93 billion in the second quarter.", "2024-07-23")
    income = ("In the second quarter Tesla's net income stood at $1.48 billion, the company said.", "2024-07-23")
    (conflict,) = _money_brief(revenue, worded).conflicts
    assert {v.text for v in conflict.versions} == {"$25.5 billion", "$24.93 billion"}
    assert _money_brief(revenue, income).conflicts == []
    from briefing.select.figure_slots import money_name
    text = "Automotive revenue fell by 7% to $19.9 billion, and net income of $1.48 billion was reported."
    assert money_name(text, text.index("$19.9"), text.index(" billion,"), 0) == ("automotiv", "revenu")
    assert money_name(text, text.index("$1.48"), text.index(" billion was"), 0) == ("net", "incom")


def test_two_sentences_on_one_sum_clash_though_the_parse_gives_them_no_act_in_common():
    a = ("The company's revenues for the second quarter increased by 88% to $6.7 billion compared to the same "
         "period in 2022.", "2023-08-24")
    b = ("It reported a remarkable $13.5 billion in revenue for the second quarter, marking 88% growth compared "
         "to the previous quarter.", "2023-08-26")
    (conflict,) = _money_brief(a, b).conflicts
    assert {v.text for v in conflict.versions} == {"$6.7 billion", "$13.5 billion"}


def test_words_a_source_marks_as_left_out_are_not_a_rewording():
    cut = "Sheinbaum said: “For the first time in 200 years of our republic, I will become the first woman president..."
    full = "Sheinbaum said: “I will become the first woman president of Mexico.”"
    other = "Sheinbaum said: “I shall become the first female president of Mexico.”"
    assert _quote_conflicts(cut + "but I did not get here alone.”", full) == []
    assert len(_quote_conflicts(full, other)) == 1  # without a cut, other words are another wording


def test_a_quarters_sum_reported_on_two_days_is_one_figure_not_a_trend():
    a = ("Tesla's second-quarter revenue rose to $25.5 billion, the company said.", "2024-07-23")
    b = ("Tesla's revenue for the second quarter rose to $24.93 billion, the report showed.", "2024-07-24")
    brief = _money_brief(a, b)
    assert brief.trends == []
    (conflict,) = brief.conflicts
    assert {v.text for v in conflict.versions} == {"$25.5 billion", "$24.93 billion"}


def test_sums_named_with_one_qualified_name_within_another_are_one_sum():
    from briefing.select.disagreements import _named_alike
    assert _named_alike(("gaming", "revenu"), ("gaming", "gpu", "revenu"))
    assert not _named_alike(("revenu",), ("automotiv", "revenu"))
    assert not _named_alike(("net", "incom"), ("gaming", "revenu"))


def test_a_participle_opening_the_sentence_owns_no_figure():
    from briefing.select.conflicts import owner_of
    text = "Unadjusted net income was $1.48 billion."
    assert owner_of(text, text.index("$1.48"), 0) == frozenset()
    text = "Reading Council spent $2 million on roads."
    assert owner_of(text, text.index("$2"), 0) == frozenset({"read", "council"})


def test_numbers_in_a_quote_may_be_spelt_either_way():
    words = ("“Our confidence that inflation is headed sustainably to the two per cent target continues to "
             "increase,” Governor Tiff Macklem said.")
    digits = words.replace("two per cent", "2%")
    assert _quote_conflicts(words, digits) == []
    other = words.replace("continues to increase", "keeps rising")
    assert len(_quote_conflicts(words, other)) == 1


def test_a_short_phrase_with_another_noun_is_another_remark():
    """"a dark day for humanity" and "dark day for justice": a speaker may say both; an adjective
    changed in a short phrase is still one remark reworded."""
    assert _quote_conflicts('Isaac Herzog called it "a dark day for humanity."',
                            'Isaac Herzog called it a "dark day for justice."') == []
    assert len(_quote_conflicts('Herzog called it "a dark day for justice."',
                                'Herzog called it "a black day for justice."')) == 1


def test_one_source_prints_one_remark_once():
    """Two of one outlet's quotes are two remarks, even when another outlet's one long quote
    rewords both."""
    a = ('“We’ve come a long way in our long fight against rising inflation, and our confidence that inflation '
         'will move closer to the target has increased,” Governor Tiff Macklem said.')
    b = ('“We’ve come a long way in the long fight against rising inflation,” Governor Tiff Macklem said. '
         '“Our confidence that inflation will move closer to the target has grown,” he said.')
    conflicts = _quote_conflicts(a, b)
    assert conflicts and all(_versions(c) == 2 for c in conflicts)


def test_a_change_by_a_percentage_is_not_a_rate_of_that_percentage():
    a = ("The Bank of Canada has reduced its policy rate by 0.25% on Wednesday.", "2024-06-05")
    b = ("The Bank of Canada lowered its key interest rate to 4.75 per cent on Wednesday.", "2024-06-05")
    c = ("The Bank of Canada cut its key interest rate by 25 basis points on Wednesday.", "2024-06-05")
    from briefing.config import Topic
    topics = [Topic(id="rate", name="Rate", description="the policy rate", terms=["rate"], examples=[])]
    docs = [document(chr(97 + k), t, d) for k, (t, d) in enumerate((a, b, c))]
    assert _brief(*docs, topics=topics).conflicts == []


@pytest.mark.parametrize("a, b", [
    # "may not be completed" says what may happen, not that it did not
    ("The final vote count may not be completed for several weeks, officials said.",
     "The commission said the official vote count was completed on Wednesday."),
    # an aftershock on Wednesday is not the quake of Monday
    ("A magnitude-7.6 earthquake struck Ishikawa Prefecture on Monday.",
     "Ishikawa Prefecture was shaken by a 4.9 magnitude aftershock on Wednesday."),
])
def test_what_may_not_happen_and_another_actors_day_are_no_disagreement(a, b):
    assert _verdict(a, b).conflict not in ("polarity", "date")


def _vote_brief(*texts):
    from briefing.config import Topic
    topics = [Topic(id="vote", name="Vote", description="vote shares", terms=["vote", "votes", "count"],
                    examples=[])]
    return _brief(*(document(chr(97 + k), t, "2024-02-14") for k, t in enumerate(texts)), topics=topics)


def test_a_count_in_progress_is_at_odds_with_nothing():
    a = ("The official count showed Prabowo leading with 57.7 percent of votes, based on about 6 percent of "
         "ballots tallied.")
    b = "The official count showed Prabowo leading with 59.8% of votes, based on 23.3% of ballots counted."
    final = "The commission said Prabowo won 58.6% of votes in the official count."
    assert _vote_brief(a, b).conflicts == []
    assert len(_vote_brief(final, final.replace("58.6%", "56.1%")).conflicts) == 1


def test_one_company_reporting_two_things_states_two_facts():
    verdict = _verdict("Meta reported first-quarter revenue of $36.45 billion, which was up 27% year-over-year.",
                       "Outside of its weak forecast, Meta reported an upbeat earnings report.")
    assert not verdict.same, verdict
    assert _verdict("Meta reported first-quarter revenue of $36.45 billion on Wednesday.",
                    "Meta reported revenue of $36.45 billion for the first quarter, the company said.").same


def test_an_expectation_is_of_the_sum_its_sentence_sets_it_against():
    segment = ("Datacenter revenue: $10.32 billion, surpassing the projected $8.03 billion.", "2023-08-23")
    total = ("The topline came ahead of the consensus estimate of $10.3 billion on Wednesday.", "2023-08-23")
    assert _money_brief(segment, total).conflicts == []
    q3 = ("The company now anticipates Q3 revenue of $16 billion, higher than market expectations of $12.5 billion.",
          "2023-08-23")
    q3_other = ("The firm expects a Q3 revenue of approximately $16 billion, above Refinitiv’s forecast of $12.61 "
                "billion.", "2023-08-23")
    q2 = ("Revenue of $13.51 billion beat the $11.22 billion analysts had expected for the second quarter.",
          "2023-08-23")
    (conflict,) = _money_brief(q3, q3_other, q2).conflicts
    assert {v.text for v in conflict.versions} == {"$12.5 billion", "$12.61 billion"}


def test_what_was_done_as_the_means_of_another_act_was_done():
    verdict = _verdict("The Bank of Canada has lowered its key interest rate to 4.75 per cent on Wednesday.",
                       "The Bank of Canada shocked everyone by cutting interest rates to 4.75%.", cosine=0.35)
    assert verdict.same, verdict


def test_quotes_differing_only_in_an_article_or_pronoun_are_one_wording():
    a = "“We’ve come a long way in the fight against inflation,” Governor Tiff Macklem said."
    assert _quote_conflicts(a, a.replace("the fight", "our fight")) == []
    longer = a.replace("inflation,”", "inflation. And our confidence in the target has increased,”")
    assert _quote_conflicts(a.replace("the fight", "our fight"), longer) == []
    assert len(_quote_conflicts(a, a.replace("the fight", "our long battle"))) == 1


def test_about_a_precise_figure_allows_its_last_digit_not_a_tenth():
    from briefing.select.figures import compatible
    assert not compatible((38.2e9, "around"), (38.3e9, None))  # "around $38.2 billion" / "$38.3 billion"
    assert compatible((38.2e9, "around"), (38.24e9, None))
    assert compatible((200, "around"), (210, None))  # a round figure still allows a tenth


def test_a_price_in_after_hours_trading_is_still_moving():
    a = ("Meta shares plunged 16% in extended trading on Wednesday after the forecast.", "2024-04-24")
    b = ("Meta’s shares dropped about 10% in extended trade on Wednesday following the report.", "2024-04-24")
    from briefing.config import Topic
    topics = [Topic(id="market", name="Market", description="share price", terms=["shares"], examples=[])]
    docs = [document(chr(97 + k), t, d) for k, (t, d) in enumerate((a, b))]
    assert _brief(*docs, topics=topics).conflicts == []
    closed = [document(chr(97 + k), t.replace("extended trading", "trading").replace("extended trade", "trading")
                       .replace("the forecast", "the close").replace("the report", "the close"), d)
              for k, (t, d) in enumerate((a, b))]
    assert len(_brief(*closed, topics=topics).conflicts) == 1


@pytest.mark.parametrize("text, figure, want", [
    ("During the same quarter last year, Alphabet had net income of $18.37 billion.", "$18.37", "prior"),
    ("It rose 28.6% to $23.62bn compared to $18.36bn for the same period last year.", "$18.36bn", "prior"),
    ("Net income of $23.62 billion was up 28.6% from the same period last year.", "$23.62", ""),
    ("Alphabet reported second-quarter revenue of $84.7bn.", "$84.7bn", "q2"),
])
def test_a_figure_of_an_earlier_period_is_marked_so(text, figure, want):
    from briefing.select.figure_slots import period_of
    start = text.index(figure)
    assert period_of(text, start, 0, len(text), start + len(figure)) == want


def test_a_sum_of_the_earlier_period_or_of_a_business_is_not_the_one_reported():
    a = ("Alphabet reported net income of $23.62 billion for the quarter on Tuesday.", "2024-07-23")
    b = ("During the same quarter last year, Alphabet had net income of $18.37 billion.", "2024-07-23")
    assert _money_brief(a, b).conflicts == []
    c = ("Alphabet posted revenue of $84.74 billion on Tuesday.", "2024-07-23")
    d = ("Alphabet posted revenue of $64.62 billion in its Google advertising business on Tuesday.", "2024-07-23")
    assert _money_brief(c, d).conflicts == []


def test_a_figure_cut_short_is_the_figure():
    from briefing.select.figures import compatible
    assert compatible((10.3e9, None), (10.35e9, None), rounding=True)  # "$10.3bn" for $10.35 billion
    assert not compatible((10.2e9, None), (10.35e9, None), rounding=True)
    assert not compatible((10.3e9, None), (10.35e9, None))  # never one claim for it


def test_a_title_runs_on_past_its_head():
    from briefing.select.conflicts import role_mentions
    text = "Alphabet Chief Investment Officer Ruth Porat said costs were falling on Tuesday."
    doc = Document(Source("s", "s"), text, [Block("paragraph", 0, len(text))])
    (cand,) = candidates_of(0, doc, extract(doc), FOLDER)
    (mention,) = role_mentions(cand, [], set())
    assert (mention.title, mention.person) == ("Chief Investment Officer", "Ruth Porat")


# ------------------------------------------------------------------ what a citation promises

def _cites(a: str, b: str, cosine: float = 0.35):
    from briefing.select.merge import cites
    (seed, x), (other, y) = _candidate(a, "a"), _candidate(b, "b")
    return cites(seed, x, other, y, cosine)


QUOTED = ("“A free and open Indo-Pacific is our first priority,” Modi said at the summit attended by "
          "Prime Minister Anthony Albanese.")


def test_a_quoted_sentence_cites_only_sources_that_print_the_quote():
    setting = "The summit was attended by Prime Minister Narendra Modi and Prime Minister Anthony Albanese."
    assert _verdict(QUOTED, setting, 0.35).same  # the setting around the quote aligns ...
    assert not _cites(QUOTED, setting).same  # ... but a reader following the citation finds no quote
    assert _cites(QUOTED, "Modi told leaders: “A free and open Indo-Pacific is our first priority.”").same
    # the same words printed without quote marks are the quote printed
    said = ("“The Committee agreed that it is appropriate to cut the OCR by 50 basis points to achieve low and "
            "stable inflation,” Governor Adrian Orr said.")
    assert _cites(said, "The Committee agreed that it is appropriate to cut the OCR by 50 basis points to achieve "
                        "low and stable inflation.").same
    assert not _cites(said, "The Committee cut the OCR by 50 basis points on Wednesday.").same


def test_a_name_of_several_words_counts_once_when_citing():
    a = "Hosted by President Joe Biden, the summit took place on Saturday in Delaware."
    b = "The cancer event, hosted by President Joe Biden, drew crowds in Delaware."
    assert _verdict(a, b, 0.35).same  # three name words in common: enough to place both at one event
    verdict = _cites(a, b)
    assert not verdict.same and "2 names" in verdict.why  # Joe Biden and Delaware: two names


def test_two_different_lower_bounds_are_two_reports_not_one_figure():
    a = "Rescuers searched for survivors on Wednesday after a quake that killed at least 55 people."
    more = "Soldiers searched through the rubble on Wednesday after the quake killed at least 73 people."
    assert not _cites(a, more).same  # no citation for the other's count ...
    assert _verdict(a, more, 0.35).same  # ... though both tell of one story (placing sources in events)
    assert _cites(a, more.replace("73", "55")).same


def test_a_figure_inside_what_somebody_suggested_is_not_the_sentences_claim_but_places_its_event():
    from briefing.select.claims import setting
    suggested = _claim("Former President Donald Trump suggested the decision to cut interest rates by half a point "
                       "was politically motivated.", "a")
    cut = _claim("The Federal Reserve cut its key interest rate by half a point on Wednesday.", "b")
    assert not compare(suggested, cut, 0.2).same  # not a source for the cut ...
    assert compare(setting(suggested), setting(cut), 0.2).same  # ... but about the same cut: the same event


def test_a_quote_trimmed_without_a_mark_is_no_other_wording():
    full = ("Modi said: “As you can see, when the Quad acts, it is not just for nations – it is for the people. "
            "This is the true essence of our approach.”")
    trimmed = ("Modi said: “When the Quad acts, it is not just for nations. This is the true essence of our "
               "approach.”")
    assert _quote_conflicts(full, trimmed) == []
    # a trim that drops the negation changes what was said
    assert len(_quote_conflicts(full, trimmed.replace("it is not just", "it is just"))) == 1
    # words of its own on both sides inside the shared part: another wording
    said = "Powell said: “I have to say, though, we’re encouraged by the progress that we have made.”"
    other = "Powell said: “I will say we’re encouraged by the progress we’ve made.”"
    assert len(_quote_conflicts(said, other)) == 1


def test_articles_beside_a_marked_cut_do_not_make_another_wording():
    cut = ("Sheinbaum said: “For the first time in 200 years of our republic, I will become the first woman "
           "president...but I did not get here alone.”")
    full = ("Sheinbaum said: “For the first time in the 200 years of the republic, I will become the first woman "
            "president of Mexico.”")
    assert _quote_conflicts(cut, full) == []
    assert len(_quote_conflicts(cut, full.replace("woman president", "female leader"))) == 1


def test_one_value_cut_by_one_outlet_and_rounded_by_another_is_no_disagreement():
    from briefing.select.figures import compatible
    assert compatible((36.45e9, None), (36.46e9, None), rounding=True)  # $36.455 billion, cut and rounded
    assert not compatible((36.45e9, None), (36.47e9, None), rounding=True)
    assert not compatible((10.3e9, None), (10.4e9, None), rounding=True)  # three digits may truly differ
    assert not compatible((3354, None), (3355, None), rounding=True)  # a whole count is exact
    a = ("Meta reported revenue of $36.45 billion for the first quarter.", "2024-04-24")
    b = ("Meta's first-quarter revenue was $36.46 billion, the company said.", "2024-04-24")
    assert _money_brief(a, b).conflicts == []
    c = ("Meta's first-quarter revenue was $36.49 billion, the company said.", "2024-04-24")
    assert len(_money_brief(a, c).conflicts) == 1


def test_an_act_on_no_thing_is_an_act_not_done():
    none = "The central bank provided no explicit forward guidance on interest rates on Wednesday."
    short = "The central bank stopped short of providing forward guidance on interest rates on Wednesday."
    assert _verdict(none, short, 0.35).conflict is None  # both say it gave none
    gave = _verdict(none, "The central bank provided explicit forward guidance on interest rates on Wednesday.", 0.35)
    assert gave.conflict == "polarity", gave


@pytest.mark.parametrize("text, part", [
    ("Boeing's Commercial Airplanes division saw third-quarter revenue of US$7.4 billion, down 5%.", "division"),
    ("Boeing’s commercial airplane division, which delivered 116 aircraft during the quarter, reported revenue "
     "of $7.4 billion.", "division"),
    ("The defense sector fared no better, with a revenue of $5.5 billion.", "sector"),
    ("The company reported revenue of $17.8 billion.", ""),
    ("The defense division lost $2.4 billion, and total revenue fell to $17.8 billion.", ""),
])
def test_a_part_named_before_a_figure_holds_it(text, part):
    from briefing.select.figure_slots import part_of
    start = text.rindex("$") - (2 if text[text.rindex("$") - 2:text.rindex("$")] == "US" else 0)
    assert part_of(text, start, 0, start + 5) == part


def test_a_figure_tied_to_another_month_is_not_this_months():
    from briefing.config import Topic
    topics = [Topic(id="rate", name="Rate", description="the policy rate", terms=["rates"], examples=[])]
    now = ("The central bank cut rates by 50 basis points on Wednesday, officials said.", "2024-10-09")
    before = ("The central bank had cut rates by 25 basis points in August, officials said.", "2024-10-09")
    wrong = ("The central bank cut rates by 25 basis points on Wednesday, officials said.", "2024-10-09")
    this_month = ("The central bank cut rates by 25 basis points in October, officials said.", "2024-10-09")

    def brief(*texts):
        return _brief(*[document(chr(97 + k), t, d) for k, (t, d) in enumerate(texts)], topics=topics)

    assert brief(now, before).conflicts == []
    assert len(brief(now, wrong).conflicts) == 1
    assert len(brief(now, this_month).conflicts) == 1  # the source's own month: the same decision


def test_what_markets_price_in_is_no_disagreement():
    from briefing.config import Topic
    topics = [Topic(id="rate", name="Rate", description="the policy rate", terms=["easing", "rates"], examples=[])]
    a = ("Swaps imply there is further 40 basis points of easing to come at the bank's November meeting.",
         "2024-10-09")
    b = ("Swaps imply there is further 45 basis points of easing to come at the bank's November meeting.",
         "2024-10-09")
    docs = [document(chr(97 + k), t, d) for k, (t, d) in enumerate((a, b))]
    assert _brief(*docs, topics=topics).conflicts == []
    said = [(t.replace("Swaps imply there is further", "The central bank delivered").replace(
        "to come at the November meeting", "on Wednesday"), d) for t, d in (a, b)]
    docs = [document(chr(97 + k), t, d) for k, (t, d) in enumerate(said)]
    assert len(_brief(*docs, topics=topics).conflicts) == 1


def test_names_in_common_cite_a_source_only_for_an_act_one_of_them_asserts():
    a = ("The pact was one of the rewards Mr. Kim has extracted from Moscow for the munitions North Korea "
         "provided to support the war in Ukraine.")
    b = ("Putin was welcomed in Pyongyang on Wednesday, as North Korean leader Kim Jong Un expressed support for "
         "the war in Ukraine and pledged stronger ties with Moscow.")
    assert _verdict(a, b, 0.35).same  # the names place both at one event ...
    assert not _cites(a, b).same  # ... but neither asserts what the other's inner clauses tell


@pytest.mark.parametrize("a, b", [
    ("Alphabet's net income for the second quarter is $23.6 billion, up from $18.4 billion a year earlier.",
     "Net income of $23.62 billion was up 28.6% from the same period last year."),
    ("Google's advertising revenue came to $64.62 billion in the three months to June.",
     "Advertising revenue reached $64.6 billion in the quarter, the company said."),
])
def test_a_figure_one_outlet_rounds_is_cited_as_the_same_figure(a, b):
    assert _cites(a, b).same
    # placing undated sources asks exact figures: a count's first and final results round alike
    assert not compare(_claim(a, "a"), _claim(b, "b"), 0.35).same


@pytest.mark.parametrize("a, b", [
    ("The company's revenue was $6 billion in the quarter.", "The company's revenue was $6.17 billion in the quarter."),
    ("Inflation slowed to 5% in May.", "Inflation slowed to 5.25% in May."),
    ("The company said its quarterly revenue rose to about $23.6 billion on strong demand.",
     "The company said its quarterly revenue rose to $23.68 billion on strong demand."),
])
def test_a_figure_too_round_to_tell_is_not_the_same_figure(a, b):
    assert not _cites(a, b).same


def test_two_precise_figures_in_common_make_one_fact_whatever_the_wording():
    a = ("With the 50 point cut, the Fed lowered the target range for the federal funds rate to 4.75% to 5%, "
         "down from 5.25% to 5.5%.")
    b = "The federal funds rate now sits between 4.75%-5%, down from 5.25%-5.5%."
    verdict = compare(_claim(a, "a"), _claim(b, "b"), 0.1)
    assert verdict.same and verdict.anchor == "figure", verdict


def test_round_figures_in_common_do_not_make_a_first_count_and_the_final_result_one():
    a = ("The pollsters showed Prabowo's rivals Anies Baswedan and Ganjar Pranowo lagging behind with about "
         "25 percent and 17 percent of the votes, respectively.")
    b = ("His rivals, former governor Anies Baswedan and ex-governor Ganjar Pranowo, received approximately "
         "25 percent and 17 percent of the vote, according to the official results.")
    assert not compare(_claim(a, "a"), _claim(b, "b"), 0.1).same


def test_it_after_a_named_body_is_that_body():
    a = "The Bank of Canada surprised nobody on Wednesday, and it reduced its target for the overnight rate."
    assert _verdict(a, "The Bank of Canada lowered its key interest rate to 4.75 per cent.").same
    # without a body named before it, "it" names nobody
    assert not _verdict("On Wednesday it reduced its target for the overnight rate.",
                        "The Bank of Canada lowered its key interest rate to 4.75 per cent.").same


def test_a_sentence_stating_two_claims_is_cited_by_both_items_and_shown_by_one():
    from briefing.config import Topic
    topics = [Topic(id="rates", name="Rates", description="interest rates",
                    terms=["rate", "labor market", "basis points"], examples=[])]
    said = "“The labor market is in solid condition and we want to keep it there.”"
    both = document("a", f"The Fed cut its benchmark rate by half a point, and Powell said: {said}", "2024-09-18")
    cut = document("b", "The Federal Reserve lowered its benchmark interest rate by 50 basis points on Wednesday.",
                   "2024-09-18")
    quote = document("c", f"{said[:-2]},” Powell told reporters.", "2024-09-18")
    items = _brief(both, cut, quote, topics=topics).all_items()
    assert len({i.text for i in items}) == len(items) == 2  # each sentence shown once
    cut_item = next(i for i in items if i.text == cut.text)
    quote_item = next(i for i in items if i is not cut_item)
    assert sorted(cut_item.sources) == [1, 2] and sorted(quote_item.sources) == [1, 3]
    assert next(e.text for e in cut_item.evidence if e.source == 1) == both.text


def test_a_toll_risen_to_another_figure_is_another_report():
    a = "Hurricane Helene's official death toll rose to at least 215 people Thursday, Axios reported."
    b = "The death toll from Hurricane Helene has risen to at least 23 in four states, officials said."
    assert not _verdict(a, b, 0.3).same
    assert _verdict(a, "The official death toll from Helene rose to at least 215 people, officials said.", 0.3).same


@pytest.mark.parametrize("a, b", [
    ("The Bank lowered its key interest rate to 4.75 per cent on Wednesday.",
     "Canada's central bank lowered its benchmark interest rate to 4.75 per cent."),
    ("The Governing Council lowered the three key interest rates by 25 basis points.",
     "The ECB lowered its key interest rates by 25 basis points on Thursday."),
])
def test_a_body_named_by_its_kind_is_not_another_actor(a, b):
    assert _verdict(a, b).same


def test_two_named_bodies_are_still_two_actors():
    from briefing.select.claims import fold, names_apart

    def names(text: str) -> frozenset[str]:
        return frozenset(fold(w) for w in text.split())

    assert names_apart(names("Germany"), names("France"))
    assert not names_apart(names("Bank England"), names("Bank Japan"))  # "Bank" meets: compare reads the rest
    assert not names_apart(names("Bank"), names("Canada"))
    assert not names_apart(names("Monetary Policy Committee"), names("Bank England"))
    assert names_apart(names("Monetary Policy Committee Japan"), names("Bank England"))
