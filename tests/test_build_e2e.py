"""End to end: the seeds in, a sourced DOCX, PDF and JSON briefing out, read back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

CITATION = re.compile(r"\[(\d+(?:\s*[,;–-]\s*\d+)*)\]")
DEFAULT_TOPICS = ["Defence spending", "Drones and air defence", "Ukraine aid", "US role"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("out")
    proc = run_cli("build", "--format", "docx,pdf,json", "--out", str(out),
                   env={"SOURCE_DATE_EPOCH": "1760486400"})
    assert proc.returncode == 0, proc.stderr
    paths = [Path(line) for line in proc.stdout.splitlines() if line.strip()]
    assert sorted(p.suffix for p in paths) == [".docx", ".json", ".pdf"]
    assert all(p.is_file() and p.parent == out for p in paths)
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "staging files left behind"
    return {p.suffix[1:]: p for p in paths}


def _cited_numbers(text: str) -> list[int]:
    return [int(n) for group in CITATION.findall(text) for n in re.split(r"\s*[,;–-]\s*", group)]


def _head(text: str, words: int = 6) -> str:
    """The first words of an item, to find it again in a rendered document."""
    return " ".join(text.split()[:words])


def test_json_items_all_cite_known_sources(built):
    data = json.loads(built["json"].read_text(encoding="utf-8"))
    numbers = {s["number"] for s in data["sources"]}
    assert numbers == set(range(1, len(data["sources"]) + 1))
    assert [s["title"] for s in data["sections"]] == DEFAULT_TOPICS
    items = [i for s in data["sections"] for i in s["items"]] + data["key_points"]
    assert items, "a briefing on the seeds must contain items"
    for item in items:
        assert item["sources"], f"item without citation: {item['text'][:60]}"
        assert set(item["sources"]) <= numbers
    assert 3 <= len(data["key_points"]) <= 5
    assert data["coverage"]["sources"] == len(data["sources"]) == 5


def test_docx_has_topics_citations_and_sources(built):
    import docx

    data = json.loads(built["json"].read_text(encoding="utf-8"))
    document = docx.Document(str(built["docx"]))
    paragraphs = [p for p in document.paragraphs]
    text = "\n".join(p.text for p in paragraphs)
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    for topic in DEFAULT_TOPICS:
        assert topic in headings, f"no heading for topic {topic}"
    assert "Sources" in headings
    n_sources = len(data["sources"])
    for item in (i for s in data["sections"] for i in s["items"]):
        holders = [p.text for p in paragraphs if _head(item["text"]) in p.text]
        assert holders, f"item missing from DOCX: {item['text'][:60]}"
        cited = _cited_numbers(holders[0])
        assert cited and all(1 <= n <= n_sources for n in cited), holders[0]
    for entry in data["sources"]:
        assert re.search(rf"(^|\n)\[?{entry['number']}[\].]", text), f"source {entry['number']} not listed"


def test_pdf_is_real_text_with_topics_and_citations(built):
    from pypdf import PdfReader

    data = json.loads(built["json"].read_text(encoding="utf-8"))
    reader = PdfReader(str(built["pdf"]))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    flat = " ".join(text.split())
    for topic in DEFAULT_TOPICS:
        assert topic in flat
    assert "Sources" in flat
    cited = _cited_numbers(flat)
    assert cited and max(cited) <= len(data["sources"])
    first = data["key_points"][0]["text"]
    assert _head(first, 4) in flat, "key point text not extractable from the PDF"


def test_missing_path_fails_cleanly(tmp_path):
    out = tmp_path / "out"
    proc = run_cli("build", str(tmp_path / "nope.txt"), "--out", str(out), "--format", "json")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "nope.txt" in lines[0] and "Traceback" not in proc.stderr
    assert not out.exists() or not any(out.iterdir())


def test_empty_folder_fails_cleanly(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "out"
    proc = run_cli("build", str(empty), "--out", str(out), "--format", "json")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "empty" in proc.stderr
    assert not out.exists() or not any(out.iterdir())


def test_unknown_format_fails_before_any_work(tmp_path):
    out = tmp_path / "out"
    proc = run_cli("build", "--format", "docx,xml", "--out", str(out), cwd=ROOT)
    assert proc.returncode == 3
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert "xml" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_version_and_help():
    assert run_cli("--version").stdout.startswith("briefing ")
    proc = run_cli("build", "--help")
    assert proc.returncode == 0 and "--format" in proc.stdout and "--audience" in proc.stdout


def test_build_email_writes_draft_with_outputs_attached(tmp_path):
    import email
    from email import policy

    out = tmp_path / "out"
    proc = run_cli("build", "--format", "json", "--out", str(out), "--email",
                   env={"SOURCE_DATE_EPOCH": "1760486400"})
    assert proc.returncode == 0, proc.stderr
    written = [Path(p) for p in proc.stdout.split()]
    eml = [p for p in written if p.suffix == ".eml"]
    assert len(eml) == 1 and eml[0].is_file()
    message = email.message_from_bytes(eml[0].read_bytes(), policy=policy.default)
    attached = {part.get_filename(): part.get_payload(decode=True) for part in message.iter_attachments()}
    json_out = next(p for p in written if p.suffix == ".json")
    assert attached[json_out.name] == json_out.read_bytes()
    assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None


def test_send_without_smtp_settings_is_one_clear_line(tmp_path):
    draft = tmp_path / "x.eml"
    draft.write_bytes(b"Subject: x\r\nX-Unsent: 1\r\n\r\nbody\r\n")
    proc = run_cli("send", str(draft), "--send-to", "a@example.org",
                   env={"BRIEFING_SMTP_CONFIG": str(tmp_path / "none.toml"), "HOME": str(tmp_path)})
    assert proc.returncode != 0
    assert len(proc.stderr.strip().splitlines()) == 1 and "SMTP" in proc.stderr
