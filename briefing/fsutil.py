"""Writing outputs safely: never leave a half-written file behind, honour the user's umask."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from briefing.errors import OutputError

STALE_SECONDS = 24 * 3600  # temp files and staging folders older than this were left by a killed build


def current_umask() -> int:
    """The process umask, read without changing it where the platform allows (no race with threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, mode: int = 0o666) -> Path:
    """Write to a temp file in the same folder, then rename over `path`.

    The file gets `mode` less the umask, as a plain open() would give it
    (mkstemp alone makes every file 0600, whatever the user asked for).
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode & ~current_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        raise
    return path


def private_folder(folder: Path) -> None:
    """Make `folder` and each missing parent with mode 0700 (less the umask): cache entries hold article text."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)


def write_private(path: Path, data: bytes) -> Path:
    """`write_atomic` for cache entries: 0600 (less the umask) in a 0700 folder."""
    try:
        private_folder(Path(path).parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    return write_atomic(path, data, mode=0o600)


def remove_stale_temps(folder: Path, pattern: str = ".*.tmp", now: float | None = None) -> int:
    """Delete temp files (or staging folders) matching `pattern` in `folder` left over a day ago by a killed run."""
    cutoff = (time.time() if now is None else now) - STALE_SECONDS
    removed = 0
    try:
        found = list(Path(folder).glob(pattern))
    except OSError:
        return 0
    for path in found:
        try:
            info = path.lstat()
            if info.st_mtime >= cutoff:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed += 1
        except OSError:
            continue
    return removed
