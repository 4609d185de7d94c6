"""What every command shares: the knowledge base of this invocation, common options, output."""

from __future__ import annotations

import sys
from typing import Any

import click

from recommender.errors import OutputError
from recommender.knowledge.files import RULES_ENV, check_dir, env_rules_dirs
from recommender.knowledge.load import load_knowledge_base
from recommender.knowledge.model import KnowledgeBase
from recommender.render import RenderOptions
from recommender.render.i18n import LANGS, default_lang, lang_hint, t
from recommender.render.wrap import terminal_columns
from recommender.version import __version__

HELP_TEXT = "Show this message and exit."


def _show_help(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


def help_option(command: click.Command, ctx: click.Context) -> click.Option | None:
    """The `-h/--help` option with its text given, built once per command: click's own asks gettext
    for the text, which imports `locale` and searches for message catalogs on every run (0.7 ms of a
    warm start whose budget over importing click is a few)."""
    names = command.get_help_option_names(ctx)
    if not names or not command.add_help_option:
        return None
    found: click.Option | None = command.__dict__.get("_plain_help")
    if found is None:
        found = command.__dict__["_plain_help"] = click.Option(
            names, is_flag=True, is_eager=True, expose_value=False, callback=_show_help, help=HELP_TEXT)
    return found


OptionGroups = tuple[tuple[str, tuple[str, ...]], ...]
EVERY_OTHER = "*"  # in a group's names: every option no group names (the question flags)


class Command(click.Command):
    """A click command whose help option is `help_option`'s (the commands on the warm path use it).

    `groups` (title, option names) lists the options in titled sections of the help, as `gh` and `ruff`
    do, in that order; a name `*` stands for every option no group names. Without it, click's one list.
    """

    def __init__(self, *args: Any, groups: OptionGroups = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = groups

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return help_option(self, ctx)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not self.groups:
            return super().format_options(ctx, formatter)
        records = {p.name: p.get_help_record(ctx) for p in self.get_params(ctx)}
        named = {name for _, names in self.groups for name in names}
        others = [name for name in records if name not in named]
        for title, names in self.groups:
            listed = [n for name in names for n in (others if name == EVERY_OTHER else [name])]
            rows = [record for name in listed if (record := records.get(name))]
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
        return None

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """With sections, the examples are one more, at their level (click indents an epilog)."""
        if not self.groups or not self.epilog:
            return super().format_epilog(ctx, formatter)
        formatter.write_paragraph()
        formatter.write_text(self.epilog)
        return None


class Group(click.Group):
    """A click group whose help option is `help_option`'s."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return help_option(self, ctx)


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"recommender, version {__version__}")
        ctx.exit()


def version_option(f: Any) -> Any:
    """`--version`, printing what click's version_option prints, without its gettext lookups."""
    return click.option("--version", is_flag=True, is_eager=True, expose_value=False, callback=_show_version,
                        help="Show the version and exit.")(f)


def rules_dirs(given: tuple[str, ...] | list[str]) -> list[str]:
    """RECOMMENDER_RULES folders, then --rules folders, each a layer over the shipped pack."""
    return [*env_rules_dirs(), *given]


def knowledge(ctx: click.Context, args: list[str] | None = None) -> KnowledgeBase:
    """The knowledge base for this invocation, loaded once."""
    if "kb" not in ctx.meta:
        raw = args if args is not None else []
        given = prescan(raw, "--rules") if args is not None else list(ctx.params.get("rules") or ())
        no_cache = "--no-cache" in raw or bool(ctx.params.get("no_cache"))
        for folder in env_rules_dirs():
            check_dir(folder, RULES_ENV)
        ctx.meta["kb"] = load_knowledge_base(rules_dirs(given), use_cache=not no_cache)
        if debugging(ctx):
            click.echo(f"cache: {ctx.meta['kb'].cache_note}", err=True)
    kb: KnowledgeBase = ctx.meta["kb"]
    return kb


def debugging(ctx: click.Context) -> bool:
    """Whether `--debug` was given (`main` takes it out of the arguments and passes it on here)."""
    obj = ctx.find_root().obj
    return isinstance(obj, dict) and bool(obj.get("debug"))


def complete_file(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """File and folder names: click's `file` item makes the shell complete them itself."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(incomplete, type="file")]


def complete_dir(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Folder names only (a rule pack is a folder)."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(incomplete, type="dir")]


class Choice(click.Choice):  # type: ignore[type-arg]  # generic only in click >= 8.2
    """click's Choice with the did-you-mean hint the question flags give (`--format jsn` → 'json'), its case
    ignored as the question flags ignore it (`--format JSON`)."""

    def __init__(self, choices: Any, case_sensitive: bool = False) -> None:
        super().__init__(choices, case_sensitive=case_sensitive)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            hint = self.hint(str(value))
            if not hint:
                raise
            self.fail(exc.message.rstrip(".") + hint, param, ctx)

    def hint(self, value: str) -> str:
        from recommender.knowledge.conditions import did_you_mean  # only when there is a mistake

        return did_you_mean(value.lower(), [str(c) for c in self.choices])


class LangChoice(Choice):
    """--lang: `zh_CN` or `english` mean a language the texts exist in; `fr` is told which exist."""

    def hint(self, value: str) -> str:
        return lang_hint(value)


def rules_option(f: Any) -> Any:
    return click.option(
        "--rules", "rules", multiple=True, metavar="DIR", shell_complete=complete_dir,
        help="Extra rule pack folder; repeat to layer several. Same ids replace shipped ones.",
    )(f)


def lang_option(f: Any) -> Any:
    return click.option(
        "--lang", type=LangChoice(LANGS), default=None,
        help="Language of the output (default: RECOMMENDER_LANG, then the locale).",
    )(f)


def quiet_option(f: Any) -> Any:
    return click.option("-q", "--quiet", is_flag=True, help="Do not say on stderr which file was written.")(f)


def say_wrote(path: str, lang: str | None, *, quiet: bool) -> None:
    """`recommender: wrote FILE` on stderr once a file is written (stdout keeps only the result): a run
    that writes a file is not silent about it, unless asked (-q)."""
    if quiet:
        return
    from recommender.cli.exits import message_line, say

    say(message_line(t("wrote", lang or default_lang(), path=path)))


def no_cache_option(f: Any) -> Any:
    return click.option("--no-cache", is_flag=True, help="Compile the rules afresh; do not read or write the cache.")(f)


# File flags. An empty name (an unset shell variable, say) is a mistake, never "no file"; `-` is stdin
# for a flag that reads, stdout for --output, and refused where neither fits.


def _named(value: str | None) -> str | None:
    if value == "":
        raise click.BadParameter("empty file name")
    return value


def input_file(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--answers, --batch: a file, or `-` for stdin."""
    return _named(value)


def output_file(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--output: a file, or `-` for stdout (the same as leaving it out)."""
    return None if _named(value) == "-" else value


def saved_file(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--save-answers: a file only; on stdout the answers would mix with the result."""
    if _named(value) == "-":
        raise click.BadParameter("'-' would write the answers into the result on stdout; give a file name")
    return value


def prescan(args: list[str], option: str) -> list[str]:
    """Values of `option` in raw arguments, before click parses them."""
    found = []
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == option and index + 1 < len(args):
            found.append(args[index + 1])
        elif arg.startswith(option + "="):
            found.append(arg.split("=", 1)[1])
    return found


def render_options(ctx: click.Context, lang: str | None, explain: bool, fmt: str, *, to_stdout: bool) -> RenderOptions:
    """How a result is rendered: the language, --explain (refused where the format has no room for
    it), and the width text is folded to on a terminal (piped or written to a file: not folded)."""
    if explain and fmt in ("env", "snippet"):
        what = "shell variables" if fmt == "env" else "the example code alone"
        raise click.UsageError(f"--explain: --format {fmt} is {what}, with no room for an explanation; "
                               "leave --explain out, or use --format text, markdown, json or yaml", ctx)
    columns = terminal_columns(sys.stdout) if to_stdout else None
    return RenderOptions(lang or default_lang(), explain, columns)


def emit(text: str) -> None:
    """Write the whole output at once to stdout."""
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        raise OutputError("cannot write output: stdout is closed")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write output: {exc.strerror or exc}") from None
    except UnicodeEncodeError as exc:  # the whole text is encoded before any of it is written
        raise OutputError.unencodable(exc) from None
