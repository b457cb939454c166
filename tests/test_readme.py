"""The README stays true: its rule table is generated from the code and tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_rule_table_is_current():
    result = subprocess.run(
        [sys.executable, "tools/rules_table.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_leads_with_the_two_commands():
    text = (ROOT / "README.md").read_text("utf-8")
    assert text.index("make run") < text.index("make test") < text.index("## Demo logins")
