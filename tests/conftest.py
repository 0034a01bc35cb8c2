import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch):
    """Tests that want SOURCE_DATE_EPOCH set it themselves."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
