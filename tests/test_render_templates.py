"""`templates init` and `templates check`: copy the defaults, validate a folder with clear errors."""

from __future__ import annotations

import pytest
from briefing_factory import make_briefing
from render_helpers import render_to

from briefing.config import load_profile
from briefing.errors import UsageError
from briefing.render.templates import check_templates, init_templates


def test_defaults_check_clean():
    assert check_templates() == []


def test_init_copies_defaults_and_refuses_to_overwrite(tmp_path):
    folder = tmp_path / "mine"
    written = init_templates(folder)
    names = {p.name for p in written}
    assert {"analyst.toml", "executive.toml", "press.toml", "briefing.html.j2", "briefing.md.j2",
            "reference.docx", "topics.toml"} <= names
    assert check_templates(folder) == []
    with pytest.raises(UsageError, match="already exists"):
        init_templates(folder)
    assert init_templates(folder, force=True)


def test_edited_templates_are_used(tmp_path):
    folder = tmp_path / "mine"
    init_templates(folder)
    html = folder / "briefing.html.j2"
    html.write_text(html.read_text().replace("Generated {{ v.generated }}", "Prepared by the Desk, {{ v.generated }}"))
    profile = folder / "profiles" / "analyst.toml"
    profile.write_text(profile.read_text().replace('marking = "OFFICIAL"', 'marking = "OFFICIAL-SENSITIVE"'))
    out = render_to(tmp_path, make_briefing(), "analyst", "html", folder).read_text()
    assert "Prepared by the Desk, 16 Oct 2025" in out and "OFFICIAL-SENSITIVE" in out


def test_check_reports_each_problem_with_its_file(tmp_path):
    folder = tmp_path / "mine"
    init_templates(folder)
    profiles = folder / "profiles"
    (profiles / "typo.toml").write_text('name = "typo"\nwords_totl = 3\n')
    (profiles / "types.toml").write_text('name = "types"\nkey_points = "five"\n')
    (profiles / "sections.toml").write_text('name = "sections"\nsections = ["summary", "apendix"]\n')
    (profiles / "files.toml").write_text('name = "files"\nhtml_template = "missing.html.j2"\nlogo = "logo.png"\n')
    (profiles / "broken.toml").write_text('name = "broken"\nsections = [\n')
    (folder / "bad.html.j2").write_text("{% for x in view.topics %}never closed")
    (profiles / "usesbad.toml").write_text('name = "usesbad"\nmd_template = "typo.md.j2"\n')
    (folder / "typo.md.j2").write_text("{{ view.titel }}")
    (folder / "not.docx").write_text("plain text")
    (profiles / "worddoc.toml").write_text('name = "worddoc"\nreference_docx = "not.docx"\n')
    problems = "\n".join(check_templates(folder))
    assert "typo.toml: unknown field(s) words_totl" in problems
    assert "types.toml: 'key_points' must be a whole number" in problems
    assert "sections.toml: unknown section(s) apendix" in problems
    assert "files.toml: html_template file not found: missing.html.j2" in problems
    assert "files.toml: logo file not found: logo.png" in problems
    assert "broken.toml: not valid TOML" in problems
    assert "bad.html.j2:1: template syntax error" in problems
    assert "typo.md.j2: 'dict object' has no attribute 'titel'" in problems
    assert "not.docx: not a Word .docx file" in problems
    assert 'sections.toml: sections has no "sources"' in problems
    assert len(problems.splitlines()) == 10


def test_check_missing_folder(tmp_path):
    assert "no such folder" in check_templates(tmp_path / "nope")[0]


def test_check_lists_every_problem_of_a_file_with_values_and_cross_references(tmp_path):
    folder = tmp_path / "mine"
    init_templates(folder)
    (folder / "profiles" / "board.toml").write_text(
        'name = "bored"\nwords_total = -100\nkey_points = -1\nitems_per_topic = 0\n'
        'sections = ["summary", "topics"]\nlogo = "crest.png"\n[titles]\nquotes = "Quotes"\n')
    (folder / "topics.toml").write_text(
        '[[topic]]\nid = "a"\nname = "A"\nterms = ["x"]\n[[topic]]\nid = "a"\nname = "Again"\nterms = "y"\n'
        '[[topic]]\nid = "empty"\nname = "Empty"\ncolour = "red"\n')
    problems = check_templates(folder)
    board = _of(problems, "board.toml")
    assert board == [
        "name is 'bored' but the file is board.toml: `--audience board` finds it by its file name, so make them the same",
        "'key_points' (key points) must be 0 or more, not -1",
        "'words_total' (words in all) must be 1 or more, not -100",
        "'items_per_topic' (items a topic) must be 1 or more, not 0",
        'sections has no "sources": every briefing lists the sources it cites',
        "titles names section 'quotes', which the profile does not show",
        "logo file not found: crest.png",
    ]
    topics = _of(problems, "topics.toml")
    assert topics == [
        "topic 2 (a): 'terms' must be a list of text, not 'y'",
        "topic 2 (a): id 'a' is already used by topic 1; topic ids must be unique",
        "topic 3 (empty) has unknown field(s) colour",
    ]
    with pytest.raises(UsageError, match=r"board.toml: name is 'bored' .* \(and 5 more: run `briefing templates check`\)$"):
        load_profile("board", folder)


def _of(problems: list[str], file: str) -> list[str]:
    """The problems of one file, without its path."""
    return [p.split(f"{file}: ", 1)[1] for p in problems if f"{file}: " in p]
