"""The board packet's figures as an Excel workbook: one sheet per table behind the PDF, with
real numbers and dates (sortable), text neutralised against formula injection. Like the PDF it
holds aggregates only: no notes, no individual leader's rating or score."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gfj_core.exports.safety import neutralise_cell
from gfj_core.formatting import date_style, fmt_date, using_date_style
from gfj_core.schemas.board import KIND_LABELS, BoardPacket

HEADER_FILL = PatternFill("solid", fgColor="F4F1EC")


def _sheet(wb: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]):
    ws = wb.create_sheet(title)
    ws.append([neutralise_cell(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    widths = [len(str(h)) for h in header]
    for row in rows:
        ws.append([neutralise_cell(v) for v in row])
        for i, v in enumerate(row):
            shown = fmt_date(v) if hasattr(v, "year") else str(v)
            widths[i] = max(widths[i], min(70, len(shown) if v is not None else 0))
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, w + 2)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if hasattr(cell.value, "year"):  # a real date, shown in the organisation's style
                cell.number_format = date_style().excel
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(cell.value, str))
    ws.freeze_panes = "A2"
    return ws


def _whole(dollars: float | None) -> int | None:
    return None if dollars is None else round(dollars)


def render_packet_xlsx(packet: BoardPacket) -> bytes:
    with using_date_style(packet.date_style):
        return _render(packet)


def _render(packet: BoardPacket) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    card = packet.scorecard
    ov = card.overview

    about = _sheet(
        wb,
        "About",
        ["Item", "Value"],
        [
            ["Organization", packet.organisation_name],
            ["Figures as of", packet.as_of],
            ["Next meeting", packet.next_meeting.title if packet.next_meeting else "—"],
            ["Next meeting date", packet.next_meeting.held_on if packet.next_meeting else None],
            ["Phase", ov.phase.name if ov.phase else "—"],
            ["Days to planned handover", ov.days_to_handover],
            ["Share of transition time elapsed", ov.transition_elapsed_share],
            ["Privacy", "Aggregates only: no notes, no individual leader's rating or score."],
            ["Demo data", "yes: every figure is fictional" if packet.demo else "no"],
        ],
    )
    about["B8"].number_format = "0%"

    _sheet(
        wb,
        "Scorecard",
        ["Measure", "Shown as", "Value", "Light", "Context", "Trend", "Trend points", "Area"],
        [
            [
                t.label,
                t.value_text,
                t.value,
                t.light.word,
                t.caption or "",
                ", ".join(f"{v:g}" for v in t.trend),
                t.trend_label or "",
                t.area,
            ]
            for t in card.tiles
        ],
    )

    idx = card.index
    ws = _sheet(
        wb,
        "Readiness index",
        [
            "Component",
            "Included",
            "Why left out",
            "Weight",
            "Weight used",
            "Score",
            "Points",
            "Rule",
        ],
        [
            [
                c.label,
                "yes" if c.included else "no",
                c.reason or "",
                c.weight,
                c.normalised_weight,
                c.score,
                None if c.points is None else round(c.points, 2),
                c.formula,
            ]
            for c in idx.components
        ],
    )
    for row in ws.iter_rows(min_row=2, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = "0%"
    ws.append([])
    ws.append(
        ["Index", None, None, None, None, None, None if idx.value is None else round(idx.value, 2)]
    )
    ws.append(["Formula", neutralise_cell(idx.formula)])

    _sheet(
        wb,
        "Index inputs",
        ["Component", "Input", "Value"],
        [[c.label, r.label, r.value] for c in idx.components for r in c.inputs],
    )

    if packet.finances is not None:
        f = packet.finances
        _sheet(
            wb,
            "Financial summary",
            ["Part", "Line", "This month", "Year to date", "Budget to date", "Against budget",
             "Light"],
            [
                *(["Measure", m.name, m.value_text, None, None, None,
                   m.light.word if m.light else ""] for m in packet.finance_measures),
                *(["Activities", r.label, round(r.month), round(r.ytd), _whole(r.ytd_budget),
                   _whole(r.ytd_variance), r.light.word if r.light else ""]
                  for r in f.activities),
            ],
        )  # fmt: skip
        _sheet(
            wb,
            "Balance sheet",
            ["Line", "At the month's end", "At the end of the last fiscal year", "Change"],
            [[r.label, round(r.now), _whole(r.year_start), _whole(r.change)]
             for r in f.balance_sheet],
        )  # fmt: skip

    d = packet.digest
    _sheet(
        wb,
        "Since last meeting",
        ["Section", "Date", "Change"],
        [[s.title, i.when, i.text] for s in d.sections for i in s.items]
        or [["(no changes)", None, ""]],
    )

    _sheet(
        wb,
        "Open actions",
        ["Action", "Owner", "Due", "Raised at meeting of", "Times carried over", "Overdue"],
        [
            [
                a.title,
                a.owner_name or "",
                a.due_date,
                a.raised_on,
                a.times_carried_over,
                "yes" if a.overdue else "no",
            ]
            for a in packet.open_actions
        ],
    )

    ws = _sheet(
        wb,
        "Attendance",
        ["Date", "Meeting", "Kind", "Present", "Invited", "Rate"],
        [
            [p.held_on, p.title, KIND_LABELS[p.kind], p.present, p.invited, p.rate]
            for p in packet.engagement.points
        ],
    )
    for row in ws.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "0%"

    _sheet(
        wb,
        "Milestones",
        [
            "Phase",
            "Milestone",
            "Owner",
            "Approved finish",
            "Forecast finish",
            "State",
            "Slip (days)",
        ],
        [
            [
                m.phase,
                m.title,
                m.owner or "",
                m.baseline_finish,
                m.forecast_finish,
                m.state,
                m.slip_days,
            ]
            for m in packet.milestones
        ],
    )
    _sheet(
        wb,
        "Exit checklist",
        [
            "Category",
            "Item",
            "Owner",
            "Due",
            "Status",
            "Authority transfer",
            "Resolution date",
            "Completed on",
        ],
        [
            [
                c.category,
                c.title,
                c.owner or "",
                c.due_date,
                c.status,
                "yes" if c.authority_transfer else "no",
                c.resolution_date,
                c.completed_on,
            ]
            for c in packet.checklist
        ],
    )
    r = ov.readiness
    _sheet(
        wb,
        "Leaders by readiness",
        ["Readiness", "Leaders"],
        [
            ["Ready now", r.ready_now],
            ["Ready in 1-2 years", r.ready_1_2_years],
            ["Ready in 3+ years", r.ready_3_plus_years],
            ["Not rated", r.not_rated],
        ],
    )
    _sheet(
        wb,
        "Area figures",
        ["Area", "Tile", "Drill-down", "Figure", "Value"],
        [
            [area.title, t.label, dr.title, row.label, row.value]
            for area in packet.areas
            for t in area.tiles
            for dr in t.drill
            for row in dr.rows
        ],
    )
    # Five fiscal years from the Form 990s: numbers, not text, so they sort and sum.
    _sheet(
        wb,
        "Form 990 history",
        ["Tax year", "Period end", "Form", "Amended", "Fictional", "Total revenue",
         "Contributions", "Program service revenue", "Total expenses", "Program expenses",
         "Management expenses", "Fundraising expenses", "Surplus", "Program expense ratio",
         "Program ratio light", "Total assets, EOY", "Total liabilities, EOY",
         "Net assets, EOY", "Cash and savings, EOY", "Months of cash, EOY", "Cash light",
         "Revenue from the months", "Revenue difference", "Expenses from the months",
         "Expenses difference"],
        [
            [
                y.tax_year, y.period_end, y.form, "yes" if y.amended else "",
                "yes" if y.fictional else "", y.total_revenue, y.contributions,
                y.program_service_revenue, y.total_expenses, y.program_expenses,
                y.management_expenses, y.fundraising_expenses, y.surplus,
                y.program_expense_ratio,
                y.lights["program_expense_ratio"].word if "program_expense_ratio" in y.lights
                else None,
                y.total_assets_eoy, y.total_liabilities_eoy, y.net_assets_eoy,
                y.cash_and_savings_eoy, y.months_of_cash_eoy,
                y.lights["months_of_cash_eoy"].word if "months_of_cash_eoy" in y.lights else None,
                y.monthly.revenue_from_months if y.monthly else None,
                y.monthly.revenue_difference if y.monthly else None,
                y.monthly.expenses_from_months if y.monthly else None,
                y.monthly.expenses_difference if y.monthly else None,
            ]
            for y in packet.history
        ],
    )  # fmt: skip
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
