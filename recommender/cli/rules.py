"""`recommender rules …`: the rule-pack toolchain (validate, lint, test, coverage).

The work lives in `recommender.ruletools`, imported inside each command so that
`recommend` never loads YAML or jsonschema for it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

PACK_HELP = """\b
PATH arguments (files or folders) are layered over the shipped pack, after
RECOMMENDER_RULES and --rules folders; without PATH the whole pack is checked."""


def _pack_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """PATH…, --rules DIR…, --standalone: the pack a command works on."""
    f = click.option("--standalone", is_flag=True,
                     help="Leave out the shipped pack: the PATHs (and --rules folders) form the whole pack.")(f)
    from recommender.cli.common import complete_dir

    f = click.option("--rules", "rules_dirs", multiple=True, metavar="DIR", shell_complete=complete_dir,
                     help="Extra rule pack folder, layered over the shipped pack; repeatable.")(f)
    return click.argument("paths", nargs=-1, metavar="[PATH]...", type=click.Path())(f)


def _format_option(f: Callable[..., Any]) -> Callable[..., Any]:
    from recommender.cli.common import Choice

    return click.option("--format", "fmt", type=Choice(["text", "json"]), default="text", show_default=True,
                        help="Output format.")(f)


def _pack(paths: tuple[str, ...], rules_dirs: tuple[str, ...], standalone: bool) -> Any:
    """The pack's files; with --debug, what the cache holds for them (the rule commands always compile, so a
    cache entry that does not match the pack is worth telling)."""
    from recommender.cli.common import debugging
    from recommender.ruletools.packs import collect

    pack = collect(paths, rules_dirs, standalone=standalone)
    if debugging(click.get_current_context()):
        from recommender.knowledge.load import cache_state

        _say_lines([f"cache: {cache_state(pack.files)}"])
    return pack


def _knowledge(paths: tuple[str, ...], rules_dirs: tuple[str, ...], standalone: bool) -> tuple[Any, Any]:
    """The pack and its compiled knowledge base; an invalid pack exits 3 with every problem."""
    from recommender.ruletools.packs import compile_pack

    pack = _pack(paths, rules_dirs, standalone)
    return pack, compile_pack(pack)


def _emit(text: str) -> None:
    from recommender.cli.common import emit

    emit(text)


def _escaped(text: str, keep: str = "") -> str:
    from recommender.knowledge.textcheck import escaped

    return escaped(text, keep)


def _dump(doc: Any) -> None:
    _emit(_json_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n"))


def _json_text(text: str) -> str:
    """JSON escapes control characters but not bidi ones or lone surrogates; `\\uXXXX` is JSON's own
    escape, so escaping them in the text keeps every value (a file name) exact and the terminal safe."""
    return _escaped(text, keep="\n")


def _say_lines(lines: list[str]) -> None:
    """Lines for stderr, each escaped whole: they name untrusted files."""
    sys.stderr.write("".join(_escaped(line) + "\n" for line in lines))


@click.group()
def rules() -> None:
    """Validate, lint, test and measure rule packs.

    \b
    Examples:
      recommender rules validate
      recommender rules validate my-rules/ --format json
      recommender rules lint --rules my-rules
      recommender rules test
      recommender rules coverage --fail-under 100
    """


EXAMPLES = {
    "validate": ["recommender rules validate", "recommender rules validate my-rules/ --format json"],
    "lint": ["recommender rules lint", "recommender rules lint --rules my-rules"],
    "test": ["recommender rules test", "recommender rules test my-rules/tests.yaml -v"],
    "coverage": ["recommender rules coverage", "recommender rules coverage --fail-under 100"],
    "analyze": ["recommender rules analyze", "recommender rules analyze --profiles 5000 --seed 2 --format json"],
}


def _examples(command: str) -> str:
    return "\n\n\b\nExamples:\n" + "\n".join(f"  {line}" for line in EXAMPLES[command])


@rules.command(epilog=PACK_HELP + _examples("validate"))
@_pack_options
@_format_option
@click.option("--record-digest", is_flag=True,
              help="After editing the shipped rules: once they validate, record their digest so a cold "
                   "start can skip the schema check (recommender/knowledge/digest.py).")
def validate(paths: tuple[str, ...], rules_dirs: tuple[str, ...], standalone: bool, fmt: str,
             record_digest: bool) -> int:
    """Check every file: YAML, schema and cross-references. Exit 3 when invalid.

    Each problem is one line, `file:line:col: $.path: message`.
    """
    from recommender.knowledge.files import env_rules_dirs
    from recommender.ruletools.validate import validate as check

    if record_digest and (paths or rules_dirs or standalone or env_rules_dirs()):
        raise click.UsageError("--record-digest records the shipped pack alone: drop PATHs, --rules, "
                               "--standalone and RECOMMENDER_RULES")
    pack = _pack(paths, rules_dirs, standalone)
    report = check(pack)
    if record_digest and report.valid:
        from recommender.knowledge.digest import record

        _say_lines([f"recorded {record(pack.files)}"])
    if fmt == "json":
        _emit(_json_text(report.as_json()))
    elif report.valid:
        _emit(report.summary() + "\n")
    else:
        _say_lines([p.render() for p in report.problems])
    return 0 if report.valid else 3


@rules.command(epilog=PACK_HELP + "\nWith PATHs, only findings in those files are shown." + _examples("lint"))
@_pack_options
@_format_option
def lint(paths: tuple[str, ...], rules_dirs: tuple[str, ...], standalone: bool, fmt: str) -> int:
    """Find rules that never fire, candidates that never win, duplicates, unused or untranslated parts.

    Exit 1 when there are errors; warnings and notes alone exit 0.
    """
    from recommender.ruletools import lint as linter

    pack, kb = _knowledge(paths, rules_dirs, standalone)
    findings = [f for f in linter.lint(kb, [str(f.path) for f in pack.files]) if pack.in_focus(f.file)]
    n = linter.counts(findings)
    if fmt == "json":
        _dump({"status": "errors" if n["error"] else "ok", "counts": n, "findings": [f.as_dict() for f in findings]})
    else:
        _emit("".join(f.render() + "\n" for f in findings) + linter.summary(findings) + "\n")
    return 1 if n["error"] else 0


@rules.command(epilog=PACK_HELP + "\nWith PATHs, only the tests defined in those files run." + _examples("test"))
@_pack_options
@_format_option
@click.option("-v", "--verbose", is_flag=True, help="Also list the tests that pass.")
def test(paths: tuple[str, ...], rules_dirs: tuple[str, ...], standalone: bool, fmt: str, verbose: bool) -> int:
    """Run the packs' `tests:` cases; one line per failure, then `N passed, M failed`. Exit 1 on failure."""
    from recommender.ruletools import runner

    pack, kb = _knowledge(paths, rules_dirs, standalone)
    outcomes = runner.run_all(kb, pack)
    failed = sum(not o.passed for o in outcomes)
    if fmt == "json":
        _dump({"passed": len(outcomes) - failed, "failed": failed, "results": [o.as_dict() for o in outcomes]})
    else:
        shown = [o for o in outcomes if verbose or not o.passed]
        lines = [f"PASS {o.id}" if o.passed else runner.failure_line(o) for o in shown]
        _emit("".join(line + "\n" for line in lines) + runner.summary(outcomes) + "\n")
    return 1 if failed else 0


@rules.command(epilog=PACK_HELP + "\nWith PATHs, only the rules defined in those files are measured."
               + _examples("coverage"))
@_pack_options
@_format_option
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="PCT",
              help="Exit 1 if fewer than PCT % of the rules fire in some test or of the sections are cited.")
def coverage(paths: tuple[str, ...], rules_dirs: tuple[str, ...], standalone: bool, fmt: str,
             fail_under: float | None) -> int:
    """Per article section, the rules citing it; the share of rules some test fires."""
    from recommender.ruletools import coverage as cov

    pack, kb = _knowledge(paths, rules_dirs, standalone)
    measured = cov.measure(kb, pack)
    if fmt == "json":
        _dump(cov.as_dict(measured))
    else:
        _emit(cov.render_text(kb, measured))
    if fail_under is not None and measured.below(fail_under):
        from recommender.cli.exits import message_line

        sys.stderr.write(message_line(f"--fail-under: coverage below {fail_under:g}%") + "\n")
        return 1
    return 0


@rules.command(epilog=PACK_HELP + _examples("analyze"))
@_pack_options
@_format_option
@click.option("--profiles", type=click.IntRange(min=1, max=100_000), default=1000, show_default=True, metavar="N",
              help="How many seeded random profiles to score.")
@click.option("--seed", type=int, default=1, show_default=True, help="The sample's seed: same seed, same figures.")
def analyze(paths: tuple[str, ...], rules_dirs: tuple[str, ...], standalone: bool, fmt: str, profiles: int,
            seed: int) -> int:
    """How the weights behave: each answer's largest swing per candidate, the rules that decide verdicts,
    the shares of recommendations, backends and ties. Exit 1 when an answer swings past settings.swing_cap."""
    from recommender.ruletools import weights

    _, kb = _knowledge(paths, rules_dirs, standalone)
    found = weights.analyze(kb, profiles, seed)
    cap = kb.settings["swing_cap"]
    if fmt == "json":
        _dump(found.as_dict(cap))
    else:
        _emit(weights.render_text(kb, found, cap))
    return 1 if found.over_cap(cap) else 0
