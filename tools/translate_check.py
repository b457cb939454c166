"""Find Chinese UI text that gettext cannot see (report only; stdlib only).

Why: a string outside ``gettext``/``{% trans %}`` stays Chinese after switching to
English, and text split across several ``{% trans %}`` tags (or joined with ``+``)
cannot be translated with the right word order. This lists candidates as
``file:line`` for review; it does not change anything.

Checks:
- Python: string literals containing CJK that are not an argument of a gettext-like
  call (``_``, ``gettext``, ``gettext_lazy``, ``ngettext``, ``pgettext``...), skipping
  docstrings, comments, and ``verbose_name``-free dict keys used only as data is not
  possible statically - so review the list.
- Templates: CJK text outside ``{% trans %}``/``{% blocktrans %}``/comments.
- Templates: ``{% trans %}`` fragments that are only 1-2 characters (likely split
  sentences).

Usage: ``.venv/bin/python tools/translate_check.py [paths...]``
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "core",
    "accounts",
    "audit",
    "officers",
    "documents",
    "cases",
    "penalties",
    "portal",
    "oversight",
    "api",
    "templates",
    "enforcement",
]
SKIP_DIRS = {"migrations", "tests", "__pycache__", "management"}
# demo data and sample documents are data, not UI
SKIP_FILE = re.compile(r"(^|/)(demo[^/]*|samples)\.py$")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "_lazy",
    "gettext_noop",
    # aliases used in this code base (extracted by tools/translate_en.py)
    "N_",
    "L",
    "_g",
}
# one-character words that are complete labels on their own
STANDALONE = set("无元是否至问答日")


def _call_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call):
        f = node.func
        if isinstance(f, ast.Name):
            return f.id
        if isinstance(f, ast.Attribute):
            return f.attr
    return None


def python_findings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(body[0].value)
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if node in docstrings or not CJK.search(node.value):
            continue
        p = parents.get(node)
        inside = False
        while p is not None:
            if _call_name(p) in GETTEXT:
                inside = True
                break
            if isinstance(p, (ast.FunctionDef, ast.ClassDef, ast.Module)):
                break
            p = parents.get(p)
        if not inside:
            out.append((node.lineno, node.value[:60].replace("\n", " ")))
    return out


TAG = re.compile(
    r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}|{%\s*blocktrans.*?endblocktrans\s*%}"
    r"|{%\s*blocktranslate.*?endblocktranslate\s*%}|{%.*?%}|{{.*?}}",
    re.S,
)
TRANS = re.compile(r"{%\s*trans(?:late)?\s+[\"']([^\"']*)[\"']")


def _fragment(s: str) -> bool:
    """A translated piece that is probably part of a sentence split across tags."""
    if len(s) == 1 and CJK.search(s) and s not in STANDALONE:
        return True
    return s.count("（") != s.count("）") or s.count("(") != s.count(")")


def template_findings(path: Path) -> list[tuple[int, str]]:
    text = path.read_text("utf-8")
    out = []
    stripped = TAG.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    for i, line in enumerate(stripped.splitlines(), 1):
        if CJK.search(line):
            out.append((i, "untranslated text: " + line.strip()[:60]))
    for m in TRANS.finditer(text):
        if _fragment(m.group(1)):
            line = text.count("\n", 0, m.start()) + 1
            out.append((line, f"short fragment (split sentence?): {m.group(1)!r}"))
    return out


def main(argv: list[str]) -> int:
    roots = [ROOT / a for a in (argv or APPS)]
    total = 0
    for base in roots:
        files = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in files:
            rel = path.relative_to(ROOT)
            if any(part in SKIP_DIRS for part in rel.parts) or SKIP_FILE.search(rel.as_posix()):
                continue
            if path.suffix == ".py":
                found = python_findings(path)
            elif path.suffix in {".html", ".txt"} and "templates" in path.parts:
                found = template_findings(path)
            else:
                continue
            for line, what in found:
                print(f"{path.relative_to(ROOT)}:{line}: {what}")
                total += 1
    print(f"{total} candidate(s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
