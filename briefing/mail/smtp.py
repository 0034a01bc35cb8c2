"""Send a composed message through SMTP, turning every failure into one line.

Checks that need no server (recipients, sender, size, password) run before any
connection, so a message that cannot go is refused without touching the network.
"""

from __future__ import annotations

import contextlib
import copy
import re
import smtplib
import socket
import ssl
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses

from briefing.errors import EXIT_SEND, BriefingError, UsageError, shown
from briefing.plural import counted, noun
from briefing.mail.compose import now, parse_addresses, to_bytes
from briefing.mail.settings import SmtpSettings, find_password


class SendError(BriefingError):
    """The server (or the way to it) said no; the draft on disk is unaffected."""

    exit_code = EXIT_SEND

    def __init__(self, message: str, report: SendReport | None = None):
        super().__init__(message)
        self.report = report


@dataclass
class SendReport:
    server: str
    security: str  # "STARTTLS, certificate verified", ...
    sender: str
    to: list[str]
    cc: list[str]
    bcc: list[str]
    size: int
    subject: str
    dry_run: bool = False
    password_from: str | None = None
    refused: dict[str, str] = field(default_factory=dict)  # address -> server reply
    headers: list[tuple[str, str]] = field(default_factory=list)  # shown by a dry run
    attachments: list[tuple[str, int]] = field(default_factory=list)  # (file name, bytes)

    @property
    def recipients(self) -> list[str]:
        return [*self.to, *self.cc, *self.bcc]

    def describe(self) -> list[str]:
        """What was (or would be) sent, a line per fact, for the terminal."""
        verb = "would send" if self.dry_run else "sent"
        lines = [f"{verb} '{self.subject}' ({human_size(self.size)}) via {self.server} ({self.security})",
                 f"  from: {self.sender}"]
        for label, values in (("to", self.to), ("cc", self.cc), ("bcc", self.bcc)):
            if values:
                lines.append(f"  {label}: {', '.join(values)}")
        if self.password_from:
            lines.append(f"  password: from {self.password_from}")
        if self.dry_run:
            lines += [f"  header {name}: {value}" for name, value in self.headers]
            lines += [f"  attachment: {name} ({human_size(size)})" for name, size in self.attachments]
        for address, reply in self.refused.items():
            lines.append(f"  refused: {address} ({reply})")
        return lines


def human_size(size: int) -> str:
    """Decimal units, as mail size limits are quoted (25 MB = 25,000,000 bytes)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} KB"
    return f"{size} bytes"


def tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    """Verification on (system CAs, plus ca_file) unless the user allowed an untrusted server."""
    context = ssl.create_default_context(cafile=settings.ca_file) if settings.ca_file \
        else ssl.create_default_context()
    if settings.allow_untrusted:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def security_text(settings: SmtpSettings) -> str:
    if settings.security == "none":
        return "no encryption"
    kind = "STARTTLS" if settings.security == "starttls" else "TLS"
    return f"{kind}, certificate NOT verified" if settings.allow_untrusted else f"{kind}, certificate verified"


def _addresses(message: EmailMessage, header: str, given: Iterable[str]) -> list:
    given = list(given or ())
    if given:
        return parse_addresses(given, header)
    return parse_addresses([f"{n} <{a}>" if n else a for n, a in getaddresses(message.get_all(header, []))],
                           header)


def prepare(message: EmailMessage, settings: SmtpSettings, to=(), cc=(), bcc=(), dry_run: bool = False):
    """The message as it goes on the wire, plus sender and envelope recipients.

    To/Cc given here replace the draft's; Bcc only ever reaches the envelope.
    X-Unsent (the draft marker) is dropped and the Date is the sending time.
    A dry run may lack a sender (the sender is then None).
    """
    outgoing = copy.deepcopy(message)
    to_list = _addresses(message, "To", to)
    cc_list = _addresses(message, "Cc", cc)
    bcc_list = _addresses(message, "Bcc", bcc)
    for header in ("To", "Cc", "Bcc", "X-Unsent", "Date"):
        del outgoing[header]
    if to_list:
        outgoing["To"] = to_list
    if cc_list:
        outgoing["Cc"] = cc_list
    outgoing["Date"] = format_datetime(now())
    senders = parse_addresses(settings.sender, "from") if settings.sender else []
    if senders:
        del outgoing["From"]
        outgoing["From"] = senders[0]
    elif outgoing["From"]:
        senders = _addresses(message, "From", ())
    if not senders and not dry_run:
        raise UsageError("no sender address: set 'from' in smtp.toml or BRIEFING_SMTP_FROM")
    if not (to_list or cc_list or bcc_list):
        raise UsageError("no recipients: give --send-to (and/or --cc, --bcc)")
    return outgoing, senders[0] if senders else None, (to_list, cc_list, bcc_list)


def send(
    message: EmailMessage,
    settings: SmtpSettings,
    *,
    to: Iterable[str] = (),
    cc: Iterable[str] = (),
    bcc: Iterable[str] = (),
    dry_run: bool = False,
    max_bytes: int | None = None,
    allow_untrusted: bool | None = None,
    timeout: float | None = None,
) -> SendReport:
    """Send `message`; on any failure raise SendError with one line naming the server.

    Arguments left None come from `settings`. With dry_run nothing connects:
    the report says what would be sent.
    """
    settings = replace(
        settings,
        max_bytes=settings.max_bytes if max_bytes is None else max_bytes,
        allow_untrusted=settings.allow_untrusted if allow_untrusted is None else allow_untrusted,
        timeout=settings.timeout if timeout is None else timeout,
    )
    if not settings.host and not dry_run:
        raise UsageError("no SMTP server: set 'host' in smtp.toml (or --smtp-config FILE) or BRIEFING_SMTP_HOST")
    outgoing, sender, (to_list, cc_list, bcc_list) = prepare(message, settings, to, cc, bcc, dry_run)
    data = to_bytes(outgoing)
    report = SendReport(
        server=settings.server, security=security_text(settings), sender=str(sender or "(not set)"),
        to=[str(a) for a in to_list], cc=[str(a) for a in cc_list], bcc=[str(a) for a in bcc_list],
        size=len(data), subject=str(outgoing.get("Subject", "")), dry_run=dry_run,
        headers=[(k, str(v)) for k, v in outgoing.items() if k not in ("To", "Cc", "From")],
        attachments=[(part.get_filename() or "", len(part.get_payload(decode=True) or b""))
                     for part in outgoing.iter_attachments()],
    )
    if settings.max_bytes and len(data) > settings.max_bytes:
        raise SendError(
            f"message is {human_size(len(data))} ({len(data):,} bytes), above the "
            f"{human_size(settings.max_bytes)} limit ({settings.max_bytes:,} bytes); not sent: attach "
            "fewer or smaller files (e.g. PDF only) or raise max_bytes in smtp.toml", report)
    if dry_run:  # what would go, without needing a server, sender or password yet
        if settings.user:
            report.password_from = _password_source(settings)
        return report
    password = None
    if settings.user:
        if settings.security == "none" and not settings.loopback:
            raise UsageError(f"refusing to send the password for '{settings.user}' unencrypted to "
                             f"{settings.server}: set security = \"starttls\" or \"tls\"")
        password, report.password_from = find_password(settings)
    # Once each: smtplib counts refusals per address, and a repeat would reach DATA with none left.
    envelope: list[str] = []
    for address in (*to_list, *cc_list, *bcc_list):
        if address.addr_spec.lower() not in {e.lower() for e in envelope}:
            envelope.append(address.addr_spec)
    try:
        report.refused = _transmit(settings, password, sender.addr_spec, envelope, data)
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError(explain(exc, settings), report) from None
    if report.refused:
        raise SendError(
            f"{settings.server} refused {_refusals(report.refused)}; the message went to the other "
            f"{counted(len(envelope) - len(report.refused), 'recipient')}: "
            f"check the refused {noun(len(report.refused), 'address')}", report)
    return report


def _password_source(settings: SmtpSettings) -> str:
    """Where a real send would find the password, or why it would not."""
    try:
        return find_password(settings)[1]
    except UsageError as exc:
        return f"none found yet ({exc})"


DEADLINE_FACTOR = 4  # the whole send may take this many times the per-read timeout


class DeadlineExceeded(OSError):
    """The send as a whole took longer than its deadline (a server trickling its replies)."""


def _transmit(settings: SmtpSettings, password: str | None, sender: str, recipients: list[str],
              data: bytes) -> dict[str, str]:
    """Send within an overall deadline: the timeout alone is per read, which a server trickling a
    byte at a time never trips. At the deadline the socket is shut, which ends any read or write."""
    context = tls_context(settings)
    expired = threading.Event()
    sockets: list[socket.socket] = []  # the connection's socket, known as soon as it exists
    base = smtplib.SMTP_SSL if settings.security == "tls" else smtplib.SMTP

    class Tracked(base):  # type: ignore[valid-type, misc]
        def _get_socket(self, host, port, timeout):  # noqa: ANN001, ANN202 - smtplib's hook
            sock = super()._get_socket(host, port, timeout)
            sockets.append(sock)
            return sock

    def expire() -> None:
        expired.set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(settings.timeout * DEADLINE_FACTOR, expire)
    timer.daemon = True
    timer.start()
    smtp = None
    try:
        extra = {"context": context} if settings.security == "tls" else {}
        smtp = Tracked(settings.host, settings.effective_port, local_hostname=settings.helo,
                       timeout=settings.timeout, **extra)
        return _conversation(smtp, settings, context, password, sender, recipients, data)
    except (smtplib.SMTPException, OSError):
        if expired.is_set():
            raise DeadlineExceeded(f"did not finish within {settings.timeout * DEADLINE_FACTOR:g} s") from None
        raise
    finally:
        timer.cancel()
        if smtp is not None:
            smtp.close()


def _conversation(smtp: smtplib.SMTP, settings: SmtpSettings, context: ssl.SSLContext, password: str | None,
                  sender: str, recipients: list[str], data: bytes) -> dict[str, str]:
    smtp.ehlo()
    if settings.security == "starttls":
        smtp.starttls(context=context)
        smtp.ehlo()
    if settings.user:
        smtp.login(settings.user, password or "")
    refused = smtp.sendmail(sender, recipients, data)
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        pass  # the message was accepted; a rude goodbye does not matter
    return {addr: _reply(code, text) for addr, (code, text) in refused.items()}


# A run of base64 long enough to hold credentials (AUTH PLAIN is base64 of "\0user\0password"):
# a server that echoes our AUTH line must not put them into the error we print.
CREDENTIALS = re.compile(r"[A-Za-z0-9+/]{8,}={0,2}")
PLAIN_WORD = re.compile(r"[A-Za-z][a-z]*|[A-Z]+")  # "Authentication", "AUTH": words, not base64


def _credentials(match: re.Match) -> str:
    return match.group() if PLAIN_WORD.fullmatch(match.group()) else "[removed]"


def _reply(code: int, text: bytes | str) -> str:
    """A server reply for the user: one line, with anything that could be echoed credentials removed."""
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    text = CREDENTIALS.sub(_credentials, " ".join(text.split()))
    return shown(f"{code} {text}".strip())


def _refusals(refused: dict[str, str]) -> str:
    return "; ".join(f"recipient {addr} ({reply})" for addr, reply in refused.items())


def explain(exc: BaseException, settings: SmtpSettings) -> str:
    """One line for the user: which server, what happened, what to do."""
    server = settings.server
    if isinstance(exc, smtplib.SMTPServerDisconnected) and isinstance(exc.__context__, OSError):
        exc = exc.__context__  # smtplib hides a timeout or TLS failure behind "unexpectedly closed"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = {a: _reply(c, t) for a, (c, t) in exc.recipients.items()}
        return f"{server} refused {_refusals(refused)}; nothing was sent: check the {noun(len(refused), 'address')}"
    if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code in (552, 523) or (
        isinstance(exc, smtplib.SMTPResponseException) and b"size" in (exc.smtp_error or b"").lower()
        and exc.smtp_code >= 500
    ):
        return (f"{server} refused the message as too large ({_reply(exc.smtp_code, exc.smtp_error)}); "
                "send fewer or smaller attachments (e.g. PDF only); setting max_bytes in smtp.toml to the "
                "server's limit catches this before sending")
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return (f"{server} rejected the login for user '{settings.user}' ({_reply(exc.smtp_code, exc.smtp_error)}); "
                "check the user and the password (BRIEFING_SMTP_PASSWORD or the keyring)")
    if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code == 530:
        return (f"{server} requires a login ({_reply(exc.smtp_code, exc.smtp_error)}); set 'user' in "
                "smtp.toml or BRIEFING_SMTP_USER, and the password in BRIEFING_SMTP_PASSWORD or the keyring")
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return (f"{server} refused the sender {exc.sender} ({_reply(exc.smtp_code, exc.smtp_error)}); "
                "set 'from' to an address this account may send as")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        if "starttls" in str(exc).lower():
            return (f"{server} does not offer STARTTLS, so nothing was sent unencrypted; use the "
                    "server's TLS port with security = \"tls\" (usually 465)")
        return f"{server} does not support login ({exc}); remove 'user' or use the server's submission port"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return (f"{server} closed the connection unexpectedly; check that security = "
                f"\"{settings.security}\" matches the port (587 starttls, 465 tls) and try again")
    if isinstance(exc, smtplib.SMTPResponseException):
        when = "try again later" if 400 <= exc.smtp_code < 500 else "ask the mail administrator"
        return f"{server} answered {_reply(exc.smtp_code, exc.smtp_error)}; {when}"
    if isinstance(exc, smtplib.SMTPException):
        return f"{server}: {_reply(0, str(exc)).removeprefix('0 ')}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (f"cannot trust the certificate of {server} ({exc.verify_message or exc.reason}); "
                "set ca_file to your organisation's CA bundle, or pass --allow-untrusted-cert "
                "if you are sure this is the right server")
    if isinstance(exc, ssl.SSLError):
        return (f"TLS with {server} failed ({exc.reason or exc}); check that security = "
                f"\"{settings.security}\" matches the port (587 starttls, 465 tls)")
    if isinstance(exc, DeadlineExceeded):
        return (f"{server} {exc}; the server answers too slowly: try again later, or raise timeout in "
                f"smtp.toml (the whole send may take {DEADLINE_FACTOR} times it)")
    if isinstance(exc, (TimeoutError, socket.timeout)):
        hint = " (a port 465 server needs security = \"tls\")" if settings.security != "tls" else ""
        return (f"{server} did not answer within {settings.timeout:g} s; check host and port{hint} "
                "and your network, or raise timeout in smtp.toml")
    if isinstance(exc, ConnectionRefusedError):
        return (f"cannot connect to {server}: connection refused; check host and port "
                "(smtp.toml or BRIEFING_SMTP_HOST/BRIEFING_SMTP_PORT) and that the server is running")
    if isinstance(exc, socket.gaierror):
        return f"cannot find SMTP server '{settings.host}' ({exc.strerror}); check the host name"
    if isinstance(exc, OSError):
        return f"cannot reach {server} ({exc.strerror or exc}); check host, port and your network"
    return f"{server}: {exc}"
