"""Analyzing many documents (placeholder until issue 8 lands)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing.analyze import from_spacy
from briefing.analyze import nlp as nlp_loader
from briefing.model import Analysis, Document


@dataclass
class AnalyzeOptions:
    model: str | None = None
    n_process: int = 1
    batch_size: int = 32
    cache_dir: Path | None = None
    use_cache: bool = True
    progress: bool = False


def analyze_documents(documents: list[Document], options: AnalyzeOptions) -> list[Analysis]:
    nlp = nlp_loader.load(options.model)
    docs = nlp.pipe((d.text for d in documents), batch_size=options.batch_size)
    return [from_spacy(document, sdoc) for document, sdoc in zip(documents, docs)]
