"""`gfj person ...`, `gfj user ...` and `gfj setup-code`: the same services as the People page,
so the same refusals; a user error is one line on stderr and exit status 2."""

import json
import re

import pytest

from gfj_core.db import session_scope
from gfj_core.services.auth import authenticate
from tests.services.test_settings_and_cli import gfj

CODE = re.compile(r"Setup code: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")
TEMP = re.compile(r"Temporary password for \S+: (\S+)")


def _ok(*args, url):
    result = gfj(*args, env_url=url)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _refused(*args, url, match):
    result = gfj(*args, env_url=url)
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gfj: "), result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(match, lines[0]), lines[0]


def test_init_on_a_database_without_accounts_prints_a_setup_code_and_setup_code_a_new_one(
    tmp_path,
):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    first = CODE.search(_ok("init", url=url)).group(1)
    second = CODE.search(_ok("setup-code", url=url)).group(1)
    assert first != second


def test_people_and_accounts_from_the_command_line(empty_db):
    url = str(empty_db.url)
    _ok("person", "add", "Ann Admin", "--email", "ann@example.org", "--staff", url=url)
    _ok("person", "add", "Bea Board", "--board-seat", "chair", "--title", "Chair", url=url)
    _refused("person", "add", "Cy", "--email", "ANN@example.org", url=url, match="email")
    _refused("person", "add", "Cy", "--board-seat", "king", url=url, match="board_role")
    _ok("user", "add", "ann", "--role", "admin", "--person", "Ann Admin", "--password",
        "ann-password", url=url)  # fmt: skip
    out = _ok("user", "add", "bea", "--role", "board", "--person", "Bea Board", url=url)
    temp = TEMP.search(out).group(1)
    with session_scope(empty_db, write=True) as s:
        assert authenticate(s, "bea", temp).actor.must_change_password
    _refused("user", "add", "bea2", "--role", "staff", "--person", "Bea Board", url=url,
             match="already has an active account")  # fmt: skip
    _refused("user", "set-role", "ann", "board", url=url, match="last active administrator")
    _refused("user", "deactivate", "ann", url=url, match="last active administrator")
    _refused("user", "set-role", "bea", "boss", url=url, match="role")
    _ok("user", "set-role", "bea", "staff", url=url)
    _ok("user", "deactivate", "bea", url=url)
    _ok("user", "activate", "bea", url=url)
    _ok("user", "unlock", "bea", url=url)
    new_temp = TEMP.search(_ok("user", "reset-password", "bea", url=url)).group(1)
    assert new_temp != temp
    _ok("user", "reset-password", "bea", "--password", "bea-password", url=url)
    with session_scope(empty_db, write=True) as s:
        assert not authenticate(s, "bea", "bea-password").actor.must_change_password
    accounts = json.loads(_ok("user", "list", "--json", url=url))
    assert {(a["username"], a["role"]) for a in accounts} == {("ann", "admin"), ("bea", "staff")}
    assert "password" not in json.dumps(accounts).replace("must_change_password", "")
    _ok("person", "edit", "Bea Board", "--term-start", "2026-01-01", "--term-end", "2027-12-31",
        url=url)  # fmt: skip
    _refused("person", "edit", "Bea Board", "--term-end", "2025-01-01", url=url,
             match="cannot end before")  # fmt: skip
    _ok("person", "leave", "Bea Board", "--on", "2026-11-30", url=url)
    _refused("person", "leave", "Nobody", "--on", "2026-11-30", url=url, match="Nobody")
    _refused("person", "leave", "Ann Admin", "--on", "someday", url=url, match="not a date")
    listed = json.loads(_ok("person", "list", "--json", url=url))
    assert [p["full_name"] for p in listed] == ["Ann Admin"]
    everyone = _ok("person", "list", "--all", url=url)
    assert "Bea Board" in everyone and "left Nov 30, 2026" in everyone
    _refused("setup-code", url=url, match="already set up")


@pytest.mark.parametrize(
    "args",
    [
        ("user", "unlock", "nobody"),
        ("user", "reset-password", "nobody"),
        ("user", "add", "x", "--role", "staff", "--person", "Nobody"),
        ("person", "edit", "Nobody", "--title", "x"),
    ],
)
def test_unknown_names_are_one_line_errors(empty_db, args):
    _refused(*args, url=str(empty_db.url), match=".")
