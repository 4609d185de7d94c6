"""`--output`: atomic, never clobbers without --force, refuses inputs, links, folders and devices,
and a failed or interrupted run leaves neither a file nor a temp file."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from recommender.errors import OutputError
from recommender.output import atomic_writer, write_output

ARGS = ("recommend", "--goal", "research", "--data", "text")


def entries(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_writes_what_stdout_would_show(cli, tmp_path) -> None:
    target = tmp_path / "out.json"
    shown = cli(*ARGS, "--format", "json")
    written = cli(*ARGS, "--format", "json", "--output", str(target))
    assert written.code == 0 and written.out == ""
    assert target.read_text(encoding="utf-8") == shown.out
    assert entries(tmp_path) == ["out.json"]


def test_new_file_gets_the_usual_permissions(tmp_path) -> None:
    old = os.umask(0o022)
    try:
        write_output("x\n", str(tmp_path / "f.txt"), force=False, inputs=[])
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "f.txt").stat().st_mode) == 0o644


def test_refuses_to_overwrite_without_force(cli, tmp_path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("keep me", encoding="utf-8")
    refused = cli(*ARGS, "--output", str(target))
    assert refused.code == 1
    assert "exists; add --force" in refused.err and str(target) in refused.err
    assert target.read_text(encoding="utf-8") == "keep me"
    forced = cli(*ARGS, "--output", str(target), "--force")
    assert forced.code == 0 and target.read_text(encoding="utf-8").startswith(cli(*ARGS).out[:20])
    assert entries(tmp_path) == ["out.txt"]


def test_force_keeps_the_replaced_files_permissions(tmp_path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    write_output("new", str(target), force=True, inputs=[])
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_text(encoding="utf-8") == "new"


def test_refuses_the_answers_file_even_with_force(cli, tmp_path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("goal: research\n", encoding="utf-8")
    os.link(answers, tmp_path / "same.yaml")  # another name of the same file is still the input
    for target in (answers, tmp_path / "same.yaml"):
        refused = cli("recommend", "--answers", str(answers), "--output", str(target), "--force")
        assert refused.code == 1 and "also an input" in refused.err
    assert answers.read_text(encoding="utf-8") == "goal: research\n"
    assert entries(tmp_path) == ["answers.yaml", "same.yaml"]


def test_refuses_the_batch_file_even_with_force(cli, tmp_path) -> None:
    batch = tmp_path / "in.jsonl"
    batch.write_text('{"goal": "research"}\n', encoding="utf-8")
    refused = cli("recommend", "--batch", str(batch), "--output", str(batch), "--force")
    assert refused.code == 1 and "also an input" in refused.err
    assert batch.read_text(encoding="utf-8") == '{"goal": "research"}\n'
    assert entries(tmp_path) == ["in.jsonl"]


def test_refuses_a_directory(cli, tmp_path) -> None:
    (tmp_path / "dir").mkdir()
    refused = cli(*ARGS, "--output", str(tmp_path / "dir"), "--force")
    assert refused.code == 1 and "is a directory" in refused.err
    assert entries(tmp_path) == ["dir"] and entries(tmp_path / "dir") == []


@pytest.mark.parametrize("dangling", [False, True])
def test_refuses_a_symlink_even_with_force(cli, tmp_path, dangling: bool) -> None:
    real = tmp_path / "real.txt"
    if not dangling:
        real.write_text("untouched", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(real)
    refused = cli(*ARGS, "--output", str(tmp_path / "link.txt"), "--force")
    assert refused.code == 1 and "symbolic link" in refused.err
    assert real.exists() != dangling
    if not dangling:
        assert real.read_text(encoding="utf-8") == "untouched"
    assert len(entries(tmp_path)) == (1 if dangling else 2)


def test_refuses_a_fifo_and_a_device(cli, tmp_path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in (str(fifo), os.devnull):
        refused = cli(*ARGS, "--output", target, "--force")
        assert refused.code == 1 and "not a regular file" in refused.err
    assert entries(tmp_path) == ["pipe"]


def test_missing_folder_is_a_clear_error(cli, tmp_path) -> None:
    refused = cli(*ARGS, "--output", str(tmp_path / "nope" / "out.txt"))
    assert refused.code == 1
    folder = tmp_path / "nope"
    assert refused.err.strip() == f"recommender: --output: no such folder: {folder}; create it first: mkdir -p {folder}"
    assert entries(tmp_path) == []


def test_failure_while_writing_leaves_nothing(tmp_path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError), atomic_writer(str(target), force=False) as fh:
        fh.write("half")
        assert len(entries(tmp_path)) == 1  # the temp file, beside the target
        raise RuntimeError("boom")
    assert entries(tmp_path) == []


def test_interrupt_while_writing_leaves_the_old_file(tmp_path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_writer(str(target), force=True) as fh:
        fh.write("new")
        raise KeyboardInterrupt
    assert entries(tmp_path) == ["out.txt"] and target.read_text(encoding="utf-8") == "old"


def test_target_appearing_meanwhile_is_not_clobbered(tmp_path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(OutputError, match="exists"), atomic_writer(str(target), force=False) as fh:
        fh.write("mine")
        target.write_text("theirs", encoding="utf-8")
    assert entries(tmp_path) == ["out.txt"] and target.read_text(encoding="utf-8") == "theirs"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_signal_during_a_batch_leaves_no_file(tmp_path, sig: signal.Signals) -> None:
    """A real process, stopped while the temp file exists: exit 130, no target, no temp file."""
    target = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "recommender", "recommend", "--batch", "-", "--output", str(target)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None
    proc.stdin.write(b'{"goal": "research"}\n')
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while not any(n.endswith(".tmp") for n in entries(tmp_path)):
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.02)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    assert entries(tmp_path) == []


def test_temp_files_left_by_a_killed_run_are_removed_by_the_next_write(cli, tmp_path) -> None:
    """Issue 25 item 7: after SIGKILL, `--output F` left `.F.*.tmp` that no later run removed."""
    hour_ago = time.time() - 3700
    stale = [tmp_path / ".out.json.k3j_x9q2.tmp", tmp_path / ".other.md.abcdefgh.tmp"]
    kept = [tmp_path / ".out.json.fresh123.tmp",  # written minutes ago: maybe a run still going
            tmp_path / ".out.json.tmp", tmp_path / "out.json.abcdefgh.tmp", tmp_path / ".notes.ABCDEFGH.tmp"]
    for path in stale + kept:
        path.write_text("partial")
        os.utime(path, (hour_ago, hour_ago))
    os.utime(kept[0], None)
    (tmp_path / ".linked.abcdefgh.tmp").symlink_to(kept[1])
    os.utime(tmp_path / ".linked.abcdefgh.tmp", (hour_ago, hour_ago), follow_symlinks=False)
    assert cli("recommend", "--goal", "research", "--output", str(tmp_path / "out.json")).code == 0
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept) and (tmp_path / ".linked.abcdefgh.tmp").is_symlink()
