"""The admin's sharing panel on Organization settings (issue 20): what is shared, stopping it
(audited), and sharing with a registered supporter; the CEO does not see the panel."""

from __future__ import annotations

from sqlalchemy import func, select

from gfj_core.db import session_scope
from gfj_core.models import AuditLog
from gfj_core.schemas.portfolio import ShareGrant
from gfj_core.services.sharing import current_sharing, grant_sharing
from tests.conftest import demo_actor
from tests.ui.apptest import open_page, page_text

PAGE = "pages/settings.py"


def _figures(at):
    return next(m for m in at.multiselect if m.label.startswith("Figures to share"))


def _grant(engine, figures=("readiness_index", "months_of_cash")):
    admin = demo_actor(engine, "admin")
    with session_scope(engine, write=True, actor=admin) as s:
        grant_sharing(
            s, ShareGrant(supporter_key="fellowship", supporter_name="The Fellowship",
                          figures=list(figures)), actor=admin,
        )  # fmt: skip


def test_the_admin_sees_nothing_shared_then_what_is_shared_and_stops_it(demo_db):
    admin = demo_actor(demo_db, "admin")
    at = open_page(admin, PAGE)
    assert not at.exception
    text = page_text(at)
    assert "Sharing with supporters" in text and "Nothing is shared with any supporter." in text
    _grant(demo_db)
    at.run()
    text = page_text(at)
    assert "The Fellowship" in text
    assert "succession readiness index, months of cash" in text
    at.button(key="share_revoke_fellowship_go").click().run()
    assert not at.exception
    assert "Stopped sharing with The Fellowship." in page_text(at)
    with session_scope(demo_db) as s:
        state = current_sharing(s, actor=admin)
        revoked = s.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(AuditLog.entity == "portfolio_share", AuditLog.field == "revoked_by")
        )
    assert state.current == [] and [p.revoked_by for p in state.past] == ["admin"]
    assert revoked == 1
    assert "Nothing is shared with any supporter." in page_text(at)


def test_the_ceo_does_not_see_the_sharing_panel(demo_db):
    _grant(demo_db)
    at = open_page(demo_actor(demo_db, "ceo"), PAGE)
    assert not at.exception
    text = page_text(at)
    assert "Sharing with supporters" not in text and "The Fellowship" not in text


def test_the_admin_shares_chosen_figures_with_a_registered_supporter(demo_db):
    from gfj_core.supporters import add_supporter
    from gfj_core.tenancy import registry_engine

    with session_scope(registry_engine(), write=True) as s:
        add_supporter(s, key="bridgeway", name="Bridgeway Fellowship")
    admin = demo_actor(demo_db, "admin")
    at = open_page(admin, PAGE)
    next(b for b in at.selectbox if b.label == "Supporter").select("bridgeway")
    _figures(at).set_value(["readiness_index", "months_of_cash"])
    at.button(key="FormSubmitter:share_grant_form-Share these figures").click().run()
    assert not at.exception
    assert "Sharing 2 figures with Bridgeway Fellowship." in page_text(at)
    with session_scope(demo_db) as s:
        (share,) = current_sharing(s, actor=admin).current
    assert (share.supporter_key, share.figures, share.granted_by) == (
        "bridgeway", ["readiness_index", "months_of_cash"], "admin",
    )  # fmt: skip
    _figures(at).set_value([])  # the saved form comes back with new keys (ui.forms.form_key)
    at.button(key="FormSubmitter:share_grant_form-Share these figures").click().run()
    assert "choose at least one figure to share" in " ".join(e.value for e in at.error)
