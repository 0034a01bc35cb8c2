"""How well briefings align claims across sources, on real coverage with hand-written gold.

For each event folder under tests/data/real/ (see its README.md for the gold
format and the dev/test split) this builds the analyst briefing as JSON with
the event's own topics file, with the current code and with a baseline
commit (checked out in a temporary git worktree, same run), and prints:

- citation precision: of the sources an item cites beyond its first, the
  share that state the item's claim (gold: the fact's evidence lists them);
- corroboration recall: of the sources that state a shown fact, the share cited;
- disagreement recall and precision against the gold disagreements (a shown
  conflict matches one when two of its versions fall on two of its sides and at
  least two thirds of its versions fall on some side; --lenient drops the
  second condition, which credited conflicts listing many loosely related values);
- evolving figures shown with their latest value;
- undated sources placed in the right event, a wrong one, or left unplaced.

An item is scored when its text overlaps a gold fact's evidence sentence in
its first cited source; other items are counted as unscored.

    python benchmarks/claims.py                      # every event, baseline 6e23f05
    python benchmarks/claims.py --split test --baseline HEAD~3
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real"
BASELINE = "6e23f05"  # main before claims were aligned slot by slot
SPLITS = {
    "dev": ["uk-general-election-2024-07", "icj-south-africa-israel-provisional-measures-2024-01",
            "fed-rate-cut-2024-09"],
    # The first test split; its failures were read for tuning afterwards, so it is development data now.
    "dev2": ["morocco-earthquake-2023-09", "g7-summit-apulia-2024-06", "nvidia-q2-fy2024-results"],
    # The second test split: measured five times, never read, then read for tuning once its round closed.
    "dev3": ["hualien-earthquake-2024-04", "ecb-rate-cut-2024-06", "india-general-election-results-2024-06",
             "us-supreme-court-trump-immunity-2024-07"],
    # Collected mid-round to read new failures (development data from the start).
    "dev4": ["hurricane-helene-2024-09", "boe-rate-cut-2024-08", "mexico-presidential-election-2024-06",
             "tesla-q2-2024-results"],
    # Collected with gold written by reading, set aside before this round's rules; measured, never read.
    "test": ["valencia-floods-2024-10", "boj-rate-hike-2024-03", "france-legislative-election-2024-07",
             "apple-q4-fy2024-results"],
    # Set aside at the end of the third round and measured at the start of the fourth before any rule
    # changed; measured, never read.
    "next": ["derna-floods-2023-09", "uk-supreme-court-rwanda-ruling-2023-11",
             "sri-lanka-presidential-election-2024-09", "microsoft-q4-fy2024-results"],
    # Collected mid-round (gold by reading), measured at first contact, then read to tune rules.
    "dev5": ["boc-rate-cut-2024-06", "icc-arrest-warrants-2024-11", "noto-earthquake-2024-01",
             "meta-q1-2024-results", "indonesia-presidential-election-2024-02"],
    # Collected at the end of the fourth round, measured once at first contact, then read.
    "dev6": ["snb-rate-cut-2024-03", "hurricane-beryl-2024-07", "alphabet-q2-2024-results",
             "quad-summit-wilmington-2024-09"],
    # Collected late in the fourth round; measured, never read.
    "fresh": ["brics-kazan-summit-2024-10", "taiwan-election-2024-01", "storm-boris-floods-2024-09",
              "amazon-q3-2024-results", "rba-rate-hike-2023-11"],
    # Collected in the fifth round (gold by reading), measured at first contact, then read to tune rules.
    "dev7": ["hurricane-milton-2024-10", "icj-advisory-opinion-occupation-2024-07", "rbnz-rate-cut-2024-10",
             "boeing-q3-2024-results", "putin-kim-pyongyang-2024-06"],
    # Set aside at the start of the fifth round, before any rule changed; measured, never read.
    "held": ["turkey-syria-earthquake-2023-02", "fed-rate-hike-2023-07", "argentina-runoff-2023-11",
             "netflix-q4-2024-results", "scotus-loper-bright-chevron-2024-06", "biden-xi-woodside-2023-11"],
    # Set aside at the start of the sixth round; first measured at that round's starting commit; never read.
    "held2": ["maui-wildfires-2023-08", "ecb-rate-hike-2023-09", "dutch-election-2023-11",
              "scotus-affirmative-action-2023-06", "intel-q2-2024-results", "g7-hiroshima-summit-2023-05"],
}
UNMEASURED = {"next", "fresh", "held", "held2"}  # left out of --split all: asked for by name only
WORD = re.compile(r"\w+")


@dataclass
class Score:
    further: int = 0  # citations beyond an item's first
    further_right: int = 0
    stating: int = 0  # (fact, source) pairs that state a shown fact
    stating_cited: int = 0
    items: int = 0
    scored: int = 0
    gold_disagreements: int = 0
    found_disagreements: int = 0
    flagged: int = 0  # disagreements the briefing shows
    flagged_right: int = 0
    evolving: int = 0
    evolving_latest: int = 0
    undated_right: int = 0
    undated_wrong: int = 0
    undated_unplaced: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def overlap(evidence: str, text: str) -> float:
    """Share of the evidence's words that the item's text holds (1.0 when one contains the other)."""
    if evidence in text or text in evidence:
        return 1.0
    ev, tx = words(evidence), set(words(text))
    return sum(w in tx for w in ev) / max(1, len(ev))


def build(code: Path, folder: Path, out: Path) -> dict:
    files = sorted(str(p) for p in folder.glob("[0-9][0-9]_*.txt"))
    env = {**os.environ, "PYTHONPATH": str(code), "SOURCE_DATE_EPOCH": "1767225600"}
    cmd = [sys.executable, "-m", "briefing", "build", *files, "-f", "json", "-a", "analyst", "--topics",
           str(folder / "topics.toml"), "-o", str(out), "--no-cache", "-q", "--title", folder.name]
    done = subprocess.run(cmd, cwd=code, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise SystemExit(f"{folder.name}: build failed with {code}: {done.stderr.strip()[-400:]}")
    found = sorted(out.glob("*.json"))
    return json.loads(found[-1].read_text(encoding="utf-8"))


def score(briefing: dict, gold: dict, lenient: bool = False) -> Score:
    s = Score()
    file_of = {e["number"]: Path(e["file"]).name for e in briefing["sources"]}
    facts = gold.get("fact", [])
    items = {i["id"]: i for i in briefing.get("key_points", [])}
    for section in briefing["sections"]:
        items.update({i["id"]: i for i in section["items"]})
    cited_for: dict[str, set[str]] = {}
    for item in items.values():
        s.items += 1
        files = [file_of[n] for n in item["sources"]]
        matched = [f for f in facts if f.get("evidence", {}).get(files[0])
                   and overlap(f["evidence"][files[0]], item["text"]) >= 0.6]
        if not matched:
            continue
        s.scored += 1
        stating = {name for f in matched for name in f["evidence"]}  # an item may state several facts
        for name in files[1:]:
            s.further += 1
            s.further_right += name in stating
            if name not in stating:
                s.notes.append(f"cites {name} for {'+'.join(f['id'] for f in matched)}: {item['text'][:80]}")
        for f in matched:
            cited_for.setdefault(f["id"], set()).update(files)
    for f in facts:
        if f["id"] in cited_for:
            stating = set(f["evidence"])
            s.stating += len(stating)
            s.stating_cited += len(stating & cited_for[f["id"]])
            for name in sorted(stating - cited_for[f["id"]]):
                s.notes.append(f"not cited for {f['id']}: {name}: {f['evidence'][name][:70]}")
    _disagreements(briefing, gold, file_of, s, lenient)
    _evolving(briefing, gold, file_of, s)
    _undated(briefing, gold, s)
    return s


def _sides(d: dict) -> list[dict[str, str]]:
    return [side.get("evidence", {}) for side in d.get("side", [])]


def _matches(conflict: dict, sides: list[dict[str, str]], file_of: dict[int, str], lenient: bool = False) -> bool:
    """Two versions of the conflict fall on two different sides of the gold disagreement: each
    cites a source of its side, and the sentence it gives overlaps that source's gold evidence.
    Unless `lenient`, two thirds of the conflict's versions must fall on a side: a conflict
    listing eight values of loosely related figures ("$0.42 vs $0.52 vs ... vs $1.478 billion")
    is not the disagreement two of its values happen to be."""
    def on(version: dict, side: dict[str, str]) -> bool:
        said = version.get("context") or version["text"]
        return any(file_of[n] in side and overlap(side[file_of[n]], said) >= 0.5 for n in version["sources"])

    versions = conflict["versions"]
    placed = sum(any(on(v, side) for side in sides) for v in versions)
    if not lenient and placed < max(2, math.ceil(2 * len(versions) / 3)):
        return False
    for i, a in enumerate(versions):
        for b in versions[i + 1:]:
            for x, sa in enumerate(sides):
                for y, sb in enumerate(sides):
                    if x != y and on(a, sa) and on(b, sb):
                        return True
    return False


def _disagreements(briefing: dict, gold: dict, file_of: dict[int, str], s: Score, lenient: bool = False) -> None:
    golds = [_sides(d) for d in gold.get("disagreement", [])]
    conflicts = briefing.get("conflicts", [])
    s.gold_disagreements += len(golds)
    s.found_disagreements += sum(any(_matches(c, g, file_of, lenient) for c in conflicts) for g in golds)
    for d, g in zip(gold.get("disagreement", []), golds):
        if not any(_matches(c, g, file_of, lenient) for c in conflicts):
            s.notes.append(f"missed disagreement {d['id']} ({d.get('kind')}): {d.get('about', '')[:70]}")
    s.flagged += len(conflicts)
    for c in conflicts:
        right = any(_matches(c, g, file_of, lenient) for g in golds)
        s.flagged_right += right
        if not right:
            s.notes.append(f"false disagreement: {c['summary'][:160]}")


def _evolving(briefing: dict, gold: dict, file_of: dict[int, str], s: Score) -> None:
    trends = briefing.get("trends", [])
    for e in gold.get("evolving", []):
        values = sorted(e.get("value", []), key=lambda v: v.get("as_of", ""))
        if not values:
            continue
        s.evolving += 1
        latest = set(values[-1].get("evidence", {}))
        if any(t.get("points") and {file_of[n] for n in t["points"][0]["sources"]} & latest for t in trends):
            s.evolving_latest += 1


def _undated(briefing: dict, gold: dict, s: Score) -> None:
    events = {e["id"]: e for e in briefing.get("events", [])}
    entry = {Path(e["file"]).name: e for e in briefing["sources"]}
    for src in gold.get("source", []):
        if src.get("dated", True) or src["file"] not in entry:
            continue
        event = events.get(entry[src["file"]].get("event") or "")
        if event is None or event.get("date") is None:
            s.undated_unplaced += 1
        elif (src["event"] == "main") == bool(event.get("main")):
            s.undated_right += 1
        else:
            s.undated_wrong += 1


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f} ({a}/{b})" if b else "n/a"


ROWS = [
    ("citation precision", lambda s: ratio(s.further_right, s.further)),
    ("corroboration recall", lambda s: ratio(s.stating_cited, s.stating)),
    ("disagreement recall", lambda s: ratio(s.found_disagreements, s.gold_disagreements)),
    ("disagreement precision", lambda s: ratio(s.flagged_right, s.flagged)),
    ("evolving, latest shown", lambda s: ratio(s.evolving_latest, s.evolving)),
    ("undated right/wrong/unplaced", lambda s: f"{s.undated_right}/{s.undated_wrong}/{s.undated_unplaced}"),
    ("items scored / shown", lambda s: f"{s.scored}/{s.items}"),
]


def worktree(rev: str, where: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(where), rev],
                   check=True, capture_output=True)
    return where


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    ap.add_argument("--baseline", default=BASELINE, help="git revision to compare with ('' for none)")
    ap.add_argument("--verbose", action="store_true", help="print each wrong citation and false disagreement")
    ap.add_argument("--lenient", action="store_true",
                    help="count a disagreement found when any two versions of a conflict fall on its two sides")
    args = ap.parse_args()
    splits = [k for k in SPLITS if k not in UNMEASURED] if args.split == "all" else [args.split]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        codes = {"current": ROOT}
        if args.baseline:
            codes["baseline " + args.baseline] = worktree(args.baseline, tmp / "baseline")
        try:
            for split in splits:
                totals = {name: Score() for name in codes}
                for event in SPLITS[split]:
                    folder = REAL / event
                    if not (folder / "gold.toml").exists():
                        print(f"{event}: missing, skipped")
                        continue
                    gold = tomllib.loads((folder / "gold.toml").read_text(encoding="utf-8"))
                    for name, code in codes.items():
                        got = score(build(code, folder, tmp / f"{name}-{event}".replace(" ", "_")), gold, args.lenient)
                        totals[name].add(got)
                        if args.verbose:
                            for note in got.notes:
                                print(f"  [{name}] {event}: {note}")
                _table(split, totals)
        finally:
            if args.baseline:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tmp / "baseline")],
                               capture_output=True)


def _table(split: str, totals: dict[str, Score]) -> None:
    names = list(totals)
    print(f"\n{split} split ({', '.join(SPLITS[split])})")
    print(f"{'':32}" + "".join(f"{n:>26}" for n in names))
    for label, fn in ROWS:
        print(f"{label:32}" + "".join(f"{fn(totals[n]):>26}" for n in names))


if __name__ == "__main__":
    main()
