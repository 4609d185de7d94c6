"""`recommend --batch`: one answer profile per line in, one JSON result per line out.

Lines are read, scored and written one at a time, in order, so a batch streams:
the first results appear before the last profile is read, and memory does not
grow with the input. A bad line becomes an error record naming its line number
and the batch goes on; the exit code is 1 at the end if any line failed.

Each record is compact: the winner, backend, packages, ranking, confidence, the
ids of the fired rules and caveats, what was unanswered and the answers used.
It leaves out what-if (an exact search that scores every one-answer change, some
sixty times the cost of the recommendation itself) and the rule texts; with
`--explain` each record is instead the full `--format json` document on one line.
"""

from __future__ import annotations

import gc
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import IO, Any

from recommender.answers import checked, clipped
from recommender.answers_file import STDIN_NAME
from recommender.batch.lines import Lines, Scored
from recommender.engine import dated
from recommender.engine.recommend import recommend, verdict
from recommender.engine.requirements import points
from recommender.engine.result import Decision
from recommender.engine.scoring import evaluate, rank
from recommender.engine.settled.memo import LIMIT, Memo
from recommender.errors import AnswersError, OutputError, UsageError
from recommender.knowledge.conditions import Value
from recommender.knowledge.model import KnowledgeBase
from recommender.knowledge.profile import Profile, profile_of
from recommender.knowledge.requirements import KIND as REQUIREMENT
from recommender.knowledge.textcheck import escaped
from recommender.output import atomic_writer
from recommender.render.jsonout import document
from recommender.render.options import RenderOptions

MAX_LINE_BYTES = 1 << 20
CHUNK_BYTES = 1 << 16
MAX_ERRORS_SHOWN = 20
# The engine's memo tables grow through a batch, and the automatic collector
# rescans them so often that it cost a fifth of each line. A line makes no
# reference cycles unless it fails (an exception and its traceback), so the
# young objects are collected now and then instead: memory stays bounded.
COLLECT_EVERY = 10_000


def run_batch(kb: KnowledgeBase, source: str, base: dict[str, Any], opts: RenderOptions,
              *, output: str | None, force: bool, jobs: int = 1) -> int:
    """Score every profile of `source` (a path or '-'); `base` answers are defaults a line overrides.

    `jobs` processes score the lines (0: one per CPU); see `batch.pool`.
    """
    if output is None and sys.stdout is None:  # started with stdout closed (`>&-`): say so before any work
        raise OutputError("cannot write output: stdout is closed")
    gc.disable()  # collected in `Scorer.lines`, every COLLECT_EVERY lines
    with ExitStack() as stack:
        reader, size = _open_source(source, stack)
        if output:
            inputs = [source] if source != "-" else []
            stack.enter_context(_naming_output(output))  # entered first, so it also sees the commit fail
            sink: IO[str] = stack.enter_context(atomic_writer(output, force=force, inputs=inputs))
        else:
            sink = sys.stdout
        scorer = Scorer(kb, base, opts, source=STDIN_NAME if source == "-" else source)
        score: Callable[[Lines], list[Scored]] = scorer.lines
        if jobs != 1:
            from recommender.batch.pool import Pool, available_jobs  # deferred: only --jobs N forks workers

            if (jobs := available_jobs(jobs)) > 1:
                pool = Pool(scorer, jobs)
                stack.callback(pool.close)
                score = pool.score
        try:
            # Each process gets a chunk's worth of a file per read (a pipe gives what it has).
            failed = _stream(score, _chunks(reader, CHUNK_BYTES * max(jobs, 1)), sink, _Progress.maybe(size))
        except UnicodeEncodeError as exc:  # only stdout has an encoding other than UTF-8
            raise OutputError.unencodable(exc) from None
    return _summary(failed)


@contextmanager
def _naming_output(output: str) -> Iterator[None]:
    """An OSError while writing, fsyncing or renaming --output is reported as --output's failure."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"--output: cannot write {output}: {exc.strerror or exc}") from None


def _open_source(source: str, stack: ExitStack) -> tuple[IO[bytes], int | None]:
    """The input as bytes (each line is decoded on its own) and its size when it is a regular file."""
    if source == "-":
        stream: IO[bytes] = sys.stdin.buffer
    else:
        try:
            stream = stack.enter_context(open(source, "rb"))
        except OSError as exc:
            raise UsageError(f"--batch: cannot read {source}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return stream, None
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"--batch: {source} is a directory; give a JSON Lines file")
    return stream, info.st_size if stat.S_ISREG(info.st_mode) else None


@dataclass
class Failures:
    count: int = 0
    first: str = ""


def _stream(score: Callable[[Lines], list[Scored]], chunks: Iterator[Lines], sink: IO[str],
            progress: _Progress | None) -> Failures:
    failed = Failures()
    write = sink.write
    done = 0
    for chunk in chunks:
        for (number, raw), out in zip(chunk, score(chunk), strict=True):
            if out is None:
                continue
            text, error = out
            if error is not None:
                if progress and failed.count < MAX_ERRORS_SHOWN:  # a message gets a line of its own
                    progress.clear()
                _note_failure(failed, error)
            write(text)
            done += len(raw) + 1 if raw is not None else 0
            if progress:
                progress.tick(number, done)
        # Flushed before the next read may block: a live producer sees each answer, a file is not slowed.
        sink.flush()
    if progress:
        progress.close()
    return failed


def _note_failure(failed: Failures, message: str) -> None:
    failed.count += 1
    failed.first = failed.first or message
    if failed.count <= MAX_ERRORS_SHOWN:
        _say(escaped(message, keep=""))


def _summary(failed: Failures) -> int:
    if not failed.count:
        return 0
    _say(f"recommender: {failed.count} line{'s' if failed.count != 1 else ''} of the batch failed")
    return 1


def _say(line: str) -> None:
    _to_stderr(line + "\n")


def _to_stderr(text: str) -> None:
    """Messages and progress, if stderr can take them: a closed (`2>&-`), full or hung-up stderr
    must not stop the batch, whose records and exit code say everything the messages do."""
    if sys.stderr is None:  # started with stderr closed
        return
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _chunks(reader: IO[bytes], size: int = CHUNK_BYTES) -> Iterator[Lines]:
    """The lines that each read delivered, as (line number, bytes without the newline).

    One read returns what is available (`read1`), so a pipe is never waited on
    while complete lines are pending. A line over the limit is given as None and
    the rest of it skipped, so one huge line cannot exhaust memory.
    """
    read = getattr(reader, "read1", reader.read)
    number = 0
    pending = b""
    skipping = False
    while True:
        data = read(size)
        if not data:
            break
        parts = (pending + data).split(b"\n")
        pending = parts.pop()
        lines: Lines = []
        for part in parts:
            number += 1
            lines.append((number, None if skipping or len(part) > MAX_LINE_BYTES else part))
            skipping = False
        if len(pending) > MAX_LINE_BYTES:
            pending, skipping = b"", True
        yield lines
    if pending or skipping:
        yield [(number + 1, None if skipping else pending)]


class Scorer:
    """Turns one input line into one output line; holds what is worked out once per batch."""

    def __init__(self, kb: KnowledgeBase, base: dict[str, Any], opts: RenderOptions,
                 *, source: str = STDIN_NAME) -> None:
        self.kb, self.base, self.opts = kb, dict(base), opts
        self.source = source  # messages say `FILE:3: …` (`<stdin>:3: …`), as every located message does
        self.order = list(kb.questions)
        self.text = _Text()
        self.answer_text = _AnswerText()
        self.young = 0  # lines scored since the last collection
        # One run of many checks: every settled search, memoised, in tables of a fixed size (memory stays flat).
        self.memo = Memo(witness=True, limit=LIMIT)

    def lines(self, lines: Lines) -> list[Scored]:
        """Score lines in order; young objects are collected every COLLECT_EVERY lines."""
        out = [self.line(number, raw) for number, raw in lines]
        self.young += len(lines)
        if self.young >= COLLECT_EVERY:
            gc.collect(1)
            self.young = 0
        return out

    def line(self, number: int, raw: bytes | None) -> Scored:
        """The output line (with its newline) for input line `number` and its error if it failed.

        None for a blank line, which is skipped: every record names its line, so nothing is lost.
        A line's `id` comes first after `line` in its record, an error record's too, when it can be read.
        """
        ident = ""
        try:
            data = self.data(number, raw)
            if data is None:
                return None
            ident = _id_field(data, f"{self.source}:{number}")
            answers = self.answers(number, data)
        except AnswersError as exc:
            return f'{{"line":{number}{ident},"error":{_dumps(str(exc))}}}\n', str(exc)
        if self.opts.explain:
            return f'{{"line":{number}{ident},{_dumps(self.full(answers))[1:]}\n', None
        return self.compact(number, answers, ident), None

    def answers(self, number: int, data: dict[str, Any]) -> Profile:
        """The checked profile of one line: the base answers, then the line's own over them."""
        where = f"{self.source}:{number}"
        profile = checked(self.kb, data, lambda q: f"{where}: {_field(q)}")
        if not self.base:
            return profile
        merged = {**self.base, **profile.given}
        return profile_of(self.kb, {q: merged[q] for q in self.order if q in merged})

    def data(self, number: int, raw: bytes | None) -> dict[str, Any] | None:
        """One line's JSON object, or None for a blank line."""
        where = f"{self.source}:{number}"
        if raw is None:
            raise AnswersError(f"{where}: longer than {MAX_LINE_BYTES // (1 << 20)} MiB")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise AnswersError(f"{where}: not valid UTF-8 (byte {exc.start + 1})") from None
        if number == 1:
            text = text.removeprefix("\ufeff")
        if not text.strip():
            return None
        return _parse(text, where)

    def compact(self, number: int, profile: Profile | dict[str, Value], ident: str = "") -> str:
        """The batch record of one profile as JSON text: no reasons' texts, no what-if. `ident` is the
        line's `,"id":…` (see `_id_field`), if it has one."""
        kb, text = self.kb, self.text
        profile = profile_of(kb, profile)
        answers, ignored = profile.answers, profile.ignored  # answers to questions not asked fire nothing
        scoring = evaluate(kb, profile)
        ranking = rank(scoring.scores)
        found = verdict(kb, scoring, profile, self.memo)
        level = found.confidence
        # Sorted ids: independent of how the engine orders or groups its rules internally.
        fired = sorted([rule.id for rule in scoring.fired if rule.kind != REQUIREMENT])
        caveats = sorted([r.id for r in scoring.fired if r.kind == "weakness" and set(found.chosen) & set(r.effects)])
        return (
            f'{{"line":{number}{ident},"recommendation":{{"id":{text[found.winner]},"backend":{text[found.backend]},'
            f'"packages":{text.strings(found.packages)}}},'
            f'"decisions":{{{",".join(map(self._decision, found.decisions))}}},'
            f'"ranking":[{",".join([text.score(cid, points(kb, score)) for cid, score in ranking])}],'
            f'"confidence":{{"level":{text[level.level]},"margin":{level.margin},'
            f'"settled":{text[level.settled]}}},'
            f'"fired":{text.strings(fired)},"caveats":{text.strings(caveats)},'
            f'"unanswered":{text.strings(profile.open)},'
            f'"answers":{{{",".join(map(self.answer_text.__getitem__, answers.items()))}}},'
            f'"dated":{text.strings([d.id for d in dated.collect(kb, answers, scoring.fired, found)])}'
            + (f',"ignored":{text.strings(ignored)}' if ignored else "") + "}\n"
        )

    def _decision(self, item: Decision) -> str:
        """One decision of a batch record: its winner (null on a tie), the tied top, its confidence, and the
        candidates set aside by a stated requirement."""
        text, level = self.text, item.confidence
        unmet = ",".join(f'{{"candidate":{text[u.candidate]},"requirement":{text[u.requirement]}}}' for u in item.unmet)
        return (
            f'{text[item.name]}:{{"winner":{text[item.winner]},"top":{text.strings(item.top)},'
            f'"level":{text[level.level]},"margin":{level.margin},"settled":{text[level.settled]},'
            f'"why":{text[level.why]},"unmet":[{unmet}]}}'
        )

    def full(self, profile: Profile | dict[str, Value]) -> dict[str, Any]:
        return document(self.kb, recommend(self.kb, profile, memo=self.memo), self.opts.lang)


class _Text(dict[Any, str]):
    """JSON text of a record's parts, each encoded once per batch: the parts are the knowledge
    base's own names, so the encoder runs only for a name not seen before (`__missing__`)."""

    def __missing__(self, value: str | bool | None) -> str:
        found = self[value] = _dumps(value)
        return found

    def strings(self, values: Iterable[str]) -> str:
        return "[" + ",".join(map(self.__getitem__, values)) + "]"

    def score(self, cid: str, score: int) -> str:
        return f'{{"id":{self[cid]},"score":{score}}}'


class _AnswerText(dict[tuple[str, Value], str]):
    """`"question":answer` for each (question, answer) pair, encoded once per batch."""

    def __missing__(self, item: tuple[str, Value]) -> str:
        found = self[item] = _dumps({item[0]: item[1]})[1:-1]
        return found


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        data = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise AnswersError(f"{where}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except _Duplicate as exc:
        raise AnswersError(f"{where}: {_field(exc.key)}: duplicate key {clipped(exc.key)!r}") from None
    except RecursionError:
        raise AnswersError(f"{where}: nesting too deep") from None
    except _TooLong as exc:
        raise AnswersError(f"{where}: number with {exc.digits} digits is too large") from None
    except ValueError as exc:  # the last guard for a json limit not handled above
        raise AnswersError(f"{where}: invalid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise AnswersError(f"{where}: expected a JSON object of question id to answer")
    return data


MAX_ID_CHARS = 200


def _id_field(data: dict[str, Any], where: str) -> str:
    """`,"id":…` for a line that names itself (taken out of its answers), to echo in its record as given:
    text (up to MAX_ID_CHARS characters) or an integer; else nothing."""
    if "id" not in data:
        return ""
    ident = data.pop("id")
    if type(ident) is int or (isinstance(ident, str) and len(ident) <= MAX_ID_CHARS):
        return f',"id":{_dumps(ident)}'
    raise AnswersError(f"{where}: $.id: expected text of at most {MAX_ID_CHARS} characters or an integer, "
                       f"found {type(ident).__name__ if not isinstance(ident, str) else 'longer text'}")


def _field(key: str) -> str:
    """`$.goal`, or `$['odd key']` for a key that is not a plain name (as answers files say it)."""
    # deferred: the error path only, keeps yaml off the fast path
    from recommender.knowledge.yamlsafe import render_path

    return render_path((clipped(key),))


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique(items: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(items)
    if len(out) != len(items):
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return out


class _TooLong(ValueError):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


MAX_INT_DIGITS = 30  # as in answers files


def _integer(digits: str) -> int:
    # int() of a huge literal is slow and, past 4300 digits, a ValueError that names Python internals.
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise _TooLong(len(digits.lstrip("-")))
    return int(digits)


# Built once: json.loads/dumps with options build a new coder per call, a tenth of a line's budget.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_DECODER = json.JSONDecoder(object_pairs_hook=_unique, parse_int=_integer)


def _dumps(record: Any) -> str:
    return _ENCODER.encode(record)


class _Progress:
    """A one-line counter on stderr, redrawn at most ten times a second; only for a terminal."""

    def __init__(self, total: int | None) -> None:
        self.total = total
        self.start = time.monotonic()
        self.last = 0.0  # the first tick draws at once
        self.drawn = False

    @classmethod
    def maybe(cls, total: int | None) -> _Progress | None:
        try:
            return cls(total) if sys.stderr.isatty() else None
        except (AttributeError, ValueError):
            return None

    def tick(self, count: int, done: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last, self.drawn = now, True
        rate = count / max(now - self.start, 1e-9)
        share = f" {100 * done // self.total:3d}%" if self.total else ""
        _to_stderr(f"\rrecommender: {count:,} profile{'' if count == 1 else 's'}{share}, {rate:,.0f}/s ")

    def close(self) -> None:
        self.clear()

    def clear(self) -> None:
        """Blank the counter's line (the next tick draws it again)."""
        if self.drawn:
            _to_stderr("\r" + " " * 60 + "\r")
            self.drawn = False
