"""Links and feeds as sources, served from 127.0.0.1: what a user meets on the real web, without it."""

from __future__ import annotations

import json
import time

import pytest

from briefing.errors import SourceError
from briefing.ingest import IngestOptions, load_sources, web
from briefing.ingest.feeds import FeedItem, choose
from conftest import SEEDS, run_cli
from webserver import Site, article_html, rss

PORT_STORY = [
    "Dock workers at the port of Valmora walked out on Monday after talks over night-shift pay collapsed.",
    "\u201cWe have waited three years for a fair offer,\u201d said Ines Carvalho, who leads the dockers' union.",
    "The port handles about 40 per cent of the region's container traffic, according to the harbour authority.",
    "Shipping lines said 12 vessels were waiting at anchor by Tuesday evening.",
    "Harbour master Tomas Reiner said the authority would return to the table \u201cas soon as the union is ready\u201d.",
]
FERRY_STORY = [
    "The island ferry service will run a reduced timetable until the end of the month, its operator said.",
    "Two of the four ferries are in dry dock for repairs to their propellers, the operator told passengers.",
    "\u201cWe know this is hard for people who commute every day,\u201d said operations director Lena Okafor.",
    "Extra buses will meet each sailing at the mainland terminal, the council added in a statement.",
]


def options(tmp_path=None, **fetch) -> IngestOptions:
    cache = (tmp_path / "web") if tmp_path is not None else None
    return IngestOptions(jobs=1, fetch=web.FetchOptions(cache_dir=cache, **fetch))


def test_page_is_read_with_its_metadata_and_without_chrome():
    with Site() as site:
        url = site.add("/news/port-strike.html", article_html(
            "Dockers strike at Valmora port", PORT_STORY, author="Maria Lind", date="2026-03-02",
            canonical="https://harbourtimes.example/news/port-strike"))
        result = load_sources([url], options())
        agent = site.requests[0][1].get("User-Agent", "")
    (doc,) = result.documents
    assert doc.source.path == url and doc.source.id == "port-strike"
    assert doc.source.title == "Dockers strike at Valmora port"
    assert doc.source.outlet == "Harbour Times" and doc.source.author == "Maria Lind"
    assert doc.source.date == "2026-03-02" and doc.source.url == "https://harbourtimes.example/news/port-strike"
    assert PORT_STORY[1] in doc.text and "Subscribe" not in doc.text and "Cookie settings" not in doc.text
    assert agent.startswith("briefing/")


def test_redirects_are_followed_a_few_times_and_only_to_http():
    with Site() as site:
        final = site.add("/story", article_html("Ferry timetable cut", FERRY_STORY))
        site.redirect("/old", "/moved", 301)
        site.redirect("/moved", final, 302)
        site.redirect("/loop", "/loop", 302)
        site.redirect("/to-ftp", "ftp://127.0.0.1/story", 301)
        result = load_sources([site.url("/old"), site.url("/loop"), site.url("/to-ftp")], options())
    (doc,) = result.documents
    assert doc.source.url == final and FERRY_STORY[2] in doc.text
    problems = {p.path.rsplit("/", 1)[1]: p.problem for p in result.problems}
    assert problems["loop"] == "too many redirects (more than 5)"
    assert problems["to-ftp"].startswith("only http and https links are read, not ftp:")


def test_server_errors_and_missing_pages_are_skipped_with_one_line_each():
    with Site() as site:
        good = site.add("/good", article_html("Ferry timetable cut", FERRY_STORY))
        site.add("/broken", "oops", status=500, content_type="text/plain")
        result = load_sources([site.url("/missing"), site.url("/broken"), good], options())
        with pytest.raises(SourceError, match="HTTP 404"):
            load_sources([site.url("/missing"), good], IngestOptions(strict=True, jobs=1))
    assert [d.source.path for d in result.documents] == [good]
    assert [p.problem for p in result.problems] == ["the server answered HTTP 404 Not Found",
                                                    "the server answered HTTP 500 Internal Server Error"]


def test_slow_server_times_out():
    with Site() as site:
        slow = site.add("/slow", article_html("Ferry timetable cut", FERRY_STORY), delay=3)
        started = time.monotonic()
        with pytest.raises(SourceError) as caught:
            load_sources([slow], IngestOptions(strict=True, jobs=1, fetch=web.FetchOptions(timeout=0.5)))
        elapsed = time.monotonic() - started
    assert caught.value.problem == "the server did not answer within 0.5 seconds"
    assert elapsed < 2.5


def test_huge_bodies_are_cut_off_whether_announced_or_not():
    with Site() as site:
        announced = site.add("/big", b"<html><body>" + b"<p>word</p>" * 400_000 + b"</body></html>")
        streamed = site.add("/endless", stream=8_000_000)
        good = site.add("/good", article_html("Ferry timetable cut", FERRY_STORY))
        result = load_sources([announced, streamed, good], options(max_bytes=1_000_000))
    assert [d.source.path for d in result.documents] == [good]
    assert result.problems[0].problem == "the page is too large (4.4 MB; the limit is 1.0 MB)"
    assert result.problems[1].problem.startswith("the page is too large (more than 1.")


def test_wrong_content_type_is_refused():
    with Site() as site:
        pdf = site.add("/report.pdf", b"%PDF-1.4 binary", content_type="application/pdf")
        image = site.add("/photo", b"\x89PNG\r\n", content_type="image/png")
        good = site.add("/good", article_html("Ferry timetable cut", FERRY_STORY))
        result = load_sources([pdf, image, good], options())
    assert [p.problem for p in result.problems] == [
        "not a web page (the server says it is application/pdf)",
        "not a web page (the server says it is image/png)"]


def test_pages_in_other_encodings_are_decoded_by_header_or_meta():
    cyrillic = ["\u041f\u043e\u0440\u0442 \u0412\u0430\u043b\u044c\u043c\u043e\u0440\u0430 \u0437\u0430\u043a\u0440\u044b\u0442 "
                "\u0438\u0437-\u0437\u0430 \u0437\u0430\u0431\u0430\u0441\u0442\u043e\u0432\u043a\u0438 "
                "\u0434\u043e\u043a\u0435\u0440\u043e\u0432 \u0432 \u043f\u043e\u043d\u0435\u0434\u0435\u043b\u044c\u043d\u0438\u043a."]
    accented = ["Les dockers du port de Valmora ont cess\u00e9 le travail lundi apr\u00e8s l'\u00e9chec des "
                "n\u00e9gociations sur la prime de nuit.", "\u00ab Nous attendons depuis trois ans \u00bb, a d\u00e9clar\u00e9 "
                "In\u00e8s Carvalho, qui dirige le syndicat."]
    with Site() as site:
        by_header = site.add("/ru", article_html("\u0417\u0430\u0431\u0430\u0441\u0442\u043e\u0432\u043a\u0430",
                                                 cyrillic * 3, charset="windows-1251").encode("windows-1251"),
                             content_type="text/html; charset=windows-1251")
        by_meta = site.add("/fr", article_html("Gr\u00e8ve au port", accented, charset="iso-8859-1")
                           .encode("iso-8859-1"), content_type="text/html")
        result = load_sources([by_header, by_meta], options())
    texts = {d.source.path: d.text for d in result.documents}
    assert cyrillic[0] in texts[by_header]
    assert accented[0] in texts[by_meta] and "\ufffd" not in texts[by_meta]


def test_feed_with_relative_links_gives_its_newest_items_within_the_dates():
    with Site() as site:
        site.add("/a/port.html", article_html("Dockers strike at Valmora port", PORT_STORY))
        site.add("/a/ferry.html", article_html("Ferry timetable cut", FERRY_STORY))
        site.add("/a/old.html", article_html("Old story", ["An old story that is out of range."] * 3))
        feed = site.add("/feed.xml", rss([
            ("Old story", "/a/old.html", "Mon, 02 Feb 2026 08:00:00 GMT"),
            ("Ferry", "a/ferry.html", "Wed, 04 Mar 2026 08:00:00 GMT"),
            ("Port", "/a/port.html", "Thu, 05 Mar 2026 09:30:00 +0100"),
        ]), content_type="application/rss+xml")
        newest = load_sources([feed], IngestOptions(jobs=1, max_items=1))
        ranged = load_sources([feed], IngestOptions(jobs=1, since="2026-03-01"))
        assert site.hits("/a/old.html") == 0  # out of range: never fetched
    assert [d.source.path for d in newest.documents] == [site.url("/a/port.html")]
    assert [d.source.path for d in ranged.documents] == [site.url("/a/port.html"), site.url("/a/ferry.html")]
    ferry = ranged.documents[1].source
    assert ferry.date == "2026-03-04" and ferry.provenance["date"] == "feed item"


def test_feed_file_on_disk_is_read_like_a_feed(tmp_path):
    with Site() as site:
        story = site.add("/story", article_html("Ferry timetable cut", FERRY_STORY))
        atom = tmp_path / "news.atom"
        atom.write_text(f'''<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id><updated>2026-03-04T00:00:00Z</updated>
<entry><title>Ferry</title><id>urn:1</id><link href="{story}"/><updated>2026-03-04T08:00:00Z</updated></entry>
</feed>''', encoding="utf-8")
        result = load_sources([str(atom)], IngestOptions(jobs=1))
    assert [d.source.path for d in result.documents] == [story]


def test_relative_links_in_a_feed_file_without_an_address_are_never_read_as_local_paths(tmp_path):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "secret.txt").write_text("A local file that a feed must not reach.\n" * 5)
    feed = tmp_path / "local.rss"
    feed.write_text(rss([("Secret", str(tmp_path / "etc" / "secret.txt"), ""), ("Script", "javascript:alert(1)", "")]),
                    encoding="utf-8")
    with pytest.raises(Exception, match="no usable source"):
        load_sources([str(feed)], IngestOptions(jobs=1))
    with pytest.raises(SourceError, match=r"is no http\(s\) address"):
        load_sources([str(feed)], IngestOptions(jobs=1, strict=True))


def test_not_modified_pages_come_from_the_cache(tmp_path):
    with Site() as site:
        url = site.add("/story", article_html("Ferry timetable cut", FERRY_STORY), etag='"v1"')
        first = load_sources([url], options(tmp_path))
        second = load_sources([url], options(tmp_path))
        asked = [headers.get("If-None-Match") for path, headers in site.requests]
    assert asked == [None, '"v1"']
    assert first.documents[0].text == second.documents[0].text


def test_pages_with_only_a_date_are_revalidated_by_it(tmp_path):
    stamp = "Wed, 04 Mar 2026 08:00:00 GMT"
    with Site() as site:
        url = site.add("/story", article_html("Ferry timetable cut", FERRY_STORY), last_modified=stamp)
        load_sources([url], options(tmp_path))
        again = load_sources([url], options(tmp_path))
        asked = [headers.get("If-Modified-Since") for path, headers in site.requests]
        fresh = load_sources([url], options())  # no cache: asks plainly
    assert asked == [None, stamp] and site.requests[-1][1].get("If-Modified-Since") is None
    assert again.documents[0].text == fresh.documents[0].text


def test_only_http_and_https_links_are_read():
    with pytest.raises(SourceError, match="only http and https links are read, not ftp:"):
        load_sources(["ftp://127.0.0.1/story"], IngestOptions(jobs=1, strict=True))
    with pytest.raises(SourceError, match="not file:"):
        load_sources(["file:///etc/passwd"], IngestOptions(jobs=1, strict=True))


def test_requests_to_one_host_are_spaced_but_this_machine_waits_for_nothing():
    now = [100.0]
    waits: list[float] = []
    fetcher = web.Fetcher(web.FetchOptions(interval=1.0), clock=lambda: now[0], sleep=waits.append)
    fetcher._pause("https://news.example/a")
    now[0] += 0.25
    fetcher._pause("https://news.example/b")
    fetcher._pause("https://other.example/c")
    fetcher._pause("http://127.0.0.1:8000/a")
    fetcher._pause("http://127.0.0.1:8000/b")
    assert waits == [0.75]


def test_feed_items_are_chosen_newest_first_with_undated_last():
    items = [FeedItem("u1", date=None), FeedItem("d1", date="2026-01-01"), FeedItem("d3", date="2026-03-01"),
             FeedItem("d2", date="2026-02-01")]
    assert [i.link for i in choose(items, 3, None, None)] == ["d3", "d2", "d1"]
    assert [i.link for i in choose(items, 9, "2026-02-01", None)] == ["d3", "d2", "u1"]


def _feed_site(site: Site, n: int) -> str:
    """n distinct pages cut from the seed articles, and an RSS feed listing them."""
    chunks = []
    for seed in sorted(SEEDS.glob("*.txt")):
        lines = [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
        size = -(-len(lines) // 4)
        chunks += [lines[i:i + size] for i in range(0, len(lines), size)]
    items = []
    for k in range(n):
        paragraphs = chunks[k % len(chunks)]
        path = f"/news/{k:02d}.html"
        site.add(path, article_html(f"Defence ministers, part {k}", paragraphs, date=f"2025-10-{1 + k % 15:02d}"))
        items.append((f"Part {k}", path, f"Wed, {1 + k % 15:02d} Oct 2025 08:00:00 GMT"))
    return site.add("/feed.rss", rss(items), content_type="application/rss+xml; charset=utf-8")


def test_build_from_a_feed_of_twenty_pages(tmp_path):
    out = tmp_path / "out"
    with Site() as site:
        feed = _feed_site(site, 20)
        started = time.monotonic()
        proc = run_cli("build", feed, "-f", "json", "-o", str(out), "--max-items", "20")
        elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    data = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    urls = {s["url"] for s in data["sources"]}
    assert len(data["sources"]) >= 15 and all(u.startswith(site.url("/news/")) for u in urls)
    assert data["key_points"] and "warning: skipped" not in proc.stderr
    print(f"feed build, 20 pages served locally: {elapsed:.1f} s")


def test_cli_skips_a_failing_link_with_one_line(tmp_path):
    with Site() as site:
        good = site.add("/story", article_html("Dockers strike at Valmora port", PORT_STORY * 2))
        proc = run_cli("build", site.url("/gone"), good, "-f", "md", "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert f"warning: skipped {site.url('/gone')}: the server answered HTTP 404 Not Found" in proc.stderr
