#!/usr/bin/env python3
"""Build the README's rule → code → test table from the code itself.

Code that enforces a rule names it in a comment (`# R-24`); a test that proves it carries
it in its name (`test_r24_…`) or docstring (`R-24`). This script finds both, so the table
cannot drift from the code. `--check` exits non-zero when README.md is out of date.

Usage: python tools/rules_table.py [--write | --check]
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "audit", "accounts", "officers", "documents", "cases", "penalties", "portal", "oversight", "api"]
BEGIN = "<!-- rules-table:begin -->"
END = "<!-- rules-table:end -->"
CODE_MARK = re.compile(r"#.*?\bR-(\d{2})\b")
RULE_ID = re.compile(r"\bR-(\d{2})\b")
TEST_NAME = re.compile(r"(?:^|_)r(\d{2})(?:_|$)")


# Titles of the rules in shared/RULES.md (kept here so the table builds without it).
RULE_TITLES = {
    "01": "Two certified officers (Art 42)",
    "02": "Certificates shown (Art 55)",
    "03": "Authority",
    "04": "Recusal (Art 43)",
    "10": "Limitation (Art 36)",
    "11": "One act, one fine (Art 29)",
    "12": "No penalty when minor and corrected (Art 33 ¶1)",
    "13": "First minor offence → warning, not a fine (Art 33 ¶1; notice §二(三))",
    "14": "No fault (Art 33 ¶2)",
    "15": "Age and capacity (Art 30, 31)",
    "16": "Mandatory lighter/mitigated (Art 32)",
    "17": "Discretion benchmark (Art 34; State Council guidance 2022)",
    "18": "Law in time (Art 37)",
    "19": "Never above the statutory maximum",
    "20": "Summary procedure (Art 51–53)",
    "21": "Filing (Art 54)",
    "22": "Evidence (Art 46)",
    "23": "Evidence preservation (Art 56)",
    "24": "Notice of rights before every decision (Art 44, 62)",
    "25": "Statement period (Art 45, 62)",
    "26": "No heavier penalty because of the defence (Art 45 ¶2)",
    "27": "Collective discussion (Art 57 ¶2)",
    "28": "Legal review (Art 58)",
    "29": "Approval, four eyes",
    "30": "Entitlement (Art 63)",
    "31": "Request window (Art 64(1))",
    "32": "Notice of hearing (Art 64(2))",
    "33": "Presiding officer (Art 64(4))",
    "34": "Hearing record (Art 64(7)–(8), 65)",
    "35": "Time limit (Art 60)",
    "36": "Content (Art 59)",
    "37": "Document numbers",
    "38": "Service (Art 61)",
    "39": "Publicity (Art 48; 2018 three-systems guidance)",
    "40": "Payment (Art 67)",
    "41": "On-the-spot collection (Art 68–71)",
    "42": "Deferral and instalments (Art 66)",
    "43": "Late surcharge (Art 72, 73)",
    "44": "Court enforcement (行政强制法 Art 53, 54)",
    "45": "Closing",
    "46": "Suspension and termination (中止/终止)",
    "47": "Transfer and assistance (移送/协查)",
    "48": "Complete case file (一案一卷)",
    "50": "Counting (Art 85; 民事诉讼法 Art 85)",
    "60": "Qualification",
    "61": "Annual review",
    "62": "Faults",
    "63": "Case-by-case assessment",
    "64": "Officer file (执法档案)",
    "65": "Party evaluations",
    "70": "Public disclosure (§四(二))",
    "71": "Complaints and reports (§六(二))",
    "72": "Commitments (§三(五))",
    "73": "Legal aid (§三(六))",
    "74": "Compliance tiers (§二(二), §五(三))",
}


def rule_titles() -> dict[str, str]:
    return RULE_TITLES


def code_sites() -> dict[str, set[str]]:
    sites: dict[str, set[str]] = defaultdict(set)
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            rel = path.relative_to(ROOT).as_posix()
            for line in path.read_text("utf-8").splitlines():
                for m in CODE_MARK.finditer(line):
                    for rid in RULE_ID.findall(line[m.start():]):
                        sites[rid].add(rel)
    return sites


def test_sites() -> dict[str, set[str]]:
    sites: dict[str, set[str]] = defaultdict(set)
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
                found = {m for m in TEST_NAME.findall(node.name.lower())}
                found |= set(RULE_ID.findall(ast.get_docstring(node) or ""))
                for rid in found:
                    sites[rid].add(f"{rel}::{node.name}")
    return sites


def table() -> str:
    titles = rule_titles()
    code, tests = code_sites(), test_sites()
    ids = sorted(set(titles) | set(code) | set(tests))
    lines = ["| rule | enforced in | proven by |", "| --- | --- | --- |"]
    for rid in ids:
        where = "<br>".join(f"`{p}`" for p in sorted(code.get(rid, ()))) or "—"
        proof = sorted(tests.get(rid, ()))
        shown = "<br>".join(f"`{p}`" for p in proof[:4])
        if len(proof) > 4:
            shown += f"<br>(+{len(proof) - 4} more)"
        lines.append(f"| R-{rid} {titles.get(rid, '')} | {where} | {shown or '—'} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="rewrite the table in README.md")
    parser.add_argument("--check", action="store_true", help="fail if README.md is stale")
    args = parser.parse_args()
    body = table()
    readme = ROOT / "README.md"
    text = readme.read_text("utf-8")
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < 0:
        print("README.md has no rules-table markers", file=sys.stderr)
        return 2
    fresh = text[: start + len(BEGIN)] + "\n" + body + "\n" + text[end:]
    if args.write:
        readme.write_text(fresh, "utf-8")
    elif args.check:
        if fresh != text:
            print("README.md rule table is stale: run `python tools/rules_table.py --write`")
            return 1
    else:
        print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
