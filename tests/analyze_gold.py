"""Loading the annotated quote/figure set (tests/data/quotes) as Documents."""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from briefing.model import Block, Document, Source

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "quotes"
SEEDS = ROOT / "seeds"


@dataclass
class GoldDoc:
    id: str
    split: str
    document: Document
    quotes: list[dict] = field(default_factory=list)  # text, start, end, speaker, scare
    figures: list[dict] = field(default_factory=list)
    url: str | None = None  # where a passage of real copy came from


def _document(doc_id: str, lines: list[tuple[int, str]], headlines, subheadings) -> Document:
    text = "\n".join(line for _, line in lines)
    blocks, pos = [], 0
    for number, line in lines:
        kind = "headline" if number in headlines else "subheading" if number in subheadings else "paragraph"
        blocks.append(Block(kind, pos, pos + len(line)))
        pos += len(line) + 1
    return Document(source=Source(id=doc_id, path=f"{doc_id}.txt"), text=text, blocks=blocks)


def _locate(text: str, needle: str, doc_id: str) -> tuple[int, int]:
    start = text.find(needle)
    if start < 0:
        raise AssertionError(f"{doc_id}: gold text not in document: {needle!r}")
    return start, start + len(needle)


def load(name: str) -> list[GoldDoc]:
    data = tomllib.loads((DATA / f"{name}.toml").read_text(encoding="utf-8"))
    out = []
    for d in data["doc"]:
        if "seed" in d:
            raw = unicodedata.normalize("NFKC", (SEEDS / d["seed"]).read_text(encoding="utf-8"))
            numbered = list(enumerate(raw.split("\n"), 1))
        else:
            numbered = list(enumerate(d["text"].strip("\n").split("\n"), 1))
        drop = set(d.get("drop_lines", []))
        lines = [(n, line.strip()) for n, line in numbered if n not in drop and line.strip()]
        document = _document(d["id"], lines, set(d.get("headlines", [])), set(d.get("subheadings", [])))
        gold = GoldDoc(d["id"], name, document, url=d.get("url"))
        for q in d["quotes"]:
            s, e = _locate(document.text, q["text"], d["id"])
            gold.quotes.append({**q, "start": s, "end": e, "speaker": q.get("speaker") or None})
        for f in d.get("figures", []):  # real copy is annotated for quotes only
            s, e = _locate(document.text, f["surface"], d["id"])
            gold.figures.append({**f, "start": s, "end": e})
        out.append(gold)
    return out


SPLITS = ("seeds", "passages", "heldout")
# Real news copy set aside before the rules were changed: quotes only, scored on its own.
REAL = "real"


def load_all() -> list[GoldDoc]:
    return [doc for split in SPLITS for doc in load(split)]
