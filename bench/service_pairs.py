"""Service / hand-written SQL pairs, one per board-level service."""

from __future__ import annotations

from bench.services import pair
from bench.synth import TODAY
from gfj_core.services.overview import board_overview

pair(
    "overview.board_overview",
    lambda s, actor: board_overview(s, today=TODAY, actor=actor),
    """
    SELECT
      (SELECT json_group_object(key, value_json) FROM setting),
      (SELECT json_array(count(*), sum(status = 'done'),
              sum(status != 'done' AND forecast_finish >= :today AND forecast_finish <= date(:today, '+30 day')),
              sum(status != 'done' AND forecast_finish < :today),
              sum(forecast_finish > baseline_finish)) FROM milestone),
      (SELECT json_array(sum(status != 'not_applicable'), sum(status = 'done'),
              sum(status != 'not_applicable' AND is_authority_transfer),
              sum(status = 'done' AND is_authority_transfer)) FROM checklist_item),
      (SELECT json_group_object(r, n) FROM (SELECT coalesce(readiness, 'not_rated') AS r, count(*) AS n
              FROM emerging_leader WHERE status = 'active' GROUP BY r)),
      (SELECT json_group_array(json_array(name, position, start_date, end_date))
              FROM (SELECT * FROM phase ORDER BY position))
    """,
    today=TODAY.isoformat(),
)
