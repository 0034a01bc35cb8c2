"""load_sources on generated files: every bad-input kind, folders, stdin, duplicates, formats."""

from __future__ import annotations

import io
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from briefing.errors import EXIT_NO_SOURCES, BriefingError, SourceError
from briefing.ingest import IngestOptions, load_document, load_sources, readers

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GOOD = "Energy ministers met in Luxembourg on Tuesday and agreed to cap gas prices, officials said.\n"


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def broken_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")  # a zip, but no Word document inside
    return buffer.getvalue()


BAD = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"  \n\t\n   \n", "only whitespace"),
    "picture.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary"),
    "nul.md": (b"text\x00\x00\x00more", "binary"),
    "mangled.txt": (bytes(range(0x80, 0x100)) * 8, "cannot decode"),
    "sheet.xlsx": (b"whatever", "unsupported file type '.xlsx'"),
    "broken.pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nthis is not a pdf", "not a readable PDF"),
    "broken.docx": (broken_docx(), "not a readable DOCX"),
    "fake.docx": (b"just some text, not a zip", "not a readable DOCX"),
    "invisible.txt": ("\u200b\u200b\ufeff\u00ad\n".encode("utf-8"), "only whitespace or invisible"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_input_is_one_line_naming_file_and_problem(tmp_path, name):
    data, message = BAD[name]
    path = write(tmp_path, name, data)
    write(tmp_path, "good.txt", GOOD)
    result = load_sources([path, tmp_path / "good.txt"])
    assert [d.source.id for d in result.documents] == ["good"]
    (problem,) = result.problems
    assert problem.path == str(path) and message in problem.problem
    assert "\n" not in str(problem) and str(problem).startswith(str(path))
    with pytest.raises(SourceError, match=message):
        load_sources([path, tmp_path / "good.txt"], IngestOptions(strict=True))


def test_missing_path(tmp_path):
    write(tmp_path, "good.txt", GOOD)
    result = load_sources([tmp_path / "nope.txt", tmp_path / "good.txt"])
    assert [str(p) for p in result.problems] == [f"{tmp_path / 'nope.txt'}: no such file"]


def test_over_the_size_limit(tmp_path):
    big = write(tmp_path, "big.txt", GOOD * 200)
    write(tmp_path, "good.txt", GOOD)
    result = load_sources([big, tmp_path / "good.txt"], IngestOptions(max_bytes=5_000))
    assert result.problems[0].problem == "too large (18.4 kB; the limit is 5.0 kB)"
    html = write(tmp_path, "big.html", "<html><body>" + "<p>" + GOOD * 200 + "</p></body></html>")
    result = load_sources([html, tmp_path / "good.txt"], IngestOptions(max_bytes=5_000))
    assert "too much text" in result.problems[0].problem


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", GOOD)
    write(tmp_path, "good.txt", GOOD)
    if os.geteuid() == 0:  # root reads anything: make the read itself fail as it would
        real = os.open
        monkeypatch.setattr(os, "open", lambda file, *a, **k: (_ for _ in ()).throw(PermissionError(13, "denied"))
                            if Path(file).name == "secret.txt" else real(file, *a, **k))
    else:
        path.chmod(0)
    result = load_sources([path, tmp_path / "good.txt"])
    assert result.problems[0].problem == "cannot read the file (permission denied)"


def test_folder_with_nothing_usable_and_nothing_usable_at_all(tmp_path):
    folder = tmp_path / "pics"
    write(folder, "a.jpg", b"\xff\xd8\xff")
    write(tmp_path, "good.txt", GOOD)
    result = load_sources([folder, tmp_path / "good.txt"])
    assert "folder has no .txt" in result.problems[0].problem
    write(folder, "empty.txt", b"")
    with pytest.raises(BriefingError) as info:
        load_sources([folder])
    assert info.value.exit_code == EXIT_NO_SOURCES == 2
    assert "no usable source" in str(info.value) and "empty file" in str(info.value)


def test_folders_are_recursive_sorted_and_ids_unique(tmp_path):
    write(tmp_path, "b/story.txt", GOOD)
    write(tmp_path, "a/story.txt", GOOD.replace("Tuesday", "Monday").replace("gas", "oil") + "Extra detail about the decision.\n")
    write(tmp_path, "a/.hidden/skip.txt", GOOD)
    write(tmp_path, "a/notes.csv", "x,y")
    result = load_sources([tmp_path])
    assert [d.source.path for d in result.documents] == [str(tmp_path / "a/story.txt"), str(tmp_path / "b/story.txt")]
    assert [d.source.id for d in result.documents] == ["story", "story-2"]


def test_stdin_dash(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode("cp1252"))))
    (doc,) = load_sources(["-"]).documents
    assert doc.source.id == "stdin" and doc.text == GOOD.strip()


def test_same_article_twice_counts_once(tmp_path):
    text = (SEEDS / "001_bdf6cf2efbc724a3.txt").read_text(encoding="utf-8")
    write(tmp_path, "a.txt", text)
    # a syndicated copy: other site chrome around the same body, no comments
    body = text.split("George Allison")[0]
    write(tmp_path, "b.txt", "Subscribe to our newsletter\nShare\n" + body + "\nRead more:\nOther story\n")
    shutil.copy(SEEDS / "002_b756bfc8c22fe334.txt", tmp_path / "c.txt")  # same event, different article
    result = load_sources([tmp_path])
    assert result.duplicates == [(str(tmp_path / "b.txt"), str(tmp_path / "a.txt"))]
    assert [d.source.id for d in result.documents] == ["a", "c"]


def test_html_reader_uses_trafilatura_and_page_metadata(tmp_path):
    paragraphs = "".join(
        f"<p>Paragraph {n}: the finance ministers agreed on a common position on taxation and debt relief, "
        f"the presidency said in a statement on Friday evening after long talks.</p>" for n in range(1, 5))
    html = (
        "<html lang='en'><head><title>Ministers agree tax deal | Daily Ledger</title>"
        "<meta property='og:site_name' content='Daily Ledger'><meta name='author' content='Rosa Diaz'>"
        "<meta property='article:published_time' content='2025-05-02'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<article><h1>Ministers agree tax deal</h1>" + paragraphs + "</article>"
        "<footer>Copyright 2025 Daily Ledger. All rights reserved.</footer></body></html>"
    )
    doc = load_document(write(tmp_path, "page.html", html))
    s = doc.source
    assert s.outlet == "Daily Ledger" and s.author == "Rosa Diaz" and s.date == "2025-05-02"
    assert s.provenance["author"] == "html metadata"
    assert "Paragraph 4: the finance ministers" in doc.text
    assert "Home" not in doc.text and "All rights reserved" not in doc.text


def test_docx_reader_keeps_heading_styles(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Council adopts water rules", level=0)
    document.add_paragraph("The council adopted new rules on water reuse on Monday, the presidency said.")
    document.add_heading("What changes", level=2)
    document.add_paragraph("Farmers will be able to use treated waste water from 2027, under the rules.")
    document.add_paragraph("Share this page")
    path = tmp_path / "note.docx"
    document.save(path)
    doc = load_document(path)
    assert [b.kind for b in doc.blocks] == ["headline", "paragraph", "subheading", "paragraph"]
    assert doc.source.title == "Council adopts water rules"


def test_pdf_reader_reflows_wrapped_lines(tmp_path):
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    long = ("The summit closed on Saturday with an agreement on adaptation finance that delegates described "
            "as modest but real, after negotiators worked through the night on the final text of the decision.")
    path = tmp_path / "wire.pdf"
    SimpleDocTemplate(str(path), title="Summit closes with finance deal").build(
        [Paragraph("Summit closes with finance deal", styles["Title"]), Paragraph(long, styles["Normal"]),
         Paragraph("Officials said the next round of talks would open in June.", styles["Normal"])])
    doc = load_document(path)
    assert long in doc.text  # one paragraph again, not one line per printed line
    assert doc.source.title == "Summit closes with finance deal"
    assert doc.source.provenance["title"] == "pdf properties"


def test_reader_rejects_pdf_without_text(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.rect(50, 50, 200, 200, fill=1)
    page.save()
    with pytest.raises(SourceError, match="no text layer"):
        readers.read_source(path, 5_000_000)


def _corpus_with_trouble(tmp_path: Path) -> Path:
    """Seeds, a copied seed, every bad kind and two files sharing a stem: what workers must get right."""
    folder = tmp_path / "many"
    shutil.copytree(SEEDS, folder / "seeds")
    first_seed = sorted((folder / "seeds").glob("*.txt"))[0]
    shutil.copy(first_seed, folder / "copy-of-seed.txt")
    for name, (data, _) in BAD.items():
        write(folder / "bad", name, data)
    write(folder / "a", "note.txt", GOOD)
    write(folder / "b", "note.txt", GOOD.replace("Tuesday", "Friday") + "Prices fell sharply, traders said.\n")
    return folder


def test_reading_in_worker_processes_gives_what_one_process_gives(tmp_path, monkeypatch):
    import briefing.ingest as ingest

    folder = _corpus_with_trouble(tmp_path)
    serial = load_sources([folder], IngestOptions(jobs=1))
    monkeypatch.setattr(ingest, "MIN_PARALLEL_FILES", 2)
    monkeypatch.setattr(ingest, "READ_BATCH", 3)  # several batches per worker, results back in order
    parallel = load_sources([folder], IngestOptions(jobs=2))
    assert parallel.documents == serial.documents
    assert parallel.problems == serial.problems and len(serial.problems) >= len(BAD) - 1
    assert parallel.duplicates == serial.duplicates and serial.duplicates
    assert [d.source.id for d in parallel.documents if d.source.id.startswith("note")] == ["note", "note-2"]


def test_strict_stops_at_the_first_bad_file_in_workers_too(tmp_path, monkeypatch):
    import briefing.ingest as ingest

    folder = _corpus_with_trouble(tmp_path)
    monkeypatch.setattr(ingest, "MIN_PARALLEL_FILES", 2)
    monkeypatch.setattr(ingest, "READ_BATCH", 2)
    with pytest.raises(SourceError) as raised:
        load_sources([folder], IngestOptions(strict=True, jobs=2))
    with pytest.raises(SourceError) as alone:
        load_sources([folder], IngestOptions(strict=True, jobs=1))
    assert str(raised.value) == str(alone.value) and "bad" in str(raised.value)
