"""The admin's panel on Organization settings (issue 20): share aggregate figures with an outside
supporter, choose which, stop sharing. Sharing is this organisation's decision alone; both the
grant and the revoke are in its audit trail."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from gfj_core.db import session_scope
from gfj_core.formatting import fmt_datetime
from gfj_core.schemas.portfolio import ShareGrant, ShareRevoke
from gfj_core.services.sharing import (
    DEFAULT_FIGURES,
    SHAREABLE_FIGURES,
    current_sharing,
    grant_sharing,
    revoke_sharing,
)
from gfj_core.supporters import list_supporters
from gfj_core.tenancy import registry_engine, registry_exists
from ui.data import read
from ui.forms import form_key, form_value, save_form, show_confirmation, show_field_problem

FLASH = "sharing_flash"
P = "share_grant_"


def registered_supporters() -> dict[str, str]:
    """The registry's supporters, key -> name: their names only (an operator adds them)."""
    if not registry_exists():
        return {}
    with session_scope(registry_engine()) as s:
        return {x.key: x.name for x in list_supporters(s)}


def _figure_words(keys) -> str:
    return ", ".join(SHAREABLE_FIGURES[k].lower() for k in keys)


def sharing_panel(actor, supporters: Mapping[str, str]) -> None:
    """`supporters`: the registry's supporters, key -> name (empty: none registered yet)."""
    st.subheader("Sharing with supporters")
    st.caption(
        "A fellowship or funder accompanying this transition sees the figures you share here, "
        "side by side with other organizations': aggregates only, as they stand now (each change "
        "here, such as an imported month, updates them). Never names, notes or individual "
        "scores. Stopping takes effect at their next click."
    )
    show_confirmation(FLASH)
    state = read(current_sharing, actor)
    if not state.current:
        st.info("Nothing is shared with any supporter.", icon=":material/lock:")
    for share in state.current:
        with st.container(border=True):
            st.markdown(f"**{share.supporter_name}**")
            st.caption(
                f"Shared since {fmt_datetime(share.granted_at)} by {share.granted_by}: "
                + _figure_words(share.figures)
            )
            rp = f"share_revoke_{share.supporter_key}_"
            if st.button("Stop sharing", key=rp + "go", icon=":material/block:"):
                save_form(
                    rp,
                    lambda s=share: ShareRevoke(
                        supporter_key=s.supporter_key, expected_version=s.version
                    ),
                    revoke_sharing,
                    actor,
                    flash_key=FLASH,
                    flash=lambda d, s=share: f"Stopped sharing with {s.supporter_name}.",
                )
            show_field_problem(st.session_state.get(rp + "errors", {}), "supporter")
    if not supporters:
        st.caption("No supporter is registered yet (an operator adds them: `gfj supporter add`).")
        return
    current = {s.supporter_key: s for s in state.current}
    with st.form("share_grant_form", border=True):
        st.markdown("**Share with a supporter**, or change what a supporter sees")
        st.selectbox(
            "Supporter", list(supporters), format_func=lambda k: supporters[k],
            key=form_key(P, "supporter_key"),
        )  # fmt: skip
        st.multiselect(
            "Figures to share (aggregates only)",
            list(SHAREABLE_FIGURES),
            default=list(DEFAULT_FIGURES),
            format_func=SHAREABLE_FIGURES.get,
            key=form_key(P, "figures"),
        )
        errors = st.session_state.get(P + "errors", {})
        show_field_problem(errors, "figures")
        show_field_problem(errors, "supporter_key")
        go = st.form_submit_button("Share these figures", type="primary")
    if go:
        key = form_value(P, "supporter_key")
        save_form(
            P,
            lambda: ShareGrant(
                supporter_key=key,
                supporter_name=supporters.get(key, key),
                figures=form_value(P, "figures"),
            ),
            grant_sharing,
            actor,
            flash_key=FLASH,
            flash=lambda d: f"Sharing {len(d.figures)} figures with {d.supporter_name}.",
            expected_version=current[key].version if key in current else None,
        )
    if state.past:
        with st.expander("Shared before", icon=":material/history:"):
            for p in state.past:
                st.text(
                    f"{p.supporter_name}: from {fmt_datetime(p.granted_at)} ({p.granted_by}) "
                    f"to {fmt_datetime(p.revoked_at)} ({p.revoked_by})"
                )
