"""The whole build: ingest -> analyze -> select -> render, as one library call.

The CLI only parses options into `BuildOptions` and prints what `build` returns.
Outputs are rendered into a staging folder and moved into place only when every
format succeeded, so a failed build never leaves a partial set of files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from briefing import cache as analysis_cache
from briefing import checks, corpus_cache, ingest, render, select
from briefing.analyze.run import AnalyzeOptions, analyze_documents
from briefing.config import load_profile, load_topics, topics_file
from briefing.corpus_cache import CorpusCache
from briefing.errors import EXIT_NO_SOURCES, BriefingError, OutputError, UsageError
from briefing.fsutil import remove_stale_temps
from briefing.model import Briefing, Problem
from briefing.parallel import stopped_by_signals
from briefing.progress import Bars

DEFAULT_FORMATS = ("docx", "pdf")


@dataclass
class BuildOptions:
    sources: list[str] = field(default_factory=list)  # files or folders; empty means seeds/
    formats: list[str] = field(default_factory=lambda: list(DEFAULT_FORMATS))
    audience: str = "analyst"
    out: Path = Path("output")
    topics: Path | None = None
    templates: Path | None = None
    title: str | None = None
    marking: str | None = None  # replaces the profile's handling marking
    strict: bool = False
    since: str | None = None
    until: str | None = None
    model: str | None = None
    max_bytes: int = 5_000_000
    max_items: int = ingest.feeds.DEFAULT_MAX_ITEMS  # per RSS/Atom feed
    n_process: int = 0  # worker processes for parsing; 0 = every core on large corpora
    cache_dir: Path | None = None
    use_cache: bool = True
    progress: bool = False


@dataclass
class BuildResult:
    briefing: Briefing
    paths: list[Path]
    problems: list[Problem]
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (duplicate, kept copy)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage: read, analyze, select, render
    warnings: list[str] = field(default_factory=list)  # the build worked, but the user should look (one line each)
    fitting: list[str] = field(default_factory=list)  # what fitting the page limit left out or shrank


def profile_of(options: BuildOptions):
    """The audience profile, with the handling marking of the options when they give one."""
    profile = load_profile(options.audience, options.templates)
    return dataclasses.replace(profile, marking=options.marking) if options.marking else profile


def parse_formats(text: str | list[str]) -> list[str]:
    """'docx,pdf' -> ['docx', 'pdf'], refusing unknown names before any work is done."""
    names = text.split(",") if isinstance(text, str) else list(text)
    formats = [n.strip().lower() for n in names if n.strip()]
    unknown = [f for f in formats if f not in render.FORMATS]
    if unknown or not formats:
        raise UsageError(
            f"unknown format '{', '.join(unknown) or text}' (choose from {', '.join(render.FORMATS)})"
        )
    return list(dict.fromkeys(formats))


def generated_date() -> str:
    """Today's date, or the date of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
        except ValueError:
            raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{epoch}'") from None
    return dt.date.today().isoformat()


def default_sources() -> list[str]:
    seeds = Path("seeds")
    if not seeds.is_dir():
        raise UsageError("no sources given and no seeds/ folder here: name files, folders, links or feeds to build from")
    return [str(seeds)]


def _check_date(value: str | None, option: str) -> None:
    if value is None:
        return
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} takes a date as YYYY-MM-DD, not '{value}'") from None


@contextmanager
def _timed(timings: dict[str, float] | None, stage: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        if timings is not None:
            timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def make_briefing(options: BuildOptions, timings: dict[str, float] | None = None,
                  bars: Bars | None = None, warnings: list[str] | None = None) -> tuple[Briefing, ingest.IngestResult]:
    """Everything up to the Briefing model: no files are written.

    A corpus built before with the same sources, options and topics starts
    from its prepared selection (corpus_cache.py): only the audience's part
    runs. `timings` (if given) receives seconds per stage; `bars` shows progress;
    `warnings` receives lines about a build that may not be what the user meant.
    The IngestResult's documents are the prepared ones (without judged lines).
    """
    bars = bars or Bars(enabled=False)
    _check_date(options.since, "--since")
    _check_date(options.until, "--until")
    profile = profile_of(options)
    topics = load_topics(topics_file(options.topics, options.templates))
    sources = options.sources or default_sources()
    chosen = select.SelectOptions(title=options.title, generated=generated_date(),
                                  since=options.since, until=options.until, jobs=options.n_process)
    with _timed(timings, "read"):
        store, key, digests = _corpus_cache(options, sources, topics)
        entry = store.load(key) if store and key else None
    if entry is None:
        entry, read = _prepare(options, sources, topics, chosen, timings, bars)
        if store and key and corpus_cache.same_bytes(digests, read):
            with _timed(timings, "select"):
                store.store(key, entry)
    elif timings is not None:
        timings.setdefault("analyze", 0.0)
    with _timed(timings, "select"):
        briefing = select.finish(entry.prepared, profile, chosen)
    briefing.skipped = [str(p) for p in entry.problems]
    if warnings is not None:
        warnings += checks.date_range_warning(entry.prepared.documents, options.since, options.until)
        warnings += checks.unmatched_topics(topics, {g.topic for g in entry.prepared.groups},
                                            topics_file(options.topics, options.templates))
    _record_duplicates(briefing, entry.duplicates)
    loaded = ingest.IngestResult(documents=entry.prepared.documents, problems=entry.problems,
                                 duplicates=entry.duplicates, warnings=entry.warnings)
    return briefing, loaded


def _corpus_cache(options: BuildOptions, sources: list[str],
                  topics: list) -> tuple[CorpusCache | None, str | None, dict[str, str]]:
    """The corpus cache, this build's key in it, and the digest of each file the key hashed.

    (None, None, {}) with --no-cache, with web sources (a page may differ next time), or when a
    source can be read only once (stdin, a pipe, a device): hashing it for the key would drain
    what the reader needs.
    """
    if not options.use_cache:
        return None, None, {}
    root = options.cache_dir or analysis_cache.default_dir()
    analysis_cache.tidy(root)
    if ingest.STDIN in sources or any(ingest.web.is_web_source(s) for s in sources):
        return None, None, {}
    files, _ = ingest.expand_paths(sources)
    if ingest.STDIN in files or not corpus_cache.cacheable(files):
        return None, None, {}
    folders = list(dict.fromkeys(Path(f).parent for f in files))
    digests = corpus_cache.file_digests(files)
    key = corpus_cache.corpus_key(files, folders, corpus_cache.settings_of(options, topics), digests)
    return CorpusCache(root), key, digests


def _prepare(options: BuildOptions, sources: list[str], topics: list, chosen: select.SelectOptions,
             timings: dict[str, float] | None, bars: Bars) -> tuple[corpus_cache.Entry, dict[str, str]]:
    """Read, analyze and prepare the selection: the part of a build that does not depend on the audience.

    Also returns the digest of the bytes read from each file, to check against the corpus key's.
    """
    with _timed(timings, "read"):
        reading = bars.task("Reading sources")
        loaded = ingest.load_sources(
            sources, _ingest_options(options), reading,
        )
        reading.done()
    problems, duplicates, warnings, read = loaded.problems, loaded.duplicates, loaded.warnings, loaded.digests
    # Each line's keep/drop verdict is for `briefing inspect`; the build reads only text and blocks.
    documents = [dataclasses.replace(d, lines=[]) for d in loaded.documents]
    del loaded
    documents = select.filter_by_date(documents, options.since, options.until)
    if not documents:
        raise BriefingError("no source falls within --since/--until", EXIT_NO_SOURCES)
    features = select.SourceFeatures(documents)  # select's per-source part, done while the parse runs
    with _timed(timings, "analyze"):
        analyses = analyze_documents(
            documents,
            AnalyzeOptions(model=options.model, n_process=options.n_process, cache_dir=options.cache_dir,
                           use_cache=options.use_cache, progress=options.progress),
            bars, on_result=features.add,
        )
    with _timed(timings, "select"):
        analyses = features.complete(analyses)  # and let go of what select no longer needs
        prepared = select.prepare(documents, analyses, topics, chosen, features)
    return corpus_cache.Entry(problems=problems, duplicates=duplicates, prepared=prepared, warnings=warnings), read


def _ingest_options(options: BuildOptions) -> ingest.IngestOptions:
    cache = (options.cache_dir or analysis_cache.default_dir()) / "web" if options.use_cache else None
    fetch = ingest.web.FetchOptions(max_bytes=options.max_bytes * ingest.readers.CONTAINER_FACTOR, cache_dir=cache)
    return ingest.IngestOptions(strict=options.strict, max_bytes=options.max_bytes, jobs=options.n_process,
                                max_items=options.max_items, since=options.since, until=options.until, fetch=fetch)


def _record_duplicates(briefing: Briefing, duplicates: list[tuple[str, str]]) -> None:
    """Name the copies that were counted once on the Sources entry they duplicate."""
    by_file = {entry.file: entry for entry in briefing.sources}
    for duplicate, kept in duplicates:
        if kept in by_file and duplicate not in by_file[kept].duplicates:
            by_file[kept].duplicates.append(duplicate)


STAGING = ".briefing-"  # prefix of the folder outputs are rendered into before they move into place


def write_outputs(briefing: Briefing, options: BuildOptions, bars: Bars | None = None,
                  warnings: list[str] | None = None) -> list[Path]:
    """Render every format into a staging folder, then move all into `out` together, or none.

    Every target is checked before the first move, and if a move still fails
    the files already moved are put back as they were. Errors name the user's
    paths, never the staging folder. `warnings` collects what the renderers
    want the user to hear (characters the PDF font cannot draw).
    """
    bars = bars or Bars(enabled=False)
    profile = profile_of(options)
    formats = parse_formats(options.formats)
    stem = render.output_stem(briefing, profile)
    out = Path(options.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(out, f"{STAGING}*")  # left by builds killed over a day ago
        staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=out))
    except OSError as exc:
        raise OutputError(f"{out}: cannot create output folder ({exc.strerror or exc})") from None
    try:
        rendering = bars.task("Rendering", total=len(formats))
        staged = []
        for fmt in formats:
            target = out / f"{stem}.{fmt}"
            try:
                staged.append(render.render(briefing, fmt, staging / target.name, profile, options.templates,
                                            name=str(target), strict=options.strict, warnings=warnings))
            except OutputError as exc:
                raise OutputError(str(exc).replace(str(staging / target.name), str(target))) from None
            rendering.advance()
        return _move_all(staged, out, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_all(staged: list[Path], out: Path, staging: Path) -> list[Path]:
    """Move each staged file over its target in `out`; on any failure restore every target as it was."""
    targets = [out / path.name for path in staged]
    for target in targets:
        if target.is_dir() or (target.exists() and not target.is_file()):
            raise OutputError(f"{target}: cannot replace it (it is a folder or not a regular file); "
                              f"move it away or choose another --out")
    saved = staging / ".previous"
    done: list[tuple[Path, Path | None]] = []  # (target, its previous file kept in staging, or None)
    try:
        saved.mkdir()
        for path, target in zip(staged, targets):
            backup = None
            if target.exists():
                backup = saved / target.name
                os.replace(target, backup)
            done.append((target, backup))
            os.replace(path, target)
    except OSError as exc:
        failed = done[-1][0] if done else out
        for target, backup in reversed(done):
            try:
                if backup is not None:
                    os.replace(backup, target)
                elif target.exists():
                    target.unlink()
            except OSError:
                pass  # nothing more we can do: the error below still names the file that failed
        raise OutputError(f"{failed}: cannot replace it ({exc.strerror or exc}); no output was changed") from None
    return targets


def build(options: BuildOptions) -> BuildResult:
    parse_formats(options.formats)  # fail on a bad format before the slow part
    timings: dict[str, float] = {}
    warnings: list[str] = []
    with stopped_by_signals(), Bars(enabled=options.progress) as bars:
        briefing, loaded = make_briefing(options, timings, bars, warnings)
        warnings = list(loaded.warnings) + warnings
        with _timed(timings, "render"):
            paths = write_outputs(briefing, options, bars, warnings)
            profile = profile_of(options)
            paged = set(parse_formats(options.formats)) - {"json"}  # JSON carries everything: nothing to fit
            fitting = list(briefing.fitting) + (render.fit_notes(briefing, profile, options.templates) if paged else [])
    return BuildResult(briefing=briefing, paths=paths, problems=loaded.problems,
                       duplicates=loaded.duplicates, timings=timings, warnings=warnings, fitting=fitting)


__all__ = ["BuildOptions", "BuildResult", "build", "make_briefing", "write_outputs", "parse_formats", "profile_of"]
