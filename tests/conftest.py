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


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests never read or fill the user's real analysis cache, nor make or use the user's signing key."""
    folder = tmp_path_factory.mktemp("briefing-cache")
    key = tmp_path_factory.mktemp("briefing-key") / "cache-key"
    old = {name: os.environ.get(name) for name in ("BRIEFING_CACHE_DIR", "BRIEFING_KEY_FILE")}
    os.environ["BRIEFING_CACHE_DIR"] = str(folder)
    os.environ["BRIEFING_KEY_FILE"] = str(key)
    yield folder
    for name, value in old.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


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
