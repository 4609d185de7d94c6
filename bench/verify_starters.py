"""Run every starter stack the knowledge base can print, as a user would paste it.

For each distinct install line (over the answers that select it; `engine.starter.stacks`):
a fresh virtual environment, the printed `pip install …` line run as is in bash, then each
snippet printed with that line, run on the CPU with nothing downloaded (HF_HUB_OFFLINE). Prints
pass or fail and the time of each install and each snippet.

The digest of the stacks (install lines, snippet ids and code) is what the CI check compares:
`--record` writes it to rules/starters.sha256 after a run in which every stack passed;
`--if-changed` skips the run when the stacks' digest equals the recorded one (CI: a changed
starter, package list or snippet is verified before it lands; an unchanged one costs nothing).

Only the environment, never the printed command, is adapted to this machine: the CPU build of
torch (torch==2.13.0, on disk here; the index's default build pulls in several GB of CUDA
libraries) is chosen through PIP_CONSTRAINT, except for a line with torchvision: its wheels on
the index are built against the CUDA torch and do not load with the CPU one, so that line gets
pip's default resolution, as a user's would.

Usage: python bench/verify_starters.py [--rules DIR] [--only TEXT] [--record] [--if-changed]
       [--report FILE] [--keep]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

from recommender.engine.starter import install_line
from recommender.knowledge.load import load_knowledge_base
from recommender.ruletools.stacks import Stack, stacks

ROOT = Path(__file__).resolve().parent.parent
DIGEST = ROOT / "rules" / "starters.sha256"
CPU_TORCH = "torch==2.13.0"
# Built against a torch build's ABI: with one of these the CPU pin would pair mismatched builds.
NEEDS_MATCHING_TORCH = ("torchvision",)
INSTALL_TIMEOUT = 1800
RUN_LIMIT = 60.0  # "runs on a CPU in under a minute"
RUN_TIMEOUT = 300


class Outcome(NamedTuple):
    line: str
    snippet: str
    ok: bool
    seconds: float
    detail: str
    answers: dict[str, Any] = {}  # answers that print this stack (in --report)


def digest(found: list[Stack]) -> str:
    """SHA-256 of what a user can be shown: each install line with its snippet's id and code."""
    doc = [[install_line(s.packages), s.snippet.id if s.snippet else None, s.snippet.code if s.snippet else None]
           for s in found]
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False).encode("utf-8")).hexdigest()


def recorded(path: Path) -> str:
    return path.read_text(encoding="utf-8").split()[0] if path.exists() else ""


def grouped(found: list[Stack]) -> dict[str, list[Stack]]:
    """Install line → the stacks printed with it (one virtual environment each line)."""
    lines: dict[str, list[Stack]] = {}
    for stack in found:
        lines.setdefault(install_line(stack.packages), []).append(stack)
    return lines


def environment(packages: tuple[str, ...], work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PIP_REQUIRE_VIRTUALENV")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", CUDA_VISIBLE_DEVICES="", TF_CPP_MIN_LOG_LEVEL="2",
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    if not any(name in packages for name in NEEDS_MATCHING_TORCH):
        constraints = work / "constraints.txt"
        machine = Path("/etc/xdg/pip/constraints.txt")  # this machine's own caps, kept
        constraints.write_text((machine.read_text() if machine.exists() else "") + CPU_TORCH + "\n")
        env["PIP_CONSTRAINT"] = str(constraints)
    return env


def install(line: str, packages: tuple[str, ...], venv: Path, log: Path) -> tuple[bool, float, str]:
    """A fresh venv, then exactly the printed line in bash with that venv active."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    script = f'source "{venv}/bin/activate"\n{line}\n'
    start = time.perf_counter()
    with log.open("w") as out:
        try:
            proc = subprocess.run(["bash", "-c", script], stdout=out, stderr=subprocess.STDOUT,
                                  env=environment(packages, venv.parent), cwd=venv.parent, timeout=INSTALL_TIMEOUT)
            ok = proc.returncode == 0
        except subprocess.TimeoutExpired:
            ok = False
    return ok, time.perf_counter() - start, "" if ok else last_error(log)


def run(stack: Stack, venv: Path, work: Path) -> tuple[bool, float, str]:
    """The snippet as printed, in an empty folder (no file there can shadow a package)."""
    assert stack.snippet is not None
    folder = Path(tempfile.mkdtemp(dir=work, prefix="run-"))
    (folder / "starter.py").write_text(stack.snippet.code, encoding="utf-8")
    log = folder / "output.txt"
    start = time.perf_counter()
    with log.open("w") as out:
        try:
            proc = subprocess.run([str(venv / "bin" / "python"), "starter.py"], stdout=out, stderr=subprocess.STDOUT,
                                  env=environment(stack.packages, work), cwd=folder, timeout=RUN_TIMEOUT)
            ok = proc.returncode == 0
        except subprocess.TimeoutExpired:
            ok = False
    seconds = time.perf_counter() - start
    if ok and seconds > RUN_LIMIT:
        return False, seconds, f"took {seconds:.0f} s, over the {RUN_LIMIT:.0f} s limit"
    return ok, seconds, warned(log) if ok else last_error(log)


def warned(log: Path) -> str:
    """A clean run prints no Python warning (a starter that warns teaches the user to ignore warnings): the
    first such line, and how many, reported beside a pass."""
    lines = [line.strip() for line in log.read_text(errors="replace").splitlines()]
    warnings = [line for line in lines if re.search(r"\b[A-Za-z]*Warning\b:", line)]
    return f"{len(warnings)} warning line(s): {warnings[0][:240]}" if warnings else ""


def last_error(log: Path) -> str:
    lines = [line.strip() for line in log.read_text(errors="replace").splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or line.startswith("ERROR")]
    return (errors or lines or ["(no output)"])[-1][:300]


def verify(found: list[Stack], keep: bool) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for line, group in grouped(found).items():
        work = Path(tempfile.mkdtemp(prefix="verify-starters-"))
        try:
            ok, seconds, detail = install(line, group[0].packages, work / "venv", work / "install.log")
            outcomes.append(Outcome(line, "(install)", ok, seconds, detail))
            print(row(outcomes[-1]), flush=True)
            for stack in group:
                name = stack.snippet.id if stack.snippet else "(no snippet)"
                if not ok or stack.snippet is None:
                    outcomes.append(Outcome(line, name, False if stack.snippet else ok, 0.0,
                                            "not run: the install failed" if stack.snippet else "", stack.answers))
                else:
                    outcomes.append(Outcome(line, name, *run(stack, work / "venv", work), stack.answers))
                print(row(outcomes[-1]), flush=True)
        finally:
            if keep:
                print(f"   kept {work}", flush=True)
            else:
                shutil.rmtree(work, ignore_errors=True)
    return outcomes


def row(outcome: Outcome) -> str:
    status = "pass" if outcome.ok else "FAIL"
    text = f"{status}  {outcome.seconds:7.1f} s  {outcome.line}  {outcome.snippet}"
    return text + (f"\n      {outcome.detail}" if outcome.detail else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", action="append", default=[], help="an extra rule pack folder (repeatable)")
    parser.add_argument("--only", default="", help="only the stacks whose install line or snippet id contains this")
    parser.add_argument("--record", action="store_true", help=f"write the digest to {DIGEST.name} if all passed")
    parser.add_argument("--if-changed", action="store_true", help="do nothing when the digest equals the recorded one")
    parser.add_argument("--digest", type=Path, default=DIGEST, help=f"the recorded digest (rules/{DIGEST.name})")
    parser.add_argument("--report", help="also write the outcomes as JSON to this file")
    parser.add_argument("--keep", action="store_true", help="keep the virtual environments")
    args = parser.parse_args(argv)
    found = stacks(load_knowledge_base(args.rules))
    current = digest(found)
    if args.if_changed and current == recorded(args.digest):
        print(f"starter stacks unchanged since the last passing run ({args.digest.name}: {current[:12]})")
        return 0
    chosen = [s for s in found if args.only in f"{install_line(s.packages)} {s.snippet.id if s.snippet else ''}"]
    print(f"{len(chosen)} stacks, {len(grouped(chosen))} install lines", flush=True)
    outcomes = verify(chosen, args.keep)
    failed = [o for o in outcomes if not o.ok]
    total = sum(o.seconds for o in outcomes)
    print(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed, {total:.0f} s")
    if args.report:
        doc: list[dict[str, Any]] = [o._asdict() for o in outcomes]
        Path(args.report).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    if args.record and not failed and chosen == found:
        args.digest.write_text(f"{current}  starter stacks verified by bench/verify_starters.py\n", encoding="utf-8")
        print(f"recorded {args.digest}")
    elif args.record:
        print(f"not recorded: {'some stacks failed' if failed else 'only part of the stacks ran (--only)'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
