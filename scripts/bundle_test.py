"""Smoke test of the one-folder bundle (`make bundle-test`), run as a machine without Python
would: the folder is copied elsewhere, and run with an environment that has no venv, no
PYTHONPATH and no Python on PATH.

    python scripts/bundle_test.py [dist/eunato-desk]

Checks: the folder is at most 200 MB; `--version` answers; `db upgrade` creates a database
(the migrations are inside); `log` saves and `list` finds it; `dossier -o x.pdf` writes a PDF
(Qt inside); the GUI (offscreen) starts on that database and stays up. Prints each step's
time; exits 1 on the first failure.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIMIT_MB = 200


def size_mb(folder: Path) -> float:
    """What the folder takes, each file once (a symbolic link is not a second copy)."""
    files = (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.lstat().st_size for p in files) / 1e6


def main() -> int:
    built = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/eunato-desk").resolve()
    if not (built / "eunato-desk").is_file():
        print(f"no bundle at {built}; run `make bundle` first", file=sys.stderr)
        return 1
    size = size_mb(built)
    print(f"bundle size: {size:.0f} MB (limit {LIMIT_MB} MB)")
    if size > LIMIT_MB:
        return 1
    with tempfile.TemporaryDirectory(prefix="eunato-bundle-") as tmp:
        work = Path(tmp)
        folder = work / "copied" / "eunato-desk"
        shutil.copytree(built, folder, symlinks=True)  # only the folder travels
        program = str(folder / "eunato-desk")
        db = work / "data" / "desk.sqlite3"
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(work / "home"),
            "XDG_DATA_HOME": str(work / "data-home"),
            "XDG_CONFIG_HOME": str(work / "config"),
            "EUNATO_DESK_DB": str(db),
            "QT_QPA_PLATFORM": "offscreen",
            "LANG": "C.UTF-8",
        }
        steps = [
            (["--version"], "eunato-desk "),
            (["db", "upgrade"], "schema at"),
            (["log", "--title", "Bundle smoke test", "--date", "2019-03-04", "--type",
              "Staff talks", "--action", "3", "--officer", "Anna"], "-"),
            (["list", "--quarter", "2019Q1"], "Bundle smoke test"),
            (["dossier", "--action", "3", "-o", str(work / "a3.pdf")], "Wrote"),
        ]  # fmt: skip
        for args, expected in steps:
            started = time.perf_counter()
            done = subprocess.run([program, *args], env=env, capture_output=True, text=True,
                                  timeout=120, cwd=work)  # fmt: skip
            took = time.perf_counter() - started
            ok = done.returncode == 0 and expected in done.stdout
            print(f"{'ok ' if ok else 'FAIL'} {took:6.2f} s  eunato-desk {' '.join(args[:2])}")
            if not ok:
                print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
                return 1
        if not (work / "a3.pdf").read_bytes().startswith(b"%PDF-"):
            print("FAIL the dossier is not a PDF", file=sys.stderr)
            return 1
        gui = subprocess.Popen([program], env=env, cwd=work, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
        time.sleep(6)
        alive = gui.poll() is None
        gui.terminate()
        out, err = gui.communicate(timeout=30)
        print(f"{'ok ' if alive else 'FAIL'}   6 s   the GUI (offscreen) stays up")
        if not alive:
            print(out[-2000:], err[-2000:], file=sys.stderr)
            return 1
    print("The bundle works from a copied folder, without Python.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
