"""docs/architecture.md stays true: its page map is the access registry, row for row."""

from pathlib import Path

from gfj_core.access import PAGES, Role
from gfj_core.models.base import Base

DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def _page_rows() -> dict[str, list[str]]:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[1].startswith("`pages/") and "*" not in cells[1]:
            rows[cells[1].strip("`")] = cells
    return rows


def test_the_page_map_lists_every_page_with_exactly_its_roles():
    rows = _page_rows()
    roles = list(Role)
    assert set(rows) == {p.path for p in PAGES}
    for spec in PAGES:
        cells = rows[spec.path]
        assert cells[0] == spec.title
        ticked = {role for role, cell in zip(roles, cells[2:], strict=True) if cell == "✓"}
        assert ticked == set(spec.roles), spec.path


def test_the_data_model_names_every_table():
    import gfj_core.models  # noqa: F401  (registers every table)

    text = DOC.read_text(encoding="utf-8")
    missing = [t for t in Base.metadata.tables if f"`{t}`" not in text]
    assert missing == []
