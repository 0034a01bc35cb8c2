"""Turn a Briefing and its built files into an email draft (.eml).

The draft carries the key points in the body so a reader on a phone gets the
bottom line without opening an attachment; the attachments are the built files,
byte for byte. Every byte is reproducible under SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import mimetypes
import os
import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, getaddresses
from pathlib import Path

from briefing.config import Profile
from briefing.errors import OutputError, UsageError
from briefing.fsutil import write_atomic
from briefing.render.content import MONTHS, short_date  # one date style for every output
from briefing.render.content import shown, source_label  # items and sources as every format shows them
from briefing.render.safe import safe_url  # one link policy for every output
from briefing.model import Briefing, Item, SourceEntry

# Python's mimetypes table lacks the Office types before 3.14, and .md varies by OS.
MIME_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
    ".md": "text/markdown",
    ".json": "application/json",
    ".txt": "text/plain",
}

# Headers folded with CRLF: what SMTP sends and what Outlook writes to .eml files.
WIRE = policy.SMTP

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"*/:<>?\\|;]+')


# ----------------------------------------------------------------- text helpers


def clean_text(text: str | None) -> str:
    """Source text minus control characters (they break headers, XML and terminals)."""
    return _CONTROL.sub("", text or "")


def one_line(text: str | None) -> str:
    """For headers: no line breaks (header injection), single spaces."""
    return " ".join(clean_text(text).split())


def format_date(iso: str | None) -> str | None:
    """'2025-10-15' -> '15 Oct 2025'; None when missing or not a full date."""
    return short_date(iso or "")


def format_range(start: str | None, end: str | None) -> str | None:
    """A coverage range as people write it: '14-15 Oct 2025', '30 Sep - 2 Oct 2025'."""
    if not format_date(start) or not format_date(end):
        return format_date(start) or format_date(end)
    a, b = sorted((dt.date.fromisoformat(start), dt.date.fromisoformat(end)))
    if a == b:
        return format_date(a.isoformat())
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}-{b.day} {MONTHS[b.month - 1]} {b.year}"
    if a.year == b.year:
        return f"{a.day} {MONTHS[a.month - 1]} - {format_date(b.isoformat())}"
    return f"{format_date(a.isoformat())} - {format_date(b.isoformat())}"


def briefing_date(briefing: Briefing) -> str | None:
    """The main event's date, else the coverage range, else None (never a guess)."""
    for event in briefing.events:
        if event.main and format_date(event.date):
            return format_date(event.date)
    return format_range(briefing.coverage.date_from, briefing.coverage.date_to)


def marking_of(briefing: Briefing, profile: Profile) -> str | None:
    marking = one_line(profile.marking or briefing.marking).upper()
    return marking or None


def subject_line(briefing: Briefing, profile: Profile) -> str:
    """'[OFFICIAL] Title: Analyst briefing, 15 Oct 2025' (parts left out when unknown)."""
    marking = marking_of(briefing, profile)
    subject = one_line(briefing.title) or "Briefing"
    label = one_line(profile.label) or "briefing"
    if label.lower() not in subject.lower():
        subject = f"{subject}: {label}"
    when = briefing_date(briefing)
    if when:
        subject = f"{subject}, {when}"
    return f"[{marking}] {subject}" if marking else subject


def citations(numbers: Iterable[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def coverage_line(briefing: Briefing) -> str:
    """One line on what the briefing rests on: count, outlets, dates."""
    cov = briefing.coverage
    outlets = [one_line(o) for o in cov.outlets if one_line(o)]
    line = f"Sources: {cov.sources} article{'s' if cov.sources != 1 else ''}"
    if outlets:
        line += f" from {', '.join(outlets)}"
    when = format_range(cov.date_from, cov.date_to)
    if when:
        line += f", {when}"
    if cov.undated:
        line += f" ({cov.undated} undated)"
    return line + "."


def item_text(item: Item, topic: str = "") -> str:
    """A key point as one line, labelled with its topic, naming who said it as every format does."""
    text, who = shown(item)
    text = one_line(text)
    if item.kind == "quote":
        text = f"\u201c{text}\u201d"
    text += f" \u2014 {one_line(who)}" if who else ""
    return f"{one_line(topic)}: {text}" if one_line(topic) else text


def source_text(entry: SourceEntry) -> str:
    """Outlet (else headline, opening words or file name), date, and the headline when the outlet led."""
    parts = [one_line(source_label(entry)), format_date(entry.date) or "undated"]
    title = one_line(entry.title) if one_line(entry.outlet) else ""
    return ", ".join(parts) + (f": {title}" if title else "")


def _topics(briefing: Briefing) -> dict[str, str]:
    return {s.topic: s.title for s in briefing.sections}


# ----------------------------------------------------------------------- bodies


def mail_notes(briefing: Briefing) -> list[str]:
    """The date line for the main event and the others; how dates were worked out stays in the documents."""
    parts = []
    for event in sorted(briefing.events, key=lambda e: not e.main):
        cited = ", ".join(str(n) for n in event.sources)
        word = "source" if len(event.sources) == 1 else "sources"
        when = format_date(event.date) or "no date"
        parts.append(f"{'Main event: ' if event.main else ''}{when} ({word} {cited})")
    if parts:  # and the sentence naming every event when the sources cover several
        return ["; ".join(parts) + "."] + ([one_line(briefing.event_summary)] if one_line(briefing.event_summary) else [])
    notes = [briefing.event_summary, *briefing.notes]  # no events list: the free-text notes say it
    return [one_line(note) for note in notes if one_line(note)]


def text_body(briefing: Briefing, profile: Profile, names: Sequence[str]) -> str:
    marking = marking_of(briefing, profile)
    lines = [marking, ""] if marking else []
    lines += [subject_line(briefing, profile).removeprefix(f"[{marking}] " if marking else ""), ""]
    if briefing.key_points:
        lines.append("Key points")
        for n, item in enumerate(briefing.key_points, 1):
            lines.append(f"{n}. {item_text(item, _topics(briefing).get(item.topic or '', ''))} "
                         f"{citations(item.sources)}")
        lines.append("")
    notes = mail_notes(briefing)
    lines += notes + ([""] if notes else [])
    lines += [coverage_line(briefing)]
    for entry in briefing.sources:
        url = safe_url(entry.url)
        lines.append(f"[{entry.number}] {source_text(entry)}" + (f" <{url}>" if url else ""))
    if names:
        lines += ["", f"Attached: {', '.join(names)}"]
    if marking:
        lines += ["", marking]
    return "\n".join(lines) + "\n"


def html_body(briefing: Briefing, profile: Profile, names: Sequence[str]) -> str:
    """The same content as HTML; every piece of source text is escaped."""
    e = html.escape
    marking = marking_of(briefing, profile)
    banner = (f'<p style="text-align:center;font-weight:bold;letter-spacing:1px">{e(marking)}</p>'
              if marking else "")
    heading = subject_line(briefing, profile).removeprefix(f"[{marking}] " if marking else "")
    out = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8">', f"<title>{e(heading)}</title></head>",
           '<body style="font-family:Calibri,Arial,sans-serif;font-size:11pt;line-height:1.4">',
           banner, f"<h2 style=\"margin:0 0 8px 0\">{e(heading)}</h2>"]
    if briefing.key_points:
        out.append("<h3>Key points</h3><ol>")
        for item in briefing.key_points:
            out.append(f"<li>{e(item_text(item, _topics(briefing).get(item.topic or '', '')))} "
                       f"<sup>{e(citations(item.sources))}</sup></li>")
        out.append("</ol>")
    for note in mail_notes(briefing):
        out.append(f"<p><em>{e(note)}</em></p>")
    out.append(f"<p>{e(coverage_line(briefing))}</p>")
    if briefing.sources:
        out.append('<ol style="font-size:9pt;color:#444">')
        for entry in briefing.sources:
            url = safe_url(entry.url)
            link = f' &lt;<a href="{e(url)}">{e(url)}</a>&gt;' if url else ""
            out.append(f'<li value="{int(entry.number)}">{e(source_text(entry))}{link}</li>')
        out.append("</ol>")
    if names:
        out.append(f"<p>Attached: {e(', '.join(names))}</p>")
    out += [banner, "</body></html>"]
    return "\n".join(part for part in out if part) + "\n"


# ------------------------------------------------------------------ attachments


def mime_type(path: Path) -> tuple[str, str]:
    kind = MIME_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    maintype, _, subtype = (kind or "application/octet-stream").partition("/")
    return maintype, subtype


def safe_filename(name: str, limit: int = 120) -> str:
    """A file name every mail client accepts: no path, quotes, control or reserved characters.

    Non-ASCII letters are kept (the email package encodes them per RFC 2231);
    the extension survives shortening so the receiver still knows the type.
    """
    name = unicodedata.normalize("NFC", Path(name.replace("\\", "/")).name)
    name = _UNSAFE_NAME.sub("_", name).strip(" .") or "attachment"
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    ext = ext[:10]
    stem = stem[: max(1, limit - len(ext) - 1)].rstrip(" .") or "attachment"
    return f"{stem}.{ext}" if ext else stem


def attach(message: EmailMessage, path: Path) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise OutputError(f"{path}: cannot attach ({exc.strerror or exc})") from None
    maintype, subtype = mime_type(Path(path))
    name = safe_filename(Path(path).name)
    params = {"charset": "utf-8"} if maintype == "text" else {}
    message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name,
                           cte="base64", params={**params, "name": name})
    return name


# ---------------------------------------------------------------------- headers


def parse_addresses(values: Iterable[str] | str | None, what: str = "address") -> list[Address]:
    """'A <a@x.org>, b@y.org' (or a list of such) -> Addresses; a clear error for a typo.

    Strict: every '@' of an entry must belong to exactly one parsed address,
    so 'x@y.com <evil@z.com>' (a display name that is itself an address) and
    encoded-word names ('=?utf-8?q?...?=', which can decode to anything) are
    refused rather than read as two recipients.
    """
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    found: list[Address] = []
    for value in values:
        if any(c in value for c in "\r\n\0"):
            raise UsageError(f"{what} {value!r} contains a line break")
        shown = value.strip() if len(value) < 80 else value[:77] + "..."
        if "=?" in value:
            raise UsageError(f"{what} '{shown}' has an encoded display name; write the name plainly")
        pairs = []
        for part in _entries(value):
            found_here = [(name, addr) for name, addr in getaddresses([part]) if name or addr]
            if len(found_here) > 1 or part.count("@") > 1:
                raise UsageError(f"{what} '{shown}' is not one address per entry (expected name@example.org or "
                                 f"Name <name@example.org>, separated by commas)")
            pairs += found_here
        for name, addr in pairs:
            local, at, domain = addr.rpartition("@")
            if not at or not local or "." not in domain or any(c.isspace() for c in addr):
                raise UsageError(f"{what} '{shown}' is not an email address (expected name@example.org)")
            if not addr.isascii():
                raise UsageError(f"{what} '{addr}' has non-ASCII characters, which most mail servers refuse")
            try:
                found.append(Address(display_name=one_line(name), addr_spec=addr))
            except (ValueError, IndexError):
                raise UsageError(f"{what} '{addr}' is not an email address (expected name@example.org)") from None
    return found


def _entries(value: str) -> list[str]:
    """`value` split at the commas (or semicolons) between addresses, not those inside quotes or brackets."""
    parts, current, quoted, angle = [], [], False, 0
    for ch in value:
        if ch == '"':
            quoted = not quoted
        elif ch == "<" and not quoted:
            angle += 1
        elif ch == ">" and not quoted:
            angle = max(0, angle - 1)
        elif ch in ",;" and not quoted and not angle:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return [p for p in parts if p.strip()]


def now() -> dt.datetime:
    """The time for the Date header: SOURCE_DATE_EPOCH (UTC) when set, else local now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        except ValueError:
            raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{epoch}'") from None
    return dt.datetime.now().astimezone()


def reproducible() -> bool:
    return bool(os.environ.get("SOURCE_DATE_EPOCH"))


def message_id(digest: str, sender: Sequence[Address]) -> str:
    """Derived from the content under SOURCE_DATE_EPOCH, unique otherwise."""
    domain = sender[0].domain if sender and sender[0].domain else "briefing.invalid"
    left = digest[:32] if reproducible() else f"{digest[:16]}.{secrets.token_hex(8)}"
    return f"<{left}@{domain}>"


def _finish_parts(message: EmailMessage, digest: str) -> None:
    """Fixed multipart boundaries (the email package draws random ones) and no
    MIME-Version inside parts (it belongs to the top header only)."""
    parts = [p for p in message.walk() if p is not message]
    for n, part in enumerate(p for p in [message, *parts] if p.is_multipart()):
        part.set_boundary(f"=_briefing_{digest[:24]}_{n}")
    for part in parts:
        del part["MIME-Version"]


# ---------------------------------------------------------------------- compose


def compose(
    briefing: Briefing,
    attachments: Sequence[Path],
    profile: Profile,
    *,
    sender: str | None = None,
    to: Iterable[str] = (),
    cc: Iterable[str] = (),
    reply_to: str | None = None,
    subject: str | None = None,
) -> EmailMessage:
    """A draft email: key points as text and HTML, the built files attached.

    `X-Unsent: 1` makes Outlook open it as an editable draft; Thunderbird opens it
    with "Edit as new". Bcc is never a header: give it to `send`.
    """
    message = EmailMessage(policy=policy.default)
    senders = parse_addresses(sender, "sender")
    if senders:
        message["From"] = senders[0]
    for header, values in (("To", to), ("Cc", cc), ("Reply-To", reply_to)):
        addresses = parse_addresses(values, header)
        if addresses:
            message[header] = addresses
    message["Subject"] = one_line(subject) or subject_line(briefing, profile)
    message["Date"] = format_datetime(now())
    message["X-Unsent"] = "1"

    names = [safe_filename(Path(p).name) for p in attachments]
    text, markup = text_body(briefing, profile, names), html_body(briefing, profile, names)
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(markup, subtype="html", cte="quoted-printable")
    digest = hashlib.sha256()
    for value in [*(f"{k}: {v}" for k, v in message.items()), text, markup]:
        digest.update(value.encode("utf-8", "surrogateescape") + b"\0")
    for path in attachments:
        attach(message, Path(path))
        part = list(message.iter_attachments())[-1]
        digest.update(part.get_filename().encode() + b"\0" + part.get_payload(decode=True) + b"\0")

    _finish_parts(message, digest.hexdigest())
    message["Message-ID"] = message_id(digest.hexdigest(), senders)
    return message


def to_bytes(message: EmailMessage) -> bytes:
    """The message as sent and as saved: CRLF line ends, folded headers."""
    return message.as_bytes(policy=WIRE)


def write_eml(message: EmailMessage, path: Path) -> Path:
    """Save the draft atomically; an interrupted write leaves no half .eml behind."""
    return write_atomic(Path(path), to_bytes(message))


def read_eml(path: Path) -> EmailMessage:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror or exc})") from None
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not message.keys() or (message.get_content_type() == "text/plain" and "Subject" not in message):
        raise UsageError(f"{path}: not an email message (.eml) file")
    return message
