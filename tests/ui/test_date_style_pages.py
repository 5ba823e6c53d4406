"""The organisation's date style on screen (issue 22, item 6): set to international on the demo,
every page (the timeline and the overview among them) writes every date as "1 Dec 2026", types
dates as DD/MM/YYYY and shows date cells as D MMM YYYY; the admin changes the style on the
Settings page."""

import json
from datetime import date, datetime

import pytest

from gfj_core.access import ORG_ROLES, PAGES, Role
from gfj_core.db import session_scope
from gfj_core.formatting import DATE_STYLES
from gfj_core.schemas.auth import SYSTEM
from gfj_core.services.org_settings import load_org_settings, set_org_setting
from tests.conftest import demo_actor
from tests.date_patterns import dates_in, foreign_dates
from tests.ui.apptest import open_page, page_text

TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "text", "error",
                 "warning", "info", "success")  # fmt: skip


def _words(at) -> str:
    """What the page wrote as text (tables are checked by their column formats)."""
    parts = [str(el.value) for kind in TEXT_ELEMENTS for el in getattr(at, kind)]
    parts += [e.label for e in at.expander] + [m.value for m in at.metric]
    return "\n".join(parts)


def _date_columns_formats(at) -> dict[str, str | None]:
    """Each table column holding dates, with the format its cells are shown in."""
    formats = {}
    for i, frame in enumerate(at.dataframe):
        config = json.loads(frame.proto.columns or "{}")
        data = frame.value
        for name in data.columns:
            sample = next((v for v in data[name] if v is not None and v == v), None)
            if isinstance(sample, date | datetime):
                fmt = config.get(name, {}).get("type_config", {}).get("format")
                formats[f"table {i}: {name}"] = fmt
    return formats


# Examples of how an import file may write its dates (machine formats, not the app's own).
IMPORT_FORMAT_EXAMPLES = {"pages/surveys.py": ("2026-07-14", "7/14/2026", "07/14/2026")}


def _role_for(spec) -> str:
    return "admin" if Role.admin in spec.roles else sorted(r.value for r in spec.roles)[0]


# The supporter's Portfolio belongs to no one organisation (it sets side by side organisations
# that may each use another style), so no organisation's date style applies there (ui/guard).
ORGANISATION_PAGES = [spec for spec in PAGES if spec.roles & ORG_ROLES]


@pytest.mark.parametrize("spec", ORGANISATION_PAGES, ids=lambda spec: spec.key)
def test_every_page_follows_the_international_style(demo_db, spec):
    with session_scope(demo_db, write=True, actor=SYSTEM) as s:
        set_org_setting(s, "date_style", "international", actor=SYSTEM)
    style = DATE_STYLES["international"]
    at = open_page(demo_actor(demo_db, _role_for(spec)), spec.path)
    assert not at.exception
    words = _words(at)
    for example in IMPORT_FORMAT_EXAMPLES.get(spec.path, ()):
        words = words.replace(example, "")
    if spec.path in ("pages/timeline.py", "pages/overview.py"):
        assert len(dates_in("international", words)) >= 5, words
    assert foreign_dates("international", words) == {}
    for widget in at.date_input:
        assert widget.proto.format == style.input, widget.key
    formats = _date_columns_formats(at)
    assert all(f in (style.grid, style.grid_datetime) for f in formats.values()), formats


def test_the_timeline_reads_us_dates_by_default(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), "pages/timeline.py")
    words = _words(at)
    assert len(dates_in("us", words)) >= 5
    assert foreign_dates("us", words) == {}
    assert {w.proto.format for w in at.date_input} == {"MM/DD/YYYY"}
    assert set(_date_columns_formats(at).values()) <= {"MMM D, YYYY", "MMM D, YYYY HH:mm"}


def test_the_admin_changes_the_date_style_on_the_settings_page(demo_db):
    at = open_page(demo_actor(demo_db, "admin"), "pages/settings.py")
    assert not at.exception
    choice = at.selectbox(key="settings_organisation_date_style")
    assert choice.value == "us"
    assert choice.options == [s.label for s in DATE_STYLES.values()]
    choice.set_value("international")
    at.button(key="FormSubmitter:settings_organisation_form-Save organization").click()
    at.run()
    assert "Organization saved." in page_text(at)
    with session_scope(demo_db) as s:
        assert load_org_settings(s).date_style == "international"
    # The same run already types dates the new way.
    assert at.date_input(key="settings_transition_start").proto.format == "DD/MM/YYYY"


def test_the_ceo_sees_the_date_style_but_cannot_change_it(demo_db):
    at = open_page(demo_actor(demo_db, "ceo"), "pages/settings.py")
    assert at.selectbox(key="settings_organisation_date_style").disabled
