"""`briefing inspect`: show what ingest made of each source, so users can trust the cleaning."""

from __future__ import annotations

from pathlib import Path

from briefing.ingest import IngestOptions, load_sources
from briefing.ingest.metadata import FIELDS, infer
from briefing.model import Document

WIDTH = 100


def inspect_text(paths: list[str | Path], options: IngestOptions | None = None, full: bool = False) -> str:
    """The inspect report as plain text: metadata with provenance, then every
    line marked keep/drop with its kind and reason. Raises BriefingError (exit
    code 2) when no source is usable, like a build would."""
    result = load_sources(paths, options)
    out: list[str] = []
    for doc in result.documents:
        out.extend(document_report(doc, full))
        out.append("")
    for dup, kept in result.duplicates:
        out.append(f"duplicate: {dup} is the same article as {kept}; counted once")
    for problem in result.problems:
        out.append(f"skipped: {problem}")
    return "\n".join(out).rstrip() + "\n"


def document_report(doc: Document, full: bool = False) -> list[str]:
    source = doc.source
    kept = sum(1 for line in doc.lines if line.kept)
    dropped = sum(1 for line in doc.lines if not line.kept and line.kind != "blank")
    out = [f"== {source.id}  ({source.path})", f"   lines: {kept} kept, {dropped} dropped"]
    inferred = infer(doc.lines, "\n".join(line.text for line in doc.lines))
    for name in FIELDS:
        value = getattr(source, name)
        if name == "date" and source.date_text and source.date_text != value:
            value = f"{value or 'unknown'} (written \"{source.date_text}\")"
        where = source.provenance.get(name, "")
        out.append(f"   {name:<9}{value if value else 'unknown'}" + (f"   [{where}]" if where else ""))
        guess = inferred.get(name)
        if guess and not where.startswith("text") and guess[0] != getattr(source, name):
            out.append(f"   {'':<9}(the text says {guess[0]!r}   [{guess[1]}])")
    out.append("")
    for line in doc.lines:
        if line.kind == "blank":
            continue
        mark = "keep" if line.kept else "drop"
        text = line.text.strip()
        if not full and len(text) > WIDTH:
            text = text[: WIDTH - 1] + "…"
        reason = "" if line.kept and line.kind == "paragraph" else f"  <- {line.reason}"
        out.append(f"{line.number:>5} {mark} {line.kind:<17}| {text}{reason}")
    return out
