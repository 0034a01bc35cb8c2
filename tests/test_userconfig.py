"""briefing.toml: the usual options, here or in the user config folder; the command line wins."""

from __future__ import annotations

import email
import os

from conftest import SEEDS, run_cli

USUAL = '''audience = "executive"
formats = ["md", "json"]
out = "briefs"
marking = "OFFICIAL-SENSITIVE"

[email]
to = ["desk@example.org"]
cc = "chief@example.org"
'''


def _env(tmp_path) -> dict:
    env = {k: "" for k in os.environ if k.startswith("BRIEFING_SMTP_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config-home")
    return env


def test_working_directory_file_sets_the_usual_options(tmp_path):
    (tmp_path / "briefing.toml").write_text(USUAL, encoding="utf-8")
    proc = run_cli("build", str(SEEDS), cwd=tmp_path, env=_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    written = sorted(p.name for p in (tmp_path / "briefs").iterdir())
    assert written == ["nato-defence-ministers-meeting-brussels-2025-10-15-executive.json",
                       "nato-defence-ministers-meeting-brussels-2025-10-15-executive.md"]
    assert "OFFICIAL-SENSITIVE" in (tmp_path / "briefs" / written[1]).read_text(encoding="utf-8")


def test_command_line_wins_over_the_file(tmp_path):
    (tmp_path / "briefing.toml").write_text(USUAL, encoding="utf-8")
    proc = run_cli("build", str(SEEDS), "-a", "press", "-f", "json", "-o", "elsewhere", "--marking", "OFFICIAL",
                   cwd=tmp_path, env=_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    (written,) = (tmp_path / "elsewhere").iterdir()
    assert written.name.endswith("-press.json") and '"marking": "OFFICIAL"' in written.read_text(encoding="utf-8")
    assert not (tmp_path / "briefs").exists()


def test_user_file_applies_and_the_working_directory_wins_over_it(tmp_path):
    env = _env(tmp_path)
    user = tmp_path / "config-home" / "briefing"
    user.mkdir(parents=True)
    (user / "briefing.toml").write_text('audience = "press"\nmarking = "UNCLASSIFIED"\n', encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    shown = run_cli("config", "show", cwd=work, env=env).stdout
    assert _line(shown, "audience") == ("press", str(user / "briefing.toml"))
    assert _line(shown, "formats") == ("docx,pdf", "built-in default")
    (work / "briefing.toml").write_text('audience = "executive"\nout = "briefs"\n', encoding="utf-8")
    shown = run_cli("config", "show", cwd=work, env=env).stdout
    assert _line(shown, "audience") == ("executive", str(work / "briefing.toml"))
    assert _line(shown, "marking") == ("UNCLASSIFIED", str(user / "briefing.toml"))
    assert _line(shown, "out") == (str(work / "briefs"), str(work / "briefing.toml"))


def _line(shown: str, key: str) -> tuple[str, str]:
    line = next(line for line in shown.splitlines() if line.split(" = ")[0].strip() == key)
    value, origin = line.split(" = ", 1)[1].split("# ", 1)
    return value.strip(), origin.strip()


def test_a_bad_file_is_one_line_and_exit_3(tmp_path):
    (tmp_path / "briefing.toml").write_text('audiense = "press"\n', encoding="utf-8")
    proc = run_cli("build", str(SEEDS), cwd=tmp_path, env=_env(tmp_path))
    assert proc.returncode == 3
    assert proc.stderr.strip() == (f"error: {tmp_path / 'briefing.toml'}: unknown setting(s) audiense (known: "
                                   "audience, formats, out, topics, templates, marking, email.to, email.cc, "
                                   "email.bcc, email.reply_to)")
    (tmp_path / "briefing.toml").write_text('formats = 3\n', encoding="utf-8")
    assert "'formats' must be non-empty text, not 3" in run_cli("config", "show", cwd=tmp_path).stderr


def test_usual_recipients_go_into_the_draft_but_a_build_sends_only_when_asked(tmp_path):
    (tmp_path / "briefing.toml").write_text(USUAL, encoding="utf-8")
    env = _env(tmp_path)
    built = run_cli("build", str(SEEDS), "--email", cwd=tmp_path, env=env)
    assert built.returncode == 0, built.stderr  # no SMTP settings needed: nothing is sent
    (draft,) = (tmp_path / "briefs").glob("*.eml")
    message = email.message_from_bytes(draft.read_bytes())
    assert message["To"] == "desk@example.org" and message["Cc"] == "chief@example.org"
    assert "would send" not in built.stderr and "sent" not in built.stderr
    preview = run_cli("send", "briefs", "--dry-run", cwd=tmp_path, env=env)
    assert preview.returncode == 0, preview.stderr
    assert "  to: desk@example.org" in preview.stdout.splitlines()
