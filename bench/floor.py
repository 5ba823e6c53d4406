"""A page's floor: what Streamlit alone costs to draw the same elements.

`capture(at)` turns the element tree of a page run in AppTest into a plain spec (kinds, labels,
texts, chart figures, table data); `bench/floor_app.py` draws that spec from constants, with no
database and no services. The page's warm rerun divided by its floor's is the overhead of our code.
"""

from __future__ import annotations

import json
from typing import Any

TEXT_KINDS = {
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "text",
    "code",
    "latex",
    "info",
    "warning",
    "error",
    "success",
    "exception",
}
WIDGET_KINDS = {
    "text_input",
    "text_area",
    "number_input",
    "selectbox",
    "multiselect",
    "radio",
    "checkbox",
    "toggle",
    "date_input",
    "slider",
    "select_slider",
    "time_input",
    "segmented_control",
    "pills",
    "file_uploader",
}


def _leaf(node) -> dict[str, Any] | None:
    kind = getattr(node, "type", None)
    if kind in TEXT_KINDS:
        return {
            "kind": kind if kind != "exception" else "error",
            "value": str(getattr(node, "value", "")),
        }
    if kind == "metric":
        proto = node.proto
        chart = list(getattr(proto, "chart_data", []) or [])
        return {
            "kind": "metric",
            "label": node.label,
            "value": node.value,
            "chart": [float(x) for x in chart] if chart else None,
        }
    if kind == "plotly_chart":
        return {"kind": "plotly_chart", "spec": json.loads(node.proto.spec)}
    if kind in ("dataframe", "arrow_data_frame", "table"):
        try:
            df = node.value
            return {
                "kind": "table" if kind == "table" else "dataframe",
                "data": df.reset_index(drop=True).to_dict(orient="list"),
            }
        except Exception:  # noqa: BLE001 - a table we cannot read is drawn as text
            return {"kind": "markdown", "value": "table"}
    if kind == "button":
        return {"kind": "button", "label": getattr(node, "label", "Button")}
    if kind in WIDGET_KINDS:
        options = [str(o) for o in (getattr(node, "options", None) or [])]
        return {"kind": kind, "label": getattr(node, "label", kind), "options": options}
    if kind in ("page_link", "link_button", "download_button"):
        return {"kind": "link", "label": getattr(node.proto, "label", "link")}
    if kind == "badge":
        return {"kind": "markdown", "value": "badge"}
    return {"kind": "markdown", "value": f"({kind})"}


def _walk(node) -> dict[str, Any] | None:
    children = getattr(node, "children", None)
    kind = getattr(node, "type", None)
    if isinstance(children, dict) and kind not in ("plotly_chart",):
        kids = [c for c in (_walk(ch) for ch in children.values()) if c]
        block = {"kind": "block", "type": kind, "children": kids}
        if kind in ("expander", "expandable", "status", "tab"):
            # AppTest's Expander/Status/Tab blocks carry their label; the proto is the sub-message.
            block["label"] = getattr(node, "label", None) or ("Tab" if kind == "tab" else "Details")
        return block
    return _leaf(node)


def capture(at) -> dict[str, Any]:
    """The page's main area and sidebar as a spec for floor_app.py."""
    tree = at._tree
    spec = {"main": None, "sidebar": None}
    for child in tree.children.values():
        if getattr(child, "type", None) in ("main", "sidebar"):
            spec[child.type] = _walk(child)
    return spec


def count_elements(spec: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}

    def visit(node):
        if node is None:
            return
        if node["kind"] == "block":
            for c in node["children"]:
                visit(c)
        else:
            counts[node["kind"]] = counts.get(node["kind"], 0) + 1

    visit(spec.get("main"))
    visit(spec.get("sidebar"))
    return counts
