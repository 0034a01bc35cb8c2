"""A disk cache of analysis results, so another audience rebuilds in seconds.

Parsing is the slow part of a build, and its result depends only on what the
analysis reads, not on the audience, topics or templates. An entry is keyed by

- the document's content (text, block layout, date and language: everything
  `briefing.analyze.from_spacy` may read; never the file path or name),
- the spaCy model's name and version (from its `meta.json`),
- ANALYSIS_VERSION below and a fingerprint of the analysis code itself
  (briefing/analyze and briefing/model.py), so an edited extractor never
  reads results of the old one, even when nobody remembered to bump.

Nothing read back is trusted: an entry that does not carry this user's
signature (signing.py: a key kept outside every cache folder, so a planted or
copied folder cannot vouch for itself), does not parse, names another version
or model, does not fit our dataclasses, or whose offsets do not point at its
own text in the document, counts as a miss and is rebuilt. Entries are written
0600 in 0700 folders.

Layout: <root>/analysis-v<ANALYSIS_VERSION>-<code>/<model>-<version>/<key[:2]>/<key>.json
so entries of an old analysis version, code or model sit apart and
`briefing cache clear --stale` can drop them.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import json
import os
import shutil
import types
import typing
from dataclasses import dataclass
from pathlib import Path

from briefing import signing
from briefing.errors import BriefingError, UsageError
from briefing.fsutil import remove_stale_temps, write_private
from briefing.model import Analysis, Document

# Bump this whenever what an Analysis holds for the same text changes for a
# reason outside the fingerprinted code (a data file the extractor reads, a
# library upgrade that changes its results). Edits to briefing/analyze/*.py and
# briefing/model.py already invalidate entries through `code_fingerprint`.
ANALYSIS_VERSION = 2
MAGIC = b"briefing-analysis\n"
PACKAGE = Path(__file__).resolve().parent

APP_NAME = "briefing"
ENV_DIR = "BRIEFING_CACHE_DIR"


def default_dir() -> Path:
    """$BRIEFING_CACHE_DIR, else the per-user cache folder of the platform."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME))


def model_identity(model_name: str) -> tuple[str, str]:
    """(name, version) of an installed spaCy model package, read from its meta.json.

    Reading the file instead of loading the pipeline keeps a fully cached
    build free of spaCy start-up. The values match `nlp.meta` once loaded.
    """
    spec = importlib.util.find_spec(model_name)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        meta = Path(folder) / "meta.json"
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        return f"{data.get('lang', 'xx')}_{data.get('name', model_name)}", str(data.get("version", "?"))
    return model_name, "unknown"


@functools.cache
def code_fingerprint() -> str:
    """Short hash of the analysis code: any edit to it starts a fresh cache folder."""
    digest = hashlib.sha256()
    files = sorted((PACKAGE / "analyze").rglob("*")) + [PACKAGE / "model.py"]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def version_folder() -> str:
    return f"analysis-v{ANALYSIS_VERSION}-{code_fingerprint()}"


def document_key(document: Document) -> str:
    """Content hash of everything the analysis may read from a document."""
    digest = hashlib.sha256()
    source = document.source
    header = {
        "blocks": [(b.kind, b.start, b.end) for b in document.blocks],
        "date": source.date,
        "language": source.language,
    }
    digest.update(json.dumps(header, sort_keys=True).encode("utf-8"))
    digest.update(b"\0")
    digest.update(document.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# ------------------------------------------------------------------ decoding


@functools.cache
def _field_types(cls: type) -> dict[str, typing.Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def _decode(tp: typing.Any, data: typing.Any) -> typing.Any:
    """Rebuild typed values from JSON, refusing anything that does not fit.

    Stricter than `model.from_dict` (which trusts its input) and faster on
    thousands of entries, because the type hints are looked up once per class.
    """
    if dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise ValueError(f"expected an object for {tp.__name__}")
        types_ = _field_types(tp)
        return tp(**{k: _decode(types_[k], v) for k, v in data.items() if k in types_})
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if data is None and type(None) in typing.get_args(tp):
            return None
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(inner[0], data) if len(inner) == 1 else data
    if origin is list:
        if not isinstance(data, list):
            raise ValueError("expected a list")
        (item,) = typing.get_args(tp)
        return [_decode(item, v) for v in data]
    if origin is dict:
        if not isinstance(data, dict):
            raise ValueError("expected an object")
        value = typing.get_args(tp)[1]
        return {k: _decode(value, v) for k, v in data.items()}
    if tp is float and isinstance(data, int) and not isinstance(data, bool):
        return float(data)
    if isinstance(tp, type) and tp is not typing.Any and not isinstance(data, tp):
        raise ValueError(f"expected {tp.__name__}, got {type(data).__name__}")
    if isinstance(data, bool) and tp is int:
        raise ValueError("expected int, got bool")
    return data


def _restamp(obj: typing.Any, source_id: str) -> None:
    """Give every `source_id` in a cached analysis the current document's id."""
    if isinstance(obj, list):
        for value in obj:
            _restamp(value, source_id)
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            if f.name == "source_id":
                setattr(obj, f.name, source_id)
            else:
                _restamp(getattr(obj, f.name), source_id)


def consistent(analysis: Analysis, text: str) -> bool:
    """True when every span's offsets point at its own words in `text`."""
    spans = [(s.start, s.end, s.text) for s in analysis.sentences]
    spans += [(q.start, q.end, q.text) for q in analysis.quotes]
    spans += [(s.start, s.end, s.text) for s in analysis.statements]
    spans += [(f.start, f.end, f.surface) for f in analysis.figures]
    return all(0 <= start <= end <= len(text) and text[start:end] == words for start, end, words in spans)


# --------------------------------------------------------------------- cache


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0  # includes rejected entries
    rejected: int = 0  # entries found but not trusted (corrupt, stale, inconsistent)
    written: int = 0
    write_errors: int = 0


class AnalysisCache:
    """Entries for one model and the current ANALYSIS_VERSION under `root`."""

    def __init__(self, root: Path, model: str, model_version: str):
        self.root = Path(root)
        self.model = model
        self.model_version = model_version
        self.version = version_folder()
        self.folder = self.root / self.version / _safe(f"{model}-{model_version}")
        self.stats = CacheStats()
        self._secret: bytes | None = None

    def secret(self, create: bool) -> bytes | None:
        if self._secret is None:
            self._secret = signing.secret(create)
        return self._secret

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, document: Document, key: str | None = None) -> Analysis | None:
        """The cached analysis of `document`, or None when absent or not trustworthy."""
        key = key or document_key(document)
        try:
            raw = self.path(key).read_bytes()
        except OSError:
            self.stats.misses += 1
            return None
        analysis = self._parse(raw, key, document)
        if analysis is None:
            self.stats.rejected += 1
            self.stats.misses += 1
        else:
            self.stats.hits += 1
        return analysis

    def _parse(self, raw: bytes, key: str, document: Document) -> Analysis | None:
        payload = signing.unseal(self.secret(create=False), key, MAGIC, raw)
        if payload is None:
            return None
        try:
            entry = json.loads(payload)
            if not (isinstance(entry, dict)
                    and entry.get("version") == self.version
                    and entry.get("model") == self.model
                    and entry.get("model_version") == self.model_version
                    and entry.get("key") == key):
                return None
            analysis = _decode(Analysis, entry["analysis"])
        except (ValueError, TypeError, KeyError, RecursionError):
            return None
        if not consistent(analysis, document.text):
            return None
        _restamp(analysis, document.source.id)
        return analysis

    def store(self, document: Document, analysis: Analysis, key: str | None = None) -> None:
        """Write an entry atomically; a cache that cannot be written never fails a build."""
        if not consistent(analysis, document.text):
            return  # an entry we would refuse to read back is not worth writing
        key = key or document_key(document)
        entry = {
            "version": self.version,
            "model": self.model,
            "model_version": self.model_version,
            "key": key,
            "analysis": analysis,
        }
        # default=vars writes each dataclass as its fields in order: the JSON asdict would give, in half the time
        data = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), default=vars).encode("utf-8")
        secret = self.secret(create=True)
        if secret is None:
            self.stats.write_errors += 1
            return
        try:
            write_private(self.path(key), signing.seal(secret, key, MAGIC, data))
            self.stats.written += 1
        except BriefingError:
            self.stats.write_errors += 1


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)


# ------------------------------------------------------------ info and clear


@dataclass
class FolderInfo:
    name: str  # "analysis-v1-<code>/en_core_web_sm-3.8.0"
    entries: int
    bytes: int
    current: bool  # this analysis version and code, and the model builds use now


@dataclass
class CacheInfo:
    root: Path
    folders: list[FolderInfo]  # analyses, per analysis version and model
    corpora: list[FolderInfo] = dataclasses.field(default_factory=list)  # prepared corpora (corpus_cache.py)

    @property
    def entries(self) -> int:
        return sum(f.entries for f in self.folders)

    @property
    def bytes(self) -> int:
        return sum(f.bytes for f in self.folders)


def current_folder(model: str | None = None) -> str | None:
    """'analysis-vN-<code>/<model>-<version>' for the model a build would use, if installed."""
    from briefing.analyze import nlp as nlp_loader

    try:
        name, version = model_identity(nlp_loader.model_name(model))
    except BriefingError:
        return None
    return f"{version_folder()}/{_safe(f'{name}-{version}')}"


def _folders(root: Path) -> list[Path]:
    """Model folders in our own layout only: never anything else under `root`."""
    if not root.is_dir():
        return []
    return [m for v in sorted(root.glob("analysis-v*")) if v.is_dir()
            for m in sorted(v.iterdir()) if m.is_dir()]


def info(root: Path | None = None, model: str | None = None) -> CacheInfo:
    """What the cache holds, per analysis version and model."""
    root = Path(root) if root else default_dir()
    current = current_folder(model)
    folders = []
    for folder in _folders(root):
        files = [p for p in folder.glob("*/*.json") if p.is_file()]
        name = f"{folder.parent.name}/{folder.name}"
        folders.append(FolderInfo(name=name, entries=len(files),
                                  bytes=sum(p.stat().st_size for p in files), current=name == current))
    from briefing import corpus_cache

    corpora = []
    for folder in _corpus_folders(root):
        files = [p for p in folder.glob(f"*{corpus_cache.SUFFIX}") if p.is_file()]
        corpora.append(FolderInfo(name=folder.name, entries=len(files), bytes=sum(p.stat().st_size for p in files),
                                  current=folder.name == corpus_cache.version_folder()))
    return CacheInfo(root=root, folders=folders, corpora=corpora)


def _corpus_folders(root: Path) -> list[Path]:
    return [f for f in sorted(root.glob("corpus-v*")) if f.is_dir()] if root.is_dir() else []


def tidy(root: Path) -> int:
    """Remove the temp files that builds killed over a day ago left in the cache; how many went."""
    folders = [sub for folder in _folders(Path(root)) for sub in folder.iterdir() if sub.is_dir()]
    return sum(remove_stale_temps(f) for f in folders + _corpus_folders(Path(root)))


def clear_corpora(root: Path | None = None, stale_only: bool = False) -> int:
    """Delete prepared corpora (all, or only those of other package code); how many went."""
    from briefing import corpus_cache

    root = Path(root) if root else default_dir()
    removed = 0
    for folder in _corpus_folders(root):
        if stale_only and folder.name == corpus_cache.version_folder():
            continue
        removed += sum(1 for _ in folder.glob(f"*{corpus_cache.SUFFIX}"))
        shutil.rmtree(folder, ignore_errors=True)
    return removed


def clear(root: Path | None = None, stale_only: bool = False, model: str | None = None) -> int:
    """Delete cached analyses and return how many entries went.

    With `stale_only`, keep the entries current builds can use (this analysis
    version and the installed model) and drop the rest.
    """
    root = Path(root) if root else default_dir()
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root}: not a cache folder (it is a file)")
    current = current_folder(model) if stale_only else None
    removed = 0
    for folder in _folders(root):
        if stale_only and f"{folder.parent.name}/{folder.name}" == current:
            continue
        removed += sum(1 for _ in folder.glob("*/*.json"))
        shutil.rmtree(folder, ignore_errors=True)
        if not any(folder.parent.iterdir()):
            folder.parent.rmdir()
    return removed


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"
