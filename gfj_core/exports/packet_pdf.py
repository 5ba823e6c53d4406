"""The board packet: gathered once (`board_packet`), printed as a PDF here and as an Excel
workbook in packet_xlsx. Privacy mode is always on: aggregates only, never a private note or
an individual leader's assessment, and no free-text notes of any kind.

PDF: fpdf2 for the pages, plotly + kaleido (Chromium) for the charts. Charts are optional: if
no browser can be started the packet says so in place of each chart rather than failing.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import plotly.graph_objects as go
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from gfj_core.access import Role, can, require
from gfj_core.formatting import date_style, fmt_date, fmt_day_short, fmt_month, using_date_style
from gfj_core.metrics.lights import Level
from gfj_core.metrics.plan import milestone_state, slip_days
from gfj_core.models import ChecklistItem, Milestone, Person, Phase
from gfj_core.schemas.board import (
    KIND_LABELS,
    BoardPacket,
    ChecklistRow,
    MilestoneRow,
    PacketArea,
    PacketMeasure,
    Tile,
)
from gfj_core.scorecard import AREA_TITLES
from gfj_core.services.org_settings import in_org_date_style
from gfj_core.visibility import milestones_visible, sees_checklist_items

log = logging.getLogger(__name__)
Progress = Callable[[float, str], None]

# --- Gathering ---------------------------------------------------------------------------------


def packet_reader(actor):
    """Whose view the packet holds. The packet is the board's document, handed round the
    table: an admin or the CEO exporting it gets what a board member would (no milestone hidden
    from the board); the treasurer gets the treasurer's own view (no checklist items, no names).
    Never more than the exporting actor may see."""
    if actor is not None and actor.role in (Role.admin, Role.ceo):
        return actor.model_copy(update={"role": Role.board})
    return actor


def _milestone_rows(session: Session, as_of: date, reader) -> list[MilestoneRow]:
    owner = aliased(Person)
    rows = session.execute(
        select(Milestone, Phase.name, owner.full_name)
        .join(Phase, Phase.id == Milestone.phase_id)
        .outerjoin(owner, owner.id == Milestone.owner_person_id)
        .where(milestones_visible(reader))
        .order_by(Phase.position, Milestone.forecast_finish, Milestone.id)
    ).all()
    return [
        MilestoneRow(
            phase=phase,
            title=m.title,
            owner=who,
            baseline_finish=m.baseline_finish,
            forecast_finish=m.forecast_finish,
            state=milestone_state(m.status, m.forecast_finish, as_of).replace("_", " "),
            slip_days=slip_days(m.baseline_finish, m.forecast_finish),
        )
        for m, phase, who in rows
    ]


def _checklist_rows(session: Session, reader) -> list[ChecklistRow]:
    if not sees_checklist_items(reader):
        return []
    owner = aliased(Person)
    rows = session.execute(
        select(ChecklistItem, owner.full_name)
        .outerjoin(owner, owner.id == ChecklistItem.owner_person_id)
        .order_by(ChecklistItem.category, ChecklistItem.due_date, ChecklistItem.id)
    ).all()
    return [
        ChecklistRow(
            category=c.category.replace("_", " "),
            title=c.title,
            owner=who,
            due_date=c.due_date,
            status=c.status.replace("_", " "),
            authority_transfer=c.is_authority_transfer,
            resolution_date=c.resolution_date,
            completed_on=c.completed_at.date() if c.completed_at else None,
        )
        for c, who in rows
    ]


@in_org_date_style
def board_packet(session: Session, *, as_of: date, actor) -> BoardPacket:
    """Everything the packet prints, as of one day, in privacy mode."""
    require(actor, "packet.export")
    from gfj_core.services.board_meetings import meeting_detail, meetings_book
    from gfj_core.services.digest import since_last_meeting
    from gfj_core.services.financial_history import HISTORY_YEARS_SHOWN, financial_history
    from gfj_core.services.overview import board_scorecard

    actor = packet_reader(actor)

    card = board_scorecard(session, today=as_of, actor=actor, privacy=True)
    digest = since_last_meeting(session, today=as_of, actor=actor, privacy=True, scorecard=card)
    book = meetings_book(session, today=as_of, actor=actor)
    agenda = (
        meeting_detail(session, book.next_scheduled.id, actor=actor, today=as_of).agenda
        if book.next_scheduled
        else []
    )
    by_area: dict[str, list[Tile]] = {}
    for t in card.tiles:
        if t.area != "board":
            by_area.setdefault(t.area, []).append(t)
    areas = [
        PacketArea(key=key, title=AREA_TITLES.get(key, key), tiles=tiles)
        for key, tiles in by_area.items()
    ]
    return BoardPacket(
        organisation_name=card.overview.organisation_name,
        date_style=date_style().key,
        as_of=as_of,
        demo=card.overview.demo,
        scorecard=card,
        digest=digest,
        open_actions=book.open_actions,
        engagement=book.engagement,
        last_meeting=book.last_held,
        next_meeting=book.next_scheduled,
        next_meeting_agenda=agenda,
        areas=areas,
        milestones=_milestone_rows(session, as_of, actor),
        checklist=_checklist_rows(session, actor),
        history=financial_history(session, actor=actor).last(HISTORY_YEARS_SHOWN),
        **_financial_summary(session, as_of, actor),
    )


def _financial_summary(session: Session, as_of: date, reader) -> dict:
    """The board's finance measures and the statements at the newest month of accounts on or
    before `as_of`, for a reader who may see finances (the Finances page's rule,
    `finance.read`); nothing otherwise."""
    if reader is None or not can(reader.role, "finance.read"):
        return {}
    from gfj_core.measures import BOARD_FINANCE_KEYS
    from gfj_core.measures import FINANCE as FINANCE_MEASURES
    from gfj_core.services.finance_measures import finance_measures, finance_months
    from gfj_core.services.finance_statements import financial_statements

    month = next((m for m in finance_months(session, actor=reader) if m <= as_of), None)
    if month is None:
        return {}
    figures = finance_measures(session, as_of=month, actor=reader)
    measures = [
        PacketMeasure(
            name=FINANCE_MEASURES[key].name,
            value_text=FINANCE_MEASURES[key].text(getattr(figures, key)),
            light=figures.lights.get(key),
        )
        for key in BOARD_FINANCE_KEYS
    ]
    statements = financial_statements(session, as_of=month, actor=reader)
    return {"finances": statements, "finance_measures": measures}


# --- Charts ------------------------------------------------------------------------------------

INK = (27, 27, 27)
MUTED = (95, 90, 85)
BRAND = (122, 31, 43)
RULE = (228, 222, 214)
LIGHT_RGB = {
    Level.green: (0, 158, 115),
    Level.amber: (230, 159, 0),
    Level.red: (213, 94, 0),
    Level.none: (140, 140, 140),
}
LIGHT_MARK = {Level.green: "OK", Level.amber: "!", Level.red: "X", Level.none: "?"}
_server_started = False


def _ensure_kaleido() -> None:
    """One Chromium for all charts of the process (~0.15 s a chart instead of ~2.5 s)."""
    global _server_started
    if _server_started:
        return
    import kaleido

    try:
        kaleido.start_sync_server(silence_warnings=True)
    except Exception as exc:  # already running, or no browser: to_image still tries on its own
        log.info("kaleido sync server not started: %s", exc)
    _server_started = True


def _png(fig: go.Figure, width: int = 1000, height: int = 480) -> bytes | None:
    fig.update_layout(
        template="plotly_white",
        font=dict(family="Arial", size=18, color="#1B1B1B"),
        margin=dict(l=10, r=40, t=40, b=10),
        paper_bgcolor="white",
        plot_bgcolor="white",
        showlegend=fig.layout.showlegend if fig.layout.showlegend is not None else False,
    )
    try:
        _ensure_kaleido()
        with warnings.catch_warnings():
            # plotly passes browser options that a running kaleido server ignores; harmless.
            warnings.simplefilter("ignore", UserWarning)
            return fig.to_image(format="png", width=width, height=height, scale=2)
    except Exception as exc:
        log.warning("chart not drawn for the packet: %s", exc)
        return None


def _bars(
    labels, values, texts, *, suffix="%", xmax=110, colour="#0072B2", marker=None, dtick=None
):
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            text=texts,
            textposition="outside",
            cliponaxis=False,
            marker_color=colour,
        )
    )
    fig.update_layout(
        xaxis=dict(range=[0, xmax], ticksuffix=suffix, gridcolor="#E4DED6", dtick=dtick),
        yaxis=dict(autorange="reversed"),
        bargap=0.35,
    )
    if marker is not None:
        fig.add_vline(x=marker, line_width=3, line_dash="dash", line_color="#7A1F2B")
        fig.add_annotation(
            x=marker,
            y=1.08,
            yref="paper",
            text=f"Time elapsed {marker:.0f}%",
            showarrow=False,
            font=dict(color="#7A1F2B"),
        )
    return fig


def packet_charts(packet: BoardPacket) -> list[tuple[str, bytes | None]]:
    card = packet.scorecard
    ov = card.overview
    charts: list[tuple[str, go.Figure, int]] = []
    used = card.index.included
    if used:
        charts.append(
            (
                "Succession readiness index: each component's score",
                _bars(
                    [f"{c.label} ({c.normalised_weight:.0%})" for c in used],
                    [round(c.score * 100, 1) for c in used],
                    [f"{c.score:.0%}" for c in used],
                ),
                120 + 60 * len(used),
            )
        )

    def pct(x):
        return 0 if x is None else round(x * 100, 1)

    rows = [
        ("Milestones done", ov.milestones.done_share),
        ("Exit checklist done", ov.checklist.done_share),
        ("Authority transfers done", ov.checklist.authority_done_share),
    ]
    charts.append(
        (
            "Work done against time elapsed",
            _bars(
                [r[0] for r in rows],
                [pct(r[1]) for r in rows],
                ["no data" if r[1] is None else f"{r[1]:.0%}" for r in rows],
                marker=None
                if ov.transition_elapsed_share is None
                else ov.transition_elapsed_share * 100,
            ),
            330,
        )
    )
    r = ov.readiness
    counts = [
        ("Ready now", r.ready_now),
        ("Ready in 1-2 years", r.ready_1_2_years),
        ("Ready in 3+ years", r.ready_3_plus_years),
        ("Not rated", r.not_rated),
    ]
    top = max([n for _, n in counts] + [1])
    charts.append(
        (
            "Emerging leaders by readiness (counts)",
            _bars(
                [c[0] for c in counts],
                [c[1] for c in counts],
                [str(c[1]) for c in counts],
                suffix="",
                xmax=top + 1.5,
                colour="#009E73",
                dtick=1,
            ),
            330,
        )
    )
    e = packet.engagement
    if e.points:
        fig = go.Figure()
        for kind, colour in (("board", "#0072B2"), ("succession_committee", "#E69F00")):
            pts = [p for p in e.points if p.kind == kind and p.rate is not None]
            fig.add_trace(
                go.Bar(
                    x=[fmt_date(p.held_on) for p in pts],
                    y=[round(p.rate * 100) for p in pts],
                    name=KIND_LABELS[kind],
                    marker_color=colour,
                    text=[f"{p.present}/{p.invited}" for p in pts],
                    textposition="outside",
                    cliponaxis=False,
                )
            )
        fig.update_layout(
            barmode="group",
            showlegend=True,
            legend=dict(orientation="h", y=1.12, x=0),
            yaxis=dict(range=[0, 118], ticksuffix="%", title="Attended"),
            xaxis=dict(type="category"),
        )
        charts.append(("Board meeting attendance and committee participation", fig, 420))
    return [(title, _png(fig, height=h)) for title, fig, h in charts]


# --- PDF ---------------------------------------------------------------------------------------

FONT_CANDIDATES = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
)
# Without a Unicode font the core Helvetica (Latin-1) is used, with these stand-ins.
ASCII_STAND_INS = {
    "→": "->",
    "−": "-",
    "×": "x",
    "÷": "/",
    "½": "1/2",
    "·": "-",
    "…": "...",
    "–": "-",
    "—": "-",
    "’": "'",
    "“": '"',
    "”": '"',
}


class PacketPDF(FPDF):
    def __init__(self, packet: BoardPacket):
        super().__init__(orientation="portrait", unit="mm", format="Letter")
        self.packet = packet
        self.headings: list[tuple[int, str]] = []  # (page, text): kept with what follows
        self.table_headers: list[tuple[int, list[str]]] = []  # (page, columns) as drawn
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(auto=True, margin=18)
        self.unicode = False
        for regular, bold in FONT_CANDIDATES:
            if Path(regular).is_file() and Path(bold).is_file():
                self.add_font("Body", "", regular)
                self.add_font("Body", "B", bold)
                self.unicode = True
                break
        self.family = "Body" if self.unicode else "Helvetica"
        self.set_title(f"{packet.organisation_name}: board packet, {fmt_date(packet.as_of)}")
        self.set_author(packet.organisation_name)
        self.set_creator("gfj transition oversight")

    def text_(self, s: str) -> str:
        if self.unicode:
            return s
        for k, v in ASCII_STAND_INS.items():
            s = s.replace(k, v)
        return s.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False, colour=INK) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.font(8.5, colour=MUTED)
        self.cell(
            0,
            5,
            self.text_(
                f"{self.packet.organisation_name} · board packet · as of "
                f"{fmt_date(self.packet.as_of)} · aggregates only"
            ),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(5)

    def footer(self) -> None:
        self.set_y(-13)
        self.font(8.5, colour=MUTED)
        self.cell(0, 5, f"{self.page_no()}", align="R")

    # helpers
    def room(self) -> float:
        """Millimetres left above the bottom margin on this page."""
        return self.page_break_trigger - self.get_y()

    def keep(self, height: float) -> None:
        """Start a new page unless `height` mm still fit: a heading keeps its next block."""
        if self.room() < height:
            self.add_page()

    def h1(self, s: str, *, keep_with: float = 50) -> None:
        self.keep(12 + keep_with)
        self.headings.append((self.page_no(), s))
        self.font(20, bold=True, colour=BRAND)
        self.multi_cell(0, 9, self.text_(s), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def h2(self, s: str, *, keep_with: float = 22) -> None:
        self.keep(9 + keep_with)
        self.headings.append((self.page_no(), s))
        self.font(13.5, bold=True)
        self.multi_cell(0, 7, self.text_(s), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def h3(self, s: str, *, keep_with: float = 16) -> None:
        """A drill-down's title: kept with its first lines."""
        self.keep(6 + keep_with)
        self.headings.append((self.page_no(), s))
        self.para(s, size=10.5, bold=True)

    def para(self, s: str, size: float = 10.5, colour=INK, bold: bool = False) -> None:
        self.font(size, bold=bold, colour=colour)
        self.multi_cell(0, size * 0.5, self.text_(s), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def bullet(self, s: str, size: float = 10.5) -> None:
        self.font(size)
        x = self.l_margin
        self.set_x(x + 2)
        self.cell(4, size * 0.5, self.text_("·" if self.unicode else "-"))
        self.multi_cell(0, size * 0.5, self.text_(s), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def light(self, level: Level, word: str, w: float = 24) -> None:
        """A light as a coloured chip with its word: colour is never the only signal."""
        self.set_fill_color(*LIGHT_RGB[level])
        self.font(9.5, bold=True, colour=(255, 255, 255) if level != Level.amber else INK)
        self.cell(w, 6.5, self.text_(word), fill=True, align="C")

    def table(self, header: list[str], rows: list[list[str]], widths: list[float], size=9.0):
        def draw_header():
            self.font(size, bold=True)
            self.set_fill_color(244, 241, 236)
            for h, w in zip(header, widths, strict=True):
                self.cell(w, 7, self.text_(h), border="B", fill=True)
            self.ln(7)

        self.font(size)
        line = size * 0.48

        def height_of(row) -> float:
            texts = [self.text_(str(v)) for v in row]
            lines = max(
                len(self.multi_cell(w - 1, line, t, dry_run=True, output="LINES") or [""])
                for t, w in zip(texts, widths, strict=True)
            )
            return max(6.0, lines * line + 2)

        # The header never sits alone at the foot of a page: it starts where its first row fits,
        # and is drawn again at the top of every page the table continues on.
        self.keep(7 + (height_of(rows[0]) if rows else 0))
        self.table_headers.append((self.page_no(), list(header)))
        draw_header()
        self.font(size)
        for row in rows:
            texts = [self.text_(str(v)) for v in row]
            height = height_of(row)
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
                self.table_headers.append((self.page_no(), list(header)))
                draw_header()
                self.font(size)
            y = self.get_y()
            x = self.l_margin
            for t, w in zip(texts, widths, strict=True):
                self.set_xy(x, y + 1)
                self.multi_cell(w - 1, line, t, align="L")
                x += w
            self.set_xy(self.l_margin, y + height)
            self.set_draw_color(*RULE)
            self.line(self.l_margin, self.get_y(), self.l_margin + sum(widths), self.get_y())
        self.ln(3)


def _cover(pdf: PacketPDF, p: BoardPacket) -> None:
    pdf.add_page()
    pdf.ln(30)
    pdf.font(30, bold=True, colour=BRAND)
    pdf.multi_cell(0, 13, pdf.text_(p.organisation_name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.font(20)
    pdf.multi_cell(
        0, 10, "Board packet: leadership transition", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(6)
    ov = p.scorecard.overview
    lines = [f"Figures as of {fmt_date(p.as_of)}"]
    if p.next_meeting:
        lines.append(f"For: {p.next_meeting.title}, {fmt_date(p.next_meeting.held_on)}")
    if ov.departing_leader:
        lines.append(f"Departing: {ov.departing_leader}, {ov.departing_leader_title}")
    if ov.phase:
        lines.append(
            f"Phase {ov.phase.position} of {ov.phase.phases_total}: {ov.phase.name} · "
            f"{ov.days_to_handover:,} days to the planned handover"
            if ov.days_to_handover is not None
            else f"Phase {ov.phase.position} of {ov.phase.phases_total}: {ov.phase.name}"
        )
    for line in lines:
        pdf.para(line, size=12.5)
    if p.next_meeting_agenda:
        pdf.ln(4)
        pdf.para("Agenda", size=13, bold=True)
        for i, item in enumerate(p.next_meeting_agenda, start=1):
            pdf.para(f"{i}. {item}", size=11.5)
    pdf.ln(8)
    idx = p.scorecard.index
    if idx.value is not None:
        pdf.font(13, bold=True)
        label = pdf.text_(f"Succession readiness index: {idx.value:.0f} / 100")
        pdf.cell(pdf.get_string_width(label) + 4, 8, label)
        pdf.light(idx.light.level, idx.light.word)
        pdf.ln(12)
    pdf.para(
        "Privacy: this packet holds aggregates only. It never contains private notes, notes of "
        "any kind, or an individual leader's assessment scores or ratings.",
        size=9.5,
        colour=MUTED,
    )
    if p.demo:
        pdf.para(
            "Demo organization: The Gathering for Justice, its founder Harry Belafonte and its "
            "President & CEO are real; every other person and every figure is fictional.",
            size=9.5,
            colour=MUTED,
        )


def _scorecard_page(pdf: PacketPDF, p: BoardPacket) -> None:
    pdf.add_page()
    pdf.h1("Scorecard")
    card = p.scorecard
    for t in card.tiles:
        if pdf.get_y() > pdf.h - 40:
            pdf.add_page()
        pdf.font(11, bold=True)
        label = pdf.text_(t.label)
        while pdf.get_string_width(label) > 110 and pdf.font_size_pt > 8:
            pdf.set_font_size(pdf.font_size_pt - 0.5)
        pdf.cell(112, 7, label)
        pdf.font(14, bold=True, colour=BRAND)
        pdf.cell(40, 7, pdf.text_(t.value_text))
        pdf.light(t.light.level, t.light.word, w=28)
        trend = ""
        if len(t.trend) > 1:
            trend = "trend: " + " → ".join(f"{v:g}" for v in t.trend[-6:])
        pdf.ln(8)
        if t.caption:
            pdf.para(t.caption, size=9, colour=MUTED)
        if trend:
            pdf.para(
                f"{trend} ({t.trend_label})" if t.trend_label else trend, size=8.5, colour=MUTED
            )
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
        pdf.ln(3)
    pdf.para(
        f"Tiles from: {', '.join(card.areas_wired) or 'none'}."
        + (
            f" Not on the scorecard: {'; '.join(card.areas_missing)}." if card.areas_missing else ""
        ),
        size=8.5,
        colour=MUTED,
    )
    idx = card.index
    pdf.h2("How the succession readiness index is worked out")
    pdf.para(
        "The weighted mean of the components' scores; weights are organization settings, and "
        "components with no data (or that could not be computed) are left out with the other "
        "weights scaled up to fill 100%.",
        size=9.5,
    )
    pdf.para(f"Formula: {idx.formula}", size=9.5, bold=True)
    rows = [
        [
            c.label,
            "yes" if c.included else f"no: {c.reason}",
            f"{c.weight:g}",
            "—" if c.normalised_weight is None else f"{c.normalised_weight:.0%}",
            "—" if c.score is None else f"{c.score:.0%}",
            "—" if c.points is None else f"{c.points:.1f}",
        ]
        for c in idx.components
    ]
    pdf.table(
        ["Component", "Included", "Weight", "Used", "Score", "Points"],
        rows,
        [56, 52, 16, 18, 18, 20],
    )
    for c in idx.included:
        pdf.para(f"{c.label}: {c.formula}", size=8.5, colour=MUTED)


def _charts_page(pdf: PacketPDF, p: BoardPacket, charts) -> None:
    pdf.add_page()
    pdf.h1("Charts")
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for title, png in charts:
        if png is None:
            pdf.h2(title)
            pdf.para("(Chart not drawn: no browser was available to render it.)", colour=MUTED)
            continue
        from io import BytesIO

        from PIL import Image

        with Image.open(BytesIO(png)) as im:
            ratio = im.height / im.width
        height = width * ratio
        pdf.h2(title, keep_with=height + 2)  # the title moves with its chart, never alone
        pdf.image(BytesIO(png), w=width)
        pdf.ln(4)


def _digest_page(pdf: PacketPDF, p: BoardPacket) -> None:
    pdf.add_page()
    d = p.digest
    pdf.h1("Since the last board meeting")
    if d.since is None:
        pdf.para("No board meeting is on record yet.")
    else:
        pdf.para(
            f"Changes recorded since {d.since_title} ({fmt_date(d.since)}) up to "
            f"{fmt_date(d.until)}: {d.changes} in all.",
            colour=MUTED,
        )
    for s in d.sections:
        pdf.h2(f"{s.title} ({len(s.items)})")
        if not s.items:
            pdf.para("Nothing since the last meeting.", size=9.5, colour=MUTED)
        for item in s.items:
            when = f"{fmt_day_short(item.when)}: " if item.when else ""
            pdf.bullet(when + item.text, size=10)
        pdf.ln(2)


def _actions_page(pdf: PacketPDF, p: BoardPacket) -> None:
    pdf.ln(4)
    pdf.h1(f"Open action items ({len(p.open_actions)})", keep_with=40)
    pdf.para("Open items carry over to every later meeting until they are closed.", colour=MUTED)
    rows = [
        [
            a.title,
            a.owner_name or "—",
            fmt_date(a.due_date),
            fmt_date(a.raised_on),
            f"{a.times_carried_over}x" if a.times_carried_over else "new",
            "Overdue" if a.overdue else "",
        ]
        for a in p.open_actions
    ]
    pdf.table(
        ["Action", "Owner", "Due", "Raised", "Carried", "Flag"], rows, [66, 34, 23, 23, 16, 20]
    )
    e = p.engagement
    pdf.h2("Board engagement (last 12 months)")
    for line in (
        f"Board meetings held: {e.board_meetings_held}; attendance "
        + ("—" if e.board_attendance_rate is None else f"{e.board_attendance_rate:.0%}"),
        f"Succession committee meetings: {e.committee_meetings_held}; participation "
        + (
            "—"
            if e.committee_participation_rate is None
            else f"{e.committee_participation_rate:.0%}"
        ),
        f"Board members in committee work: {e.board_members_in_committee_work} of {e.board_members}",
    ):
        pdf.bullet(line)


def _area_pages(pdf: PacketPDF, p: BoardPacket) -> None:
    # One flowing section, not a half-empty page per area: each area's title keeps its first
    # tile with it, each tile's heading its light and caption.
    pdf.add_page()
    for area in p.areas:
        if pdf.get_y() > pdf.t_margin + 20:
            pdf.ln(4)
        pdf.h1(area.title, keep_with=40)
        for t in area.tiles:
            pdf.h2(f"{t.label}: {t.value_text}", keep_with=30)
            pdf.light(t.light.level, t.light.word)
            pdf.ln(9)
            if t.caption:
                pdf.para(t.caption, size=9.5, colour=MUTED)
            for d in t.drill:
                pdf.h3(d.title)
                for r in d.rows:
                    pdf.bullet(f"{r.label}: {r.value}", size=9.5)
                if d.table:
                    n = len(d.columns)
                    total = pdf.w - pdf.l_margin - pdf.r_margin
                    first = total * (0.4 if n > 3 else 0.5)
                    rest = (total - first) / max(1, n - 1)
                    pdf.table(d.columns, d.table, [first] + [rest] * (n - 1), size=8.5)
                if d.note:
                    pdf.para(d.note, size=8.5, colour=MUTED)


def _money(v: int | None) -> str:
    return "—" if v is None else f"{'−' if v < 0 else ''}${abs(v):,}"


def _dollars(v: float | None) -> str:
    return "—" if v is None else _money(round(v))


def _finance_page(pdf: PacketPDF, p: BoardPacket) -> None:
    """One page: the finance measures with their lights, the statement of activities (the
    month and the fiscal year to date against budget) and the balance-sheet summary."""
    f = p.finances
    if f is None:
        return
    pdf.add_page()
    pdf.h1("Financial summary")
    pdf.para(
        f"Monthly accounts to {fmt_month(f.as_of)}; fiscal year to date from "
        f"{fmt_month(f.ytd_start)} ({f.ytd_months} months). Whole dollars.",
        size=9.5,
        colour=MUTED,
    )
    if p.finance_measures:
        # Two measures to a row: the whole summary stays on one page.
        cells = [
            [m.name, m.value_text, m.light.word if m.light else "—"] for m in p.finance_measures
        ]
        if len(cells) % 2:
            cells.append(["", "", ""])
        rows = [a + b for a, b in zip(cells[::2], cells[1::2], strict=True)]
        pdf.table(["Measure", "Value", "Light"] * 2, rows, [54, 20, 16] * 2, size=8)
    pdf.h2("Statement of activities")
    pdf.table(
        ["Line", "This month", "Year to date", "Budget to date", "Against budget"],
        [
            [
                ("  " if not r.total else "") + r.label,
                _dollars(r.month),
                _dollars(r.ytd),
                _dollars(r.ytd_budget),
                _dollars(r.ytd_variance) + (f" ({r.light.word})" if r.light is not None else ""),
            ]
            for r in f.activities
        ],
        [72, 24, 26, 28, 30],
        size=8,
    )
    pdf.h2("Balance sheet summary")
    start = f"End of FY, {fmt_month(f.year_start)}" if f.year_start else "Year start"
    pdf.table(
        ["Line", f"At {fmt_month(f.as_of)}", start, "Change"],
        [
            [
                ("  " if not r.total else "") + r.label + (" (memo)" if r.memo else ""),
                _dollars(r.now),
                _dollars(r.year_start),
                _dollars(r.change),
            ]
            for r in f.balance_sheet
        ],
        [72, 36, 40, 32],
        size=8,
    )


def _history_page(pdf: PacketPDF, p: BoardPacket) -> None:
    """Five fiscal years as filed on Form 990, with the monthly accounts beside them."""
    pdf.add_page()
    pdf.h1("Five-year financial history (Form 990)")
    if not p.history:
        pdf.para("No Form 990 returns have been imported.", colour=MUTED)
        return
    years = p.history
    pdf.para(
        f"Fiscal years {years[0].tax_year} to {years[-1].tax_year} as filed with the IRS, in "
        "whole dollars. Lights use the same thresholds as the monthly measures."
        + (" These returns are fictional demo data." if any(y.fictional for y in years) else ""),
        size=9.5,
        colour=MUTED,
    )

    def light(y, key):
        lt = y.lights.get(key)
        return f" ({lt.word})" if lt is not None and lt.level != Level.none else ""

    rows = [
        [
            f"{y.tax_year}{' amended' if y.amended else ''}",
            y.form,
            _money(y.total_revenue),
            _money(y.total_expenses),
            _money(y.surplus),
            ("—" if y.program_expense_ratio is None else f"{y.program_expense_ratio:.1%}")
            + light(y, "program_expense_ratio"),
            _money(y.net_assets_eoy),
            ("—" if y.months_of_cash_eoy is None else f"{y.months_of_cash_eoy:.1f}")
            + light(y, "months_of_cash_eoy"),
        ]
        for y in years
    ]
    pdf.table(
        ["Year", "Form", "Revenue", "Expenses", "Surplus", "Program ratio", "Net assets",
         "Months of cash"],
        rows,
        [20, 15, 24, 24, 22, 26, 24, 29],
    )  # fmt: skip
    compared = [y for y in years if y.monthly is not None]
    if compared:
        pdf.h2("The returns beside the monthly accounts")
        pdf.table(
            ["Year", "Months", "Revenue, return", "Revenue, months", "Difference",
             "Expenses, months", "Difference"],
            [
                [
                    str(y.tax_year),
                    f"{y.monthly.months_on_file} of {y.monthly.months_in_period}",
                    _money(y.total_revenue),
                    _money(y.monthly.revenue_from_months) if y.monthly.complete else "partial",
                    _money(y.monthly.revenue_difference) if y.monthly.complete else "—",
                    _money(y.monthly.expenses_from_months) if y.monthly.complete else "partial",
                    _money(y.monthly.expenses_difference) if y.monthly.complete else "—",
                ]
                for y in compared
            ],
            [16, 18, 30, 30, 24, 30, 24],
        )  # fmt: skip
    pdf.para(
        "Program ratio = program service expenses ÷ total expenses; months of cash = (cash + "
        "savings at year end) ÷ total expenses × 12. A 990-EZ reports no management or "
        "fundraising split.",
        size=8.5,
        colour=MUTED,
    )


def render_packet_pdf(
    packet: BoardPacket, *, progress: Progress | None = None, charts: bool = True
) -> bytes:
    """The packet as PDF bytes. `progress(share, what)` is told as each part is done."""
    with using_date_style(packet.date_style):
        return _render(packet, progress, charts)


def _render(packet: BoardPacket, progress: Progress | None, charts: bool) -> bytes:
    say = progress or (lambda _share, _what: None)
    say(0.05, "Drawing the charts")
    drawn = packet_charts(packet) if charts else []
    say(0.6, "Laying out the pages")
    pdf = PacketPDF(packet)
    _cover(pdf, packet)
    _scorecard_page(pdf, packet)
    if drawn:
        _charts_page(pdf, packet, drawn)
    _digest_page(pdf, packet)
    _actions_page(pdf, packet)
    _finance_page(pdf, packet)
    _history_page(pdf, packet)
    _area_pages(pdf, packet)
    pdf.set_creation_date(datetime.combine(packet.as_of, datetime.min.time()))
    say(0.95, "Writing the PDF")
    return bytes(pdf.output())
