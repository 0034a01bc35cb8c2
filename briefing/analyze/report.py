"""Plain-text view of what the analysis found, for `briefing inspect --quotes --figures`."""

from __future__ import annotations

from briefing.model import Analysis, Document, Figure, Quote


def _quote_line(q: Quote) -> str:
    who = q.speaker or "unknown"
    if q.speaker_role:
        who += f" ({q.speaker_role})"
    if q.speaker_text and q.speaker and q.speaker_text != q.speaker:
        who += f" [text: {q.speaker_text}]"
    tag = " scare" if q.scare else ""
    return f"  {q.start:>6}-{q.end:<6} “{q.text}” — {who}{tag}"


def _value(f: Figure) -> str:
    if f.value is None:
        return "no number"
    value = f"{f.value:,.6g}" if abs(f.value) < 1e6 else f"{f.value:.4g}"
    return f"{value} {f.unit}" if f.unit else value


def _figure_line(f: Figure) -> str:
    parts = [_value(f)]
    if f.qualifier:
        parts.append(f"qualifier: {f.qualifier}")
    if f.year:
        parts.append(f"by {f.year}")
    parts.append(f"measures: {f.measure or 'unknown'}")
    if f.conversion:
        parts.append(f"also given as {f.conversion.surface} ({_value(f.conversion)})")
    return f"  {f.start:>6}-{f.end:<6} {f.surface} — " + "; ".join(parts)


def describe(document: Document, analysis: Analysis, *, quotes: bool = True, figures: bool = True) -> str:
    """Quotes (with speakers) and figures of one source, one per line, in text order."""
    key = [q for q in analysis.quotes if not q.scare]
    lines = [
        f"{document.source.id}: {len(analysis.quotes)} quotes ({len(key)} key), "
        f"{len(analysis.figures)} figures, {sum(s.reported for s in analysis.statements)} reported statements"
    ]
    if quotes:
        lines.append("Quotes")
        lines += [_quote_line(q) for q in analysis.quotes] or ["  (none)"]
    if figures:
        lines.append("Figures")
        lines += [_figure_line(f) for f in analysis.figures] or ["  (none)"]
    return "\n".join(lines) + "\n"


def inspect_analysis(paths, options=None, *, quotes: bool = True, figures: bool = True) -> str:
    """`briefing inspect --quotes --figures`: what the analysis found in each source.

    Goes through analyze_documents, like a build, so it shares the cache and the
    handling of very long texts.
    """
    from briefing.analyze.run import AnalyzeOptions, analyze_documents
    from briefing.ingest import load_sources

    result = load_sources(paths, options)
    parts = []
    for document, analysis in zip(result.documents, analyze_documents(result.documents, AnalyzeOptions())):
        parts.append(f"== {document.source.id}  ({document.source.path})")
        parts.append(describe(document, analysis, quotes=quotes, figures=figures).rstrip())
        parts.append("")
    parts.extend(f"skipped: {problem}" for problem in result.problems)
    return "\n".join(parts).rstrip() + "\n"
