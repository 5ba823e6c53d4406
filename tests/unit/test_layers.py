"""Architecture rules that keep the layers honest."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_gfj_core_never_imports_streamlit():
    offenders = [str(p) for p in (ROOT / "gfj_core").rglob("*.py") if "streamlit" in _imports(p)]
    assert offenders == []


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_pages_never_import_sqlalchemy_or_touch_sessions():
    """Pages reach data only through services: no ORM, no engine, no session."""
    forbidden = ("sqlalchemy", "gfj_core.db", "gfj_core.models")
    offenders = []
    for p in (ROOT / "pages").glob("*.py"):
        text = p.read_text(encoding="utf-8")
        modules = _imported_modules(p)
        imports_data_layer = any(
            m == f or m.startswith(f + ".") for m in modules for f in forbidden
        )
        touches_session = "session.execute" in text or "session_scope(" in text
        if imports_data_layer or touches_session:
            offenders.append(p.name)
    assert offenders == []


def test_every_page_script_calls_the_guard_first():
    for p in (ROOT / "pages").glob("*.py"):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        calls = [
            n
            for n in tree.body
            if not isinstance(n, ast.Import | ast.ImportFrom | ast.Expr)
            or (isinstance(n, ast.Expr) and not isinstance(n.value, ast.Constant))
        ]
        first = ast.unparse(calls[0])
        assert "require_page(" in first, f"{p.name}: first statement is {first!r}"


def test_every_registered_page_file_exists():
    from gfj_core.access import PAGES

    assert [p.path for p in PAGES if not (ROOT / p.path).is_file()] == []
    registered = {p.path for p in PAGES}
    on_disk = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert on_disk == registered


def _gfj_core_import_graph() -> dict[str, set[str]]:
    """Module -> the gfj_core modules it imports, at the top or inside a function (a lazy
    import that only hides a circle is still a circle). `from package import name` counts as
    importing the submodule when `name` is one."""
    paths = {}
    for path in (ROOT / "gfj_core").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        paths[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name in paths)
            elif isinstance(node, ast.ImportFrom) and node.module in paths:
                subs = {f"{node.module}.{a.name}" for a in node.names} & paths.keys()
                targets.update(subs or {node.module})
                if len(subs) < len(node.names):
                    targets.add(node.module)
        graph[name] = targets - {name}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[str]:
    circles = []
    for start in sorted(graph):
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in sorted(graph.get(node, ())):
                if nxt == start:
                    circles.append(" -> ".join([*path, nxt]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    return circles


def test_no_import_circle_under_gfj_core():
    """gfj_core's modules depend on each other one way only (leadership reads mentoring, both
    read the leader scope; the CLI's command modules and the demo's loaders read a base module
    of their package, never the package that imports them), so any module can be read and
    tested on its own."""
    assert _circles(_gfj_core_import_graph()) == []


def test_the_circle_check_sees_a_circle():
    """The check above is not vacuous: two modules importing each other are reported."""
    graph = _gfj_core_import_graph()
    assert "gfj_core.services.leader_scope" in graph["gfj_core.services.leader_profile"]
    graph["gfj_core.services.leader_scope"] = graph["gfj_core.services.leader_scope"] | {
        "gfj_core.services.leader_profile"
    }
    assert any("leader_profile" in c and "leader_scope" in c for c in _circles(graph))
