"""Run `gfj ...` for a test: in this process, the way the console script runs it.

Starting a Python process per command cost 2-3 s (the interpreter plus every service imported),
which made the command-line tests a fifth of the suite's time. In process, `gfj_core.cli.main`
runs with the same arguments, environment and standard streams as `gfj` would see, and the
result reads like `subprocess.run`'s: the exit status, stdout and stderr. One test
(`tests/services/test_settings_and_cli.py`) still runs the real console script in its own
process, so the entry point itself stays proved.
"""

from __future__ import annotations

import subprocess
import sys
import traceback
from contextlib import chdir
from pathlib import Path

from typer.testing import CliRunner

from gfj_core.formatting import date_style, set_date_style
from gfj_core.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]


def gfj(
    *args: str,
    url: str,
    input_text: str | None = None,
    cwd: Path | str = ROOT,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """`gfj *args` against the database at `url`; never raises, like a process would not."""
    from gfj_core.cli import main

    environment = {"GFJ_DATABASE_URL": url, **(env or {})}
    saved_argv = sys.argv
    # A command sets the organisation's date style for its own run (a process would end there):
    # the test's own style comes back afterwards, so no later test reads another's style.
    saved_style = date_style()
    get_settings.cache_clear()
    code = 0
    with (
        chdir(cwd),
        CliRunner().isolation(input=input_text, env=environment) as (out, err, _),
    ):
        sys.argv = ["gfj", *args]
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception:  # what the process would print before exiting 1
            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            sys.argv = saved_argv
            set_date_style(saved_style)
            # The command saw its own settings and engine: the test's next read sees its own.
            get_settings.cache_clear()
        stdout = out.getvalue().decode("utf-8", "replace")
        stderr = err.getvalue().decode("utf-8", "replace")
    return subprocess.CompletedProcess(["gfj", *args], code, stdout, stderr)
