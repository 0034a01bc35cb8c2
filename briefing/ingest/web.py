"""Web pages as sources: fetch over http(s) with care, then read like an HTML file.

Care for other people's servers and for this machine: a timeout, a size limit,
few redirects, only http and https, a content-type check, a User-Agent that
names the tool, a pause between two requests to the same host, and a cache in
the user cache folder revalidated with ETag / Last-Modified, so a rebuild
asks the server only "has it changed?".
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from briefing import __version__
from briefing.errors import SourceError
from briefing.ingest.normalize import DecodeError, decode_bytes

SCHEMES = ("http", "https")
USER_AGENT = f"briefing/{__version__} (news briefing builder; reads each page once, caches it)"
HTML_TYPES = {"text/html", "application/xhtml+xml"}
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml",
              "application/xml", "text/xml"}
TEXT_TYPES = {"text/plain", "text/markdown"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
REDIRECTS = {301, 302, 303, 307, 308}
FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b",
                        re.DOTALL)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def is_url(text: str) -> bool:
    """Anything with a scheme before '://' is meant as a link (so ftp:// is refused, not read as a file)."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", str(text)))


def is_feed_file(text: str) -> bool:
    return not is_url(text) and Path(text).suffix.lower() in FEED_SUFFIXES


def is_web_source(text: str) -> bool:
    """A link, or a feed file that stands for links."""
    return is_url(text) or is_feed_file(text)


def looks_like_feed(data: bytes) -> bool:
    return bool(FEED_START.match(data[:4096].lstrip(b"\xef\xbb\xbf")))


@dataclass
class FetchOptions:
    timeout: float = 20.0  # seconds for the whole page, and for each wait on the server
    max_bytes: int = 50_000_000  # body size limit
    max_redirects: int = 5
    interval: float = 1.0  # seconds between two requests to one host (not applied to this machine)
    cache_dir: Path | None = None  # None: no cache


@dataclass
class Page:
    url: str  # where the page was found, after redirects
    content_type: str  # media type, lower case, without parameters
    charset: str | None
    body: bytes
    from_cache: bool = False


class Fetcher:
    """One build's HTTP client: the per-host pauses and the pages already fetched live here."""

    def __init__(self, options: FetchOptions | None = None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.options = options or FetchOptions()
        self.clock, self.sleep = clock, sleep
        self.last_request: dict[str, float] = {}  # host -> clock() of its last request
        self.pages: dict[str, Page] = {}  # fetched in this build, by the address asked for
        self.feed_meta: dict[str, dict[str, tuple[str, str]]] = {}  # link -> what its feed item said
        self._client = None
        self._last_headers: dict[str, str] = {}  # of the last response, for the cache

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def get(self, url: str) -> Page:
        """The page at `url`; any failure is a SourceError naming the address and what went wrong."""
        if url not in self.pages:
            self.pages[url] = self._fetch(url)
        return self.pages[url]

    # ------------------------------------------------------------ internals

    def _client_(self):
        import httpx

        if self._client is None:
            timeout = httpx.Timeout(self.options.timeout)
            self._client = httpx.Client(timeout=timeout, follow_redirects=False,
                                        headers={"User-Agent": USER_AGENT, "Accept": ", ".join(
                                            ["text/html", "application/xhtml+xml", "application/rss+xml",
                                             "application/atom+xml", "application/xml;q=0.9", "text/plain;q=0.8"])})
        return self._client

    def _fetch(self, url: str) -> Page:
        import httpx

        _check_scheme(url, url)
        cached = _cache_read(self.options.cache_dir, url)
        address = url
        for _ in range(self.options.max_redirects + 1):
            self._pause(address)
            headers = _revalidation(cached) if cached and address == url else {}
            try:
                page = self._request(url, address, headers)
            except httpx.TimeoutException:
                raise SourceError(url, f"the server did not answer within {self.options.timeout:g} seconds") from None
            except httpx.HTTPError as exc:
                raise SourceError(url, f"cannot fetch the page ({_reason(exc)})") from None
            if isinstance(page, str):  # a redirect: the next address
                address = page
                continue
            if page is None:  # 304 Not Modified
                return cached[1]  # type: ignore[index]  # only asked with a cached copy
            _cache_write(self.options.cache_dir, url, page, self._last_headers)
            return page
        raise SourceError(url, f"too many redirects (more than {self.options.max_redirects})")

    def _request(self, url: str, address: str, headers: dict[str, str]) -> Page | str | None:
        """One request: a Page, the next address of a redirect, or None for 'not modified'."""
        client = self._client_()
        started = self.clock()
        with client.stream("GET", address, headers=headers) as response:
            self._last_headers = {k.lower(): v for k, v in response.headers.items()}
            if response.status_code in REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    raise SourceError(url, f"the server redirected (HTTP {response.status_code}) to nowhere")
                target = urljoin(address, location)
                _check_scheme(url, target)
                return target
            if response.status_code == 304 and headers:
                return None
            if response.status_code >= 400:
                phrase = response.reason_phrase or "error"
                raise SourceError(url, f"the server answered HTTP {response.status_code} {phrase}")
            if response.status_code != 200:
                raise SourceError(url, f"unexpected answer HTTP {response.status_code}")
            media, charset = _content_type(response.headers.get("content-type", ""))
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.options.max_bytes:
                raise SourceError(url, _too_large(int(declared), self.options.max_bytes))
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.options.max_bytes:
                    raise SourceError(url, _too_large(len(body), self.options.max_bytes, more=True))
                if self.clock() - started > self.options.timeout:
                    raise SourceError(url, f"the page took more than {self.options.timeout:g} seconds to arrive")
            return Page(url=str(response.url), content_type=media, charset=charset, body=bytes(body))

    def _pause(self, address: str) -> None:
        """Wait until the host's interval since its last request has passed (this machine never waits)."""
        host = (urlsplit(address).hostname or "").lower()
        if _loopback(host):
            return
        last = self.last_request.get(host)
        if last is not None:
            wait = self.options.interval - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self.last_request[host] = self.clock()


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_scheme(url: str, address: str) -> None:
    scheme = urlsplit(address).scheme.lower()
    if scheme not in SCHEMES:
        where = "" if address == url else f" (a redirect led to {address})"
        raise SourceError(url, f"only http and https links are read, not {scheme}:// ones{where}")
    if not urlsplit(address).hostname:
        raise SourceError(url, "the link names no host")


def _content_type(header: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in header.split(";")]
    media = parts[0].lower()
    charset = next((p.split("=", 1)[1].strip().strip('"\'') for p in parts[1:] if p.lower().startswith("charset=")),
                   None)
    return media, charset or None


def _too_large(size: int, limit: int, more: bool = False) -> str:
    from briefing.ingest.readers import _mb

    return f"the page is too large ({'more than ' if more else ''}{_mb(size)}; the limit is {_mb(limit)})"


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def _revalidation(cached: tuple[dict, Page]) -> dict[str, str]:
    meta = cached[0]
    headers = {}
    if meta.get("etag"):
        headers["If-None-Match"] = meta["etag"]
    if meta.get("last_modified"):
        headers["If-Modified-Since"] = meta["last_modified"]
    return headers


# ------------------------------------------------------------------- cache


def _cache_paths(folder: Path, url: str) -> tuple[Path, Path]:
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    return folder / f"{key}.json", folder / f"{key}.body"


def _cache_read(folder: Path | None, url: str) -> tuple[dict, Page] | None:
    """A cached copy that the server can be asked to confirm (it has an ETag or Last-Modified)."""
    if folder is None:
        return None
    meta_path, body_path = _cache_paths(folder, url)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        body = body_path.read_bytes()
        if meta.get("url") != url or len(body) != meta.get("size") or not (meta.get("etag") or meta.get("last_modified")):
            return None
        page = Page(url=meta["final_url"], content_type=meta["content_type"], charset=meta.get("charset"),
                    body=body, from_cache=True)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no copy, or a damaged one: fetch again
    return meta, page


def _cache_write(folder: Path | None, url: str, page: Page, headers: dict[str, str]) -> None:
    """Keep the page for revalidation; a cache that cannot be written is no reason to fail."""
    if folder is None or not (headers.get("etag") or headers.get("last-modified")):
        return
    meta_path, body_path = _cache_paths(folder, url)
    meta = {"url": url, "final_url": page.url, "content_type": page.content_type, "charset": page.charset,
            "etag": headers.get("etag"), "last_modified": headers.get("last-modified"), "size": len(page.body)}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, data in ((body_path, page.body), (meta_path, json.dumps(meta).encode("utf-8"))):
            fd, tmp = tempfile.mkstemp(prefix=".web-", dir=folder)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
    except OSError:
        pass


# ----------------------------------------------------------------- reading


def decode_page(page: Page) -> tuple[str, str]:
    """(text, encoding): the server's charset, else the page's <meta charset>, else our guess."""
    for declared in (page.charset, _meta_charset(page.body)):
        if declared:
            try:
                return page.body.decode(declared), declared.lower()
            except (LookupError, UnicodeDecodeError):
                continue  # a wrong or unknown label: try the next way
    return decode_bytes(page.body)


def _meta_charset(body: bytes) -> str | None:
    m = META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii") if m else None


def read_page(url: str, fetcher: Fetcher, max_bytes: int):
    """Fetch `url` and read it as the file readers read HTML or text; returns a RawSource."""
    from briefing.ingest.readers import _check_text, _html_source, _text_source

    page = fetcher.get(url)
    kind = page_kind(page)
    if kind == "feed":
        raise SourceError(url, "is a feed, not a page (give it as a source to read its items)")
    if kind is None:
        raise SourceError(url, f"not a web page (the server says it is {page.content_type or 'of no stated type'})")
    try:
        text, encoding = decode_page(page)
    except DecodeError as exc:
        raise SourceError(url, str(exc)) from None
    data = text.encode("utf-8")
    if kind == "text":
        raw = _text_source(url, data, max_bytes)
    else:
        raw = _html_source(url, data)
        _check_text(raw, max_bytes)
    raw.encoding = encoding
    raw.meta.setdefault("url", (page.url, "web address"))
    host = (urlsplit(page.url).hostname or "").removeprefix("www.")
    if host:
        raw.meta.setdefault("outlet", (host, "web address"))
    for name, value in fetcher.feed_meta.get(url, {}).items():
        raw.meta.setdefault(name, value)
    return raw


def page_kind(page: Page) -> str | None:
    """'html', 'feed', 'text' or None (not something briefing reads)."""
    if looks_like_feed(page.body) and page.content_type in FEED_TYPES | HTML_TYPES | TEXT_TYPES | {""}:
        return "feed"
    if page.content_type in HTML_TYPES:
        return "html"
    if page.content_type in TEXT_TYPES:
        return "text"
    if page.content_type in FEED_TYPES:
        return "html" if re.match(rb"\s*(<!doctype html|<html)", page.body[:512], re.IGNORECASE) else None
    if not page.content_type and re.match(rb"\s*(<!doctype html|<html)", page.body[:512], re.IGNORECASE):
        return "html"
    return None


def source_id(url: str) -> str:
    """A short readable id for a page: its last path segment, else its host."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    name = Path(segments[-1]).stem if segments else (parts.hostname or "page")
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:60] or "page"
