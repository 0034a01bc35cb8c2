"""The user's usual build options: `briefing.toml` here, then in the user config folder.

    audience = "executive"
    formats = ["docx", "pdf"]
    out = "briefings"           # paths are relative to the file's folder
    topics = "topics.toml"
    templates = "my-templates"
    marking = "OFFICIAL"
    [email]
    to = ["desk@example.org"]   # also cc, bcc, reply_to

Options on the command line win over the file in the working directory, which
wins over the user's file, which wins over the built-in defaults. Every value
keeps where it came from, for `briefing config show` and for error messages.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import UsageError

FILE_NAME = "briefing.toml"
DEFAULTS: dict[str, object] = {
    "audience": "analyst", "formats": "docx,pdf", "out": "output", "topics": None, "templates": None,
    "marking": None, "email.to": [], "email.cc": [], "email.bcc": [], "email.reply_to": None,
}
PATHS = {"out", "topics", "templates"}
LISTS = {"email.to", "email.cc", "email.bcc"}
DEFAULT_ORIGIN = "built-in default"


@dataclass
class Settings:
    values: dict[str, object] = field(default_factory=lambda: dict(DEFAULTS))
    origins: dict[str, str] = field(default_factory=lambda: dict.fromkeys(DEFAULTS, DEFAULT_ORIGIN))
    files: list[Path] = field(default_factory=list)  # the files read, most important first

    def get(self, key: str) -> object:
        return self.values[key]

    def from_file(self, key: str) -> bool:
        return self.origins[key] != DEFAULT_ORIGIN


def user_file() -> Path:
    from platformdirs import user_config_path

    return user_config_path("briefing") / FILE_NAME


def candidate_files(cwd: Path | None = None) -> list[Path]:
    """Where settings are looked for, most important first."""
    return [Path(cwd or Path.cwd()) / FILE_NAME, user_file()]


def load(cwd: Path | None = None) -> Settings:
    settings = Settings()
    for path in reversed(candidate_files(cwd)):  # the less important first, so the other overwrites
        if path.is_file():
            for key, value in read_file(path).items():
                settings.values[key] = value
                settings.origins[key] = str(path)
            settings.files.insert(0, path)
    return settings


def read_file(path: Path) -> dict[str, object]:
    """The file's settings as flat keys ('email.to'); unknown keys and wrong types are errors."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from None
    flat: dict[str, object] = {}
    for key, value in data.items():
        if key == "email" and isinstance(value, dict):
            flat.update({f"email.{k}": v for k, v in value.items()})
        else:
            flat[key] = value
    unknown = sorted(set(flat) - set(DEFAULTS))
    if unknown:
        raise UsageError(f"{path}: unknown setting(s) {', '.join(unknown)} (known: {', '.join(DEFAULTS)})")
    return {key: _checked(path, key, value) for key, value in flat.items()}


def _checked(path: Path, key: str, value: object) -> object:
    if key in LISTS:
        if isinstance(value, str):
            value = [value]
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise UsageError(f"{path}: '{key}' must be an address or a list of addresses, not {value!r}")
        return value
    if key == "formats" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{path}: '{key}' must be non-empty text, not {value!r}")
    if key in PATHS:
        return str((path.parent / Path(value).expanduser()).resolve())
    return value


def show(settings: Settings) -> list[str]:
    """`briefing config show`: each effective setting and where it came from."""
    lines = [f"# files read (first wins): {', '.join(map(str, settings.files)) or 'none'}",
             f"# looked for: {', '.join(map(str, candidate_files()))}"]
    rows = []
    for key in DEFAULTS:
        value = settings.values[key]
        text = ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
        rows.append((key, text or "(none)", settings.origins[key]))
    key_width, value_width = max(len(r[0]) for r in rows), max(len(r[1]) for r in rows)
    lines += [f"{key.ljust(key_width)} = {text.ljust(value_width)}  # {origin}" for key, text, origin in rows]
    return lines
