"""A dry run previews the message with no SMTP settings at all and connects to nothing."""

from __future__ import annotations

import os

from conftest import SEEDS, run_cli


def _bare_env(tmp_path) -> dict:
    """No smtp.toml, no BRIEFING_SMTP_* variables: a machine where email was never set up."""
    env = {k: "" for k in os.environ if k.startswith("BRIEFING_SMTP_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return env


def test_build_and_send_dry_run_need_no_smtp_settings(tmp_path):
    out = tmp_path / "out"
    env = _bare_env(tmp_path)
    built = run_cli("build", str(SEEDS), "-f", "json,md", "-o", str(out), "--send-to", "team@example.org",
                    "--dry-run", env=env)
    assert built.returncode == 0, built.stderr
    assert "would send" in built.stderr and "to: team@example.org" in built.stderr
    json_file = next(out.glob("*.json"))
    assert f"attachment: {json_file.name} (" in built.stderr
    assert "header Subject:" in built.stderr
    sent = run_cli("send", str(out), "--send-to", "team@example.org", "--dry-run", env=env)
    assert sent.returncode == 0, sent.stderr
    lines = sent.stdout.splitlines()
    assert lines[0].startswith("would send '") and "  to: team@example.org" in lines
    assert "  from: (not set)" in lines
    names = sorted(line.split(": ", 1)[1].rsplit(" (", 1)[0] for line in lines if line.startswith("  attachment: "))
    assert names == sorted(p.name for p in out.iterdir() if p.suffix in (".json", ".md"))


def test_real_send_still_asks_for_a_server(tmp_path):
    out = tmp_path / "out"
    env = _bare_env(tmp_path)
    assert run_cli("build", str(SEEDS), "-f", "md", "-o", str(out), "--email", env=env).returncode == 0
    sent = run_cli("send", str(out), "--send-to", "team@example.org", env=env)
    assert sent.returncode == 3 and "no SMTP server" in sent.stderr
