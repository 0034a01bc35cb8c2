"""Analyzing many documents: cache first, then one streamed `nlp.pipe` over the rest.

Each parsed spaCy Doc is turned into its small `Analysis` as soon as it leaves
the pipe and then dropped, so memory holds at most a batch of Docs whatever
the size of the corpus. Large corpora use every core: worker processes, each
running `nlp.pipe` over a batch of documents, send back the Analysis, not the
Doc. spaCy's own `n_process` ships every Doc to the parent, which rebuilds it
and, with our analysis on top, becomes a third busy process on a two-core
machine (8 s of 62 s at 1,000 articles, measured). A handful of documents
does not pay the workers' start-up.

A text longer than CHUNK_CHARS is parsed on its own, in pieces cut after a
line break (a paragraph end), one piece at a time per process, and the
pieces' Docs are joined back into one Doc of the whole text, so every offset
stays exact. spaCy refuses a text over `nlp.max_length` (1,000,000
characters) because its parser and NER need up to 1 GB of temporary memory
per 100,000 characters (en_core_web_sm, measured: about 300 MB), and ingest
allows 5 MB of text; raising the limit would trade that error for running
out of memory. Ordinary articles are far shorter and are parsed whole, as
before: a cut can change a tag or an entity next to it.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from briefing import cache as analysis_cache
from briefing import collector
from briefing.analyze import from_spacy
from briefing.analyze import nlp as nlp_loader
from briefing.model import Analysis, Document
from briefing.parallel import batched, map_batches, worker_count
from briefing.progress import Bars

# With n_process=0 (auto), fewer documents than this are parsed in-process:
# forking workers and shipping Docs back costs more than it saves.
MIN_PARALLEL_DOCS = 24
# Batches per worker at least, so the last batches do not leave a core idle.
BATCHES_PER_WORKER = 4
# Small batches each worker ends the parse with (see tapered).
TAPER = 2
# Longer texts are parsed in pieces of at most this many characters (see above).
CHUNK_CHARS = 100_000


@dataclass
class AnalyzeOptions:
    model: str | None = None
    n_process: int = 0  # 0: every usable core when there are enough documents
    batch_size: int = 16  # Docs per batch; each worker's memory grows with it (~320 MB at 16, ~500 MB at 32)
    cache_dir: Path | None = None  # None: the user cache folder
    use_cache: bool = True
    progress: bool = False


def pipe_settings(n_docs: int, options: AnalyzeOptions) -> tuple[int, int]:
    """(n_process, batch_size) for parsing `n_docs` texts: one rule for builds and benchmarks."""
    n_process = worker_count(n_docs, options.n_process, MIN_PARALLEL_DOCS)
    batch_size = max(1, options.batch_size)
    if n_process > 1:
        batch_size = max(1, min(batch_size, math.ceil(n_docs / (n_process * BATCHES_PER_WORKER))))
    return n_process, batch_size


def open_cache(options: AnalyzeOptions) -> analysis_cache.AnalysisCache | None:
    if not options.use_cache:
        return None
    name, version = analysis_cache.model_identity(nlp_loader.model_name(options.model))
    return analysis_cache.AnalysisCache(options.cache_dir or analysis_cache.default_dir(), name, version)


def analyze_documents(documents: list[Document], options: AnalyzeOptions | None = None,
                      bars: Bars | None = None,
                      on_result: Callable[[int, Analysis], Analysis | None] | None = None) -> list[Analysis]:
    """One Analysis per document, in the same order.

    `bars` lets the caller share its progress display; otherwise one is made
    when `options.progress` is set. `on_result(i, analysis)` is called once per
    document, while worker processes still parse the others where there are
    any: per-source work of later stages done there costs half its time on
    two cores. Cached analyses are reported once the workers are running.
    What `on_result` returns, if not None, is kept in place of the analysis
    (a caller that needs only part of it keeps memory down; the cache
    already holds the whole).
    """
    options = options or AnalyzeOptions()
    if bars is None:
        with Bars(enabled=options.progress) as own:
            return analyze_documents(documents, options, own, on_result)
    task = bars.task("Analyzing", total=len(documents))
    store = open_cache(options)
    results: list[Analysis | None] = [None] * len(documents)
    keys: list[str] = []
    if store is not None:
        keys = [analysis_cache.document_key(d) for d in documents]
        for i, document in enumerate(documents):
            results[i] = store.load(document, keys[i])
        task.advance(sum(1 for r in results if r is not None))
    todo = [i for i, r in enumerate(results) if r is None]
    pending = [i for i, r in enumerate(results) if r is not None]  # cached: reported below

    def report(indices: list[int]) -> None:
        if on_result is not None:
            for k in indices:
                kept = on_result(k, results[k])  # type: ignore[arg-type]  # filled
                if kept is not None:
                    results[k] = kept
        indices.clear()

    if todo:
        limit = chunk_limit(nlp_loader.loaded(options.model))  # not loaded here: CHUNK_CHARS
        whole = [i for i in todo if len(documents[i].text) <= limit]
        n_process, batch_size = pipe_settings(len(whole), options)
        if n_process > 1:
            held = nlp_loader.loaded(options.model) is not None
            nlp_loader.load(options.model)  # once, here: the forked workers share it
            done = _in_workers(documents, whole, n_process, batch_size, options.model)
        else:
            nlp = nlp_loader.load(options.model)
            texts = (documents[i].text for i in whole)
            done = ((i, from_spacy(documents[i], sdoc))
                    for i, sdoc in zip(whole, nlp.pipe(texts, batch_size=batch_size)))
        long = ((i, from_spacy(documents[i], parse_long(nlp_loader.load(options.model), documents[i].text, options)))
                for i in todo if len(documents[i].text) > limit)
        # No collection while results pour in: they hold no cycles, and each full walk of the
        # growing corpus cost the parent ~0.15 s of a core the workers parse on (1,000 articles).
        with contextlib.closing(done), collector.paused():  # an error stops the workers now, not when collected
            for i, analysis in itertools.chain(done, long):
                results[i] = analysis
                if store is not None:
                    store.store(documents[i], analysis, keys[i])
                task.advance()
                report(pending)  # the cached ones, now that the workers run (empties the list)
                report([i])
        if n_process > 1 and not held:
            nlp_loader.forget(options.model)  # select needs the memory more
    report(pending)
    task.done()
    return results  # type: ignore[return-value]  # every slot is filled above


def _in_workers(documents: list[Document], indices: list[int], n_process: int, batch_size: int,
                model: str | None) -> Iterator[tuple[int, Analysis]]:
    """(index, Analysis) for `documents[i]`, i in `indices`, in order, parsed by `n_process` workers.

    The parent has loaded the model: forked workers share it, as spaCy's own
    n_process does. Each loading its own copy cost 1.3 s of both cores at
    1,000 articles (two loads side by side, from a parent already holding the
    corpus) against 0.8 s of one, and one copy of its memory per worker.
    """
    batches = tapered(indices, batch_size, n_process)
    work = ([documents[i] for i in batch] for batch in batches)
    done = map_batches(_analyze_batch, work, n_process, model, initializer=_start_worker, initargs=(model,))
    for batch, analyses in zip(batches, done):
        yield from zip(batch, analyses)


def tapered(indices: list[int], size: int, workers: int) -> list[list[int]]:
    """Batches of `size`, the last ones (TAPER per worker) a quarter as large.

    Workers take the next batch when they finish one, so the parse ends when
    the last batch does: with whole batches one core waited up to a batch's
    time (~1.3 s at 16 articles) for the other; with quarter ones, a quarter.
    """
    small = max(1, size // 4)
    cut = max(0, len(indices) - TAPER * workers * small)
    return batched(indices[:cut], size) + batched(indices[cut:], small)


def _start_worker(model: str | None) -> None:
    """The model (inherited from the parent when forked, else loaded here), then frozen:
    the collector never walks its objects again (they live as long as the worker)."""
    nlp_loader.load(model)
    gc.freeze()


def _analyze_batch(documents: list[Document], model: str | None) -> list[Analysis]:
    """In a worker: parse a batch with one `nlp.pipe` and return only the small Analyses.

    A text over this model's own limit (one lower than CHUNK_CHARS) is parsed in pieces here.
    The collector waits for the end of the batch (a parse leaves a dozen small cycles).
    """
    with collector.paused():
        return _parse_batch(documents, model)


def _parse_batch(documents: list[Document], model: str | None) -> list[Analysis]:
    nlp = nlp_loader.load(model)
    limit = chunk_limit(nlp)
    short = [d for d in documents if len(d.text) <= limit]
    parsed = dict(zip(map(id, short), nlp.pipe([d.text for d in short], batch_size=max(1, len(short)))))
    alone = AnalyzeOptions(model=model, n_process=1)
    return [from_spacy(d, parsed.pop(id(d)) if id(d) in parsed else parse_long(nlp, d.text, alone))
            for d in documents]


def chunk_limit(nlp) -> int:  # noqa: ANN001
    """Longest text parsed whole; no pipeline (None) or one with no max_length gets CHUNK_CHARS."""
    return min(CHUNK_CHARS, getattr(nlp, "max_length", CHUNK_CHARS))


def parse_long(nlp, text: str, options: AnalyzeOptions):  # noqa: ANN001, ANN201 - spaCy types
    """One Doc of `text` (any length), parsed a piece at a time (`split_text`) to bound memory."""
    from spacy.tokens import Doc

    pieces = split_text(text, chunk_limit(nlp))
    n_process = pipe_settings(len(pieces), options)[0]
    docs = list(nlp.pipe(pieces, batch_size=1, n_process=n_process))
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters that join back to `text`.

    Each cut falls after the last line break that fits, else after the last
    space, else (one "word" longer than `limit`) at the limit itself.
    """
    pieces, start = [], 0
    while len(text) - start > limit:
        end = text.rfind("\n", start, start + limit) + 1
        if end <= start:
            end = text.rfind(" ", start, start + limit) + 1
        if end <= start:
            end = start + limit
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces
