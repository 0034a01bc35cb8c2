"""A templates folder brings its own topics; topics and date ranges that find nothing are named."""

from __future__ import annotations

import json
import shutil

from conftest import SEEDS, run_cli

EVENT_TOPICS = '''
[[topic]]
id = "air"
name = "Air threats"
terms = ["drone", "airspace"]

[[topic]]
id = "fish"
name = "Fishing quotas"
terms = ["fishing quota", "trawler", "cod stocks"]
'''


def _sections(out):
    data = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    return {s["topic"]: len(s["items"]) for s in data["sections"]}


def test_templates_folder_topics_replace_the_shipped_ones_and_empty_topics_are_named(tmp_path):
    folder = tmp_path / "tpl"
    assert run_cli("templates", "init", str(folder)).returncode == 0
    (folder / "topics.toml").write_text(EVENT_TOPICS, encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("build", str(SEEDS), "--templates", str(folder), "-f", "json", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    sections = _sections(out)
    assert "defence-spending" not in sections and "ukraine-aid" not in sections
    assert sections.get("air", 0) > 0
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: topic 'Fishing quotas' (fish) matched nothing in the sources; "
                        f"check its terms in {folder / 'topics.toml'}"]


def test_topics_option_still_wins_over_the_templates_folder(tmp_path):
    folder = tmp_path / "tpl"
    assert run_cli("templates", "init", str(folder)).returncode == 0
    (folder / "topics.toml").write_text(EVENT_TOPICS, encoding="utf-8")
    out = tmp_path / "out"
    shipped = SEEDS.parent / "briefing" / "templates" / "topics.toml"
    proc = run_cli("build", str(SEEDS), "--templates", str(folder), "--topics", str(shipped), "-f", "json",
                   "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "defence-spending" in _sections(out) and "warning:" not in proc.stderr


def test_date_range_that_keeps_only_undated_sources_is_a_warning(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "undated.txt").write_text(
        "Defence ministers met in Brussels to discuss drones and air defence along the eastern flank.\n"
        "\"We will protect every inch of Allied territory,\" the Secretary General said after the meeting.\n",
        encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("build", str(corpus), "--since", "2030-01-01", "-f", "json", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    kept = data["coverage"]["sources"]
    assert all(not s["date"] for s in data["sources"]) and "undated.txt" in {s["file"].split("/")[-1] for s in data["sources"]}
    assert (f"warning: --since 2030-01-01 kept no dated source; the briefing is built from {kept} undated sources only"
            in proc.stderr)
    wide = run_cli("build", str(corpus), "--since", "2025-01-01", "-f", "json", "-o", str(tmp_path / "out2"))
    assert wide.returncode == 0 and "kept no dated source" not in wide.stderr
