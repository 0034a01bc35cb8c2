"""Render time per format and audience on the test factory's briefing.

Run from the repository root:  python benchmarks/render.py [--repeat N]

Prints one line per audience and format with the median time of N runs, the
output size and page count (PDF), next to a baseline measured in the same run:
plain JSON serialisation of the same Briefing (`Briefing.to_json`).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from briefing_factory import make_briefing  # noqa: E402

from briefing.config import load_profile  # noqa: E402
from briefing.render import FORMATS, render_bytes  # noqa: E402
from briefing.render.pdf import page_count  # noqa: E402


def timed(fn, repeat: int) -> tuple[float, object]:  # noqa: ANN001
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    briefing = make_briefing()
    base, _ = timed(lambda: briefing.to_json().encode("utf-8"), args.repeat)
    print(f"baseline  Briefing.to_json: {base * 1000:8.2f} ms")
    print(f"{'audience':<10} {'format':<5} {'median ms':>10} {'x baseline':>11} {'bytes':>8} {'pages':>5}")
    for audience in ("executive", "analyst", "press"):
        profile = load_profile(audience)
        render_bytes(briefing, "pdf", profile)  # warm up: font registration, imports
        for fmt in FORMATS:
            seconds, data = timed(lambda: render_bytes(briefing, fmt, profile), args.repeat)
            pages = page_count(data) if fmt == "pdf" else ""
            print(f"{audience:<10} {fmt:<5} {seconds * 1000:10.1f} {seconds / base:11.0f} {len(data):8d} {pages:>5}")


if __name__ == "__main__":
    main()
