"""Read one source file (or stdin) into normalized text lines plus reader metadata.

Every failure becomes a SourceError whose message names the problem in words a
user can act on; the path is added by SourceError itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import re
import select
import stat
import sys
import time
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import SourceError
from briefing.ingest.normalize import DecodeError, decode_report, normalize_text

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}
STDIN = "-"
# Containers (HTML, DOCX, PDF) carry markup and images: allow this many times the text limit.
CONTAINER_FACTOR = 10
READ_TIMEOUT = 30.0  # seconds a pipe or device named as a source may keep us waiting for its data
PLACEHOLDER_TITLES = {"untitled", "anonymous", "document", "microsoft word", "title", "none"}


@dataclass
class RawSource:
    """What a reader found: normalized text, per-line hints and metadata with provenance."""

    path: str
    text: str
    format: str
    encoding: str = "utf-8"
    hints: dict[int, str] = field(default_factory=dict)  # line index -> headline/subheading
    meta: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (value, provenance)
    sha256: str = ""  # of the bytes read: the corpus cache keeps an entry only if its key saw the same
    warnings: list[str] = field(default_factory=list)  # read, but not quite as written (bytes replaced)


def read_source(path: str | Path, max_bytes: int) -> RawSource:
    """Read a file by its extension; "-" reads stdin as plain text."""
    if str(path) == STDIN:
        return _text_source(STDIN, _read_stdin(max_bytes), max_bytes)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise SourceError(str(path), f"unsupported file type '{suffix}' (use .txt, .md, .html, .docx or .pdf)")
    limit = max_bytes * (CONTAINER_FACTOR if suffix in HTML_SUFFIXES | {".docx", ".pdf"} else 1)
    data = _read_bytes(path, limit)
    if suffix in HTML_SUFFIXES:
        raw = _html_source(str(path), data)
    elif suffix == ".docx":
        raw = _docx_source(str(path), data)
    elif suffix == ".pdf":
        raw = _pdf_source(str(path), data)
    else:
        raw = _text_source(str(path), data, max_bytes)
    if suffix in HTML_SUFFIXES | {".docx", ".pdf"}:
        _check_text(raw, max_bytes)
    raw.sha256 = hashlib.sha256(data).hexdigest()
    return raw


def _read_bytes(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a file, counted as read (a device's st_size says 0).

    Opened without blocking, so a FIFO with no writer does not hang the open;
    a pipe or device is then read against READ_TIMEOUT, a regular file as usual.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            info = os.fstat(fd)
            mode = info.st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError
            if stat.S_ISREG(mode):
                if info.st_size > limit:  # said before reading, with the size; the read below still counts
                    raise SourceError(str(path), f"too large ({_mb(info.st_size)}; the limit is {_mb(limit)})")
                os.set_blocking(fd, True)
                data = _read_limited(fd, limit, None)
            else:
                data = _read_limited(fd, limit, time.monotonic() + READ_TIMEOUT)
        finally:
            os.close(fd)
        if data is None:
            raise SourceError(str(path), f"too large (more than {_mb(limit)}; the limit is {_mb(limit)})")
        return data
    except FileNotFoundError:
        raise SourceError(str(path), "no such file") from None
    except PermissionError:
        raise SourceError(str(path), "cannot read the file (permission denied)") from None
    except IsADirectoryError:
        raise SourceError(str(path), "is a folder, not a file") from None
    except TimeoutError:
        raise SourceError(str(path), f"no data arrived within {READ_TIMEOUT:g} s (a pipe nobody writes to?)") from None
    except OSError as exc:
        raise SourceError(str(path), f"cannot read the file ({exc.strerror or exc})") from None


def _read_stdin(limit: int) -> bytes:
    """Stdin up to `limit` bytes (one more tells it is too large): `cat /dev/zero | briefing` must not fill memory."""
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise SourceError(STDIN, f"too large (more than {_mb(limit)}; the limit is {_mb(limit)})")
    return data


def _read_limited(fd: int, limit: int, deadline: float | None) -> bytes | None:
    """Bytes up to end of file, or None past `limit`; with a deadline, waits for data only until then."""
    chunks: list[bytes] = []
    size = 0
    poller = select.poll() if deadline is not None else None
    if poller is not None:
        poller.register(fd, select.POLLIN)
    while True:
        if poller is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not poller.poll(left * 1000):
                raise TimeoutError("no data", READ_TIMEOUT)
        try:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
        except BlockingIOError:
            continue
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return None


def _mb(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1000:.1f} kB" if size >= 1000 else f"{size} bytes"


def _check_text(raw: RawSource, max_bytes: int) -> None:
    size = len(raw.text.encode("utf-8"))
    if size > max_bytes:
        raise SourceError(raw.path, f"too much text ({_mb(size)}; the limit is {_mb(max_bytes)})")
    if not raw.text.strip():
        raise SourceError(raw.path, f"no text found in this {raw.format.upper()} file")


def _text_source(path: str, data: bytes, max_bytes: int) -> RawSource:
    if len(data) > max_bytes:
        raise SourceError(path, f"too large ({_mb(len(data))}; the limit is {_mb(max_bytes)})")
    if not data.strip():
        raise SourceError(path, "empty file" if not data else "file has only whitespace")
    try:
        text, encoding, warning = decode_report(data)
    except DecodeError as exc:
        raise SourceError(path, str(exc)) from None
    text = normalize_text(text)
    if not text.strip():
        raise SourceError(path, "file has only whitespace or invisible characters")
    return RawSource(path=path, text=text, format="text", encoding=encoding, hints=_markdown_hints(text),
                     warnings=[warning] if warning else [])


MD_HEADING = re.compile(r"^(#{1,6})\s+\S")


def _markdown_hints(text: str) -> dict[int, str]:
    """'# Title' marks a headline, deeper '#' levels subheadings."""
    hints: dict[int, str] = {}
    for i, line in enumerate(text.split("\n")):
        m = MD_HEADING.match(line)
        if m:
            hints[i] = "headline" if len(m.group(1)) == 1 and "headline" not in hints.values() else "subheading"
    return hints


# ---------------------------------------------------------------------- HTML


def _html_source(path: str, data: bytes) -> RawSource:
    import trafilatura

    try:
        html, encoding, warning = decode_report(data)
    except DecodeError as exc:
        raise SourceError(path, str(exc)) from None
    if not html.strip():
        raise SourceError(path, "empty file")
    try:
        doc = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        text = doc.text if doc is not None and doc.text else trafilatura.html2txt(html)
    except Exception as exc:  # lxml raises many kinds on broken markup
        raise SourceError(path, f"cannot parse the HTML ({type(exc).__name__})") from None
    text = normalize_text(text or "")
    meta: dict[str, tuple[str, str]] = {}
    if doc is not None:
        for name, attr in (("title", "title"), ("author", "author"), ("date", "date"),
                           ("outlet", "sitename"), ("url", "url"), ("language", "language")):
            value = getattr(doc, attr, None)
            if value and str(value).strip():
                meta[name] = (normalize_text(str(value)).strip(), "html metadata")
    hints = {}
    title = meta.get("title", ("", ""))[0]
    if title:
        text = f"{title}\n{text}" if not text.lstrip().startswith(title) else text
        hints[0] = "headline"
    return RawSource(path=path, text=text, format="html", encoding=encoding, hints=hints, meta=meta,
                     warnings=[warning] if warning else [])


# ---------------------------------------------------------------------- DOCX


def _docx_source(path: str, data: bytes) -> RawSource:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SourceError(path, f"not a readable DOCX file ({type(exc).__name__}); re-save it from Word") from None
    except Exception as exc:  # malformed XML inside the zip
        raise SourceError(path, f"not a readable DOCX file ({type(exc).__name__})") from None
    lines: list[str] = []
    hints: dict[int, str] = {}
    for para in document.paragraphs:
        style = (para.style.name if para.style is not None else "") or ""
        text = normalize_text(para.text).replace("\n", " ").strip()
        if not text:
            lines.append("")
            continue
        if style == "Title" or (style == "Heading 1" and "headline" not in hints.values()):
            hints[len(lines)] = "headline"
        elif style.startswith("Heading") or style == "Subtitle":
            hints[len(lines)] = "subheading" if style != "Subtitle" else "standfirst"
        lines.append(text)
    for table in document.tables:
        for row in table.rows:
            cells = [normalize_text(c.text).replace("\n", " ").strip() for c in row.cells]
            if any(cells):
                lines.append(" | ".join(cells))
    meta = {}
    title = (document.core_properties.title or "").strip()
    if title and title.lower() not in PLACEHOLDER_TITLES:
        meta["title"] = (normalize_text(title), "docx properties")
    return RawSource(path=path, text="\n".join(lines), format="docx", hints=hints, meta=meta)


# ----------------------------------------------------------------------- PDF


def _pdf_source(path: str, data: bytes) -> RawSource:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with _quiet_pypdf():
            return _read_pdf(path, data, PdfReader)
    except SourceError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise SourceError(path, f"not a readable PDF file ({type(exc).__name__})") from None


@contextlib.contextmanager
def _quiet_pypdf():
    """pypdf logs its repairs of damaged files to stderr; the build reports one line per source instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _read_pdf(path: str, data: bytes, PdfReader) -> RawSource:  # noqa: ANN001, N803 - pypdf's class, imported late
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise SourceError(path, "the PDF is password-protected")
    pages = [page.extract_text() or "" for page in reader.pages]
    info = reader.metadata
    text = "\n\n".join(reflow_pdf(normalize_text(p)) for p in pages)
    if not text.strip():
        raise SourceError(path, "the PDF has no text layer (a scan?); run OCR first")
    meta = {}
    title = str(info.title or "").strip() if info else ""
    if title and title.lower() not in PLACEHOLDER_TITLES:
        meta["title"] = (normalize_text(title), "pdf properties")
    return RawSource(path=path, text=text, format="pdf", meta=meta)


SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")


def reflow_pdf(page: str) -> str:
    """Join the hard-wrapped lines of a PDF page back into paragraphs.

    A line that fills most of the text width and does not end a sentence
    continues on the next line; a word hyphenated at a line end is rejoined.
    """
    lines = [line.strip() for line in page.split("\n")]
    widths = sorted(len(line) for line in lines if line)
    if not widths:
        return ""
    full = widths[int(len(widths) * 0.8)] * 0.75
    out: list[str] = []
    previous = ""  # the last physical line, before joining
    for line in lines:
        if out and out[-1] and line and _continues(previous, line, full):
            if re.search(r"[a-z]-$", out[-1]) and line[:1].islower():
                out[-1] = out[-1][:-1] + line
            else:
                out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        previous = line
    return "\n".join(out)


def _continues(prev: str, line: str, full: float) -> bool:
    if prev.endswith("-") and line[:1].islower():
        return True
    return len(prev) >= full and not (SENTENCE_END.search(prev) and line[:1].isupper())
