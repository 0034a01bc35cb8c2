"""How the briefing reads on the page, per event and audience.

    python benchmarks/page.py [SOURCES_DIR ...] [--topics FILE] [--docx]

For each folder (default: seeds/; a folder's own topics.toml is used when it
has one, only its *.txt files are read) and each shipped profile, builds the
briefing as `briefing build` does and prints: the title, PDF pages (and the
DOCX's pages through LibreOffice with --docx), words a reader sees, quotes
shown and how many name their speaker, items whose speaker the briefing
names in brackets, items left out because no wording stood alone, and items
shown that still open leaning on an earlier sentence or with a dateline.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdf  # noqa: E402

from briefing import ingest, select  # noqa: E402
from briefing.analyze.run import AnalyzeOptions, analyze_documents  # noqa: E402
from briefing.config import load_profile, load_topics  # noqa: E402
from briefing.render import render_bytes  # noqa: E402
from briefing.render.pdf import fitted_view, page_count  # noqa: E402
from briefing.select import choose  # noqa: E402
from briefing.select.attribution import SPEAKER_UNKNOWN, _LONG_QUOTE  # noqa: E402
from briefing.select.candidates import dateline_length  # noqa: E402
from briefing.select.text import dangling  # noqa: E402
from selection import pdf_text, visible_words  # noqa: E402  (benchmarks/selection.py)

AUDIENCES = ("analyst", "executive", "press")


def docx_pages(data: bytes) -> int | None:
    """Pages of a DOCX as LibreOffice lays it out (None when LibreOffice is not installed)."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not office:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.docx"
        path.write_bytes(data)
        subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(path)],
                       capture_output=True, timeout=180, check=False)
        pdf = Path(tmp) / "b.pdf"
        return len(pypdf.PdfReader(str(pdf)).pages) if pdf.exists() else None


def page_stats(folder: Path, topics: Path | None, with_docx: bool) -> list[dict]:
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else [folder]
    docs = ingest.load_sources(files).documents
    analyses = analyze_documents(docs, AnalyzeOptions())
    topic_list = load_topics(topics) if topics else load_topics()
    prepared = select.prepare(docs, analyses, topic_list, select.SelectOptions(generated="2025-01-01"))
    rows = []
    for audience in AUDIENCES:
        profile = load_profile(audience)
        briefing = select.finish(prepared, profile, select.SelectOptions(generated="2025-01-01"))
        record = choose.Standalone()
        quotes_only = "quotes" in profile.sections and "topics" not in profile.sections
        choose.standalone(prepared.groups, profile.quotes, quotes_only, record,
                          {(c.source_id, c.order): c for c in prepared.on_topic})
        pdf = render_bytes(briefing, "pdf", profile, name=f"{folder.name}-{audience}.pdf")
        view = fitted_view(briefing, profile)
        lines = [] if quotes_only else view.key_points + [line for t in view.topics for line in t.lines]
        quote_lines = [x for x in lines if x.kind == "quote" or _LONG_QUOTE.search(x.text)]
        named = [x for x in quote_lines if x.attribution != SPEAKER_UNKNOWN]
        if audience == "press":
            quote_lines = view.quotes
            named = [q for q in view.quotes if q.speaker != SPEAKER_UNKNOWN]
        leaning = [x.text for x in lines if dangling(x.text, quote=x.kind == "quote") == "pointer"
                   or dateline_length(x.text)]
        words = visible_words(pdf_text(pdf))
        rows.append({
            "event": folder.name, "audience": audience, "title": briefing.title, "pdf_pages": page_count(pdf),
            "docx_pages": docx_pages(render_bytes(briefing, "docx", profile)) if with_docx else None,
            "words": words, "quotes": len(quote_lines), "named": len(named),
            "clarified": sum(1 for x in lines if "] " in x.text and "[" in x.text),
            "attributed": sum(1 for x in lines if x.attribution and x.attribution != SPEAKER_UNKNOWN),
            "dropped": len(record.dropped), "replaced": len(record.replaced), "leaning": leaning,
        })
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=[ROOT / "seeds"])
    parser.add_argument("--topics", type=Path, help="topics file (default: the folder's topics.toml, else shipped)")
    parser.add_argument("--docx", action="store_true", help="also count the DOCX's pages through LibreOffice")
    args = parser.parse_args()
    print("event | audience | PDF pages | DOCX pages | words (PDF) | quotes (named) | speaker bracketed | "
          "attribution line | replaced / dropped as not self-contained | title")
    for folder in args.folders:
        topics = args.topics or (folder / "topics.toml" if (folder / "topics.toml").is_file() else None)
        for r in page_stats(folder, topics, args.docx):
            print(f"{r['event']} | {r['audience']} | {r['pdf_pages']} | {r['docx_pages'] or '-'} | {r['words']} | "
                  f"{r['quotes']} ({r['named']}) | {r['clarified']} | {r['attributed']} | "
                  f"{r['replaced']} / {r['dropped']} | {r['title']}")
            for text in r["leaning"]:
                print(f"    still leaning: {text[:100]}")


if __name__ == "__main__":
    main()
