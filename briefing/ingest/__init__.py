"""Ingest: read sources, repair and clean their text, infer metadata, drop duplicates.

    result = load_sources(["articles/"], IngestOptions(strict=False))
    result.documents   # cleaned Documents, sorted by path
    result.problems    # one line per skipped source
    result.duplicates  # (duplicate path, kept path)

Sources are files, folders, "-" (stdin), http(s) links and RSS/Atom feeds
(links or files), which stand for the pages their items link to.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from briefing.errors import EXIT_NO_SOURCES, BriefingError, SourceError, shown
from briefing.ingest import feeds, metadata, web
from briefing.ingest.clean import REPEATED_WORDS, assemble, classify, sentence_like, words
from briefing.ingest.dedupe import find_duplicates, fingerprint
from briefing.ingest.readers import STDIN, SUPPORTED, RawSource, read_source
from briefing.model import Document, Line, Problem, Source
from briefing.parallel import batched, map_batches, worker_count
from briefing.progress import Task

__all__ = ["IngestOptions", "IngestResult", "load_sources", "load_document", "clean_corpus", "expand_paths"]


@dataclass
class IngestOptions:
    strict: bool = False  # any problem raises SourceError instead of being skipped
    max_bytes: int = 5_000_000  # size limit of text per source
    jobs: int = 0  # worker processes for reading many files; 0 = every core, 1 = none
    max_items: int = feeds.DEFAULT_MAX_ITEMS  # per feed, newest first
    since: str | None = None  # feed items dated before this day are not fetched
    until: str | None = None  # nor those dated after this one
    fetch: web.FetchOptions = field(default_factory=web.FetchOptions)


@dataclass
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # sources read, but not quite as written (bad bytes)
    digests: dict[str, str] = field(default_factory=dict)  # file -> sha256 of the bytes read from it


def expand_paths(paths: list[str | Path]) -> tuple[list[str], list[Problem]]:
    """Files in the order given, folders expanded recursively (sorted, hidden files skipped).

    A folder contributes only files of a supported type; a folder with none is a problem.
    """
    files: list[str] = []
    problems: list[Problem] = []
    for raw in paths:
        if str(raw) == STDIN or web.is_url(str(raw)):
            files.append(str(raw))
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                str(p) for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED - {""}
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                problems.append(Problem(shown(str(path)), "folder has no .txt, .md, .html, .docx or .pdf files"))
            files.extend(found)
        else:
            files.append(str(path))
    return list(dict.fromkeys(files)), problems


def load_document(path: Path | str, options: IngestOptions | None = None) -> Document:
    """Read and clean one file on its own; raises SourceError."""
    options = options or IngestOptions()
    if web.is_url(str(path)):
        fetcher = web.Fetcher(options.fetch)
        try:
            raw = web.read_page(str(path), fetcher, options.max_bytes)
        finally:
            fetcher.close()
    else:
        raw = read_source(path, options.max_bytes)
    manifest, _ = metadata.load_manifest(Path(path).parent) if _is_file(str(path)) else ({}, None)
    return _build(raw, _stem_id(str(path)), frozenset(), manifest)


def load_sources(paths: list[str | Path], options: IngestOptions | None = None,
                 progress: Task | None = None) -> IngestResult:
    """Read every source, skip (or, strict, raise on) bad ones, clean and deduplicate.

    `progress` (a progress bar's task) learns the number of files and advances once per file read.
    """
    options = options or IngestOptions()
    progress = progress or Task()
    if not any(web.is_web_source(str(p)) for p in paths):
        return _load_sources(paths, options, progress, None)
    fetcher = web.Fetcher(options.fetch)
    try:
        return _load_sources(paths, options, progress, fetcher)
    finally:
        fetcher.close()


def _load_sources(paths: list[str | Path], options: IngestOptions, progress: Task,
                  fetcher: web.Fetcher | None) -> IngestResult:
    web_problems: list[Problem] = []
    if fetcher is not None:
        paths, web_problems = feeds.expand_sources([str(p) for p in paths], fetcher, options.max_items,
                                                   options.since, options.until)
    files, problems = expand_paths(paths)
    problems = web_problems + problems
    progress.total(len(files))
    if problems and options.strict:
        raise SourceError(problems[0].path, problems[0].problem)
    manifests: dict[Path, tuple[dict, Problem | None]] = {
        folder: metadata.load_manifest(folder)
        for folder in dict.fromkeys(Path(f).parent for f in files if _is_file(f))
    }
    raws: list[RawSource] = []
    first: list[Document] = []
    sketches: list[Sketch] = []
    workers = _workers(len(files), options.jobs) if STDIN not in files and fetcher is None else 1
    read = _read_here(files, manifests, options.max_bytes, fetcher) if workers == 1 else \
        _read_in_workers(files, manifests, options.max_bytes, workers)
    with contextlib.closing(read):  # --strict stops early: the workers stop here, not when collected
        for outcome in read:
            progress.advance()
            if isinstance(outcome, Problem):
                if options.strict:
                    raise SourceError(outcome.path, outcome.problem)
                problems.append(outcome)
            else:
                raws.append(outcome[0])
                first.append(outcome[1])
                sketches.append(outcome[2])
    warnings = [f"{shown(raw.path)}: {w}" for raw in raws for w in raw.warnings]
    for folder in dict.fromkeys(Path(raw.path).parent for raw in raws if _is_file(raw.path)):
        problem = manifests[folder][1]
        if problem:
            if options.strict:
                raise SourceError(problem.path, problem.problem)
            problems.append(problem)
    ids = _unique_ids([raw.path for raw in raws])  # only files read take an id
    for doc, source_id in zip(first, ids):
        doc.source.id = source_id
    duplicates = find_duplicates(first, [s.shingles for s in sketches])
    dup_paths = {d for d, _ in duplicates}
    keep = [k for k, doc in enumerate(first) if doc.source.path not in dup_paths]
    repeated = _repeated([sketches[k] for k in keep])
    again = [k for k in keep if _has_line_in(sketches[k], repeated)]
    rebuilt = dict(zip(again, _rebuild_all([(raws[k], ids[k], repeated, _manifest_for(raws[k].path, manifests))
                                            for k in again], options.jobs)))
    documents = [rebuilt.get(k, first[k]) for k in keep]
    if not documents:
        detail = "; ".join(str(p) for p in problems[:3]) or "no paths given"
        raise BriefingError(f"no usable source ({detail})", exit_code=EXIT_NO_SOURCES)
    return IngestResult(documents=documents, problems=problems, duplicates=duplicates, warnings=warnings,
                        digests={raw.path: raw.sha256 for raw in raws})


# Reading and cleaning one file takes ~6 ms; from this many files on, worker
# processes share the work (a pool costs ~50 ms to start).
MIN_PARALLEL_FILES = 64
READ_BATCH = 16


@dataclass
class Sketch:
    """What the passes over the whole corpus need of one source, worked out where it was read (in a worker).

    One array and two strings per source, not sets of small strings: those, unpickled between
    the documents' objects, kept ~200 MB of the parent's heap from being freed at 5,000 sources.
    """

    shingles: np.ndarray  # for near-duplicates: dedupe.fingerprint of the first cleaning
    counted: str  # keys of the lines `repeated_lines` counts, one a line ("\n" never occurs in a key)
    short: str  # keys of every line of at most REPEATED_WORDS words (those `classify` looks up), as above


Outcome = tuple[RawSource, Document, Sketch] | Problem  # a Problem, not a SourceError: it must pickle


def _workers(n_files: int, jobs: int) -> int:
    """Processes to read `n_files` with: at most one per batch of READ_BATCH files."""
    return worker_count(n_files, jobs, MIN_PARALLEL_FILES, most=math.ceil(n_files / READ_BATCH))


def _is_file(path: str) -> bool:
    """A path on this machine (not stdin, not a web link): it may have a sources manifest beside it."""
    return path != STDIN and not web.is_url(path)


def _read_one(file: str, manifest: dict, max_bytes: int, fetcher: web.Fetcher | None = None) -> Outcome:
    """Read and clean one file or web page on its own (lines repeated across sources are judged later).

    The id is the file stem for now; `load_sources` numbers clashing stems once it knows which files were read.
    """
    try:
        if web.is_url(file):
            raw = web.read_page(file, fetcher or web.Fetcher(), max_bytes)
        else:
            raw = read_source(file, max_bytes)
    except SourceError as exc:
        return Problem(exc.path, exc.problem)
    document = _build(raw, _stem_id(file), frozenset(), manifest)
    return raw, document, _sketch(raw.text.split("\n"), document.text)


def _sketch(lines: list[str], text: str) -> Sketch:
    short = {s for s in (line.strip() for line in lines) if s and len(words(s)) <= REPEATED_WORDS}
    return Sketch(shingles=fingerprint(text), counted="\n".join({_line_key(s) for s in short if _countable(s)}),
                  short="\n".join({_line_key(s) for s in short}))


def _manifest_for(file: str, manifests: dict[Path, tuple[dict, Problem | None]]) -> dict:
    """The one manifest entry of `file`, as the small dict `_build` looks it up in."""
    entries = manifests.get(Path(file).parent, ({}, None))[0] if _is_file(file) else {}
    entry = entries.get(_manifest_key(file))
    return {_manifest_key(file): entry} if entry else {}


def _read_here(files: list[str], manifests: dict, max_bytes: int,
               fetcher: web.Fetcher | None = None) -> Iterator[Outcome]:
    for file in files:
        yield _read_one(file, _manifest_for(file, manifests), max_bytes, fetcher)


def _read_batch(batch: list[tuple[str, dict]], max_bytes: int) -> list[Outcome]:
    return [_read_one(file, manifest, max_bytes) for file, manifest in batch]


def _read_in_workers(files: list[str], manifests: dict, max_bytes: int, workers: int) -> Iterator[Outcome]:
    """As `_read_here`, in the same order, in `workers` processes."""
    batches = batched([(f, _manifest_for(f, manifests)) for f in files], READ_BATCH)
    for outcomes in map_batches(_read_batch, batches, workers, max_bytes):
        yield from outcomes


def _rebuild(work: list[tuple[RawSource, str, frozenset[str], dict]]) -> list[Document]:
    return [_build(*args) for args in work]


def _rebuild_all(work: list[tuple[RawSource, str, frozenset[str], dict]], jobs: int) -> list[Document]:
    """Clean again the documents with lines seen in other sources, in workers when there are many."""
    workers = _workers(len(work), jobs)
    if workers == 1:
        return _rebuild(work)
    return [d for docs in map_batches(_rebuild, batched(work, READ_BATCH), workers) for d in docs]


def clean_corpus(pages: list[tuple[str, list[str], dict[int, str]]]) -> list[list[Line]]:
    """Classify the lines of several pages together (repeated chrome counts)."""
    repeated = repeated_lines([lines for _, lines, _ in pages])
    return [classify(lines, hints, repeated) for _, lines, hints in pages]


def repeated_lines(documents: list[list[str]]) -> frozenset[str]:
    """Short non-prose lines that occur in two or more different sources."""
    return _repeated([_sketch(lines, "") for lines in documents])


def _repeated(sketches: list[Sketch]) -> frozenset[str]:
    counts: Counter[str] = Counter()
    for sketch in sketches:
        counts.update(sketch.counted.split("\n"))
    return frozenset(k for k, c in counts.items() if c >= 2 and k)


def _countable(stripped: str) -> bool:
    """A line that counts towards repeated chrome: not prose, or at most five words."""
    return not sentence_like(stripped) or len(words(stripped)) <= 5


def _line_key(stripped: str) -> str:
    """A line as `classify` looks it up among the repeated ones: lower-cased words."""
    return " ".join(words(stripped.lower()))


def _has_line_in(sketch: Sketch, repeated: frozenset[str]) -> bool:
    """Whether cleaning again with `repeated` could judge a line differently (else the first build stands).

    `classify` looks up only lines of at most REPEATED_WORDS words, so only their keys can matter.
    """
    return bool(repeated) and not repeated.isdisjoint(sketch.short.split("\n"))


def _build(raw: RawSource, source_id: str, repeated: frozenset[str], manifest: dict) -> Document:
    lines = raw.text.split("\n")
    front, skip = metadata.front_matter(lines)
    judged = classify(lines, raw.hints, repeated, skip=skip)
    text, blocks = assemble(judged)
    source = Source(id=source_id, path=shown(raw.path), sha256=hashlib.sha256(raw.text.encode("utf-8")).hexdigest())
    metadata.fill(source, raw, judged, front, manifest.get(_manifest_key(raw.path)))
    source.translated = any(not ln.kept and ln.kind == "translator credit" for ln in judged)
    return Document(source=source, text=text, blocks=blocks, lines=judged)


def _manifest_key(path: str) -> str:
    return Path(path).name


def _stem_id(path: str) -> str:
    if web.is_url(path):
        return web.source_id(path)
    return "stdin" if path == STDIN else shown(Path(path).stem)


def _unique_ids(paths: list[str]) -> list[str]:
    """File stems, suffixed -2, -3 ... on clashes, in path order."""
    seen: Counter[str] = Counter()
    ids = []
    for path in paths:
        stem = _stem_id(path)
        seen[stem] += 1
        ids.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return ids


def report_problems(problems: list[Problem], stream=None) -> None:
    """One line per skipped source on stderr."""
    stream = stream or sys.stderr
    for problem in problems:
        print(f"skipped {problem}", file=stream)
