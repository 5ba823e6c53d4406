"""US English in what people read (the organization is American): "program" and
"organization", never "programme" or "organisation", in the app's labels, captions, messages,
help, CLI help and the README. Identifiers, table names, CLI names, file columns and JSON keys
keep their spelling: they are interfaces, and a string with no space in it is taken as one."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The word on its own, not inside an identifier (`programme_id`, `p.programme`, `{programme}`),
# a `code span` or a quoted name ('organisation', a table in SQL).
BRITISH = re.compile(r"(?<![\w.{`/'\"])(programmes?|organisations?)(?![\w(`'\"])", re.IGNORECASE)
# Words read from other people's files, accepted as they spell them.
ACCEPTED_INPUT = {"programme participant", "partner organisation"}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _cli_help(tree: ast.AST) -> set[int]:
    """A Typer command's docstring is its --help text: read by people."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(
            "command" in ast.unparse(d) or "callback" in ast.unparse(d) for d in node.decorator_list
        ):
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def british_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) - _cli_help(tree)
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        text = node.value
        if id(node) in skip or text.strip() in ACCEPTED_INPUT or " " not in text.strip():
            continue
        if BRITISH.search(text):
            where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
            out.append(f"{where}:{node.lineno}: {text[:80]!r}")
    return out


def test_no_user_facing_string_says_programme_or_organisation():
    files = [ROOT / "app.py", *(ROOT / "web").rglob("*.py")]
    for folder in ("pages", "ui", "gfj_core"):
        files += sorted((ROOT / folder).rglob("*.py"))
    assert [s for f in files for s in british_strings(f)] == []


def test_the_check_finds_a_british_label(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('LABEL = "Programmes maintained"\nKEY = "programme_id"\n', encoding="utf-8")
    found = british_strings(sample)
    assert len(found) == 1 and "Programmes maintained" in found[0]


def test_the_readme_says_program_and_organization():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert [f"{n}: {line}" for n, line in enumerate(lines, 1) if BRITISH.search(line)] == []
