"""Test support for the select stage: documents and analyses built directly.

Analyses use the project's spaCy pipeline for sentences and lemmas (through
`briefing.analyze.from_spacy`) and add NER entities when the analyzer in this
tree does not provide them, so select tests do not depend on how complete
the analyze stage is.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from briefing.analyze import from_spacy
from briefing.analyze import nlp as nlp_loader
from briefing.model import Analysis, Block, Document, Entity, Source

DATA = Path(__file__).resolve().parent / "data"


def document(source_id: str, text: str, date: str | None = None, outlet: str | None = None,
             path: str | None = None) -> Document:
    """A cleaned document: every non-blank line is one paragraph block."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    blocks, pos = [], 0
    for ln in lines:
        blocks.append(Block("paragraph", pos, pos + len(ln)))
        pos += len(ln) + 1
    source = Source(id=source_id, path=path or f"{source_id}.txt", date=date, outlet=outlet)
    return Document(source=source, text="\n".join(lines), blocks=blocks)


def analyse(documents: list[Document]) -> list[Analysis]:
    nlp = nlp_loader.load()
    out = []
    for doc, sdoc in zip(documents, nlp.pipe(d.text for d in documents)):
        analysis = from_spacy(doc, sdoc)
        if not analysis.entities:
            analysis.entities = _entities(sdoc)
        out.append(analysis)
    return out


def _entities(sdoc) -> list[Entity]:
    found: dict[tuple[str, str], Entity] = {}
    for ent in sdoc.ents:
        if ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
            key = (ent.text, ent.label_)
            found.setdefault(key, Entity(name=ent.text, kind=ent.label_)).count += 1
    return list(found.values())


def event_documents(name: str) -> list[Document]:
    """The hand-written articles of tests/data/events/NAME with their manifest."""
    folder = DATA / "events" / name
    manifest = tomllib.loads((folder / "sources.toml").read_text(encoding="utf-8"))
    docs = []
    for entry in manifest["source"]:
        path = folder / entry["file"]
        docs.append(document(path.stem, path.read_text(encoding="utf-8"), entry.get("date"),
                             entry.get("outlet"), str(path)))
    return docs
