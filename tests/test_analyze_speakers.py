"""Who said it, on texts written for each way attribution goes wrong in outside copy."""

from __future__ import annotations

import pytest

from briefing.analyze import extract
from briefing.analyze.entities import FIRST_NAMES, first_names
from briefing.analyze.nlp import load
from briefing.analyze.quotes import find_quotes
from briefing.model import Document, Source


@pytest.fixture(scope="module")
def nlp():
    return load()


def quotes(nlp, text: str) -> list[tuple[str, str | None, bool]]:
    """(quoted words, speaker or the role nobody named holds, scare) for each quote of `text`."""
    analysis = extract(Document(source=Source(id="t", path="t.txt"), text=text), nlp)
    return [(q.text, q.speaker or q.speaker_role, q.scare) for q in analysis.quotes]


@pytest.mark.parametrize(
    "text, expected",
    [
        # A stray opening single mark no longer hides the double quotes after it.
        ("'Stop, all of you,\" a guard shouted. The judge said the file held \"no proof at all\" of it.",
         ["no proof at all"]),
        # A mark after a plural s is an apostrophe while a later mark can close the quote.
        ("She called it ‘the farmers’ union deal’ on Monday.", ["the farmers’ union deal"]),
        ("“Where are the horses' saddles?” he asked.", ["Where are the horses' saddles?"]),
        # An apostrophe opening nothing and closing nothing stays out of the way.
        ("The teachers' strike went on. “We stay out,” a teacher said.", ["We stay out,"]),
    ],
)
def test_stray_single_marks_do_not_hide_quotes(text, expected):
    assert [text[q.start : q.end] for q in find_quotes(text)] == expected


def test_first_name_list_is_shipped_with_its_licence():
    names = first_names()
    assert names["hillary"] == "f" and names["tim"] == "m" and "jordan" not in names  # borne by both
    assert FIRST_NAMES.with_name("first_names.LICENSE.txt").read_text().count("public domain") >= 1


def test_a_first_name_decides_he_and_she(nlp):
    text = ("Senator Laura Whitfield said Governor Daniel Okafor had failed the state. "
            "“He broke every promise he made,” she said.")
    assert quotes(nlp, text) == [("He broke every promise he made,", "Laura Whitfield", False)]
    text = ("Daniel Okafor, Laura Whitfield's running mate, said he was worried. "
            "“The numbers do not add up,” he said.")
    assert quotes(nlp, text)[0][1] == "Daniel Okafor"


def test_a_spokesperson_is_not_the_boss(nlp):
    text = ("“The minister will not resign,” Okafor's spokeswoman, BettyAnn Cole, said on Monday.\n"
            "“He has the party's full support,” another Okafor spokesman added.")
    got = quotes(nlp, text)
    assert got[0][1] == "BettyAnn Cole"
    assert got[1][1] is not None and "spokesman" in got[1][1] and "Cole" not in got[1][1]


def test_the_sayer_not_the_subject_of_the_reported_clause(nlp):
    text = "The commissioner said the bloc accepted the offer, arguing it “was a first step and no more.”"
    assert quotes(nlp, text)[0][1] == "commissioner"


def test_a_one_word_name_that_speaks_is_a_person(nlp):
    text = "Marsh explained from the stage. “I never wanted this job,” he said."
    assert quotes(nlp, text) == [("I never wanted this job,", "Marsh", False)]


def test_a_publisher_described_is_the_one_named(nlp):
    text = ("The Boston Ledger on Friday became the first paper to back the plan.\n"
            "“The plan is sound and overdue,” the respected local daily wrote.\n"
            "“We urge the council to pass it,” the newspaper added.")
    assert [q[1] for q in quotes(nlp, text)] == ["Boston Ledger", "Boston Ledger"]


def test_a_share_of_a_group_speaks_for_the_group(nlp):
    text = ("Sixty percent of voters say the tax is “plainly unfair,” while 20 percent call it "
            "“a fair price for better roads.”")
    assert [q[1] for q in quotes(nlp, text)] == ["voters", "voters"]


def test_the_speaker_named_in_the_next_paragraph(nlp):
    text = ("“We built a bridge to nowhere and called it progress.”\n"
            "That was how Martin Keogh, the former mayor, once described the project.")
    assert quotes(nlp, text)[0][1] == "Martin Keogh"


def test_a_quote_paragraph_goes_on_from_the_attributed_quote_before(nlp):
    text = ("“We are not leaving,” Rosa Ibarra said. “Not today.”\n"
            "“Not until the school is safe again.”")
    assert [q[1] for q in quotes(nlp, text)] == ["Rosa Ibarra"] * 3


def test_a_cue_verb_beside_a_quote_but_not_elsewhere(nlp):
    text = "“The river is rising,” the engineer continued. “We have hours, not days.”"
    assert quotes(nlp, text)[0][1] == "engineer"
    text = "She said she was “quite sure” the talks would continue."
    assert quotes(nlp, text)[0][1] != "talks"


def test_short_attributed_quotes_are_utterances_and_terms_stay_scare(nlp):
    got = quotes(nlp, "The minister called the plan “a betrayal” and vowed to “act fast” on prices.")
    assert [(t, s) for t, _, s in got] == [("a betrayal", False), ("act fast", False)]
    got = quotes(nlp, "Critics called it a “gimmick”. The mayor praised the “productive” talks.")
    assert [s for _, _, s in got] == [True, True]
    assert quotes(nlp, "Ms Varga thinks the interns are “heroes”.")[0][2]


def test_a_title_in_quote_marks_is_nobody_s_quote(nlp):
    got = quotes(nlp, "Ms Varga said her favourite book is “The Long Way Home”.")
    assert got == [("The Long Way Home", None, True)]
    got = quotes(nlp, "“We will win,” she said on “Morning Report.”")
    assert got[1][2] and got[1][1] is None and not got[0][2]
    # A headline in title case: its quote is a claim, not a title.
    assert not quotes(nlp, "Mayor Says ‘The Worst Is Over’ For Flood Towns")[0][2]


def test_nonsense_names_are_not_speakers(nlp):
    text = "Acme Reacts To Ruling\n“We will appeal,” a company lawyer said."
    got = quotes(nlp, text)
    assert got[0][1] == "company lawyer"
    text = "Datuk Seri Ahmad Karim said the vote was fair. “There was no fraud,” he said."
    assert quotes(nlp, text)[0][1] == "Ahmad Karim"
