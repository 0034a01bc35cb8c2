"""Email-ready briefings: an .eml draft beside the outputs, and SMTP sending.

`deliver` is what `briefing build --email/--send-to` calls: it always writes the
.eml first, so a refused or failed send never loses the message.
`send_draft` is what `briefing send EML_OR_DIR` calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from briefing.config import Profile
from briefing.errors import BriefingError, UsageError
from briefing.mail.compose import (MIME_TYPES, compose, parse_addresses, read_eml, safe_filename, subject_line,
                                   to_bytes, write_eml)
from briefing.mail.settings import SmtpSettings, default_config_path, find_password, load_settings
from briefing.mail.smtp import SendError, SendReport, human_size, send
from briefing.model import Briefing


@dataclass
class MailOptions:
    """The email options of `briefing build` and `briefing send`, as parsed by the CLI."""

    email: bool = False  # write the .eml draft (implied by any recipient)
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    bcc: list[str] = field(default_factory=list)
    reply_to: str | None = None
    dry_run: bool = False
    smtp_config: Path | None = None
    allow_untrusted: bool = False
    max_bytes: int | None = None  # None: from the settings (default 20 MB)
    # The usual recipients (briefing.toml): written into drafts, used by `send` when nothing else names
    # anyone, and shown by a dry run; a build sends only to recipients given on its command line.
    usual_to: list[str] = field(default_factory=list)
    usual_cc: list[str] = field(default_factory=list)
    usual_bcc: list[str] = field(default_factory=list)

    @property
    def sending(self) -> bool:
        return bool(self.to or self.cc or self.bcc) or (self.dry_run and self.has_usual)

    @property
    def has_usual(self) -> bool:
        return bool(self.usual_to or self.usual_cc or self.usual_bcc)

    @property
    def wanted(self) -> bool:
        return self.email or self.sending

    def with_usual(self) -> "MailOptions":
        """These options with the usual recipients filled in where none were given."""
        if self.to or self.cc or self.bcc:
            return self
        return replace(self, to=self.usual_to, cc=self.usual_cc, bcc=self.usual_bcc)

    def check(self) -> None:
        """Refuse a bad address now, before a build whose result could not be sent (a UsageError)."""
        for what, values in (("--send-to", self.to), ("--cc", self.cc), ("--bcc", self.bcc),
                             ("--reply-to", [self.reply_to] if self.reply_to else [])):
            parse_addresses(values, what)


@dataclass
class Delivery:
    eml: Path
    report: SendReport | None = None  # None when nothing was sent (or tried)


def _send(message, options: MailOptions, settings: SmtpSettings | None) -> SendReport:
    settings = settings or load_settings(options.smtp_config)
    return send(message, settings, to=options.to, cc=options.cc, bcc=options.bcc,
                dry_run=options.dry_run, max_bytes=options.max_bytes,
                allow_untrusted=options.allow_untrusted or None)


def _kept(exc: BriefingError, eml: Path) -> BriefingError:
    """The same error, saying where the draft is, so the user can send it by hand."""
    exc.args = (f"{exc}; the draft is saved as {eml}",)
    return exc


def deliver(
    briefing: Briefing,
    files: list[Path],
    profile: Profile,
    out_dir: Path,
    options: MailOptions,
    settings: SmtpSettings | None = None,
    stem: str | None = None,
) -> Delivery:
    """Write `<stem>.eml` into out_dir with `files` attached, then send it if asked.

    The draft carries To/Cc/Reply-To (never Bcc) and the From of the SMTP settings
    when known. It is on disk before any connection, whatever happens next.
    """
    files = [Path(f) for f in files]
    send_now = options.sending  # decided before the usual recipients fill in the draft's addresses
    options = options.with_usual()
    stem = stem or (files[0].stem if files else "briefing")
    problem: BriefingError | None = None
    try:
        settings = settings or load_settings(options.smtp_config)
    except BriefingError as exc:  # a broken config must not cost the draft
        settings, problem = None, exc
    message = compose(briefing, files, profile, sender=settings.sender if settings else None,
                      to=options.to, cc=options.cc, reply_to=options.reply_to)
    eml = write_eml(message, Path(out_dir) / f"{stem}.eml")
    if problem is not None:
        raise _kept(problem, eml)
    if not send_now:
        return Delivery(eml)
    try:
        return Delivery(eml, _send(message, options, settings))
    except BriefingError as exc:
        raise _kept(exc, eml) from None


def find_draft(path: Path) -> Path:
    """EML_OR_DIR -> the one .eml to send; a folder must hold exactly one draft."""
    path = Path(path)
    if path.is_dir():
        drafts = sorted(path.glob("*.eml"))
        if not drafts:
            raise UsageError(f"{path}: no .eml draft here; build with --email first")
        if len(drafts) > 1:
            names = ", ".join(d.name for d in drafts[:5])
            raise UsageError(f"{path}: {len(drafts)} drafts ({names}); name the one to send")
        return drafts[0]
    if not path.is_file():
        raise UsageError(f"{path}: no such file or folder")
    return path


def send_draft(path: Path, options: MailOptions, settings: SmtpSettings | None = None) -> SendReport:
    """`briefing send`: send a saved draft; To/Cc/Reply-To given here replace the draft's."""
    message = read_eml(find_draft(path))
    if not (message.get_all("To") or message.get_all("Cc")):
        options = options.with_usual()  # the draft names nobody: the usual recipients
    if options.reply_to:
        del message["Reply-To"]
        message["Reply-To"] = parse_addresses(options.reply_to, "Reply-To")
    return _send(message, options, settings)


__all__ = [
    "MIME_TYPES", "Delivery", "MailOptions", "SendError", "SendReport", "SmtpSettings", "compose",
    "default_config_path", "deliver", "find_draft", "find_password", "human_size", "load_settings",
    "read_eml", "safe_filename", "send", "send_draft", "subject_line", "to_bytes", "write_eml",
]
