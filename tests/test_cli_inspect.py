"""`briefing inspect` and duplicate reporting, as a user runs them."""

from __future__ import annotations

import shutil

from conftest import SEEDS, run_cli


def test_inspect_shows_metadata_provenance_and_dropped_chrome():
    proc = run_cli("inspect", str(SEEDS / "001_bdf6cf2efbc724a3.txt"))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "George Allison" in out and "manifest" in out
    dropped = [line for line in out.splitlines() if " drop " in line]
    assert any("LEAVE A REPLY" in line for line in dropped)
    assert any("4 COMMENTS" in line for line in dropped)
    kept = [line for line in out.splitlines() if " keep " in line]
    assert any("NATO Secretary General Mark Rutte said Defence Ministers" in line for line in kept)


def test_inspect_bad_path_is_one_line_exit_2(tmp_path):
    proc = run_cli("inspect", str(tmp_path / "missing.txt"))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "missing.txt" in proc.stderr


def test_duplicate_source_is_reported_and_counted_once(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    shutil.copy(SEEDS / "003_1ea854193d2ce124.txt", corpus / "zz_copy.txt")
    proc = run_cli("build", str(corpus), "--format", "json", "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert "zz_copy.txt is the same article as" in proc.stderr
    import json
    data = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    assert data["coverage"]["sources"] == 5
    assert any(entry["duplicates"] for entry in data["sources"])


def test_inspect_quotes_and_figures_names_speakers():
    proc = run_cli("inspect", "--quotes", "--figures", str(SEEDS / "000_458bd57e68a7d5e1.txt"))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Many air defence systems have already been supplied to Ukraine" in out
    line = next(l for l in out.splitlines() if "Many air defence systems" in l)
    assert "Mark Rutte" in line
    assert "two billion dollars" in out and "USD" in out


def test_build_explain_prints_score_parts_without_polluting_stdout(tmp_path):
    proc = run_cli("build", "--format", "json", "--out", str(tmp_path), "--explain")
    assert proc.returncode == 0, proc.stderr
    assert [line for line in proc.stdout.splitlines()] == [str(p) for p in tmp_path.glob("*.json")]
    assert "why these items" in proc.stderr
    assert "corroboration" in proc.stderr
