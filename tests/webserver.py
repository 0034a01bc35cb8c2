"""A small web site served from 127.0.0.1 by a thread, for tests of links and feeds (no internet)."""

from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (at most a few, so tests stay bounded)
    etag: str | None = None
    last_modified: str | None = None  # an HTTP date; a request with If-Modified-Since equal to it gets 304
    stream: int = 0  # send this many bytes of filler without a Content-Length, then stop


class Site:
    """Routes by path; every request is recorded as (path, headers)."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._server: ThreadingHTTPServer | None = None

    def add(self, path: str, body: bytes | str = b"", **kwargs) -> str:
        self.routes[path] = Route(body=body.encode("utf-8") if isinstance(body, str) else body, **kwargs)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 301) -> str:
        return self.add(path, status=status, headers={"Location": to})

    def url(self, path: str) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def __enter__(self) -> "Site":
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # noqa: ANN002 - quiet
                pass

            def do_GET(self):  # noqa: N802 - http.server's name
                site.requests.append((self.path, dict(self.headers.items())))
                route = site.routes.get(self.path)
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                time.sleep(min(route.delay, 5.0))
                if (route.etag and self.headers.get("If-None-Match") == route.etag) or \
                        (route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified):
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                if route.content_type:
                    self.send_header("Content-Type", route.content_type)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)
                if route.stream:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    chunk = b"x" * 65536
                    try:
                        for _ in range(route.stream // len(chunk)):
                            self.wfile.write(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

        self._server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()


def article_html(title: str, paragraphs: list[str], *, site: str = "Harbour Times", author: str = "",
                 date: str = "", canonical: str = "", charset: str = "utf-8") -> str:
    """A news page as sites make them: metadata in the head, chrome around the article."""
    head = [f'<meta charset="{charset}">', f"<title>{html.escape(title)} | {html.escape(site)}</title>",
            f'<meta property="og:site_name" content="{html.escape(site)}">',
            f'<meta property="og:title" content="{html.escape(title)}">']
    if author:
        head.append(f'<meta name="author" content="{html.escape(author)}">')
    if date:
        head.append(f'<meta property="article:published_time" content="{date}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{html.escape(canonical)}">')
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head>{''.join(head)}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/subscribe'>Subscribe</a></nav>"
            f"<article><h1>{html.escape(title)}</h1>{body}</article>"
            f"<footer>© {html.escape(site)}. All rights reserved. Cookie settings.</footer></body></html>")


def rss(items: list[tuple[str, str, str]], link: str = "") -> str:
    """RSS 2.0 with (title, link, RFC 822 date) items, in the order given."""
    entries = "".join(f"<item><title>{html.escape(t)}</title><link>{html.escape(u)}</link>"
                      + (f"<pubDate>{d}</pubDate>" if d else "") + "</item>" for t, u, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title>'
            f"<link>{html.escape(link)}</link><description>d</description>{entries}</channel></rss>")
