"""A disk cache of prepared corpora, so a rebuild for another audience takes a second or two.

The analysis cache (cache.py) saves the parse, but a rebuild would still read
and clean every source and select over all of them: 13 s of a 1,000-article
build. What select works out before it knows the audience (`select.Prepared`)
depends only on the source files, the options that shape reading and
selection, the topics, the model and our code, so it is kept whole, keyed by
all of those (`corpus_key`). Sources read from stdin, pipes or devices are
never cached: they can be read only once.

Entries are MessagePack decoded by msgspec into our own dataclasses with every
field's type checked: no pickle, so a planted file can at worst be refused,
never run. Each is also signed (signing.py, with a key kept outside every
cache folder), so an entry this user's briefing did not write (damaged,
truncated, renamed, planted, from another machine) is never decoded: it is a
miss and is rebuilt.

Layout: <root>/corpus-v<CORPUS_VERSION>-<code>/<key>.entry, where <code> is a
hash of the whole package, so any edit to briefing starts a fresh folder and
`briefing cache clear --stale` drops the old ones. At most KEEP entries are
kept; the least recently used go first. Folders are 0700, entries 0600.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import stat
import sys
import typing
from dataclasses import asdict, dataclass, field
from pathlib import Path

import msgspec

from briefing import collector, signing
from briefing.errors import BriefingError
from briefing.fsutil import remove_stale_temps, write_private
from briefing.model import Problem

if typing.TYPE_CHECKING:  # pipeline imports this module
    from briefing.config import Topic
    from briefing.pipeline import BuildOptions

# Bump when what an entry holds changes for a reason outside the package code
# (a library whose results we keep); edits to briefing/ already start a new folder.
CORPUS_VERSION = 1
KEEP = 8  # corpora kept; one entry is ~30 MB per 1,000 articles
MAGIC = b"briefing-corpus-2\n"
SUFFIX = ".entry"
PACKAGE = Path(__file__).resolve().parent


@functools.cache
def package_fingerprint() -> str:
    """Short hash of every Python file of the package: reading, analysis and select all shape an entry."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def version_folder() -> str:
    return f"corpus-v{CORPUS_VERSION}-{package_fingerprint()}"


def _library_versions() -> dict[str, str]:
    found = {}
    for name in ("spacy", "numpy", "ftfy", "trafilatura", "charset-normalizer", "pypdf", "python-docx"):
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


def file_digest(path: str) -> str:
    """sha256 of a regular file's bytes, or what stops it being read (that is part of the corpus too).

    Opened without blocking and hashed only when regular: a FIFO or device
    named here would hang, never end, or be drained before the reader got it.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return f"unreadable: {type(exc).__name__} {exc.errno}"
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "not a regular file"
        try:
            return hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as exc:
            return f"unreadable: {type(exc).__name__} {exc.errno}"


def file_digests(files: list[str]) -> dict[str, str]:
    return {file: file_digest(file) for file in files}


def same_bytes(keyed: dict[str, str], read: dict[str, str]) -> bool:
    """Whether every file was read as the key hashed it: one changed in between must not be cached
    under the key of its old bytes."""
    return all(keyed.get(file) == digest for file, digest in read.items())


def cacheable(files: list[str]) -> bool:
    """Only regular files can be hashed for the key and read again: stdin, pipes and devices cannot."""
    for file in files:
        try:
            if not stat.S_ISREG(os.stat(file).st_mode):
                return False
        except OSError:
            continue  # a missing file is part of the key ("unreadable") and a problem of the build
    return True


def corpus_key(files: list[str], folders: list[Path], settings: dict,
               digests: dict[str, str] | None = None) -> str:
    """Hash of everything a prepared corpus depends on.

    `files` in reading order, the folders whose sources.toml is read, and the
    settings (options, topics, model) as JSON-able values. `digests` (from
    `file_digests`) saves hashing the files again.
    """
    digests = digests if digests is not None else file_digests(files)
    from briefing.ingest.metadata import MANIFEST

    head = {"version": CORPUS_VERSION, "code": package_fingerprint(), "python": sys.version,
            "libraries": _library_versions(), "settings": settings}
    digest = hashlib.sha256(json.dumps(head, sort_keys=True, default=str).encode("utf-8"))
    for file in files:
        digest.update(b"\0file\0" + file.encode("utf-8", "surrogatepass") + b"\0" + digests[file].encode())
    for folder in folders:
        manifest = folder / MANIFEST
        state = file_digest(str(manifest)) if manifest.exists() else "none"
        digest.update(b"\0manifest\0" + str(folder).encode("utf-8", "surrogatepass") + b"\0" + state.encode())
    return digest.hexdigest()


@dataclass
class Entry:
    """What a build needs besides the Briefing: the skipped sources, duplicates and warnings to report."""

    problems: list[Problem]
    duplicates: list[tuple[str, str]]
    prepared: object  # select.Prepared (typed loosely: select imports much more than this module needs)
    warnings: list[str] = field(default_factory=list)


@dataclass
class CorpusStats:
    hits: int = 0
    misses: int = 0
    rejected: int = 0  # found but not trusted
    written: int = 0
    write_errors: int = 0


class CorpusCache:
    """Signed entries for the current package code under `root`."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.folder = self.root / version_folder()
        self.stats = CorpusStats()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def load(self, key: str) -> Entry | None:
        try:
            raw = self.path(key).read_bytes()
        except OSError:
            self.stats.misses += 1
            return None
        entry = self._verify(raw, key)
        if entry is None:
            self.stats.rejected += 1
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        try:
            os.utime(self.path(key))  # recently used: pruned last
        except OSError:
            pass
        return entry

    def _verify(self, raw: bytes, key: str) -> Entry | None:
        payload = signing.unseal(signing.secret(create=False), key, MAGIC, raw)
        if payload is None:
            return None
        from briefing import wire  # select and numpy: only when there is an entry to read

        try:
            with collector.paused():  # millions of small objects, no garbage: the collector would only slow this down
                return wire.entry_from_bytes(payload)
        except (msgspec.ValidationError, msgspec.DecodeError, ValueError, TypeError, IndexError, KeyError):
            return None  # signed by us, but by code that wrote another shape: rebuild

    def store(self, key: str, entry: Entry) -> None:
        """Write a signed entry atomically and prune old ones; never fails a build."""
        secret = signing.secret(create=True)
        if secret is None:
            self.stats.write_errors += 1
            return
        from briefing import wire

        try:
            payload = wire.entry_to_bytes(entry)
            write_private(self.path(key), signing.seal(secret, key, MAGIC, payload))
            self.stats.written += 1
        except (OSError, BriefingError, msgspec.EncodeError, TypeError, ValueError):
            self.stats.write_errors += 1  # a full disk or an object we cannot encode: no entry, same build
            return
        self.prune()

    def prune(self, keep: int = KEEP) -> int:
        """Delete all but the `keep` most recently used entries (and day-old temp files); how many went."""
        remove_stale_temps(self.folder)
        entries = []
        for path in self.folder.glob(f"*{SUFFIX}"):
            try:
                entries.append((path.stat().st_mtime, path.name, path))
            except OSError:
                continue
        entries.sort(reverse=True)
        removed = 0
        for _, _, path in entries[keep:]:
            try:
                path.unlink()
                removed += 1
            except OSError:
                pass
        return removed


def settings_of(options: BuildOptions, topics: list[Topic]) -> dict:
    """The build options that shape a prepared corpus, as JSON-able values (the audience is not one)."""
    from briefing.analyze import nlp as nlp_loader
    from briefing.cache import model_identity

    return {
        "strict": options.strict, "max_bytes": options.max_bytes, "since": options.since, "until": options.until,
        "title": options.title, "model": model_identity(nlp_loader.model_name(options.model)),
        "topics": [asdict(t) for t in topics],
    }
