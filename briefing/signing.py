"""The key that proves a cache entry was written by this user's briefing, kept outside every cache folder.

A cache folder can come from anywhere (`--cache DIR`, BRIEFING_CACHE_DIR, an
archive restored), so nothing inside it may vouch for its own entries: a key
stored beside them would be planted along with them. The key lives in the
user's data folder (BRIEFING_KEY_FILE names another file), is made on first
use with mode 0600, and is refused when anyone else could read or write it.
Entries that do not verify are misses, never read.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

ENV_KEY = "BRIEFING_KEY_FILE"
KEY_BYTES = 32
DIGEST = hashlib.sha256().digest_size


def key_path() -> Path:
    if os.environ.get(ENV_KEY):
        return Path(os.environ[ENV_KEY])
    import platformdirs

    return Path(platformdirs.user_data_dir("briefing")) / "cache-key"


def secret(create: bool) -> bytes | None:
    """The signing key; None when it is missing (and not made) or not safe to trust."""
    path = key_path()
    if create and not path.exists():
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(KEY_BYTES))
        except FileExistsError:
            pass  # another build made it just now
        except OSError:
            return None
    try:
        info = path.stat()
        data = path.read_bytes()
    except OSError:
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
        return None  # someone else could have written or read it: trust nothing signed with it
    return data if len(data) == KEY_BYTES else None


def sign(key: bytes, label: str, payload: bytes) -> bytes:
    """HMAC-SHA256 over the entry's label (its cache key) and its bytes."""
    return hmac.new(key, label.encode("utf-8") + b"\0" + payload, hashlib.sha256).digest()


def seal(key: bytes, label: str, magic: bytes, payload: bytes) -> bytes:
    return magic + sign(key, label, payload) + payload


def unseal(key: bytes | None, label: str, magic: bytes, raw: bytes) -> bytes | None:
    """The payload of a sealed entry, or None unless it carries our signature for `label`."""
    head = len(magic) + DIGEST
    if key is None or len(raw) < head or not raw.startswith(magic):
        return None
    mac, payload = raw[len(magic):head], raw[head:]
    return payload if hmac.compare_digest(mac, sign(key, label, payload)) else None
