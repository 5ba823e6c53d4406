"""User text is text (issue 16), statically: on every page and ui/ helper, a model's free-text
attribute (a title, a name, notes, a story's body...) placed in text that Streamlit renders as
Markdown goes through gfj_core.exports.safety.inert_markdown (imported as `md` or
`md_escape`). A new page that writes `st.markdown(f"**{story.title}**")` fails here."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")])
# Streamlit calls whose first argument (body or label) is Markdown.
MARKDOWN_CALLS = {
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "info",
    "warning",
    "error",
    "success",
    "expander",
    "toast",
}
USER_TEXT = {
    "title",
    "name",
    "full_name",
    "owner_name",
    "leader_name",
    "mentor_name",
    "person_name",
    "notes",
    "shared_notes",
    "private_notes",
    "description",
    "body",
    "text",
    "storyteller",
    "evidence",
    "comment",
    "purpose",
    "audience",
    "includes",
    "excludes",
    "outcome",
    "note",
    "organisation_name",
    "departing_leader",
    "display_name",
    "username",
}
SAFE = {"md", "md_escape", "inert_markdown"}


def _unsafe(expr: ast.AST) -> list[str]:
    """Attribute reads of user text in `expr` that are not inside a SAFE call."""
    found = []

    def visit(node, safe=False):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in SAFE:
            safe = True
        if isinstance(node, ast.Attribute) and node.attr in USER_TEXT and not safe:
            found.append(ast.unparse(node))
        for child in ast.iter_child_nodes(node):
            visit(child, safe)

    for part in ast.walk(expr):
        if isinstance(part, ast.FormattedValue):
            visit(part.value)
    if isinstance(expr, ast.Attribute) and expr.attr in USER_TEXT:
        found.append(ast.unparse(expr))
    return found


def test_user_text_in_markdown_goes_through_the_one_helper():
    problems = []
    for path in FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in MARKDOWN_CALLS or not node.args:
                continue
            for bad in _unsafe(node.args[0]):
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: {bad}")
    assert problems == []
