"""`recommend --batch`: streaming JSON Lines, in order, error records that name the line, exit 1 at the end."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from recommender.answers import normalize
from recommender.engine.recommend import recommend as engine_recommend
from tests.helpers import SCHEMA, raw_profiles, stderr_on_a_terminal


def expected(kb, raw: dict[str, Any]) -> dict[str, Any]:
    """The batch record the engine's full recommendation implies."""
    result = engine_recommend(kb, normalize(kb, raw))
    return {
        "recommendation": {"id": result.winner, "backend": result.backend, "packages": list(result.packages)},
        "decisions": {
            d.name: {"winner": d.winner, "top": list(d.top), "level": d.confidence.level,
                     "margin": d.confidence.margin, "settled": d.confidence.settled, "why": d.confidence.why,
                     "unmet": [{"candidate": u.candidate, "requirement": u.requirement} for u in d.unmet]}
            for d in result.decisions
        },
        "ranking": [{"id": cid, "score": score} for cid, score in result.ranking],
        "confidence": {"level": result.confidence.level, "margin": result.confidence.margin,
                       "settled": result.confidence.settled},
        "fired": sorted({r.rule for r in result.reasons}),
        "caveats": sorted({r.rule for r in result.caveats}),
        "unanswered": list(result.unanswered),
        "answers": {q: list(v) if isinstance(v, tuple) else v for q, v in result.answers.items()},
        "dated": [d.id for d in result.dated],
        **({"ignored": list(result.ignored)} if result.ignored else {}),  # answers to questions not asked
    }


def write_lines(path: Path, items: list[Any]) -> Path:
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path


def records(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.slow
def test_one_record_per_profile_in_order_matching_the_engine(cli, kb, tmp_path) -> None:
    items = raw_profiles(kb, 80)
    done = cli("recommend", "--batch", str(write_lines(tmp_path / "in.jsonl", items)))
    assert done.code == 0 and done.err == ""
    got = records(done.out)
    assert [r["line"] for r in got] == list(range(1, len(items) + 1))
    for record, raw in zip(got, items, strict=True):
        assert record == {"line": record["line"], **expected(kb, raw)}
    # Compact JSON, keys in the documented order: the text a JSON encoder would write.
    for line in done.out.splitlines():
        assert line == json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":"))


def test_bad_lines_become_error_records_and_the_batch_goes_on(cli, kb, tmp_path) -> None:
    good = raw_profiles(kb, 2)
    lines = [json.dumps(good[0]), '{"goal": "reserch"}', "not json", "", "[1, 2]", json.dumps(good[1]),
             '{"goal": "research", "goal": "learning"}', '{"colour": "red"}', '{"goal": 5}']
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = cli("recommend", "--batch", str(source))
    assert done.code == 1
    got = records(done.out)
    assert [r["line"] for r in got] == [1, 2, 3, 5, 6, 7, 8, 9]  # the blank line 4 is skipped
    errors = {r["line"]: r["error"] for r in got if "error" in r}
    assert sorted(errors) == [2, 3, 5, 7, 8, 9]
    assert all(message.startswith((f"{source}:{n}: ", f"{source}:{n}:1: ")) for n, message in errors.items())
    assert "$.goal" in errors[2] and "did you mean 'research'" in errors[2]
    assert "duplicate key 'goal'" in errors[7] and "unknown question 'colour'" in errors[8]
    assert got[0] == {"line": 1, **expected(kb, good[0])} and got[4] == {"line": 6, **expected(kb, good[1])}
    assert f"\n{source}:2: $.goal: " in "\n" + done.err and done.err.strip().endswith("6 lines of the batch failed")


def test_encoding_bom_crlf_and_oversized_lines(cli, tmp_path) -> None:
    from recommender.batch.scorer import MAX_LINE_BYTES

    source = tmp_path / "in.jsonl"
    source.write_bytes(b'\xef\xbb\xbf{"goal": "research"}\r\n{"goal": "\xff"}\n'
                       + b'{"goal": "' + b"x" * (MAX_LINE_BYTES + 10) + b'"}\n{"goal": "learning"}')
    done = cli("recommend", "--batch", str(source))
    got = records(done.out)
    assert done.code == 1 and [r["line"] for r in got] == [1, 2, 3, 4]
    assert got[0]["answers"] == {"goal": "research"} and got[3]["answers"] == {"goal": "learning"}
    assert "not valid UTF-8" in got[1]["error"] and "longer than" in got[2]["error"]


def test_flags_are_defaults_that_each_line_overrides(cli, tmp_path) -> None:
    source = write_lines(tmp_path / "in.jsonl", [{}, {"goal": "learning"}, {"data": "image"}])
    done = cli("recommend", "--batch", str(source), "--goal", "research", "--data", "text")
    got = records(done.out)
    assert [r["answers"] for r in got] == [
        {"goal": "research", "data": ["text"]},
        {"goal": "learning", "data": ["text"]},
        {"goal": "research", "data": ["image"]},
    ]


def test_stdin_and_output_file(run, kb, tmp_path) -> None:
    items = raw_profiles(kb, 20)
    text = "".join(json.dumps(i) + "\n" for i in items)
    piped = run("recommend", "--batch", "-", input=text)
    assert piped.code == 0 and len(records(piped.out)) == 20
    target = tmp_path / "out.jsonl"
    to_file = run("recommend", "--batch", "-", "--output", str(target), input=text)
    assert to_file.code == 0 and to_file.out == ""
    assert target.read_text(encoding="utf-8") == piped.out


def test_explain_gives_the_full_document_per_line(cli, kb, tmp_path) -> None:
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    items = raw_profiles(kb, 3)
    done = cli("recommend", "--batch", str(write_lines(tmp_path / "in.jsonl", items)), "--explain")
    for number, (record, raw) in enumerate(zip(records(done.out), items, strict=True), start=1):
        assert record.pop("line") == number
        jsonschema.validate(record, schema)
        single = cli("recommend", "--answers", str(write_lines(tmp_path / "one.json", [raw]).rename(
            tmp_path / "one.json")), "--format", "json")
        assert record == json.loads(single.out)


def test_missing_batch_file_is_a_usage_error(cli, tmp_path) -> None:
    done = cli("recommend", "--batch", str(tmp_path / "nope.jsonl"))
    assert done.code == 2 and "--batch: cannot read" in done.err and done.out == ""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_streams_one_answer_per_line_to_a_live_producer(kb, jobs: str) -> None:
    """Each result arrives before the next profile is sent: nothing waits for the end of input."""
    # As a context manager, so its pipes are closed too (an unclosed one is a ResourceWarning, an error here).
    with subprocess.Popen([sys.executable, "-m", "recommender", "recommend", "--batch", "-", "--jobs", jobs],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        try:
            for number, raw in enumerate(raw_profiles(kb, 3), start=1):
                proc.stdin.write((json.dumps(raw) + "\n").encode())
                proc.stdin.flush()
                ready, _, _ = select.select([proc.stdout], [], [], 60)
                assert ready, "no answer before the next line was sent"
                assert json.loads(proc.stdout.readline())["line"] == number
        finally:
            proc.stdin.close()
            proc.wait(timeout=60)
    assert proc.returncode == 0


def _stderr_of_batch(source: Path, tty: bool) -> str:
    env = {**os.environ}
    if not tty:
        done = subprocess.run([sys.executable, "-m", "recommender", "recommend", "--batch", str(source)],
                              capture_output=True, text=True, env=env, timeout=120)
        return done.stderr
    return stderr_on_a_terminal(source)


@pytest.mark.parametrize("tty", [True, False])
def test_progress_on_a_terminal_only(kb, tmp_path, tty: bool) -> None:
    source = write_lines(tmp_path / "in.jsonl", raw_profiles(kb, 50))
    err = _stderr_of_batch(source, tty)
    if tty:
        assert "profile" in err and "\r" in err
    else:
        assert err == ""


@pytest.mark.slow
def test_jobs_give_the_same_output_errors_and_exit_code(run, kb, tmp_path) -> None:
    items: list[Any] = raw_profiles(kb, 200)
    items[7] = {"goal": "reserch"}
    items[150] = ["not", "an", "object"]
    source = write_lines(tmp_path / "in.jsonl", items)
    alone = run("recommend", "--batch", str(source))
    for jobs in ("2", "0"):
        together = run("recommend", "--batch", str(source), "--jobs", jobs)
        assert (together.code, together.out, together.err) == (alone.code, alone.out, alone.err)
    assert alone.code == 1 and len(records(alone.out)) == 200


def test_ctrl_c_during_a_parallel_batch_is_one_line_and_130(kb) -> None:
    import signal
    import time

    proc = subprocess.Popen([sys.executable, "-m", "recommender", "recommend", "--batch", "-", "--jobs", "2"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("".join(json.dumps(p) + "\n" for p in raw_profiles(kb, 100)).encode())
    proc.stdin.flush()
    assert json.loads(proc.stdout.readline())["line"] == 1  # a worker has scored part of the lines
    time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    # click starts a new line first (past the terminal's ^C); then the one message, no worker's traceback.
    assert err.decode().split() == "recommender: interrupted; nothing written".split()


def test_jobs_need_batch(cli) -> None:
    done = cli("recommend", "--goal", "research", "--jobs", "2")
    assert done.code == 2 and "--jobs" in done.err and done.out == ""


def test_workers_leave_when_their_pipes_close(kb) -> None:
    """Each worker sees the end of its pipe (none holds another's open) and exits by itself, not killed."""
    from recommender.batch.pool import Pool
    from recommender.batch.scorer import Scorer
    from recommender.render import RenderOptions

    scorer = Scorer(kb, {}, RenderOptions("en"))
    pool = Pool(scorer, 4)
    lines = [(n, json.dumps(raw).encode()) for n, raw in enumerate(raw_profiles(kb, 200), start=1)]
    assert pool.score(lines) == scorer.lines(lines)
    pool.close()
    assert [process.exitcode for process, _ in pool.workers] == [0, 0, 0]
