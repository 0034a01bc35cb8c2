"""Ingest: read, decode, clean and describe sources (placeholder until issue 3 lands)."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import EXIT_NO_SOURCES, BriefingError, SourceError
from briefing.model import Block, Document, Line, Problem, Source


@dataclass
class IngestOptions:
    strict: bool = False
    max_bytes: int = 5_000_000


@dataclass
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*.txt") if p.is_file())
    return [path]


def load_document(path: Path, options: IngestOptions) -> Document:
    if not path.exists():
        raise SourceError(str(path), "no such file or folder")
    raw = path.read_bytes()
    try:
        text = unicodedata.normalize("NFKC", raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SourceError(str(path), "not UTF-8 text") from None
    kept = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not kept:
        raise SourceError(str(path), "empty file")
    blocks, pos = [], 0
    for ln in kept:
        blocks.append(Block("paragraph", pos, pos + len(ln)))
        pos += len(ln) + 1
    source = Source(id=path.stem, path=str(path), sha256=hashlib.sha256(raw).hexdigest())
    lines = [Line(i, ln, True, "paragraph") for i, ln in enumerate(kept, 1)]
    return Document(source=source, text="\n".join(kept), blocks=blocks, lines=lines)


def load_sources(paths: list[str | Path], options: IngestOptions | None = None) -> IngestResult:
    options = options or IngestOptions()
    result = IngestResult()
    for given in paths:
        given = Path(given)
        files = _files(given) if given.exists() else [given]
        if given.is_dir() and not files:
            result.problems.append(Problem(str(given), "folder has no usable source files"))
        for path in files:
            try:
                result.documents.append(load_document(path, options))
            except SourceError as exc:
                if options.strict:
                    raise
                result.problems.append(Problem(exc.path, exc.problem))
    if not result.documents:
        detail = "; ".join(str(p) for p in result.problems) or "nothing given"
        raise BriefingError(f"no usable source to build from ({detail})", EXIT_NO_SOURCES)
    return result
