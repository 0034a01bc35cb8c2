"""Selection quality on the seeds: our analyst briefing against plain LexRank.

    python benchmarks/selection.py [--sources seeds] [--gold tests/data/gold_seeds.toml]
                                   [--topics FILE] [--audience analyst]

Builds the briefing exactly as `briefing build` does (ingest -> analyze ->
select) and a LexRank summary (sumy's LexRankSummarizer over the same
cleaned, concatenated texts and the same sentences) of the same number of
words, then prints, side by side, against the gold file:
  recall   gold facts present (under the right topic; LexRank has no topics,
           so "anywhere" is shown for both), facts shown more than once,
  noise    chrome/comment/bio/caption lines and opinion/hype lines present,
  conflicts gold disagreements flagged, and wrong ones flagged,
  words    the briefing as plain text, as rendered (the DOCX body, and the
           PDF with its running heads), select's own estimate and the budget.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing import ingest, select  # noqa: E402
from briefing.analyze.run import AnalyzeOptions, analyze_documents  # noqa: E402
from briefing.config import load_profile, load_topics  # noqa: E402
from briefing.model import Briefing  # noqa: E402
from briefing.select import budget  # noqa: E402


# ------------------------------------------------------------------ gold file


def load_gold(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _match(patterns: list[str], text: str) -> bool:
    return all(re.search(p, text, re.I) for p in patterns)


@dataclass
class Score:
    facts: int = 0
    found_topic: list[str] = field(default_factory=list)
    found_anywhere: list[str] = field(default_factory=list)
    merged_ok: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)
    opinion: list[str] = field(default_factory=list)
    conflicts: int = 0
    conflicts_found: list[str] = field(default_factory=list)
    false_conflicts: list[str] = field(default_factory=list)
    words: int = 0

    @property
    def missing(self) -> list[str]:
        return [f for f in self._all if f not in self.found_topic]

    _all: list[str] = field(default_factory=list)


def briefing_texts(b: Briefing) -> list[str]:
    """Every piece of source text the reader can see."""
    out = [i.text for i in b.key_points]
    for item in b.all_items():
        out.append(item.text)
        out += [v.text for v in item.variants]
    for c in b.conflicts:
        out.append(c.summary)
        out += [v.text for v in c.versions] + [v.context for v in c.versions]
    return out + list(b.notes)


def plain_text(b: Briefing) -> str:
    """A plain rendering of everything a reader gets (to count words)."""
    lines = [b.title, f"Generated {b.generated}", *b.notes, "Key points"]
    cite = lambda ns: "[" + ", ".join(map(str, ns)) + "]"  # noqa: E731
    lines += [f"{i.text} {cite(i.sources)}" for i in b.key_points]
    for s in b.sections:
        lines += [s.title, s.description]
        lines += [f"{i.speaker + ': ' if i.kind == 'quote' and i.speaker else ''}{i.text} {cite(i.sources)}"
                  for i in s.items]
    if b.conflicts:
        lines.append("Sources disagree")
        lines += [c.summary for c in b.conflicts]
    lines.append("Sources")
    lines += [" ".join(str(x) for x in (e.number, e.outlet, e.title, e.author, e.date, e.url or e.file) if x)
              for e in b.sources]
    return "\n".join(lines)


_WORD = re.compile(r"\S*[^\W_]\S*")  # a citation "[1][4]" is a word; a bullet or a dash is not


def visible_words(text: str) -> int:
    return len(_WORD.findall(text))


def docx_text(data: bytes) -> str:
    """The visible text of a DOCX body in reading order: paragraphs and table cells."""
    import io

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    out = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            out.append(Paragraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document).rows:
                seen = set()
                for cell in row.cells:  # a merged cell is listed once per grid column
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        out.append(cell.text)
    return "\n".join(out)


def pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def rendered_words(b: Briefing, profile) -> dict[str, int]:
    """Words of the documents a reader opens: the DOCX body, and the PDF with its running heads."""
    from briefing.render import render_bytes

    return {"docx": visible_words(docx_text(render_bytes(b, "docx", profile))),
            "pdf": visible_words(pdf_text(render_bytes(b, "pdf", profile)))}


def evaluate(b: Briefing, gold: dict) -> Score:
    score = Score(facts=len(gold.get("fact", [])), conflicts=len(gold.get("conflict", [])))
    score._all = [f["id"] for f in gold.get("fact", [])]
    items = b.all_items()
    for fact in gold.get("fact", []):
        pats = fact["patterns"]
        hits = [i for i in items if any(_match(pats, t) for t in [i.text, *(v.text for v in i.variants)])]
        if hits:
            score.found_anywhere.append(fact["id"])
        right = [i for i in hits if i.topic in fact["topics"]]
        if right:
            score.found_topic.append(fact["id"])
            if max(len(i.sources) for i in right) >= fact.get("min_sources", 1):
                score.merged_ok.append(fact["id"])
        if len([i for i in items if _match(pats, i.text)]) > 1:
            score.repeated.append(fact["id"])
    texts = briefing_texts(b)
    score.noise = [n for n in gold.get("noise", {}).get("lines", []) if any(n in t for t in texts)]
    score.opinion = [n for n in gold.get("opinion", {}).get("lines", []) if any(n in t for t in texts)]
    number = {e.id: e.number for e in b.sources}
    for want in gold.get("conflict", []):
        for c in b.conflicts:
            blob = " | ".join(v.text for v in c.versions)
            cited = {n for v in c.versions for n in v.sources}
            if _match(want["patterns"], blob) and all(number.get(s) in cited for s in want.get("sources", [])):
                score.conflicts_found.append(want["id"])
                break
    for bad in gold.get("not_conflict", []):
        for c in b.conflicts:
            blob = " | ".join(v.text + " " + v.context for v in c.versions)
            if _match(bad["patterns"], blob):
                score.false_conflicts.append(bad["why"])
                break
    score.words = len(plain_text(b).split())
    return score


# -------------------------------------------------------------------- LexRank


class _Words:
    """sumy tokenizer over our own sentences (no NLTK data needed)."""

    @staticmethod
    def to_words(text: str) -> list[str]:
        return re.findall(r"\w+", text)


def lexrank(documents, analyses, words: int) -> list[str]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    sentences = [Sentence(doc.text[s.start:s.end], _Words) for doc, a in zip(documents, analyses)
                 for s in a.sentences if doc.text[s.start:s.end].strip()]
    model = ObjectDocumentModel([Paragraph(sentences)])
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def within_budget(infos):
        chosen, used = [], 0
        for info in infos:
            n = len(str(info.sentence).split())
            if used + n <= words:
                chosen.append(info)
                used += n
        return chosen

    return [str(s) for s in summarizer(model, within_budget)]


def evaluate_sentences(sentences: list[str], gold: dict) -> Score:
    score = Score(facts=len(gold.get("fact", [])), conflicts=len(gold.get("conflict", [])))
    score._all = [f["id"] for f in gold.get("fact", [])]
    for fact in gold.get("fact", []):
        n = sum(1 for s in sentences if _match(fact["patterns"], s))
        if n:
            score.found_anywhere.append(fact["id"])
        if n > 1:
            score.repeated.append(fact["id"])
    score.noise = [x for x in gold.get("noise", {}).get("lines", []) if any(x in s for s in sentences)]
    score.opinion = [x for x in gold.get("opinion", {}).get("lines", []) if any(x in s for s in sentences)]
    score.words = sum(len(s.split()) for s in sentences)
    return score


# ----------------------------------------------------------------------- main


def build(sources: list[str], topics: Path | None, audience: str):
    loaded = ingest.load_sources(sources)
    documents = loaded.documents
    analyses = analyze_documents(documents, AnalyzeOptions())
    briefing = select.select(documents, analyses, load_topics(topics), load_profile(audience),
                             select.SelectOptions(generated="2000-01-01"))
    return documents, analyses, briefing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", default=str(ROOT / "seeds"))
    parser.add_argument("--gold", default=str(ROOT / "tests" / "data" / "gold_seeds.toml"))
    parser.add_argument("--topics", default=None)
    parser.add_argument("--audience", default="analyst")
    parser.add_argument("--show", action="store_true", help="print the LexRank sentences and key points")
    args = parser.parse_args(argv)
    gold = load_gold(Path(args.gold))
    documents, analyses, briefing = build([args.sources], Path(args.topics) if args.topics else None,
                                          args.audience)
    profile = load_profile(args.audience)
    shown = rendered_words(briefing, profile)
    ours = evaluate(briefing, gold)
    item_words = sum(len(i.text.split()) for i in briefing.all_items())
    baseline_sentences = lexrank(documents, analyses, item_words)
    base = evaluate_sentences(baseline_sentences, gold)

    rows = [
        ("gold facts under the right topic", f"{len(ours.found_topic)}/{ours.facts}", f"0/{base.facts} (no topics)"),
        ("gold facts present anywhere", f"{len(ours.found_anywhere)}/{ours.facts}",
         f"{len(base.found_anywhere)}/{base.facts}"),
        ("merged facts citing all their sources", f"{len(ours.merged_ok)}/{len(ours.found_topic)}", "-"),
        ("facts shown more than once", str(len(ours.repeated)), str(len(base.repeated))),
        ("noise lines (chrome, comments, bios)", str(len(ours.noise)), str(len(base.noise))),
        ("opinion / hype lines", str(len(ours.opinion)), str(len(base.opinion))),
        ("gold conflicts flagged", f"{len(ours.conflicts_found)}/{ours.conflicts}", f"0/{base.conflicts}"),
        ("wrong conflicts flagged", str(len(ours.false_conflicts)), "0"),
        ("selected item words", str(item_words), str(base.words)),
        (f"whole {args.audience} briefing words (plain text)", str(ours.words), "-"),
        (f"{args.audience} words as rendered: DOCX body", str(shown["docx"]), "-"),
        (f"{args.audience} words as rendered: PDF, with page heads", str(shown["pdf"]), "-"),
        (f"{args.audience} words, select's estimate", str(budget.total_words(briefing, profile)), "-"),
        (f"{args.audience} word budget (words_total)", str(profile.words_total), "-"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'':{width}}  {'briefing':>12}  {'LexRank':>18}")
    for name, a, b in rows:
        print(f"{name:{width}}  {a:>12}  {b:>18}")
    missing = [f for f in ours._all if f not in ours.found_topic]
    print("\nmissing facts:", ", ".join(missing) or "none")
    if ours.noise or ours.opinion:
        print("noise present:", "; ".join(ours.noise + ours.opinion))
    if ours.false_conflicts:
        print("wrong conflicts:", "; ".join(ours.false_conflicts))
    print("\nKey points:")
    for i in briefing.key_points:
        print(f"  - {i.text} [{', '.join(map(str, i.sources))}]")
    if args.show:
        print("\nLexRank:")
        for s in baseline_sentences:
            print("  -", s)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
