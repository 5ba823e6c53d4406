"""The board packet from the command line: `gfj export packet --as-of 2026-11 --out packet.pdf`."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import typer

from gfj_core.cli.base import export_app, fail
from gfj_core.db import session_scope
from gfj_core.formatting import fmt_date
from gfj_core.schemas.auth import SYSTEM
from gfj_core.scorecard.trend import month_end

FORMATS = (".pdf", ".xlsx")


def packet_as_of(month: str, today: date) -> date:
    """The last day of the month, or today while that month is still running."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", month.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        fail(f"--as-of: '{month}' is not a month written YYYY-MM (for example 2026-11).")
    end = month_end(int(m.group(1)), int(m.group(2)))
    if end.replace(day=1) > today:
        fail(f"--as-of: {month} has not started yet.")
    return min(end, today)


@export_app.command("packet")
def export_packet(
    as_of: str = typer.Option(..., "--as-of", help="The month the figures stand at: YYYY-MM."),
    out: Path = typer.Option(..., "--out", help="FILE.pdf or FILE.xlsx"),
    charts: bool = typer.Option(True, "--charts/--no-charts", help="Draw charts (PDF only)."),
) -> None:
    """Write the board packet (PDF) or the figures behind it (Excel). Aggregates only."""
    from gfj_core.exports.packet_pdf import board_packet, render_packet_pdf
    from gfj_core.exports.packet_xlsx import render_packet_xlsx

    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        fail(f"--out: write a .pdf or an .xlsx file, not '{out.name}'.")
    day = packet_as_of(as_of, date.today())
    with session_scope() as s:
        packet = board_packet(s, as_of=day, actor=SYSTEM)
    data = (
        render_packet_pdf(packet, charts=charts) if suffix == ".pdf" else render_packet_xlsx(packet)
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    typer.echo(f"Board packet as of {fmt_date(day)} written to {out} ({len(data) / 1000:.0f} kB).")
