"""The wheel carries the migrations and the catalogue: installed in a fresh venv, outside the
source tree, it creates a working database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from eunato_desk.core.storage import migrate

REPO = Path(__file__).resolve().parents[2]


def run(cmd: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, f"{cmd} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def clean_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"):
        env.pop(name, None)
    return env


@pytest.mark.slow
def test_the_wheel_installs_outside_the_source_tree_and_creates_a_database(
    tmp_path: Path,
) -> None:
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, REPO],
        cwd=tmp_path, env=clean_env())  # fmt: skip
    wheels = list(dist.glob("*.whl"))
    assert len(wheels) == 1, wheels
    wheel = wheels[0]

    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(zf.read(metadata_name).decode("utf-8"))
        shipped_actions = zf.read("eunato_desk/_resources/catalogue/actions.csv")
    assert "eunato_desk/_migrations/env.py" in names
    source_versions = {p.name for p in (REPO / "migrations" / "versions").glob("*.py")}
    wheel_versions = {
        n.rsplit("/", 1)[1]
        for n in names
        if n.startswith("eunato_desk/_migrations/versions/") and n.endswith(".py")
    }
    assert source_versions and wheel_versions == source_versions
    assert "eunato_desk/_resources/catalogue/actions.csv" in names
    assert shipped_actions == (REPO / "resources" / "catalogue" / "actions.csv").read_bytes()
    assert "eunato_desk/__main__.py" in names
    requires = [r.split(";")[0].strip().lower() for r in metadata.get_all("Requires-Dist", [])]
    assert any(r.startswith("pyside6-essentials") for r in requires), requires

    # A fresh venv; the command line never imports Qt, so only the non-Qt runtime deps.
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path, env=clean_env())
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet"]
    run([*pip, "--no-deps", wheel], cwd=tmp_path, env=clean_env())
    run([*pip, "-c", REPO / "constraints.txt", "SQLAlchemy", "alembic", "platformdirs"],
        cwd=tmp_path, env=clean_env())  # fmt: skip

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    code = "import eunato_desk.core.storage.paths as p; print(p.migrations_dir())"
    where = run([python, "-c", code], cwd=outside, env=clean_env())
    assert Path(where.strip()).is_relative_to(venv), where
    assert not Path(where.strip()).is_relative_to(REPO)

    db = outside / "NEW.sqlite3"
    out = run([venv / "bin" / "eunato-desk", "--db", db, "db", "upgrade"],
              cwd=outside, env=clean_env())  # fmt: skip
    assert out == f"{db}: schema at {migrate.head_revision()} (was new).\n"
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM action").fetchone() == (74,)
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (migrate.head_revision(),)
        ]
    finally:
        conn.close()
