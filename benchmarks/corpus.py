"""Synthetic news articles for the scale benchmark, generated, never copied.

Every article is made by a seeded random generator from our own sentence
templates and invented names and places (no real event, person or country),
so any size of corpus can be shipped and rebuilt byte for byte, and articles
differ enough that near-duplicate detection does not fold them together.
The text is written for this project and is free to use with it (MIT).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

FIRST = """Amara Bastian Celine Dario Elin Farid Greta Hugo Ines Jonas Kaia Lorenzo Mirela Nils Oskar
Petra Quentin Rosa Stefan Talia Ugo Vera Wim Xenia Yusuf Zora Adrian Brigid Casimir Dalia Emil Fenna
Gideon Hedda Ivo Jana Klaus Liesel Marek Noor Orla Pavel Rhea Soren Tove Ulla Viktor Wanda""".split()
LAST = """Albrecht Benedek Carvalho Dunmore Eskola Falkner Grieve Halvorsen Ibarra Janssen Kovac Lindqvist
Marchetti Novak Okafor Petrescu Quist Rasmussen Sandoval Tamm Urquhart Varga Weller Ystad Zeman Arkwright
Brannock Castellan Delacroix Everly Fontaine Gallow Hartigan Ives Juhl Kestrel Lowry Mandel""".split()
PLACES = """Norland Valdoria Estmark Ravenia Kestria Solvana Meridia Torvald Ambria Caldera Dovrine Ellaria
Fennwick Galdor Harrowmere Istria Jarnvik Lorvania Mistral Ostheim""".split()
CITIES = """Hallbrook Vennport Castelmoor Drayhaven Elsworth Fairmount Glenrock Harwick Ironvale Juniper
Kingsreach Lakemont Marrowgate Northwatch Oakhurst""".split()
ORGS = ["the Northern Alliance", "the Coastal Union", "the Regional Security Council",
        "the Continental Defence Forum", "the Joint Procurement Agency", "the Harbour Compact",
        "the Atlantic Rim Partnership", "the Eastern Shield Coalition"]
OUTLETS = ["The Daily Ledger", "Capital Wire", "Northern Post", "Defence Review Weekly", "The Evening Courier",
           "Harbour Times", "Policy Monitor", "Continental Herald", "The Observer Desk", "Security Affairs Digest"]
ROLES = ["defence minister", "foreign minister", "finance minister", "secretary general", "chief of defence",
         "spokesperson", "ambassador", "deputy minister", "procurement chief", "air force commander",
         "senior analyst", "committee chair"]
SAID = ["said", "told reporters", "stressed", "argued", "warned", "noted", "added", "insisted", "explained"]
TOPICS = ["defence spending", "air defence", "drone production", "ammunition stocks", "military aid",
          "border surveillance", "cyber defence", "naval patrols", "the procurement budget",
          "missile defence", "supply chains", "training missions", "counter-drone systems",
          "fighter aircraft", "the industrial base", "joint exercises", "satellite coverage"]
ADJ = ["urgent", "gradual", "ambitious", "costly", "modest", "unprecedented", "cautious", "coordinated",
       "fragile", "decisive", "long-awaited", "contested", "sweeping", "limited", "rapid", "steady"]
NOUNS = ["plan", "pledge", "package", "agreement", "review", "strategy", "roadmap", "framework",
         "initiative", "programme", "proposal", "timetable", "commitment", "deal", "mandate"]
VERBS = ["raise", "double", "cut", "expand", "review", "speed up", "delay", "fund", "strengthen",
         "reorganise", "scale back", "modernise", "replace", "protect", "audit"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

HEADLINES = [
    "{place} pledges {adj} {noun} on {topic}",
    "Ministers meet in {city} as {topic} dominates talks",
    "{person} calls for {adj} action on {topic}",
    "{org} agrees {noun} to {verb} {topic}",
    "Allies split over {topic} ahead of {city} meeting",
    "{place} to {verb} {topic} by {year}",
]
SENTENCES = [
    "{person}, the {place} {role}, {said} that {place} would {verb} {topic} by {year}.",
    "“We will {verb} {topic}, and we will do it {adv},” {person} {said}.",
    "“{cap_adj} decisions cannot wait for the next budget,” the {role} {said} on {day}.",
    "According to {person}, {place} spends {pct} of its national output on {topic}.",
    "The {adj} {noun} is worth {money}, officials in {city} confirmed.",
    "{org} expects {count} new {items} to be delivered before {month} {year}.",
    "Critics in {place} {said} the {noun} was {adj} and poorly explained.",
    "Officials {said} {place} had already committed {money} to {topic} this year.",
    "{person} {said} {org} needed a {adj} {noun} rather than another round of talks.",
    "The meeting in {city} ended without agreement on {topic}, two diplomats {said}.",
    "“Our partners expect us to {verb} {topic},” {person} told the {outlet}.",
    "Spending on {topic} rose by {pct} last year, according to figures published in {city}.",
    "{place} and {place2} signed a {noun} covering {topic} and {topic2}.",
    "The {role} of {place}, {person}, declined to say how the {noun} would be paid for.",
    "Diplomats {said} a {adj} {noun} on {topic} could be ready by {month}.",
    "At least {count} {items} were reported over {place} in the past {count2} weeks.",
    "“This is not about one country, it is about all of us,” {person} {said}.",
    "{person} has previously {said} that {topic} should come before {topic2}.",
    "The {noun} would {verb} {topic} and set aside {money} for {topic2}, the draft showed.",
    "Some governments want to {verb} {topic} faster than {org} has proposed.",
    "{place} is expected to reach {pct} by {year}, up from {pct2} today.",
    "The {adj} tone in {city} contrasted with the {adj2} mood at the last meeting in {month}.",
    "Asked about {topic}, {person} {said}: “We are not there yet.”",
    "A spokesperson for {org} {said} the {noun} would be reviewed in {month}.",
    "Industry leaders in {city} warned that orders for {topic} were arriving too slowly.",
    "{count2} of the {count3} members backed the {noun}, while the rest asked for more time.",
    "The {role} {said} the {adj} {noun} was {adv} welcomed by {place2}.",
    "Independent analysts estimate the cost of {topic} at between {money} and {money2}.",
]
ADVERBS = ["quickly", "carefully", "together", "openly", "without delay", "step by step", "in full"]
ITEMS = ["drones", "interceptors", "patrol vessels", "radar stations", "armoured vehicles", "training teams",
         "air defence batteries", "transport aircraft"]


def _fill(template: str, rng: random.Random, cast: list[str], place: str) -> str:
    def person() -> str:
        return rng.choice(cast)

    values = {
        "person": person(), "place": place, "place2": rng.choice(PLACES), "city": rng.choice(CITIES),
        "org": rng.choice(ORGS), "role": rng.choice(ROLES), "said": rng.choice(SAID),
        "topic": rng.choice(TOPICS), "topic2": rng.choice(TOPICS), "adj": rng.choice(ADJ),
        "adj2": rng.choice(ADJ), "cap_adj": rng.choice(ADJ).capitalize(), "noun": rng.choice(NOUNS),
        "verb": rng.choice(VERBS), "adv": rng.choice(ADVERBS), "items": rng.choice(ITEMS),
        "year": str(rng.randint(2026, 2040)), "month": rng.choice(MONTHS), "day": rng.choice(DAYS),
        "pct": f"{rng.choice([1, 1.5, 2, 2.5, 3, 3.5, 4, 5])}%", "pct2": f"{rng.randint(1, 30) / 10:g}%",
        "money": f"{rng.choice(['€', '$', '£'])}{rng.randint(1, 900)} {rng.choice(['million', 'billion'])}",
        "money2": f"{rng.choice(['€', '$'])}{rng.randint(1, 90)} billion",
        "count": str(rng.randint(2, 400)), "count2": str(rng.randint(2, 12)), "count3": str(rng.randint(20, 40)),
        "outlet": rng.choice(OUTLETS),
    }
    text = re.sub(r"\b([Aa]) ([aeiou])", r"\1n \2", template.format(**values))
    return text[0].upper() + text[1:]


def article(index: int, seed: int = 1, words: int = 500) -> tuple[str, dict[str, str]]:
    """One article (headline, standfirst, paragraphs) and its manifest fields."""
    rng = random.Random(f"{seed}-{index}")
    place = rng.choice(PLACES)
    cast = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(4)]
    headline = _fill(rng.choice(HEADLINES), rng, cast, place)
    lines = [headline, _fill(rng.choice(SENTENCES), rng, cast, place)]
    count = sum(len(line.split()) for line in lines)
    while count < words:
        paragraph = " ".join(_fill(rng.choice(SENTENCES), rng, cast, place) for _ in range(rng.randint(2, 4)))
        lines.append(paragraph)
        count += len(paragraph.split())
    day = 10 + index % 3 * 7  # three meetings a week apart
    meta = {"title": headline, "outlet": rng.choice(OUTLETS), "date": f"2031-03-{day:02d}",
            "author": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "language": "en"}
    return "\n".join(lines) + "\n", meta


def write_corpus(folder: Path, size: int, seed: int = 1, words: int = 500) -> Path:
    """Write `size` articles and a sources.toml manifest into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = ["# Synthetic articles made by benchmarks/corpus.py\n"]
    for i in range(size):
        text, meta = article(i, seed, words)
        name = f"article-{i:05d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        manifest.append("[[source]]\n" + f'file = "{name}"\n'
                        + "".join(f'{k} = "{v}"\n' for k, v in meta.items()) + "\n")
    (folder / "sources.toml").write_text("".join(manifest), encoding="utf-8")
    return folder
