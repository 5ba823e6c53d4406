"""Notifications (admin): the SMTP set-up, a test email, and what the last `gfj notify` runs sent
and what failed. Sending itself is the command's job (cron or a systemd timer)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gfj_core.errors import GfjError
from gfj_core.formatting import fmt_datetime
from gfj_core.services.notify import notification_log, send_test_email
from ui.data import call, read
from ui.guard import require_page
from ui.widgets import data_table, fmt_date

actor = require_page("notifications")

st.title("Notifications")
st.caption(
    "Reminder emails go out when `gfj notify` runs (daily, from cron or a systemd timer: see "
    "the README). Each message is sent once; one that failed is tried again at the next run."
)
log = read(notification_log, actor)

with st.container(border=True):
    st.markdown(f"**SMTP server**: {log.smtp_summary}")
    st.markdown(
        "**Password**: "
        + (
            "set (from `GFJ_SMTP_PASSWORD`)"
            if log.password_set
            else "not set (`GFJ_SMTP_PASSWORD` in the environment or secrets.toml, if needed)"
        )
    )
    st.caption(
        "Change the server with `gfj config set email.smtp_host mail.example.org` (and "
        "`email.smtp_port`, `email.smtp_security`, `email.smtp_username`, `email.from_address`, "
        "`email.app_url`)."
    )
    with st.form("test_email", border=False):
        to = st.text_input("Send a test email to", key="test_email_to")
        send = st.form_submit_button("Send a test email", disabled=not log.configured)
    if send:
        try:
            st.success(call(send_test_email, actor, to_address=to))
        except GfjError as exc:
            st.error(str(exc))

st.subheader("Last runs")
if not log.runs:
    st.caption("`gfj notify` has not run yet.")
for run in log.runs:
    failed = f", **{run.failed} failed**" if run.failed else ""
    title = f"{fmt_datetime(run.started_at)} · for {fmt_date(run.today)} · {run.sent} sent{failed}"
    with st.expander(title, expanded=run is log.runs[0]):
        if not run.notifications:
            st.caption("Nothing was due.")
            continue
        data_table(
            pd.DataFrame(
                [
                    {
                        "Status": n.status,
                        "Kind": n.kind.replace("_", " "),
                        "To": f"{n.person_name} <{n.to_address}>",
                        "Subject": n.subject,
                        "Error": n.error or "",
                    }
                    for n in run.notifications
                ]
            ),
            hide_index=True,
            width="stretch",
        )
