"""Demo loader: funders, 36 months of accounts, gifts, programmes and three Form 990 returns
(fictional figures, fictional pay).

The CSV files are read through the same import code a treasurer's upload goes through, so the
demo proves the import formats (data/demo/finance/generate.py wrote them)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gfj_core.demo.organisation import people_by_name
from gfj_core.demo.source import read_yaml
from gfj_core.imports import form990
from gfj_core.imports.common import read_table
from gfj_core.imports.financials import parse_financials, write_financials
from gfj_core.imports.funders import known_people, parse_funders, write_funders
from gfj_core.imports.gifts import parse_gifts, write_gifts
from gfj_core.models.finance import Funder, Programme, ProgrammeFunding


def _table(folder: Path, name: str):
    return read_table(name, (folder / name).read_bytes())


def load(session: Session, demo_dir: Path) -> None:
    folder = demo_dir / "finance"

    funders, new_people, problems = parse_funders(
        _table(folder, "funders.csv"), known_people(session)
    )
    problems.raise_if_any("demo funders.csv")
    write_funders(session, funders, new_people)

    months, problems = parse_financials(_table(folder, "accounts.csv"))
    problems.raise_if_any("demo accounts.csv")
    write_financials(session, months)

    gifts, problems = parse_gifts(_table(folder, "gifts.csv"))
    problems.raise_if_any("demo gifts.csv")
    write_gifts(session, gifts)

    people = people_by_name(session)
    funder_ids = dict(session.execute(select(Funder.name, Funder.id)).all())
    for p in read_yaml("finance/programmes.yaml", demo_dir)["programmes"]:
        programme = Programme(
            name=p["name"],
            description=p.get("description"),
            lead_person_id=people[p["lead"]].id if p.get("lead") else None,
            backup_person_id=people[p["backup"]].id if p.get("backup") else None,
            annual_cost_cents=int(p["annual_cost"] * 100),
        )
        session.add(programme)
        session.flush()
        for line in p["funding"]:
            session.add(
                ProgrammeFunding(
                    programme_id=programme.id,
                    funder_id=funder_ids[line["funder"]] if line.get("funder") else None,
                    source=line.get("source"),
                    amount_cents=int(line["amount"] * 100),
                    status=line["status"],
                    starts_on=line["starts"],
                    ends_on=line["ends"],
                )
            )

    # Three fictional returns (2023-2025), read by the same code as an upload and marked
    # fictional (data/demo/finance/generate_form990.py wrote them from accounts.csv).
    files = [(p.name, p.read_bytes()) for p in sorted((folder / "form990").glob("*.xml"))]
    batch = form990.parse_batch(files, form990.returns_on_file(session))
    form990.raise_if_any(batch)
    form990.write_returns(session, batch.returns, fictional=True)
