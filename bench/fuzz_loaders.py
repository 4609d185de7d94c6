"""Fuzz the two loaders of untrusted input: rule-pack files and answers files (issue 8).

    python bench/fuzz_loaders.py                 # atheris if installed, else hypothesis
    python bench/fuzz_loaders.py --runs 500000
    python bench/fuzz_loaders.py --engine hypothesis --runs 20000

Each input goes, by its first byte, to the rules loader (parse, schema, merge over a small valid
pack, cross-check) or to the answers loader as YAML or JSON (parse, normalize against the shipped
questions). A crash is any exception that is not one of the product's own errors, or an error
message that is not one clean line. Prints the execution count and the crashes; exit 1 if any.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = [ROOT / "tests" / "hostile" / d for d in ("rules", "answers")] + [ROOT / "rules"]
BASE = ROOT / "tests" / "hostile" / "base.yaml"


class Stats:
    executions = 0
    limit = 0  # atheris: stop here, from inside the target (libFuzzer exits without Python's atexit)
    crashes: list[str] = []
    scratch: list[Path] = []  # removed at the end: os._exit skips atexit


def make_target() -> Callable[[bytes], None]:
    """The function under test, with the modules imported inside so that atheris can instrument them."""
    from recommender import answers, answers_file
    from recommender.errors import RecommenderError
    from recommender.knowledge.compiler import compile_packs
    from recommender.knowledge.files import PackFile
    from recommender.knowledge.load import load_knowledge_base
    from recommender.knowledge.textcheck import bad_character

    kb = load_knowledge_base(use_cache=False)
    work = Path(tempfile.mkdtemp(prefix="fuzz-loaders-"))
    Stats.scratch.append(work)
    atexit.register(shutil.rmtree, work, True)
    files = {0: work / "case.yaml", 1: work / "answers.yaml", 2: work / "answers.json"}

    def one(data: bytes) -> None:
        Stats.executions += 1
        kind, body = (data[0] % 3, data[1:]) if data else (0, b"")
        path = files[kind]
        path.write_bytes(body)
        try:
            if kind == 0:
                compile_packs([PackFile(BASE, 1), PackFile(path, 1)])
            else:
                raw, locate = answers_file.load_file(str(path))
                answers.normalize(kb, raw, locate)
        except RecommenderError as exc:
            for line in exc.lines():
                # the error handler escapes what slips through, but the loaders should not rely on it
                if "\n" in line or not line.strip() or (bad_character(line) and "\t" not in line):
                    _crash(data, f"unclean message: {line!r}")
        except Exception as exc:  # noqa: BLE001 - finding these is the point
            _crash(data, f"{type(exc).__name__}: {exc}")
        if Stats.limit and Stats.executions >= Stats.limit:
            _report_and_exit()

    return one


def _crash(data: bytes, what: str) -> None:
    Stats.crashes.append(what)
    if len(Stats.crashes) <= 10:
        print(f"CRASH {what[:300]} on input {data[:200]!r}", file=sys.stderr)


def report() -> None:
    print(f"executions: {Stats.executions}", flush=True)
    print(f"crashes: {len(Stats.crashes)}", flush=True)


def _report_and_exit() -> None:
    report()
    sys.stdout.flush()
    for folder in Stats.scratch:
        shutil.rmtree(folder, ignore_errors=True)
    os._exit(1 if Stats.crashes else 0)  # libFuzzer would exit 0 on its own: the crashes decide here


def seeds() -> list[bytes]:
    out: list[bytes] = []
    for folder in SEEDS:
        for path in sorted(folder.glob("*")):
            body = path.read_bytes()
            kinds = (1, 2) if folder.name == "answers" else (0,)
            out.extend(bytes([k]) + body for k in kinds if len(body) < 100_000)
    return out


def run_atheris(runs: int) -> None:
    import atheris  # type: ignore[import-untyped]

    with atheris.instrument_imports(include=["recommender"]):
        target = make_target()
    corpus = Path(tempfile.mkdtemp(prefix="fuzz-corpus-"))
    Stats.scratch.append(corpus)
    for index, seed in enumerate(seeds()):
        (corpus / f"seed-{index}").write_bytes(seed)
    Stats.limit = runs
    atheris.Setup([sys.argv[0], f"-runs={runs * 2}", "-max_len=4096", "-rss_limit_mb=4096", str(corpus)], target)
    atheris.Fuzz()  # never returns: the target exits after `runs` executions


def run_hypothesis(runs: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    target = make_target()
    for seed in seeds():
        target(seed)
    edits = st.lists(st.tuples(st.integers(0, 4095), st.binary(max_size=8)), max_size=6)
    mutated = st.builds(_mutate, st.sampled_from(seeds()), edits)

    @settings(max_examples=runs, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.one_of(st.binary(max_size=2048), mutated))
    def fuzz(data: bytes) -> None:
        target(data)

    fuzz()
    report()


def _mutate(seed: bytes, edits: list[tuple[int, bytes]]) -> bytes:
    data = bytearray(seed)
    for offset, chunk in edits:
        at = offset % (len(data) + 1)
        data[at:at + len(chunk) // 2] = chunk
    return bytes(data)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200_000)
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    args = parser.parse_args(argv)
    os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="fuzz-cache-"))
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    print(f"engine: {engine}", flush=True)
    if engine == "atheris":
        run_atheris(args.runs)
    else:
        run_hypothesis(args.runs)
    sys.exit(1 if Stats.crashes else 0)


if __name__ == "__main__":
    main()
