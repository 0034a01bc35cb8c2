"""RSS and Atom feeds as sources: a feed stands for the pages its items link to.

feedparser reads the many shapes feeds come in (RSS 0.9x-2.0, RDF, Atom,
dates in a dozen formats) better than our own code would; we only choose
items: inside --since/--until, newest first, at most --max-items.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from briefing.errors import SourceError
from briefing.ingest import web
from briefing.model import Problem

DEFAULT_MAX_ITEMS = 20


@dataclass
class FeedItem:
    link: str
    title: str = ""
    date: str | None = None  # ISO day, or None when the feed gives none
    author: str = ""


def parse_feed(data: bytes, where: str, base: str | None = None) -> list[FeedItem]:
    """The feed's items with absolute links; relative links resolve against `base` (the feed's address)."""
    import feedparser

    headers = {"content-location": base} if base else {}
    parsed = feedparser.parse(data, response_headers=headers)
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        problem = parsed.get("bozo_exception")
        raise SourceError(where, f"not a readable RSS or Atom feed ({problem or 'no items'})")
    home = parsed.feed.get("link") or base or ""
    items = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        if not urlsplit(link).scheme:
            link = urljoin(home, link)
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        date = dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.timezone.utc).date().isoformat() if stamp else None
        items.append(FeedItem(link=link, title=(entry.get("title") or "").strip(), date=date,
                              author=(entry.get("author") or "").strip()))
    return items


def choose(items: list[FeedItem], max_items: int, since: str | None, until: str | None) -> list[FeedItem]:
    """Items dated within [since, until] (undated ones kept, as undated files are), newest first, at most max_items."""
    inside = [i for i in items if i.date is None or ((not since or i.date >= since) and (not until or i.date <= until))]
    dated = sorted((i for i in inside if i.date), key=lambda i: i.date, reverse=True)  # stable: feed order on ties
    chosen = dated + [i for i in inside if not i.date]
    return list({i.link: i for i in chosen[:max_items]}.values())


def expand_sources(paths: list[str], fetcher: web.Fetcher, max_items: int = DEFAULT_MAX_ITEMS,
                   since: str | None = None, until: str | None = None) -> tuple[list[str], list[Problem]]:
    """Replace every feed (a link or a .rss/.atom/.xml file) by its chosen items' links.

    A link that cannot be fetched is a problem here, so it is not tried twice.
    What each item said (title, date, author) is kept in `fetcher.feed_meta`
    for pages that do not say it themselves.
    """
    out: list[str] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            items = _feed_items(str(path), fetcher)
        except SourceError as exc:
            problems.append(Problem(exc.path, exc.problem))
            continue
        if items is None:
            out.append(str(path))
            continue
        for item in choose(items, max_items, since, until):
            if not web.is_url(item.link):  # never read as a path on this machine
                why = "" if urlsplit(item.link).scheme else " (relative, and the feed gives no address to resolve it)"
                problems.append(Problem(str(path), f"item link '{item.link}' is no http(s) address{why}"))
                continue
            out.append(item.link)
            fetcher.feed_meta[item.link] = _item_meta(item)
    return list(dict.fromkeys(out)), problems


def _feed_items(path: str, fetcher: web.Fetcher) -> list[FeedItem] | None:
    """The items if `path` is a feed, else None (a page or a file read as usual)."""
    if web.is_url(path):
        page = fetcher.get(path)
        return parse_feed(page.body, path, page.url) if web.page_kind(page) == "feed" else None
    if web.is_feed_file(path):
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise SourceError(path, f"cannot read the feed ({exc.strerror or exc})") from None
        return parse_feed(data, path)
    return None


def _item_meta(item: FeedItem) -> dict[str, tuple[str, str]]:
    meta = {"title": (item.title, "feed item"), "date": (item.date or "", "feed item"),
            "author": (item.author, "feed item")}
    return {k: v for k, v in meta.items() if v[0]}
