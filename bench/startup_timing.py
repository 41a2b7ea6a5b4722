"""The bundle's start against the virtual environment's: whole processes, the same database.

    python -m bench.startup_timing [--size 100000] [--runs 5] [--bundle dist/eunato-desk]

Starts ``eunato-desk --db FILE`` (offscreen) from the venv (``python -m eunato_desk``) and
from the PyInstaller folder (``dist/eunato-desk/eunato-desk``, built by ``make bundle``), in
turn, with ``EUNATO_DESK_TIMING=1``: the application writes a line on standard error when
its first page is painted and when its window is complete (``ui.app.report_timing``). This
script notes its own clock as each line arrives, counted from just before the process was
started, then kills the process (as ``bench/first_page.py`` leaves with ``os._exit``).
Medians of ``--runs`` after one warm-up of each; a table on stdout, JSON in
``bench/results/startup_bundle.json`` and a section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import report
from bench.datasets import ensure_dataset, label

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "startup_bundle.json"
MILESTONES = {"first page shown": "first_page_ms", "window complete": "complete_ms"}


def one_start(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Milliseconds from spawn to each milestone line, then the process is killed."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL, text=True, cwd=REPO)  # fmt: skip
    seen: dict[str, float] = {}
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            for words, key in MILESTONES.items():
                if f"timing: {words}" in line:
                    seen[key] = (time.perf_counter() - started) * 1000
            if len(seen) == len(MILESTONES):
                break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    if len(seen) != len(MILESTONES):
        raise RuntimeError(f"{command[0]}: no timing lines (exit {proc.returncode})")
    return seen


def measure(command: list[str], env: dict[str, str], runs: int) -> dict[str, float]:
    one_start(command, env)  # warm-up: the files in the page cache
    found = [one_start(command, env) for _ in range(runs)]
    return {key: round(statistics.median(f[key] for f in found), 1) for key in found[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, default=REPO / "dist" / "eunato-desk")
    args = parser.parse_args(argv)
    exe = args.bundle / "eunato-desk"
    if not exe.is_file():
        parser.error(f"{exe}: no bundle; build it with `make bundle`")
    path = ensure_dataset(args.size)
    compileall.compile_dir(REPO / "eunato_desk", quiet=1)  # the venv as installed
    with tempfile.TemporaryDirectory(prefix="eunato-start-") as tmp:
        settings = Path(tmp) / "settings.json"
        settings.write_text('{"officer_name": "Bench"}', encoding="utf-8")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EUNATO_DESK_TIMING="1",
                   EUNATO_DESK_CONFIG=str(settings), XDG_CONFIG_HOME=tmp)  # fmt: skip
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        venv = measure([sys.executable, "-m", "eunato_desk", "--db", str(path)], env, args.runs)
        bundle = measure([str(exe), "--db", str(path)], env, args.runs)
    result = {"size": label(args.size), "runs": args.runs, "venv": venv, "bundle": bundle}
    print(f"{'':22} {'venv':>10} {'bundle':>10} {'bundle/venv':>12}")
    for key, name in (("first_page_ms", "first page (ms)"), ("complete_ms", "complete (ms)")):
        ratio = bundle[key] / venv[key]
        print(f"{name:22} {venv[key]:10.1f} {bundle[key]:10.1f} {ratio:12.2f}")
        result[f"{key[:-3]}_ratio"] = round(ratio, 3)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    report.write_section("bundle", [
        "## The bundle's start against the venv's", "",
        f"`python -m bench.startup_timing --size {args.size}`, {stamp}, {os.cpu_count()} CPUs; "
        f"`eunato-desk --db FILE` offscreen, medians of {args.runs} after a warm-up; the time "
        "from spawn to the application's own `EUNATO_DESK_TIMING` lines.", "",
        "| milestone | venv (ms) | bundle (ms) | bundle / venv |", "|---|---:|---:|---:|",
        f"| first page painted | {venv['first_page_ms']:,.0f} | {bundle['first_page_ms']:,.0f} "
        f"| {result['first_page_ratio']:.2f} |",
        f"| window complete | {venv['complete_ms']:,.0f} | {bundle['complete_ms']:,.0f} "
        f"| {result['complete_ratio']:.2f} |",
    ])  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
