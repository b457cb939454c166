"""Documents tests write rendered PDFs and proofs into a throw-away MEDIA_ROOT."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_BASE_URL = "https://zf.example.gov.cn"
    return settings.MEDIA_ROOT
