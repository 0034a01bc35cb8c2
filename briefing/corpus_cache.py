"""A disk cache of prepared corpora, so a rebuild for another audience takes a second or two.

The analysis cache (cache.py) saves the parse, but a rebuild would still read
and clean every source and select over all of them: 13 s of a 1,000-article
build. What select works out before it knows the audience (`select.Prepared`)
depends only on the source files, the options that shape reading and
selection, the topics, the model and our code, so it is kept whole, keyed by
all of those (`corpus_key`). Sources read from stdin are never cached.

Entries are pickles, so each is signed: HMAC-SHA256 over its key and payload
with a secret made for this cache folder (`corpus-key`, readable by its owner
only, and not trusted when anyone else could have written it). An entry that
does not verify (damaged, truncated, renamed, written by another user or for
another key) is never unpickled: it is a miss and is rebuilt.

Layout: <root>/corpus-v<CORPUS_VERSION>-<code>/<key>.pickle, where <code> is a
hash of the whole package, so any edit to briefing starts a fresh folder and
`briefing cache clear --stale` drops the old ones. At most KEEP entries are
kept; the least recently used go first.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import importlib.metadata
import json
import os
import pickle
import secrets
import sys
import tempfile
import typing
from dataclasses import asdict, dataclass
from pathlib import Path

from briefing import collector
from briefing.model import Problem

if typing.TYPE_CHECKING:  # pipeline imports this module
    from briefing.config import Topic
    from briefing.pipeline import BuildOptions

# Bump when what an entry holds changes for a reason outside the package code
# (a library whose results we keep); edits to briefing/ already start a new folder.
CORPUS_VERSION = 1
KEEP = 8  # corpora kept; one entry is ~30 MB per 1,000 articles
MAGIC = b"briefing-corpus\n"
KEY_FILE = "corpus-key"
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
    """sha256 of a file's bytes, or what stops it being read (that is part of the corpus too)."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        return f"unreadable: {type(exc).__name__} {exc.errno}"


def corpus_key(files: list[str], folders: list[Path], settings: dict) -> str:
    """Hash of everything a prepared corpus depends on.

    `files` in reading order, the folders whose sources.toml is read, and the
    settings (options, topics, model) as JSON-able values.
    """
    from briefing.ingest.metadata import MANIFEST

    head = {"version": CORPUS_VERSION, "code": package_fingerprint(), "python": sys.version,
            "libraries": _library_versions(), "settings": settings}
    digest = hashlib.sha256(json.dumps(head, sort_keys=True, default=str).encode("utf-8"))
    for file in files:
        digest.update(b"\0file\0" + file.encode("utf-8", "surrogatepass") + b"\0" + file_digest(file).encode())
    for folder in folders:
        manifest = folder / MANIFEST
        state = file_digest(str(manifest)) if manifest.exists() else "none"
        digest.update(b"\0manifest\0" + str(folder).encode("utf-8", "surrogatepass") + b"\0" + state.encode())
    return digest.hexdigest()


@dataclass
class Entry:
    """What a build needs besides the Briefing: the skipped sources and duplicates to report."""

    problems: list[Problem]
    duplicates: list[tuple[str, str]]
    prepared: object  # select.Prepared (typed loosely: select imports much more than this module needs)


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
        return self.folder / f"{key}.pickle"

    def load(self, key: str) -> Entry | None:
        secret = self._secret(create=False)
        try:
            raw = self.path(key).read_bytes()
        except OSError:
            self.stats.misses += 1
            return None
        entry = self._verify(raw, key, secret) if secret else None
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

    def _verify(self, raw: bytes, key: str, secret: bytes) -> Entry | None:
        size = len(MAGIC) + hashlib.sha256().digest_size
        if len(raw) < size or not raw.startswith(MAGIC):
            return None
        mac, payload = raw[len(MAGIC):size], raw[size:]
        if not hmac.compare_digest(mac, _sign(secret, key, payload)):
            return None
        from briefing.select import Prepared

        try:
            with collector.paused():  # millions of small objects, no garbage: the collector would only slow this down
                entry = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - signed but unreadable (another Python, a moved class): rebuild
            return None
        if not isinstance(entry, Entry) or not isinstance(entry.prepared, Prepared):
            return None
        return entry

    def store(self, key: str, entry: Entry) -> None:
        """Write a signed entry atomically and prune old ones; never fails a build."""
        secret = self._secret(create=True)
        if secret is None:
            self.stats.write_errors += 1
            return
        try:
            _write_signed(self.path(key), secret, key, entry)
            self.stats.written += 1
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            self.stats.write_errors += 1  # a full disk or an object that will not pickle: no entry, same build
            return
        self.prune()

    def prune(self, keep: int = KEEP) -> int:
        """Delete all but the `keep` most recently used entries; how many went."""
        entries = []
        for path in self.folder.glob("*.pickle"):
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

    def _secret(self, create: bool) -> bytes | None:
        """This cache folder's signing key; None when it is missing (and not made) or not safe to trust."""
        path = self.root / KEY_FILE
        if not path.exists() and create:
            try:
                self.root.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(secrets.token_bytes(32))
            except FileExistsError:
                pass  # another build made it just now
            except OSError:
                return None
        try:
            info = path.stat()
            secret = path.read_bytes()
        except OSError:
            return None
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
            return None  # someone else could have written or read it: sign nothing with it
        return secret if len(secret) == 32 else None


def _sign(secret: bytes, key: str, payload: bytes) -> bytes:
    return _mac(secret, key, payload).digest()


def _mac(secret: bytes, key: str, payload: bytes = b"") -> hmac.HMAC:
    return hmac.new(secret, key.encode("ascii") + b"\0" + payload, hashlib.sha256)


class _Signing:
    """A file that also feeds everything written to it into an HMAC."""

    def __init__(self, handle: typing.BinaryIO, mac: hmac.HMAC):
        self.handle, self.mac = handle, mac

    def write(self, data: bytes) -> int:
        self.mac.update(data)
        return self.handle.write(data)


def _write_signed(path: Path, secret: bytes, key: str, entry: Entry) -> None:
    """Pickle `entry` straight into a temp file (no copy of it in memory), sign it, rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + bytes(hashlib.sha256().digest_size))  # the signature goes here
            signing = _Signing(handle, _mac(secret, key))
            pickle.dump(entry, signing, protocol=pickle.HIGHEST_PROTOCOL)
            handle.seek(len(MAGIC))
            handle.write(signing.mac.digest())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def settings_of(options: BuildOptions, topics: list[Topic]) -> dict:
    """The build options that shape a prepared corpus, as JSON-able values (the audience is not one)."""
    from briefing.analyze import nlp as nlp_loader
    from briefing.cache import model_identity

    return {
        "strict": options.strict, "max_bytes": options.max_bytes, "since": options.since, "until": options.until,
        "title": options.title, "model": model_identity(nlp_loader.model_name(options.model)),
        "topics": [asdict(t) for t in topics],
    }
