"""Benchmark data sets: ``eunato-desk demo --interactions N --seed 1``, cached in bench/data/.

A data set is built once into a temporary file, then renamed, so an interrupted build never
leaves a half-filled file behind. A cached file from an older schema is upgraded in place
(the app's own migration, without the backup copy the app would take).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from eunato_desk.core.storage import migrate

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED = 1


def label(size: int) -> str:
    """10000 -> '10k', 1000000 -> '1M'."""
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)


def dataset_path(size: int, data_dir: Path = DATA_DIR) -> Path:
    return data_dir / f"demo-{label(size)}-seed{SEED}.sqlite3"


def interaction_count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM interaction").fetchone()[0])
    finally:
        conn.close()


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def ensure_dataset(size: int, data_dir: Path = DATA_DIR, log=print) -> Path:  # type: ignore[no-untyped-def]
    """The cached data set of ``size`` demo interactions, built if missing."""
    path = dataset_path(size, data_dir)
    if path.exists():
        if migrate.current_revision(path) != migrate.head_revision():
            log(f"  upgrading {path.name} to schema {migrate.head_revision()}...")
            migrate.upgrade(path)
        if interaction_count(path) == size:
            return path
        log(f"  {path.name} does not hold {size:,} interactions; building it again")
        _remove(path)
    data_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    _remove(partial)
    log(f"  building {path.name}: eunato-desk demo --interactions {size} --seed {SEED} ...")
    started = time.perf_counter()
    command = [sys.executable, "-m", "eunato_desk", "--db", str(partial), "demo"]
    command += ["--interactions", str(size), "--seed", str(SEED)]
    env = dict(os.environ, EUNATO_DESK_CONFIG=str(data_dir / "bench-settings.json"))
    create = [sys.executable, "-m", "eunato_desk", "--db", str(partial), "db", "upgrade"]
    subprocess.run(create, check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    conn = sqlite3.connect(partial)  # fold the WAL in, so the file stands alone
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _remove(path)
    shutil.move(partial, path)
    _remove(partial)
    log(f"  built in {time.perf_counter() - started:.0f} s")
    return path


def scratch_copy(path: Path) -> Path:
    """A copy of a data set for benchmarks that write (the cached file stays as built)."""
    copy = path.with_name(path.stem + "-scratch.sqlite3")
    _remove(copy)
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(copy)
    try:
        source.backup(target)  # page by page: much faster than VACUUM INTO
    finally:
        target.close()
        source.close()
    return copy


def remove_copy(path: Path) -> None:
    _remove(path)
