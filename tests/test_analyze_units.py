"""Quote pairing, numbers and cross-source names, without the parser where possible."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.analyze import canonicalize, extract, from_spacy
from briefing.analyze.figures import parse_number
from briefing.analyze.nlp import load
from briefing.analyze.quotes import find_quotes
from briefing.analyze.report import describe
from briefing.model import Analysis, Document, Entity, Source


def texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“Ukraine needs more,“ he said.", ["Ukraine needs more,"]),
        ('She said "yes" and "no".', ["yes", "no"]),
        ("'We will not back down,' says minister", ["We will not back down,"]),
        ("«The era is over,» she said. « Encore »", ["The era is over,", "Encore"]),
        ("He said “I was told ‘never’ twice,” then left.", ["I was told ‘never’ twice,"]),
        ("NATO’s allies don't agree. The Allies’ plan", []),
        ("It said “one thing. Then “another” came", ["one thing.", "another"]),
        ("“First part\n“Second part,” she said.", ["First part", "Second part,"]),
        ("no quotes at all", []),
        ("“", []),
        ("a “ b", ["b"]),  # unclosed: runs to the paragraph end
    ],
)
def test_quote_pairing(text, expected):
    assert texts(text) == expected


def test_multi_paragraph_quote_is_chained():
    quotes = find_quotes("“First part\n“Second part,” she said.\n“Other.”")
    assert quotes[0].continues and quotes[1].continued and quotes[0].chain == quotes[1].chain
    assert quotes[2].chain == -1


@given(st.text(alphabet=st.sampled_from(list("ab .,:\n“”\"‘’'«»")), max_size=80))
@settings(max_examples=300)
def test_quote_pairing_never_raises_and_stays_in_paragraphs(text):
    for q in find_quotes(text):
        assert 0 <= q.start < q.end <= len(text)
        assert "\n" not in text[q.start : q.end]
        assert text[q.start : q.end] == text[q.start : q.end].strip()


@pytest.mark.parametrize(
    "text, value",
    [("1,200", 1200), ("1.2bn", 1.2e9), ("300m", 3e8), ("two billion", 2e9), ("forty-five", 45),
     ("a dozen", 12), ("500 million", 5e8), ("one hundred thousand", 1e5), ("zwei", None)],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.fixture(scope="module")
def nlp():
    return load()


def doc(text: str, sid: str = "t") -> Document:
    return Document(source=Source(id=sid, path=f"{sid}.txt"), text=text)


@pytest.mark.parametrize(
    "text, unit, value",
    [
        ("They gave $5 million.", "USD", 5e6),
        ("They gave USD 5 million.", "USD", 5e6),
        ("They gave 5 million dollars.", "USD", 5e6),
        ("They gave €5bn.", "EUR", 5e9),
        ("They gave EUR 5bn.", "EUR", 5e9),
        ("They gave five million euros.", "EUR", 5e6),
        ("They gave £20m.", "GBP", 2e7),
        ("Turnout was 61.5 per cent.", "%", 61.5),
        ("Rates rose by 0.25 percentage points.", "pp", 0.25),
    ],
)
def test_currencies_and_percentages(nlp, text, unit, value):
    figures = extract(doc(text), nlp).figures
    assert [(f.unit, f.value) for f in figures] == [(unit, value)]


def test_dates_years_and_durations_are_not_figures(nlp):
    text = ("Since 2010 the talks on 15 October 2024 lasted two days and six months. "
            "The 2025 budgets were set at 14:30 in the first round.")
    assert extract(doc(text), nlp).figures == []


def test_canonical_names_across_sources(nlp):
    texts = [
        "Ukrainian President Volodymyr Zelensky spoke. Zelensky said more was needed.",
        "President Volodymyr Zelenskyy met the press in Kyiv. Mr Zelenskyy said little.",
        "Good news for its president Volodymir Zelenski, who met Donald Trump.",
    ]
    analyses = [extract(doc(t, f"s{i}"), nlp) for i, t in enumerate(texts)]
    mapping = canonicalize(analyses)
    assert mapping["Volodymir Zelenski"] == mapping["Volodymyr Zelenskyy"] == mapping["Volodymyr Zelensky"]
    assert mapping["Mr Zelenskyy"] == mapping["Zelensky"] == mapping["Volodymyr Zelensky"]
    assert mapping["Donald Trump"] == "Donald Trump"
    # The same answer whatever the order of the sources.
    assert canonicalize(list(reversed(analyses))) == mapping


def test_canonicalize_keeps_different_people_apart():
    analyses = [
        Analysis("a", entities=[Entity("Joe Biden", "PERSON", count=3), Entity("Jill Biden", "PERSON", count=1)]),
        Analysis("b", entities=[Entity("Mark Rutte", "PERSON", variants=["Mr Rutte"], count=2)]),
    ]
    mapping = canonicalize(analyses)
    assert mapping["Joe Biden"] == "Joe Biden" and mapping["Jill Biden"] == "Jill Biden"
    assert mapping["Mr Rutte"] == "Mark Rutte"


def test_from_spacy_rejects_a_parse_of_other_text(nlp):
    with pytest.raises(ValueError, match="not of this document"):
        from_spacy(doc("one text"), nlp("another text"))


def test_describe_lists_quotes_and_figures(nlp):
    d = doc("“We will pay $2bn by 2030,” Finance Minister Clara Weiss said. Critics called it a “gimmick”.")
    out = describe(d, extract(d, nlp))
    assert "“We will pay $2bn by 2030,” — Clara Weiss (Finance Minister)" in out
    assert "“gimmick” — Critics scare" in out
    assert "$2bn — 2e+09 USD; by 2030" in out


_ALPHABET = list("Ab Zo 19%$€.,:;\n“”\"‘’'«»-") + ["he said", " She ", "Mr ", "President ", " said "]


@given(st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_extract_never_raises_on_arbitrary_text(nlp, text):
    a = extract(doc(text), nlp)
    for q in a.quotes:
        assert text[q.start : q.end] == q.text
    for f in a.figures:
        assert text[f.start : f.end] == f.surface


@given(st.text(max_size=120))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_extract_never_raises_on_any_unicode(nlp, text):
    a = extract(doc(text), nlp)
    assert all(text[s.start : s.end] == s.text for s in a.statements)
