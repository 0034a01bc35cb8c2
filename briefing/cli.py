"""Command line: parse options, call the library, print paths and one-line errors."""

from __future__ import annotations

import errno
import functools
import math
import os
import sys
from pathlib import Path
from typing import Callable, List, Optional

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

try:  # typer 0.2x carries its own copy of click
    from typer._click.exceptions import UsageError as ParserUsageError
except ImportError:  # older typer uses click itself
    from click.exceptions import UsageError as ParserUsageError

from briefing import __version__
from briefing.errors import EXIT_INTERNAL, EXIT_OUTPUT, EXIT_USAGE, BriefingError, UsageError, shown
from briefing.plural import counted

CONTEXT = {"help_option_names": ["-h", "--help"]}


class _Group(TyperGroup):
    """The option parser's usage errors exit with the documented code 3 (click's own is 2,
    which here means 'no usable source')."""

    def make_context(self, *args, **kwargs):  # noqa: ANN002, ANN003 - click's signature
        try:
            return super().make_context(*args, **kwargs)
        except ParserUsageError as exc:
            exc.exit_code = EXIT_USAGE
            raise

    def invoke(self, ctx):  # noqa: ANN001 - click's signature
        try:
            return super().invoke(ctx)
        except ParserUsageError as exc:
            exc.exit_code = EXIT_USAGE
            raise


class _Command(TyperCommand):
    """Help shows an argument's metavar (SOURCE...) without typer's Python type (<list[str]>)."""

    def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003 - click's signature
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument) and param.metavar:
                param.display_type_rich = lambda ctx: None  # noqa: ARG005


app = typer.Typer(
    name="briefing",
    cls=_Group,
    help="Turn a pile of news coverage into a sourced briefing note.",
    no_args_is_help=True,
    context_settings=CONTEXT,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _err(message: str) -> None:
    """One line on stderr, with control characters and undecodable bytes of file names escaped."""
    typer.echo("\n".join(shown(line) for line in message.split("\n")), err=True)


def reported(func: Callable) -> Callable:
    """Turn library errors into one line on stderr and the documented exit code.

    With --debug (or BRIEFING_DEBUG=1) the traceback is shown instead.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        debug = kwargs.get("debug") or os.environ.get("BRIEFING_DEBUG") == "1"
        try:
            result = func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            _flush_stdout()
            raise
        except BrokenPipeError:  # `briefing build | head -0`: the reader left; the files are written
            _stdout_gone()
            raise typer.Exit(EXIT_PIPE) from None
        except OSError as exc:
            if debug:
                raise
            if exc.filename is not None or exc.errno not in STREAM_ERRORS:
                raise _internal(exc) from None
            _stdout_gone()  # our own file writes raise OutputError: a bare one is printing that failed
            _err(f"error: cannot write to standard output ({exc.strerror or exc})")
            raise typer.Exit(EXIT_OUTPUT) from None
        except BriefingError as exc:
            if debug:
                raise
            _err(f"error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP (parallel.Stopped, carrying its signal)
            signum = getattr(exc, "signum", 2)
            _err("error: interrupted" if signum == 2 else f"error: stopped by {exc}")
            raise typer.Exit(128 + signum) from None
        except Exception as exc:  # an unexpected bug: one line, unless debugging
            if debug:
                raise
            raise _internal(exc) from None
        _flush_stdout()
        return result

    return wrapper


def _internal(exc: BaseException) -> typer.Exit:
    _err(f"error: internal error: {type(exc).__name__}: {exc} (run again with --debug for details)")
    return typer.Exit(EXIT_INTERNAL)


STREAM_ERRORS = {errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG}
EXIT_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a tool stopped by a closed pipe


def _flush_stdout() -> None:
    """Flush stdout now, so a closed pipe or a full disk (`> /dev/full`) is one line and an exit code."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_gone()
        raise typer.Exit(EXIT_PIPE) from None
    except OSError as exc:
        _stdout_gone()
        _err(f"error: cannot write to standard output ({exc.strerror or exc})")
        raise typer.Exit(EXIT_OUTPUT) from None


def _stdout_gone() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush at exit does not fail once more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """Turn a pile of news coverage into a sourced briefing note."""


MAX_MB = 10_000.0  # --max-mb above this is a typo, not a source size
MAX_JOBS = 256


def _max_bytes(max_mb: float) -> int:
    """--max-mb in bytes; a negative, NaN, infinite or absurd size is a bad option (exit 3)."""
    if not (math.isfinite(max_mb) and 0 < max_mb <= MAX_MB):
        raise UsageError(f"--max-mb must be more than 0 and at most {MAX_MB:,.0f} (MB of text per source), "
                         f"not {max_mb}")
    return int(max_mb * 1_000_000)


def _jobs(jobs: int) -> int:
    if not 0 <= jobs <= MAX_JOBS:
        raise UsageError(f"--jobs must be between 0 (every core) and {MAX_JOBS}, not {jobs}")
    return jobs


DebugOption = typer.Option(False, "--debug", help="Show full tracebacks instead of one-line errors.")
CacheOption = typer.Option(None, "--cache", metavar="DIR",
                           help="Folder of the analysis cache (default: the user cache folder).")
SendTo = typer.Option([], "--send-to", metavar="ADDRESS", help="Send to this address (repeat, or separate with commas).")
Cc = typer.Option([], "--cc", metavar="ADDRESS", help="Cc address (repeatable).")
Bcc = typer.Option([], "--bcc", metavar="ADDRESS", help="Bcc address (repeatable); never written into the message headers.")
ReplyTo = typer.Option(None, "--reply-to", metavar="ADDRESS", help="Reply-To address.")
DryRun = typer.Option(False, "--dry-run", help="Show what would be sent; connect to nothing.")
SmtpConfig = typer.Option(None, "--smtp-config", metavar="FILE", help="SMTP settings file (default ~/.config/briefing/smtp.toml).")
AllowUntrusted = typer.Option(False, "--allow-untrusted-cert",
                              help="Send even if the server's TLS certificate cannot be verified.")


@app.command(cls=_Command)
@reported
def build(
    ctx: typer.Context,
    sources: List[str] = typer.Argument(None, metavar="SOURCE", help="Files, folders, web pages (http/https) or feeds to read; '-' reads stdin. Default: seeds/."),
    format: str = typer.Option("docx,pdf", "--format", "-f", metavar="FORMATS",
                               help="Comma-separated output formats: docx, pdf, json, html, md."),
    audience: str = typer.Option("analyst", "--audience", "-a", metavar="NAME",
                                 help="Audience profile: analyst, executive, press, or one in --templates DIR/profiles."),
    out: Path = typer.Option(Path("output"), "--out", "-o", metavar="DIR", help="Folder to write the briefing into."),
    topics: Optional[Path] = typer.Option(None, "--topics", metavar="FILE", help="Topics file (TOML) replacing the defaults (default: the templates folder's topics.toml)."),
    templates: Optional[Path] = typer.Option(None, "--templates", metavar="DIR",
                                             help="Templates folder made by `briefing templates init`."),
    title: Optional[str] = typer.Option(None, "--title", metavar="TEXT", help="Title of the briefing."),
    marking: Optional[str] = typer.Option(None, "--marking", metavar="TEXT",
                                          help="Handling marking on every page, e.g. OFFICIAL (replaces the profile's)."),
    since: Optional[str] = typer.Option(None, "--since", metavar="DATE", help="Only sources dated on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", metavar="DATE", help="Only sources dated on or before YYYY-MM-DD."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first bad source instead of skipping it."),
    max_mb: float = typer.Option(5.0, "--max-mb", metavar="MB", help="Skip sources with more than this many MB of text."),
    max_items: int = typer.Option(20, "--max-items", min=1, metavar="N",
                                  help="Read at most N items of each RSS/Atom feed, newest first."),
    model: Optional[str] = typer.Option(None, "--model", metavar="PACKAGE", help="spaCy pipeline package to use."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the paths written, no summary."),
    cache: Optional[Path] = CacheOption,
    no_cache: bool = typer.Option(False, "--no-cache", help="Read and parse every source again; neither read nor write the cache."),
    jobs: int = typer.Option(0, "--jobs", "-j", metavar="N",
                             help="Processes for reading and parsing; 0 uses every core on large corpora."),
    explain: bool = typer.Option(False, "--explain",
                                 help="Print why each item was chosen: score parts, topic terms, sources."),
    email: bool = typer.Option(False, "--email", help="Also write an .eml draft with the outputs attached."),
    send_to: List[str] = SendTo,
    cc: List[str] = Cc,
    bcc: List[str] = Bcc,
    reply_to: Optional[str] = ReplyTo,
    dry_run: bool = DryRun,
    smtp_config: Optional[Path] = SmtpConfig,
    allow_untrusted_cert: bool = AllowUntrusted,
    debug: bool = DebugOption,
) -> None:
    """Build a briefing from news articles and print the path of every file written.

    Usual options can live in briefing.toml (see `briefing config show`); options given here win.
    """
    from briefing.mail import MailOptions
    from briefing.pipeline import BuildOptions, build as run_build

    usual = _usual(ctx, format=format, audience=audience, out=out, topics=topics, templates=templates,
                   marking=marking, reply_to=reply_to)
    mail = MailOptions(email=email, to=send_to, cc=cc, bcc=bcc, reply_to=usual["email.reply_to"], dry_run=dry_run,
                       smtp_config=smtp_config, allow_untrusted=allow_untrusted_cert, **_usual_recipients())
    mail.check()  # a bad address is known now, not after the whole build
    options = BuildOptions(
        sources=list(sources or []), formats=usual["formats"], audience=usual["audience"], out=Path(usual["out"]),
        topics=_path(usual["topics"]), templates=_path(usual["templates"]), marking=usual["marking"],
        title=title, since=since, until=until, strict=strict, model=model,
        max_bytes=_max_bytes(max_mb), max_items=max_items, progress=not quiet and sys.stderr.isatty(),
        n_process=_jobs(jobs), cache_dir=cache, use_cache=not no_cache,
    )
    result = run_build(options)
    for problem in result.problems:
        _err(f"warning: skipped {problem}")
    for warning in result.warnings:
        _err(f"warning: {warning}")
    for duplicate, kept in result.duplicates:
        _err(f"note: {duplicate} is the same article as {kept}; counted once")
    for note in result.fitting:
        _err(f"note: {note}")
    for path in result.paths:
        typer.echo(shown(str(path)))
    if explain:
        from briefing.select import explain_text

        _err(explain_text(result.briefing).rstrip())
    if mail.wanted:
        _deliver(result, options, mail)
    if not quiet:
        b = result.briefing
        items = sum(len(s.items) for s in b.sections)
        _err(f"built '{b.title}' for {b.audience}: {counted(b.coverage.sources, 'source')}, "
             f"{counted(items, 'item')}, {counted(len(b.conflicts), 'disagreement')}")


cache_app = typer.Typer(help="Show or clear the cache of parsed sources.", no_args_is_help=True,
                        context_settings=CONTEXT)
app.add_typer(cache_app, name="cache")


@cache_app.command("info", cls=_Command)
@reported
def cache_info(cache: Optional[Path] = CacheOption, debug: bool = DebugOption) -> None:
    """Show where the cache is and what it holds."""
    from briefing import cache as analysis_cache

    found = analysis_cache.info(cache)
    typer.echo(f"location: {found.root}")
    typer.echo(f"entries:  {found.entries} ({analysis_cache.human_size(found.bytes)})")
    for folder in found.folders:
        state = "current" if folder.current else "stale"
        typer.echo(f"  {folder.name}: {counted(folder.entries, 'entry', 'entries')}, "
                   f"{analysis_cache.human_size(folder.bytes)} ({state})")
    corpora = sum(f.entries for f in found.corpora)
    typer.echo(f"prepared corpora: {corpora} ({analysis_cache.human_size(sum(f.bytes for f in found.corpora))})")
    for folder in found.corpora:
        state = "current" if folder.current else "stale"
        typer.echo(f"  {folder.name}: {counted(folder.entries, 'entry', 'entries')}, "
                   f"{analysis_cache.human_size(folder.bytes)} ({state})")


@cache_app.command("clear", cls=_Command)
@reported
def cache_clear(
    cache: Optional[Path] = CacheOption,
    stale: bool = typer.Option(False, "--stale", help="Only drop entries of older versions or other models."),
    debug: bool = DebugOption,
) -> None:
    """Delete cached analyses and prepared corpora; the next build reads and parses its sources again."""
    from briefing import cache as analysis_cache

    removed = analysis_cache.clear(cache, stale_only=stale)
    corpora = analysis_cache.clear_corpora(cache, stale_only=stale)
    typer.echo(f"removed {counted(removed, 'cached analysis', 'cached analyses')} and "
               f"{counted(corpora, 'prepared corpus', 'prepared corpora')} from {cache or analysis_cache.default_dir()}")


@app.command(cls=_Command)
@reported
def inspect(
    sources: List[str] = typer.Argument(..., metavar="SOURCE", help="Files or folders to inspect; '-' reads stdin."),
    full: bool = typer.Option(False, "--full", help="Show whole lines instead of cutting them at 100 characters."),
    quotes: bool = typer.Option(False, "--quotes", help="Show the direct quotes found, with speakers."),
    figures: bool = typer.Option(False, "--figures", help="Show the figures found, with what they measure."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first bad source instead of skipping it."),
    max_mb: float = typer.Option(5.0, "--max-mb", metavar="MB", help="Skip sources with more than this many MB of text."),
    debug: bool = DebugOption,
) -> None:
    """Show each source's metadata (and where it came from) and every line kept or dropped, with the reason.

    With --quotes and/or --figures, show what the analysis found instead.
    """
    from briefing.ingest import IngestOptions

    options = IngestOptions(strict=strict, max_bytes=_max_bytes(max_mb))
    if quotes or figures:
        from briefing.analyze.report import inspect_analysis

        typer.echo(inspect_analysis(list(sources), options, quotes=quotes, figures=figures), nl=False)
        return
    from briefing.ingest.report import inspect_text

    typer.echo(inspect_text(list(sources), options, full=full), nl=False)


templates_app = typer.Typer(help="Audience templates: copy the defaults, check your edits.", no_args_is_help=True,
                            context_settings=CONTEXT)
app.add_typer(templates_app, name="templates")


@templates_app.command("init", cls=_Command)
@reported
def templates_init(
    folder: Path = typer.Argument(Path("briefing-templates"), metavar="FOLDER", help="Folder to copy the default templates into."),
    force: bool = typer.Option(False, "--force", help="Overwrite files that already exist."),
    debug: bool = DebugOption,
) -> None:
    """Copy the default profiles and templates into FOLDER for editing."""
    from briefing.render.templates import init_templates

    for path in init_templates(folder, force):
        typer.echo(str(path))


@templates_app.command("check", cls=_Command)
@reported
def templates_check(
    folder: Optional[Path] = typer.Argument(None, metavar="FOLDER", help="Templates folder to check (default: the built-in one)."),
    debug: bool = DebugOption,
) -> None:
    """Validate profiles and templates: syntax, unknown fields, missing files. Prints nothing when all is well."""
    from briefing.render.templates import check_templates

    problems = check_templates(folder)
    for line in problems:
        _err(line)
    raise typer.Exit(EXIT_USAGE if problems else 0)


def _deliver(result, options, mail) -> None:
    """Write the .eml draft (always first), then send it if recipients were given."""
    from briefing import render
    from briefing.mail import deliver
    from briefing.pipeline import profile_of

    profile = profile_of(options)
    delivery = deliver(result.briefing, result.paths, profile, options.out, mail,
                       stem=render.output_stem(result.briefing, profile))
    typer.echo(str(delivery.eml))
    for line in delivery.report.describe() if delivery.report else []:
        _err(line)


@app.command("send", cls=_Command)
@reported
def send_cmd(
    ctx: typer.Context,
    path: Path = typer.Argument(..., metavar="DRAFT", help="The .eml draft, or the output folder holding it."),
    send_to: List[str] = SendTo,
    cc: List[str] = Cc,
    bcc: List[str] = Bcc,
    reply_to: Optional[str] = ReplyTo,
    dry_run: bool = DryRun,
    smtp_config: Optional[Path] = SmtpConfig,
    allow_untrusted_cert: bool = AllowUntrusted,
    debug: bool = DebugOption,
) -> None:
    """Send a saved .eml draft through SMTP (smtp.toml or BRIEFING_SMTP_* settings).

    Recipients: those given here, else the draft's, else the usual ones of briefing.toml.
    """
    from briefing.mail import MailOptions, send_draft

    usual = _usual(ctx, reply_to=reply_to)
    report = send_draft(path, MailOptions(to=send_to, cc=cc, bcc=bcc, reply_to=usual["email.reply_to"],
                                          dry_run=dry_run, smtp_config=smtp_config,
                                          allow_untrusted=allow_untrusted_cert, **_usual_recipients()))
    for line in report.describe():
        typer.echo(line)


# option name -> briefing.toml key
CONFIG_KEYS = {"format": "formats", "audience": "audience", "out": "out", "topics": "topics",
               "templates": "templates", "marking": "marking", "reply_to": "email.reply_to"}


def _usual(ctx: typer.Context, **given) -> dict:
    """Each option's value: from the command line if given there, else from briefing.toml, else the default."""
    from briefing import userconfig

    settings = userconfig.load()
    values = {}
    for name, value in given.items():
        key = CONFIG_KEYS[name]
        source = ctx.get_parameter_source(name)
        on_command_line = source is not None and source.name != "DEFAULT"
        values[key] = value if on_command_line or not settings.from_file(key) else settings.get(key)
    return values


def _usual_recipients() -> dict:
    from briefing import userconfig

    settings = userconfig.load()
    return {"usual_to": settings.get("email.to"), "usual_cc": settings.get("email.cc"),
            "usual_bcc": settings.get("email.bcc")}


def _path(value) -> Optional[Path]:  # noqa: ANN001
    return Path(value) if value is not None else None


config_app = typer.Typer(help="Your usual options: briefing.toml here, then in the user config folder.",
                         no_args_is_help=True, context_settings=CONTEXT)
app.add_typer(config_app, name="config")


@config_app.command("show", cls=_Command)
@reported
def config_show(debug: bool = DebugOption) -> None:
    """Print the effective settings and where each came from (a file, or the built-in default)."""
    from briefing import userconfig

    for line in userconfig.show(userconfig.load()):
        typer.echo(line)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
