"""What the benchmark scripts share: running their measuring half in a child process with
production settings, on a throwaway database (a SQLite file under var/bench/, or a PostgreSQL
database created with createdb), and dropping it afterwards unless asked to keep it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_HOST = "postgres@127.0.0.1:5432"


def pg_tool(name: str, *args: str, check: bool = True) -> None:
    tool = shutil.which(name)
    if tool is None:
        raise SystemExit(f"{name} not found: install the PostgreSQL client tools")
    subprocess.run([tool, "-h", "127.0.0.1", "-U", "postgres", *args], check=check)  # noqa: S603


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def run_child(
    script: str, child_args: list[str], *, backend: str, sqlite_name: str, pg_name: str, keep: bool
) -> dict[str, object]:
    """Run `script --child *child_args` on a fresh database of `backend`; return the JSON the
    child printed last. Production settings (DEBUG off: no query log kept in memory) with a
    throwaway SECRET_KEY."""
    env = dict(os.environ)
    env.pop("GONGKAI_TESTING", None)
    env["DEBUG"] = "0"
    env["SECRET_KEY"] = os.urandom(24).hex()
    db_file = ROOT / "var" / "bench" / sqlite_name
    if backend == "sqlite":
        db_file.parent.mkdir(parents=True, exist_ok=True)
        _remove_sqlite(db_file)
        env["DATABASE_URL"] = f"sqlite:///{db_file}"
    else:
        pg_tool("dropdb", "--if-exists", pg_name)
        pg_tool("createdb", pg_name)
        env["DATABASE_URL"] = f"postgres://{PG_HOST}/{pg_name}"
    try:
        out = subprocess.run(  # noqa: S603
            [sys.executable, script, "--child", *child_args],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    except subprocess.CalledProcessError as error:
        sys.stderr.write(error.stderr)
        raise
    finally:
        if not keep:
            if backend == "sqlite":
                _remove_sqlite(db_file)
            else:
                pg_tool("dropdb", "--if-exists", pg_name, check=False)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))
