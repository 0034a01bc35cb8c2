"""Scale benchmark: a cold build, a warm rebuild and bare spaCy on the same texts.

For each corpus size it generates synthetic articles (benchmarks/corpus.py),
then runs, each in its own process so wall time and memory are its own:

  cold  `build` with an empty cache (audience analyst)
  warm  `build` again for another audience (executive), cache filled by cold
  bare  the floor: load the same model with the same components and run
        `nlp.pipe` over the same cleaned texts with the same n_process and
        batch size, touching every Doc and keeping none; run once before
        and once after the builds, the ratios use the mean (the speed of
        shared cores drifts over minutes)

and prints wall time, peak memory of the process tree, the ratios the issue
sets targets for, and the cold and warm build's time per stage. Memory is
sampled over the process and its workers, two ways: PSS (each page shared
between processes, like the model or the corpus a forked worker inherits,
counted once: the tree's real footprint, which the target is about; read
every second and as memory rises, since reading it costs CPU the measured
step would miss) and the plain sum of RSS every 0.2 s (shared pages counted
once per process: an overstatement, shown for comparison).

    python benchmarks/scale.py                      # 100, 1000 and 5000 articles
    python benchmarks/scale.py --sizes 100 --formats json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

PAGE = os.sysconf("SC_PAGE_SIZE")
# How often memory is sampled. Reading a process's PSS makes the kernel walk its page
# tables: ~7 ms of CPU for a 1.3 GB process, so PSS every 50 ms took about a tenth of
# these two cores from the build it measured, more the more memory the build held.
# Listing the process tree and reading RSS (statm) costs ~1 ms a round. So RSS is read every
# 0.2 s, and PSS every second and whenever RSS has risen 2% since: peaks last seconds (the
# corpus held for select), and rises are caught as they happen.
RSS_EVERY, PSS_EVERY = 0.2, 1.0


RUNNING: list[subprocess.Popen] = []  # the step being measured, stopped with us


def stop(*_) -> None:
    for proc in RUNNING:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the step and its spaCy workers
        except ProcessLookupError:
            pass
    sys.exit("stopped (SIGTERM)")


class StepFailed(Exception):
    """A measured step crashed or failed; the sizes already measured are still printed."""


# ------------------------------------------------------------ measuring


def _tree(root: int) -> list[int]:
    """`root` and every process descending from it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    """Proportional set size: each shared page counted once across the processes sharing it."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def measure(args: list[str]) -> dict:
    """Run `python scale.py --child ...`; wall seconds, peak tree RSS sum and PSS, and the child's JSON report."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen([sys.executable, "-X", "faulthandler", __file__, "--child", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    RUNNING[:] = [proc]
    peak = peak_pss = 0
    sampling = 0.0  # CPU seconds the sampler itself used
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss, sampling
        last_pss, rss_then = -PSS_EVERY, 0
        while not done.is_set():
            began = time.thread_time()
            tree = _tree(proc.pid)
            rss = sum(_rss(pid) for pid in tree)
            peak = max(peak, rss)
            since = time.monotonic() - last_pss
            if since >= PSS_EVERY or (rss > 1.02 * rss_then and since >= 0.2):  # every second, and as memory rises
                peak_pss = max(peak_pss, sum(_pss(pid) for pid in tree))
                last_pss, rss_then = time.monotonic(), max(rss_then, rss)
            sampling += time.thread_time() - began
            done.wait(RSS_EVERY)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the step and every process it waited for
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise StepFailed(f"step {args[0]} failed (exit {proc.returncode}) after {wall:.0f}s, "
                         f"peak {peak / 2**20:.0f} MB:\n{err.decode(errors='replace')[-3000:]}")
    report = json.loads(out.decode().strip().splitlines()[-1])
    return {"wall": wall, "cpu": cpu, "peak": peak, "peak_pss": peak_pss, "sampling": sampling, **report}


# --------------------------------------------------------------- children


def plain_documents(folder: str) -> list:
    """Documents straight from the generated files, one block a line, without ingest (--analysis-only)."""
    from briefing.model import Block, Document, Source

    docs = []
    for path in sorted(Path(folder).glob("article-*.txt")):
        lines = path.read_text(encoding="utf-8").strip().split("\n")
        blocks, start = [], 0
        for n, line in enumerate(lines):
            blocks.append(Block("headline" if n == 0 else "paragraph", start, start + len(line)))
            start += len(line) + 1
        docs.append(Document(Source(id=path.stem, path=str(path), language="en"), "\n".join(lines), blocks))
    return docs


def child(argv: list[str]) -> None:
    """The measured steps; each prints one JSON line on stdout."""
    step = argv[0]
    if step == "texts":  # not measured: the cleaned texts the build will parse
        from briefing import ingest

        corpus, out, only = argv[1:4]
        docs = plain_documents(corpus) if only == "1" else ingest.load_sources([corpus]).documents
        Path(out).write_text(json.dumps([d.text for d in docs]), encoding="utf-8")
        print(json.dumps({"documents": len(docs), "words": sum(len(d.text.split()) for d in docs)}))
    elif step == "warmup":  # not measured: read the model's files once, so no measured step pays for a cold disk
        from briefing.analyze import nlp as nlp_loader

        nlp_loader.load()("Warm up.")
        print(json.dumps({}))
    elif step == "bare":
        from briefing.analyze import nlp as nlp_loader
        from briefing.analyze.run import AnalyzeOptions, pipe_settings

        texts_file, jobs = argv[1], int(argv[2])
        texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
        start = time.perf_counter()
        nlp = nlp_loader.load()
        n_process, batch_size = pipe_settings(len(texts), AnalyzeOptions(n_process=jobs))
        tokens = 0
        for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size):
            tokens += len(doc)
        print(json.dumps({"inside": time.perf_counter() - start, "tokens": tokens,
                          "n_process": n_process, "batch_size": batch_size, "pipes": nlp.pipe_names}))
    elif step == "build":
        from briefing.pipeline import BuildOptions, build

        corpus, out, cache, audience, formats, jobs = argv[1:7]
        if formats == "-":  # --analysis-only: the analysis stage alone, on the same documents as `texts`
            from briefing.analyze.run import AnalyzeOptions, analyze_documents

            start = time.perf_counter()
            docs = plain_documents(corpus)
            analyses = analyze_documents(docs, AnalyzeOptions(n_process=int(jobs), cache_dir=Path(cache)))
            timings = {"analyze": time.perf_counter() - start}
            print(json.dumps({"timings": timings, "items": sum(len(a.quotes) for a in analyses), "files": 0}))
            return
        result = build(BuildOptions(sources=[corpus], formats=formats.split(","), audience=audience,
                                    out=Path(out), cache_dir=Path(cache), n_process=int(jobs)))
        items = sum(len(s.items) for s in result.briefing.sections)
        print(json.dumps({"timings": result.timings, "items": items, "files": len(result.paths)}))
    else:
        raise SystemExit(f"unknown step {step}")


# ------------------------------------------------------------------ main


def run_size(size: int, work: Path, formats: str, jobs: int, words: int) -> dict:
    import corpus

    folder = corpus.write_corpus(work / f"corpus-{size}", size, words=words)
    texts = work / f"texts-{size}.json"
    described = measure(["texts", str(folder), str(texts), "1" if formats == "-" else "0"])
    cache = work / f"cache-{size}"
    shutil.rmtree(cache, ignore_errors=True)
    # Bare spaCy runs before and after the builds and the ratio uses the mean: on shared cores
    # the machine's speed drifts over minutes, and one bare run after them takes all the drift.
    first = measure(["bare", str(texts), str(jobs)])
    cold = measure(["build", str(folder), str(work / f"out-{size}-cold"), str(cache), "analyst", formats, str(jobs)])
    warm = measure(["build", str(folder), str(work / f"out-{size}-warm"), str(cache), "executive", formats,
                    str(jobs)])
    last = measure(["bare", str(texts), str(jobs)])
    return {"size": size, "documents": described["documents"], "words": described["words"],
            "cold": cold, "warm": warm, "bare": _mean_bare(first, last)}


def _mean_bare(first: dict, last: dict) -> dict:
    """The two bare runs as one: mean times, highest memory, both wall times kept."""
    both = {**last, "walls": [first["wall"], last["wall"]]}
    for key in ("wall", "cpu", "inside", "sampling"):
        both[key] = (first[key] + last[key]) / 2
    for key in ("peak", "peak_pss"):
        both[key] = max(first[key], last[key])
    return both


def mb(n: int) -> str:
    return f"{n / 2**20:.0f}"


def print_table(rows: list[dict], formats: str) -> None:
    first = rows[0]["bare"]
    print(f"\nformats: {formats}; bare spaCy: n_process={first['n_process']} (at {rows[0]['size']} articles), "
          f"pipes={','.join(first['pipes'])}; cores usable: {len(os.sched_getaffinity(0))}")
    head = (f"{'articles':>8} {'words':>9} {'n_proc':>6} {'batch':>5} | {'cold s':>8} {'warm s':>7} {'bare s':>8} | "
            f"{'cold/bare':>9} {'warm/cold':>9} | {'cold ms/art':>11} {'bare ms/art':>11} | "
            f"{'peak MB cold':>12} {'warm':>5} {'bare':>5} | {'RSS sum cold':>12} {'warm':>5} {'bare':>5}")
    print(head)
    print("-" * len(head))
    for r in rows:
        cold, warm, bare, n = r["cold"], r["warm"], r["bare"], r["documents"]
        print(f"{n:>8} {r['words']:>9} {bare['n_process']:>6} {bare['batch_size']:>5} | {cold['wall']:>8.2f} "
              f"{warm['wall']:>7.2f} {bare['wall']:>8.2f} | {cold['wall'] / bare['wall']:>9.2f} "
              f"{warm['wall'] / cold['wall']:>9.3f} | {1000 * cold['wall'] / n:>11.1f} "
              f"{1000 * bare['wall'] / n:>11.1f} | {mb(cold['peak_pss']):>12} {mb(warm['peak_pss']):>5} "
              f"{mb(bare['peak_pss']):>5} | {mb(cold['peak']):>12} {mb(warm['peak']):>5} {mb(bare['peak']):>5}")
    print("peak MB: PSS of the process tree (shared pages once); RSS sum: every process's RSS added up")
    print("bare s: mean of a run before and one after the builds (" + "; ".join(
        f"{r['documents']}: {r['bare']['walls'][0]:.2f} and {r['bare']['walls'][1]:.2f}" for r in rows) + ")")
    print("CPU s (user + system) of each step's processes, cold / bare: " + "; ".join(
        f"{r['documents']}: {r['cold']['cpu']:.1f} / {r['bare']['cpu']:.1f} = {r['cold']['cpu'] / r['bare']['cpu']:.2f}"
        for r in rows))
    print("CPU s the memory sampler took beside each step (cold, warm, bare): "
          + "; ".join(f"{r['documents']}: {r['cold']['sampling']:.2f}, {r['warm']['sampling']:.2f}, "
                      f"{r['bare']['sampling']:.2f}" for r in rows))
    print("\nseconds per stage (inside the build process; the rest of the wall time is start-up and imports)")
    print(f"{'articles':>8} {'run':>4} | {'read':>7} {'analyze':>8} {'select':>7} {'render':>7} | "
          f"{'bare load+pipe':>14}")
    for r in rows:
        for name in ("cold", "warm"):
            t = r[name]["timings"]
            bare = f"{r['bare']['inside']:>14.2f}" if name == "cold" else ""
            print(f"{r['documents']:>8} {name:>4} | {t.get('read', 0):>7.2f} {t.get('analyze', 0):>8.2f} "
                  f"{t.get('select', 0):>7.2f} {t.get('render', 0):>7.2f} | {bare}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
        return
    from briefing import render

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated corpus sizes")
    parser.add_argument("--formats", default=",".join(render.FORMATS), help="output formats of the builds")
    parser.add_argument("--jobs", type=int, default=0, help="n_process for build and bare spaCy (0: auto)")
    parser.add_argument("--words", type=int, default=500, help="words per generated article")
    parser.add_argument("--analysis-only", action="store_true",
                        help="cold/warm run only the analysis stage (no ingest, select or render), "
                             "to measure it against bare spaCy when other stages do not scale")
    parser.add_argument("--keep", type=Path, help="keep corpora and outputs in this folder")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="briefing-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    formats = "-" if args.analysis_only else args.formats
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    rows = []
    signal.signal(signal.SIGTERM, stop)  # under `timeout`, still print the sizes measured
    measure(["warmup"])
    try:
        for size in (int(s) for s in args.sizes.split(",") if s.strip()):
            rows.append(run_size(size, work, formats, args.jobs, args.words))
            r = rows[-1]
            print(f"{size} articles: cold {r['cold']['wall']:.1f}s, warm {r['warm']['wall']:.2f}s, "
                  f"bare {r['bare']['wall']:.1f}s", flush=True)
            if args.json:
                args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    except StepFailed as exc:
        print(exc, flush=True)
    finally:
        if rows:
            print_table(rows, "none: analysis stage only" if args.analysis_only else args.formats)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
