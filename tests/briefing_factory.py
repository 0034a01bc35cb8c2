"""A full, realistic Briefing for renderer tests, built by hand from the seed articles.

Every part of the model is filled: key points, four topics with statements,
quotes (one with an unknown speaker) and figures, a disagreement, two events,
notes, sources with missing fields, the coverage matrix and a skipped source.
`hostile=True` salts every text field with markup, control characters and
unsafe links, the way scraped web copy can.
"""

from __future__ import annotations

from briefing.model import (Briefing, Conflict, ConflictVersion, Coverage, Event, FigureRef, FigureRow, Item,
                            Section, SourceEntry, Variant)

HOSTILE = ("R&D <b>bold</b> a<b \x00nul\x0bvtab\x1f <img src=/etc/passwd> <font size=40>big</font> "
           "<a href=\"javascript:alert(1)\">x</a> <script>alert(1)</script> {{ 7*7 }} ]]> *star* [x](y) "
           "&amp; &#0; \ufeff")
HOSTILE_URL = "javascript:alert(document.cookie)"
UNICODE_LINE = ("Zelenskyy thanked Türkiye and Commissioner Šefčovič for a €2.5 billion package, "
                "Kuleba said in Kyiv.")


def _item(n: int, topic: str, text: str, sources: list[int], kind: str = "statement", speaker: str | None = None,
          role: str | None = None, event: str = "e2025", figures: list[FigureRef] | None = None,
          background: bool = False) -> Item:
    return Item(id=f"{topic}-{n}", kind=kind, text=text, sources=sources, topic=topic, speaker=speaker, role=role,
                event=event, figures=figures or [], background=background, score=10.0 - n)


def make_briefing(hostile: bool = False, generated: str = "2025-10-16") -> Briefing:
    h = (lambda text: f"{text} {HOSTILE}") if hostile else (lambda text: text)
    sources = [
        SourceEntry(number=1, id="000_458bd57e68a7d5e1", file="seeds/000_458bd57e68a7d5e1.txt",
                    date="2025-10-15", event="e2025", title=h("NATO goes ahead with anti-drone systems") if hostile
                    else None),
        SourceEntry(number=2, id="001_bdf6cf2efbc724a3", file="seeds/001_bdf6cf2efbc724a3.txt",
                    outlet=h("UK Defence Journal"), author="George Allison", event="e2025",
                    url=HOSTILE_URL if hostile else "https://ukdefencejournal.org.uk/rutte-defence-ministers/"),
        SourceEntry(number=3, id="002_b756bfc8c22fe334", file="seeds/002_b756bfc8c22fe334.txt", event="e2025",
                    duplicates=["seeds/copy-of-002.txt"]),
        SourceEntry(number=4, id="003_1ea854193d2ce124", file="seeds/003_1ea854193d2ce124.txt",
                    date="2025-10-15", event="e2025", url="mailto:press@example.org"),
        SourceEntry(number=5, id="004_292ca219b9857f86", file="seeds/004_292ca219b9857f86.txt", outlet="NATO",
                    title="NATO Secretary General: Strengthening deterrence \u201ctop priority\u201d",
                    date="2024-10-18", event="e2024", url="https://www.nato.int/cps/en/natohq/news_230000.htm"),
    ]
    spending = [
        _item(1, "defence-spending", h("He argued that the effects of last year\u2019s Hague Summit decision to "
              "raise defence and security investment to 5% of GDP by 2035 were already visible."), [2],
              speaker="Mark Rutte", role="NATO Secretary General",
              figures=[FigureRef(surface="5% of GDP", value=5, unit="%", year=2035, measure="defence investment")]),
        _item(2, "defence-spending", "Germany, he added, is on track to double defence investment compared "
              "with recent years.", [2, 3], speaker="Mark Rutte"),
        _item(3, "defence-spending", h("We need quantity, and we need quality, and we need it quickly"), [2],
              kind="quote", speaker="Mark Rutte", role="NATO Secretary General"),
        _item(4, "defence-spending", "a decade ahead of schedule", [2, 3], kind="quote", speaker="Mark Rutte",
              role="NATO Secretary General"),
        _item(5, "defence-spending", "Mr. Rutte added that NATO was making a fresh push for common munitions "
              "standards and more joint procurement to drive down costs.", [5], event="e2024", background=True),
    ]
    drones = [
        _item(1, "drones", "The ministers agreed to implement additional counter-drone measures to expand "
              "NATO's capabilities.", [1, 4]),
        _item(2, "drones", h("put in place a series of additional anti-drone measures that will strengthen, "
              "extend, and accelerate our ability to counter this threat."), [1], kind="quote",
              speaker="Mark Rutte", role="NATO Secretary General"),
        _item(3, "drones", "Innovation and adaptation are part of NATO\u2019s DNA", [1], kind="quote",
              speaker=None),
        _item(4, "drones", "Addressing the issue of Allied airspace breached by Russian drones, the Secretary "
              "General said that air and missile defence remains an Alliance priority.", [5], event="e2024",
              background=True),
    ]
    ukraine = [
        _item(1, "ukraine-aid", "He reaffirmed confidence in the NATO Prioritised Ukraine Requirements List "
              "(PURL), which funds rapid procurement of US equipment for Ukraine.", [2, 3],
              speaker="Mark Rutte"),
        _item(2, "ukraine-aid", h(UNICODE_LINE), [4], speaker="Dmytro Kuleba"),
        _item(3, "ukraine-aid", "NATO stands with Ukraine", [2], kind="quote", speaker="Mark Rutte",
              role="NATO Secretary General"),
    ]
    us_role = [
        _item(1, "us-role", "Rutte rejected claims this signalled a weakening of US commitment, arguing Colby\u2019s "
              "remarks reinforced Washington\u2019s strategic view that NATO remains vital for American "
              "security.", [2], speaker="Mark Rutte"),
        _item(2, "us-role", "He described this as a logical balance in an alliance where the US economy "
              "represents over half of NATO\u2019s total economic weight.", [2],
              figures=[FigureRef(surface="over half", measure="US share of NATO economic weight")]),
    ]
    spending[1].variants = [Variant(source=3, text="Germany, too, is doubling its defense outlays from recent "
                                                   "years.")]
    sections = [
        Section(topic="defence-spending", title="Defence spending",
                description="Defence budgets, investment pledges, GDP targets, industrial production.",
                items=spending,
                figures=[FigureRow(surface=h("5% of GDP by 2035"), measure="defence and security investment target",
                                   sources=[2], item="defence-spending-1", event="e2025"),
                         FigureRow(surface="2% of GDP", measure="defence spending pledge", sources=[3],
                                   event="e2025"),
                         FigureRow(surface="€2.5 billion", measure=None, sources=[4], event="e2025")]),
        Section(topic="drones", title="Drones and air defence",
                description="Drones, counter-drone measures, airspace violations and air defence.", items=drones),
        Section(topic="ukraine-aid", title="Ukraine aid", description="Military, financial and political "
                "support for Ukraine.", items=ukraine,
                figures=[FigureRow(surface="€2.5 billion", measure="support package", sources=[4])]),
        Section(topic="us-role", title="The US role", description="The United States' commitment to the "
                "Alliance.", items=us_role,
                figures=[FigureRow(surface="over half", measure="US share of NATO economic weight", sources=[2])]),
    ]
    return Briefing(
        title=h("NATO defence ministers") if hostile else "NATO defence ministers",
        generated=generated,
        audience="analyst",
        coverage=Coverage(sources=5, outlets=["NATO", h("UK Defence Journal")], date_from="2024-10-18",
                          date_to="2025-10-15", undated=2),
        key_points=[spending[0], drones[0], ukraine[0], us_role[0], ukraine[1]],
        sections=sections,
        conflicts=[Conflict(id="c1", topic="defence-spending", measure=h("defence spending target"),
                            summary="Sources give different GDP targets for the same pledge.",
                            versions=[ConflictVersion(text="5% of GDP", sources=[2],
                                                      context=h("raise defence and security investment to 5% of "
                                                                "GDP by 2035")),
                                      ConflictVersion(text="2% of GDP", sources=[3],
                                                      context="aiming for 2% of GDP across member states")])],
        events=[Event(id="e2025", label="Defence ministers' meeting, Brussels", date="2025-10-15",
                      sources=[1, 2, 3, 4], main=True),
                Event(id="e2024", label=h("Defence ministers' meeting"), date="2024-10-18", sources=[5])],
        notes=["Source [5] reports an earlier meeting (18 Oct 2024); its items are marked as background.",
               h("Sources [2] and [3] carry no date; they describe the same press conference as [1].")],
        sources=sources,
        matrix={"defence-spending": [2, 3, 5], "drones": [1, 4, 5], "ukraine-aid": [2, 3, 4], "us-role": [2]},
        skipped=[h("seeds/empty.txt: no text after cleaning")],
        marking="OFFICIAL",
    )
