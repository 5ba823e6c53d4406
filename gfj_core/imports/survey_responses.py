"""Survey responses from form tools' CSV (or Excel) exports: read, map columns, validate every row.

Google Forms, Typeform and SurveyMonkey all export one row per response with a timestamp column
and one column per question. Each column is mapped to a target: "timestamp", "group" (the
stakeholder group), "ignore", or "question:<key>". Nothing here touches the database: the
service in gfj_core.services.surveys loads the questions, calls `parse_responses`, and writes
only when the list of problems is empty.

Row numbers are the spreadsheet's: the header is row 1, the first response row 2.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from gfj_core.imports.common import Cell, Problems, Table, cell_text, is_blank
from gfj_core.schemas.evaluation import GROUP_LABELS, STAKEHOLDER_GROUPS, QuestionRead

TIMESTAMP = "timestamp"
GROUP = "group"
IGNORE = "ignore"
QUESTION_PREFIX = "question:"
MAX_TEXT = 5000


# --------------------------------------------------------------------------- cell rules


def _norm(text: str) -> str:
    """Compare texts loosely: case, spacing, quotes and trailing punctuation do not matter."""
    text = text.casefold().replace("’", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(" .?:!*")


# A trailing zone ("GMT-4", "UTC", "EST"); AM and PM are not zones.
_TZ_SUFFIX = re.compile(r"\s+(?:(?:GMT|UTC)(?:[+-]\d{1,2}(?::?\d{2})?)?|(?!AM$|PM$)[A-Z]{2,5})$")
_TIMESTAMP_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %I:%M:%S %p",
    "%Y/%m/%d %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%Y-%m-%d",
    "%m/%d/%Y",
)


def parse_timestamp(text: str) -> datetime | None:
    """A form tool's submission time, as naive UTC when it carries an offset; None if unreadable.

    Slashed dates are read month first (the US tools' order): 7/14/2026."""
    s = _TZ_SUFFIX.sub("", text.strip())
    if not s:
        return None
    for fmt in _TIMESTAMP_FORMATS:
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            continue
    try:
        value = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


_LIKERT_WORDS = {
    "strongly disagree": 1,
    "disagree": 2,
    "neutral": 3,
    "neither agree nor disagree": 3,
    "agree": 4,
    "strongly agree": 5,
}
_SCALE = re.compile(r"^([1-5])(?:\.0+)?(?=$|\s|\s*[-–:(/])")


def parse_scale(text: str) -> int | None:
    """A 1-5 rating: "4", "4.0", "4 - Agree", "4 (mostly)", or an agreement word."""
    s = text.strip()
    m = _SCALE.match(s)
    if m:
        return int(m.group(1))
    return _LIKERT_WORDS.get(_norm(s))


_GROUP_SYNONYMS = {
    "board": "board",
    "board member": "board",
    "board of directors": "board",
    "trustee": "board",
    "staff": "staff",
    "staff member": "staff",
    "employee": "staff",
    "leader": "leader",
    "emerging leader": "leader",
    "mentee": "leader",
    "fellow": "leader",
    "community": "community",
    "community member": "community",
    "community leader": "community",
    "resident": "community",
    "participant": "community",
    "program participant": "community",
    "programme participant": "community",
    "parent": "community",
    "youth": "community",
    "partner": "partner",
    "partner organisation": "partner",
    "partner organization": "partner",
    "coalition partner": "partner",
    "funder": "partner",
    "ally": "partner",
}
# When no synonym matches exactly, the first group word found in the answer decides.
_GROUP_WORDS = (
    ("board", "board"),
    ("trustee", "board"),
    ("staff", "staff"),
    ("employee", "staff"),
    ("partner", "partner"),
    ("funder", "partner"),
    ("community", "community"),
    ("parent", "community"),
    ("resident", "community"),
    ("youth", "community"),
    ("leader", "leader"),
    ("mentee", "leader"),
)


def normalise_group(text: str) -> str | None:
    """board / staff / leader / community / partner from how a form worded the answer."""
    s = _norm(text)
    if not s:
        return None
    if s in _GROUP_SYNONYMS:
        return _GROUP_SYNONYMS[s]
    singular = s[:-1] if s.endswith("s") else s
    if singular in _GROUP_SYNONYMS:
        return _GROUP_SYNONYMS[singular]
    words = set(re.findall(r"[a-z]+", s))
    for word, group in _GROUP_WORDS:
        if word in words or f"{word}s" in words:
            return group
    return None


def match_option(text: str, options: list[str]) -> str | None:
    wanted = _norm(text)
    for option in options:
        if _norm(option) == wanted:
            return option
    return None


def split_choices(cell: str, options: list[str]) -> tuple[list[str], list[str]]:
    """(options chosen, pieces that match no option) from a multiple-choice cell.

    Form tools separate choices with ";" or ","; an option may itself contain a comma, so with
    commas the longest run of pieces that names an option wins."""
    if not cell.strip():
        return [], []
    if ";" in cell:
        pieces = [p for p in (x.strip() for x in cell.split(";")) if p]
        chosen, unknown = [], []
        for p in pieces:
            match = match_option(p, options)
            (chosen if match else unknown).append(match or p)
        return _unique(chosen), unknown
    pieces = cell.split(",")
    chosen, unknown = [], []
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            match = match_option(",".join(pieces[i:j]), options)
            if match:
                chosen.append(match)
                i = j
                break
        else:
            if pieces[i].strip():
                unknown.append(pieces[i].strip())
            i += 1
    return _unique(chosen), unknown


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --------------------------------------------------------------------------- mapping

_TIMESTAMP_HEADERS = {
    "timestamp",
    "submitted at",
    "submit date",
    "submitted",
    "submission date",
    "date submitted",
    "end date",
    "completed",
    "completed at",
    "response date",
    "date",
}
_GROUP_HEADER_HINTS = (
    "stakeholder",
    "which best describes you",
    "i am a",
    "i am an",
    "your role",
    "your relationship",
    "your connection",
    "describe yourself",
    "you are a",
)


def target_for_question(key: str) -> str:
    return QUESTION_PREFIX + key


def question_key_of(target: str) -> str | None:
    return target[len(QUESTION_PREFIX) :] if target.startswith(QUESTION_PREFIX) else None


def target_choices(questions: list[QuestionRead]) -> list[tuple[str, str]]:
    """Everything a column can be mapped to, with the label the user sees."""
    choices = [
        (IGNORE, "Ignore this column"),
        (TIMESTAMP, "Timestamp (when submitted)"),
        (GROUP, "Stakeholder group"),
    ]
    for q in questions:
        label = q.text if len(q.text) <= 90 else q.text[:87] + "…"
        choices.append((target_for_question(q.key), f"Q{q.position}: {label}"))
    return choices


def _bracketed(header: str) -> str | None:
    m = re.search(r"\[([^\]]+)\]\s*$", header)
    return m.group(1) if m else None


# Exports often reword a question a little ("," for ";", a dropped hint): close enough counts.
SIMILAR_ENOUGH = 0.85


def _guess_question(header: str, questions: list[QuestionRead], used: set[str]) -> str | None:
    h = _norm(header)
    inner = _bracketed(header)
    best, best_ratio = None, SIMILAR_ENOUGH
    for q in questions:
        if q.key in used:
            continue
        r = difflib.SequenceMatcher(None, h, _norm(q.text)).ratio()
        if r >= best_ratio:
            best, best_ratio = q.key, r
    for q in questions:
        if q.key in used:
            continue
        text = _norm(q.text)
        if h == text or h == _norm(q.key):
            return q.key
        if inner and q.value_name and _norm(inner) == _norm(q.value_name):
            return q.key
        if q.value_name and h.startswith(_norm(q.value_name) + ":"):
            return q.key
        if len(h) >= 12 and (h in text or text in h):
            return q.key
    return best


def suggest_targets(
    headers: list[str], questions: list[QuestionRead], remembered: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """A target for every column, and which of them came from the remembered mapping."""
    valid = {IGNORE, TIMESTAMP, GROUP} | {target_for_question(q.key) for q in questions}
    targets: dict[str, str] = {}
    from_memory: list[str] = []
    used_questions: set[str] = set()
    have_timestamp = have_group = False
    for h in headers:
        target = remembered.get(h)
        if target in valid:
            targets[h] = target
            from_memory.append(h)
            key = question_key_of(target)
            if key:
                used_questions.add(key)
            have_timestamp |= target == TIMESTAMP
            have_group |= target == GROUP
    for h in headers:
        if h in targets:
            continue
        n = _norm(h)
        if not have_timestamp and n in _TIMESTAMP_HEADERS:
            targets[h], have_timestamp = TIMESTAMP, True
            continue
        if not have_group and (n in ("group", "role") or any(x in n for x in _GROUP_HEADER_HINTS)):
            targets[h], have_group = GROUP, True
            continue
        key = _guess_question(h, questions, used_questions)
        if key:
            targets[h] = target_for_question(key)
            used_questions.add(key)
            continue
        targets[h] = IGNORE
    return targets, from_memory


def check_mapping(
    headers: list[str],
    mapping: dict[str, str],
    questions: list[QuestionRead],
    default_group: str | None,
    problems: Problems,
) -> bool:
    """Problems with the mapping itself, each located at a header (row 1) column. True if none."""
    before = len(problems)
    keys = {q.key for q in questions}
    seen: dict[str, int] = {}
    for i, h in enumerate(headers, start=1):
        if not h:
            continue
        if h in seen:
            problems.add(1, h, f"the header appears twice (columns {seen[h]} and {i})")
        else:
            seen[h] = i
    for h in mapping:
        if h not in seen:
            problems.add(1, h, "mapped, but the file has no such column")
    by_target: dict[str, list[str]] = {}
    for h in seen:
        target = mapping.get(h)
        if target is None:
            problems.add(1, h, "not mapped: choose a question, or ignore the column")
            continue
        key = question_key_of(target)
        if target not in (IGNORE, TIMESTAMP, GROUP) and (key is None or key not in keys):
            problems.add(1, h, f"'{target}' is not a question of this survey")
            continue
        by_target.setdefault(target, []).append(h)
    for target, cols in by_target.items():
        if target != IGNORE and len(cols) > 1:
            what = {TIMESTAMP: "the timestamp", GROUP: "the stakeholder group"}.get(
                target, f"question {question_key_of(target)}"
            )
            problems.add(1, " and ".join(cols), f"both are mapped to {what}; choose one")
    if TIMESTAMP not in by_target:
        problems.add(1, None, "no column is mapped to the timestamp")
    if GROUP not in by_target:
        if default_group is None:
            problems.add(
                1,
                None,
                "no column gives the stakeholder group: map one, or choose one group for the "
                "whole file",
            )
        elif default_group not in STAKEHOLDER_GROUPS:
            problems.add(None, None, f"'{default_group}' is not a stakeholder group")
    if not any(question_key_of(t) for t in by_target):
        problems.add(1, None, "no column is mapped to a question")
    return len(problems) == before


# --------------------------------------------------------------------------- rows


@dataclass
class ParsedAnswer:
    question_key: str
    score: int | None = None
    choice: str | None = None
    text: str | None = None


@dataclass
class ParsedResponse:
    row: int
    submitted_at: datetime
    group: str
    answers: list[ParsedAnswer] = field(default_factory=list)


_SURVEYMONKEY_SUBHEADERS = {"response", "open-ended response", "other (please specify)"}


def _is_subheader(cells: list[str], ts_index: int) -> bool:
    """SurveyMonkey puts a second header row under the questions ("Response", ...)."""
    if cells[ts_index]:
        return False
    filled = {_norm(c) for c in cells if c}
    return bool(filled) and filled <= _SURVEYMONKEY_SUBHEADERS


def parse_timestamp_cell(cell: Cell) -> datetime | None:
    if isinstance(cell, datetime):
        return cell
    if isinstance(cell, date):
        return datetime.combine(cell, datetime.min.time())
    return parse_timestamp(cell_text(cell))


def parse_responses(
    table: Table,
    mapping: dict[str, str],
    questions: list[QuestionRead],
    default_group: str | None,
) -> tuple[list[ParsedResponse], Problems]:
    """Every response of the file, or every problem: (row, column, message) per bad cell."""
    problems = Problems()
    headers = table.header
    if not check_mapping(headers, mapping, questions, default_group, problems):
        return [], problems
    by_key = {q.key: q for q in questions}
    named = [(i, h) for i, h in enumerate(headers) if h]
    ts_index, ts_name = next((i, h) for i, h in named if mapping[h] == TIMESTAMP)
    group_col = next(((i, h) for i, h in named if mapping[h] == GROUP), None)
    q_cols = [
        (i, h, by_key[question_key_of(mapping[h])]) for i, h in named if question_key_of(mapping[h])
    ]
    allowed_groups = ", ".join(f"{g} ({GROUP_LABELS[g]})" for g in STAKEHOLDER_GROUPS)
    width = len(headers)

    responses: list[ParsedResponse] = []
    for position, (row_no, raw) in enumerate(table.rows):
        raw = list(raw) + [None] * (width - len(raw))
        cells = [cell_text(c).strip() for c in raw]
        if position == 0 and _is_subheader(cells, ts_index):
            continue
        submitted = parse_timestamp_cell(raw[ts_index]) if not is_blank(raw[ts_index]) else None
        if submitted is None:
            problems.add(
                row_no,
                ts_name,
                f"'{cells[ts_index]}' is not a date and time "
                "(e.g. 2026-07-14 10:32 or 7/14/2026 10:32:11)"
                if cells[ts_index]
                else "the timestamp is empty",
            )
        if group_col is not None:
            text = cells[group_col[0]]
            group = normalise_group(text)
            if group is None:
                problems.add(
                    row_no,
                    group_col[1],
                    (
                        f"'{text}' is not a stakeholder group"
                        if text
                        else "the stakeholder group is empty"
                    )
                    + f"; use one of {allowed_groups}",
                )
        else:
            group = default_group
        parsed = ParsedResponse(row=row_no, submitted_at=submitted, group=group)
        for i, header, q in q_cols:
            cell = cells[i]
            if not cell:
                continue
            if q.kind == "scale":
                score = parse_scale(cell)
                if score is None:
                    problems.add(row_no, header, f"'{cell}' is not a rating from 1 to 5")
                else:
                    parsed.answers.append(ParsedAnswer(q.key, score=score))
            elif q.kind == "single":
                choice = match_option(cell, q.options)
                if choice is None:
                    problems.add(row_no, header, f"'{cell}' is not one of: {'; '.join(q.options)}")
                else:
                    parsed.answers.append(ParsedAnswer(q.key, choice=choice))
            elif q.kind == "multi":
                chosen, unknown = split_choices(cell, q.options)
                if unknown:
                    problems.add(
                        row_no,
                        header,
                        f"{', '.join(repr(u) for u in unknown)} "
                        f"{'is' if len(unknown) == 1 else 'are'} not among the options: "
                        f"{'; '.join(q.options)}",
                    )
                else:
                    parsed.answers.extend(ParsedAnswer(q.key, choice=c) for c in chosen)
            elif len(cell) > MAX_TEXT:
                problems.add(row_no, header, f"the answer is longer than {MAX_TEXT} characters")
            else:
                parsed.answers.append(ParsedAnswer(q.key, text=cell))
        responses.append(parsed)
    if not responses and not problems:
        problems.add(None, None, "the file holds no responses")
    return ([] if problems else responses), problems


def round_dates(responses: list[ParsedResponse]) -> tuple[date, date]:
    days = [r.submitted_at.date() for r in responses]
    return min(days), max(days)
