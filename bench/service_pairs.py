"""Service / hand-written SQL pairs: the main aggregate service of each area against one SQL
statement computing the same figures (SQLite dialect; the bench runs on SQLite).

Where a service returns more than its aggregate (a trend, a list for a table), the SQL returns
the same rows too, so the ratio is the cost of our Python (ORM, pydantic, rules) over SQLite's."""

from __future__ import annotations

from bench.services import pair
from bench.synth import TODAY
from gfj_core.metrics.evaluation import previous_period
from gfj_core.services.audit_trail import AuditFilters, audit_entries
from gfj_core.services.board_meetings import meetings_book
from gfj_core.services.checklist import checklist_view
from gfj_core.services.community import engagement_summary, years_to
from gfj_core.services.continuity import knowledge_register
from gfj_core.services.leadership import leaders_overview
from gfj_core.services.overview import board_overview
from gfj_core.services.surveys import survey_results

YEAR_START, YEAR_END = years_to(TODAY)
PREV_START, PREV_END = previous_period(YEAR_START, YEAR_END)

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

# Leaders page: one row per leader (mentors, latest-score competency average now and a quarter
# ago, sessions in 90 days and the last one, goal progress, core training, exposures). The
# service also builds the readiness trend, the talent grid, stale mentorships and the KPIs; the
# SQL adds the readiness trend's counts so the two do comparable work.
pair(
    "leadership.leaders_overview",
    lambda s, actor: leaders_overview(s, today=TODAY, actor=actor),
    """
    WITH latest AS (
      SELECT leader_id, competency_id, score, assessed_on,
             row_number() OVER (PARTITION BY leader_id, competency_id
                                ORDER BY assessed_on DESC, a.id DESC) AS rn
      FROM competency_assessment a JOIN competency c ON c.id = a.competency_id AND c.active
      WHERE assessed_on <= :today),
    latest_q AS (
      SELECT leader_id, competency_id, score,
             row_number() OVER (PARTITION BY leader_id, competency_id
                                ORDER BY assessed_on DESC, a.id DESC) AS rn
      FROM competency_assessment a JOIN competency c ON c.id = a.competency_id AND c.active
      WHERE assessed_on <= date(:today, '-3 months')),
    now_avg AS (SELECT leader_id, avg(score) AS a FROM latest WHERE rn = 1 GROUP BY leader_id),
    q_avg AS (SELECT leader_id, avg(score) AS a FROM latest_q WHERE rn = 1 GROUP BY leader_id),
    ses AS (SELECT leader_id, sum(held_on > date(:today, '-90 day')) AS recent, max(held_on) AS last
            FROM mentoring_session WHERE held_on <= :today GROUP BY leader_id),
    goals AS (SELECT leader_id, avg(progress_pct) AS g FROM development_goal
              WHERE status != 'dropped' GROUP BY leader_id),
    tr AS (SELECT leader_id, count(*) AS n FROM training_completion t
           JOIN training_module m ON m.id = t.module_id AND m.is_core
           WHERE completed_on <= :today GROUP BY leader_id),
    ex AS (SELECT leader_id, count(*) AS n FROM strategic_exposure
           WHERE occurred_on <= :today GROUP BY leader_id),
    men AS (SELECT ms.leader_id, group_concat(p.full_name, ', ') AS names
            FROM mentorship ms JOIN person p ON p.id = ms.mentor_person_id
            WHERE ms.ended_on IS NULL GROUP BY ms.leader_id),
    trend AS (SELECT strftime('%Y-%m', rated_on) AS m, level, count(*) AS n
              FROM readiness_rating WHERE rated_on <= :today GROUP BY m, level)
    SELECT l.id, p.full_name, l.target_role, l.status, l.cohort_start, l.readiness, men.names,
           now_avg.a, q_avg.a, ses.recent, ses.last, goals.g, tr.n, ex.n,
           (SELECT json_group_array(json_array(m, level, n)) FROM trend)
    FROM emerging_leader l JOIN person p ON p.id = l.person_id
    LEFT JOIN men ON men.leader_id = l.id
    LEFT JOIN now_avg ON now_avg.leader_id = l.id
    LEFT JOIN q_avg ON q_avg.leader_id = l.id
    LEFT JOIN ses ON ses.leader_id = l.id
    LEFT JOIN goals ON goals.leader_id = l.id
    LEFT JOIN tr ON tr.leader_id = l.id
    LEFT JOIN ex ON ex.leader_id = l.id
    ORDER BY l.status != 'active', l.readiness, p.full_name
    """,
    today=TODAY.isoformat(),
)

# Board meetings: every meeting with invited, present, decisions and actions raised.
pair(
    "board_meetings.meetings_book",
    lambda s, actor: meetings_book(s, today=TODAY, actor=actor),
    """
    SELECT m.id, m.held_on, m.kind, m.title, m.status, m.version,
           (SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = m.id),
           (SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = m.id AND a.attended),
           (SELECT count(*) FROM meeting_decision d WHERE d.meeting_id = m.id),
           (SELECT count(*) FROM action_item i WHERE i.raised_meeting_id = m.id)
    FROM board_meeting m ORDER BY m.held_on DESC, m.id DESC
    """,
)

# Exit checklist: every item with its owner (20,000 at 100x), and the counts by category.
pair(
    "checklist.checklist_view",
    lambda s, actor: checklist_view(s, today=TODAY, actor=actor),
    """
    SELECT c.id, c.category, c.title, c.status, c.due_date, c.is_authority_transfer,
           c.evidence, c.resolution_date, c.completed_at, c.version, o.full_name,
           sum(c.status = 'done') OVER (PARTITION BY c.category),
           sum(c.status != 'not_applicable') OVER (PARTITION BY c.category)
    FROM checklist_item c LEFT JOIN person o ON o.id = c.owner_person_id
    ORDER BY c.category, c.due_date IS NULL, c.due_date, c.id
    """,
)

# Knowledge register: each function with how many people can do it, and whether only the
# departing leader (person 2 in bench.synth) can.
pair(
    "continuity.knowledge_register",
    lambda s, actor: knowledge_register(s, actor=actor),
    """
    SELECT f.id, f.name, f.area, f.documentation, f.version,
           count(k.id) FILTER (WHERE k.level IN ('can_do', 'expert')),
           count(k.id) FILTER (WHERE k.level = 'learning'),
           count(k.id) FILTER (WHERE k.level IN ('can_do', 'expert') AND k.person_id != 2),
           group_concat(p.full_name || ':' || k.level, '; ')
    FROM knowledge_function f
    LEFT JOIN knowledge_capability k ON k.function_id = f.id
    LEFT JOIN person p ON p.id = k.person_id
    GROUP BY f.id ORDER BY f.area, f.name
    """,
)

# Community engagement, the last 12 months: totals, the 12 months before, and breakdowns by
# month, state, kind and programme.
_SUMS = (
    "count(*), coalesce(sum(participants), 0), coalesce(sum(new_participants), 0), "
    "coalesce(sum(feedback_count), 0), sum(feedback_score * feedback_count)"
)
pair(
    "community.engagement_summary",
    lambda s, actor: engagement_summary(s, start=YEAR_START, end=YEAR_END, actor=actor),
    f"""
    WITH e AS (SELECT * FROM community_event WHERE held_on >= :start AND held_on <= :end)
    SELECT 'total', NULL, {_SUMS} FROM e
    UNION ALL SELECT 'previous', NULL, {_SUMS} FROM community_event
      WHERE held_on >= :pstart AND held_on <= :pend
    UNION ALL SELECT 'month', strftime('%Y-%m', held_on), {_SUMS} FROM e GROUP BY 2
    UNION ALL SELECT 'state', state, {_SUMS} FROM e GROUP BY 2
    UNION ALL SELECT 'kind', kind, {_SUMS} FROM e GROUP BY 2
    UNION ALL SELECT 'programme', p.name, {_SUMS.replace("count(*)", "count(e.id)")}
      FROM e LEFT JOIN community_programme p ON p.id = e.programme_id GROUP BY e.programme_id
    """,
    start=YEAR_START.isoformat(),
    end=YEAR_END.isoformat(),
    pstart=PREV_START.isoformat(),
    pend=PREV_END.isoformat(),
)

# Surveys: the latest round of values alignment beside the round before, every question's
# distribution (averages and counts follow from it).
pair(
    "surveys.survey_results",
    lambda s, actor: survey_results(s, survey_key="values_alignment", actor=actor),
    """
    WITH r AS (SELECT id FROM survey_round
               WHERE survey_id = (SELECT id FROM survey WHERE key = 'values_alignment')
               ORDER BY closed_on DESC, id DESC LIMIT 2)
    SELECT a.round_id, q.position, q.key, a.score, a.choice, count(*),
           count(DISTINCT a.response_id)
    FROM survey_answer a JOIN survey_question q ON q.id = a.question_id
    WHERE a.round_id IN (SELECT id FROM r) AND a.text IS NULL
    GROUP BY a.round_id, a.question_id, a.score, a.choice
    """,
)

# Audit trail, first page with no filter: the total and the newest 200 changes.
pair(
    "audit_trail.audit_entries",
    lambda s, actor: audit_entries(s, filters=AuditFilters(), actor=actor),
    """
    SELECT (SELECT count(*) FROM audit_log), a.*
    FROM audit_log a ORDER BY a.at DESC, a.id DESC LIMIT 200
    """,
)
