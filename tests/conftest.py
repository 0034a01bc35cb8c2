"""Shared fixtures: the repository root, the seeds, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch):
    """Tests that want SOURCE_DATE_EPOCH set it themselves."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def _private_folder(tmp_path_factory, variable: str, name: str):
    """Point `variable` at a fresh folder for the whole session, then put it back."""
    folder = tmp_path_factory.mktemp(name)
    old = os.environ.get(variable)
    os.environ[variable] = str(folder)
    yield folder
    if old is None:
        os.environ.pop(variable, None)
    else:
        os.environ[variable] = old


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests never read or fill the user's real analysis cache, nor make or use the user's signing key."""
    key = tmp_path_factory.mktemp("briefing-key") / "cache-key"
    old = os.environ.get("BRIEFING_KEY_FILE")
    os.environ["BRIEFING_KEY_FILE"] = str(key)
    yield from _private_folder(tmp_path_factory, "BRIEFING_CACHE_DIR", "briefing-cache")
    if old is None:
        os.environ.pop("BRIEFING_KEY_FILE", None)
    else:
        os.environ["BRIEFING_KEY_FILE"] = old


@pytest.fixture(autouse=True, scope="session")
def _private_config(tmp_path_factory):
    """Tests never read the user's own briefing.toml or smtp.toml."""
    yield from _private_folder(tmp_path_factory, "XDG_CONFIG_HOME", "config-home")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


def run_cli(*args: str, cwd: Path = ROOT, env: dict | None = None, stdin: str | None = None):
    """Run `python -m briefing ...` as a user would, returning the CompletedProcess."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "briefing", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, input=stdin, timeout=600)


@pytest.fixture
def cli():
    return run_cli
