"""SMTP settings: a TOML file, overridden by BRIEFING_SMTP_* environment variables.

The password is never read from the file or the command line (both end up in
backups, shell history and process lists): only BRIEFING_SMTP_PASSWORD or the
system keyring.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefing.errors import UsageError

SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
DEFAULT_MAX_BYTES = 20_000_000
KEYRING_SERVICE = "briefing-smtp"
ENV_PREFIX = "BRIEFING_SMTP_"
PASSWORD_ENV = "BRIEFING_SMTP_PASSWORD"
_SECRET_KEYS = {"password", "pass", "passwd", "secret", "token", "smtp_password"}
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


@dataclass
class SmtpSettings:
    host: str | None = None
    port: int | None = None  # None: the usual port for `security`
    security: str = "starttls"
    user: str | None = None
    sender: str | None = None  # the From address ("from" in the file)
    ca_file: str | None = None  # extra CA bundle, e.g. a corporate CA
    max_bytes: int = DEFAULT_MAX_BYTES  # 0 switches the size check off
    timeout: float = 30.0
    helo: str | None = None  # name sent with EHLO; None lets smtplib pick
    keyring_service: str = KEYRING_SERVICE
    allow_untrusted: bool = False  # only ever set from the command line
    password: str | None = field(default=None, repr=False)  # only from the environment
    origin: str = "defaults"  # where the settings came from, for messages

    @property
    def server(self) -> str:
        return f"{self.host or '(no host)'}:{self.effective_port}"

    @property
    def effective_port(self) -> int:
        return self.port or DEFAULT_PORTS[self.security]

    @property
    def loopback(self) -> bool:
        return (self.host or "").lower() in _LOOPBACK


MAX_TIMEOUT = 3600.0  # seconds; more is a typo (or inf), and the whole send may take 4x this

# config key -> (field, type)
_KEYS = {
    "host": ("host", str),
    "port": ("port", int),
    "security": ("security", str),
    "user": ("user", str),
    "from": ("sender", str),
    "ca_file": ("ca_file", str),
    "max_bytes": ("max_bytes", int),
    "timeout": ("timeout", float),
    "helo": ("helo", str),
    "keyring_service": ("keyring_service", str),
}


def default_config_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("briefing") / "smtp.toml"


def _checked(settings: SmtpSettings, where: str) -> SmtpSettings:
    if settings.security not in SECURITY:
        raise UsageError(f"{where}: security must be one of {', '.join(SECURITY)}, not '{settings.security}'")
    if settings.port is not None and not 0 < settings.port < 65536:
        raise UsageError(f"{where}: port must be between 1 and 65535, not {settings.port}")
    if settings.max_bytes < 0:
        raise UsageError(f"{where}: max_bytes must be 0 (no limit) or more, not {settings.max_bytes}")
    if not 0 < settings.timeout <= MAX_TIMEOUT:  # NaN fails this too
        raise UsageError(f"{where}: timeout must be more than 0 and at most {MAX_TIMEOUT:g} seconds, "
                         f"not {settings.timeout}")
    if settings.ca_file and not Path(settings.ca_file).is_file():
        raise UsageError(f"{where}: ca_file {settings.ca_file} not found")
    return settings


def _convert(key: str, value: object, kind: type, where: str) -> object:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, kind) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and kind in (int, float):
        try:
            return kind(value.replace("_", ""))
        except ValueError:
            pass
    wanted = {str: "text", int: "a whole number", float: "a number"}[kind]
    raise UsageError(f"{where}: {key} must be {wanted}, not {value!r}")


def read_config(path: Path) -> dict[str, object]:
    """The file's settings as field -> value; a password in it is an error."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: SMTP config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from None
    if set(data) == {"smtp"} and isinstance(data["smtp"], dict):  # an optional [smtp] table
        data = data["smtp"]
    secrets = sorted(k for k in data if k.lower() in _SECRET_KEYS)
    if secrets:
        raise UsageError(
            f"{path}: refusing '{secrets[0]}' in the config file (it would sit in plain text); "
            f"remove it and set {PASSWORD_ENV} or store it with "
            f"`keyring set {data.get('keyring_service', KEYRING_SERVICE)} USER`"
        )
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise UsageError(f"{path}: unknown setting(s) {', '.join(unknown)} (known: {', '.join(_KEYS)})")
    values = {}
    for key, value in data.items():
        name, kind = _KEYS[key]
        values[name] = _convert(key, value, kind, str(path))
    if values.get("ca_file"):
        values["ca_file"] = str((Path(path).parent / str(values["ca_file"])).expanduser())
    return values


def load_settings(config: Path | None = None, env: Mapping[str, str] | None = None) -> SmtpSettings:
    """Defaults < config file < BRIEFING_SMTP_* environment variables.

    `config` None means the user's file (e.g. ~/.config/briefing/smtp.toml) when it
    exists; a file named explicitly must exist.
    """
    env = os.environ if env is None else env
    settings = SmtpSettings()
    path = Path(config) if config else (Path(env["BRIEFING_SMTP_CONFIG"]) if env.get("BRIEFING_SMTP_CONFIG") else None)
    if path is None and default_config_path().is_file():
        path = default_config_path()
    if path is not None:
        settings = replace(settings, **read_config(path), origin=str(path))
    overrides = {}
    for key, (name, kind) in _KEYS.items():
        value = env.get(ENV_PREFIX + key.upper())
        if value not in (None, ""):
            overrides[name] = _convert(ENV_PREFIX + key.upper(), value.strip(), kind, "environment")
    if overrides:
        settings = replace(settings, **overrides, origin=f"{settings.origin} + environment")
    settings.security = settings.security.lower()
    settings.password = env.get(PASSWORD_ENV) or None
    return _checked(settings, settings.origin)


def find_password(settings: SmtpSettings) -> tuple[str, str]:
    """(password, where it came from) for settings.user; a clear error when there is none."""
    if settings.password:
        return settings.password, PASSWORD_ENV
    problem = ""
    try:
        import keyring

        password = keyring.get_password(settings.keyring_service, settings.user)
        if password:
            return password, f"keyring ({settings.keyring_service})"
    except ImportError:
        problem = " (the keyring package is not installed)"
    except Exception as exc:  # no backend, locked store, D-Bus missing...
        problem = f" (keyring: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
    raise UsageError(
        f"no password for SMTP user '{settings.user}' on {settings.server}: set {PASSWORD_ENV} "
        f"or run `keyring set {settings.keyring_service} {settings.user}`{problem}"
    )
