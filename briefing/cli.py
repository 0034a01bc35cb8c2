"""Command line: parse options, call the library, print paths and one-line errors."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Callable, List, Optional

import typer

from briefing import __version__
from briefing.errors import EXIT_INTERNAL, BriefingError

app = typer.Typer(
    name="briefing",
    help="Turn a pile of news coverage into a sourced briefing note.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _err(message: str) -> None:
    typer.echo(message, err=True)


def reported(func: Callable) -> Callable:
    """Turn library errors into one line on stderr and the documented exit code.

    With --debug (or BRIEFING_DEBUG=1) the traceback is shown instead.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        debug = kwargs.get("debug") or os.environ.get("BRIEFING_DEBUG") == "1"
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except BriefingError as exc:
            if debug:
                raise
            _err(f"error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _err("error: interrupted")
            raise typer.Exit(130) from None
        except Exception as exc:  # an unexpected bug: one line, unless debugging
            if debug:
                raise
            _err(f"error: internal error: {type(exc).__name__}: {exc} (run again with --debug for details)")
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper


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


DebugOption = typer.Option(False, "--debug", help="Show full tracebacks instead of one-line errors.")
CacheOption = typer.Option(None, "--cache", metavar="DIR",
                           help="Folder of the analysis cache (default: the user cache folder).")


@app.command()
@reported
def build(
    sources: List[str] = typer.Argument(None, help="Files or folders to read; '-' reads stdin. Default: seeds/."),
    format: str = typer.Option("docx,pdf", "--format", "-f",
                               help="Comma-separated output formats: docx, pdf, json, html, md."),
    audience: str = typer.Option("analyst", "--audience", "-a",
                                 help="Audience profile from templates/profiles (analyst, executive, press)."),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Folder to write the briefing into."),
    topics: Optional[Path] = typer.Option(None, "--topics", help="Topics file (TOML) replacing the defaults."),
    templates: Optional[Path] = typer.Option(None, "--templates",
                                             help="Templates folder made by `briefing templates init`."),
    title: Optional[str] = typer.Option(None, "--title", help="Title of the briefing."),
    since: Optional[str] = typer.Option(None, "--since", help="Only sources dated on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Only sources dated on or before YYYY-MM-DD."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first bad source instead of skipping it."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline package to use."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the paths written, no summary."),
    cache: Optional[Path] = CacheOption,
    no_cache: bool = typer.Option(False, "--no-cache", help="Parse every source again; neither read nor write the cache."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0,
                             help="Processes for parsing; 0 uses every core on large corpora."),
    debug: bool = DebugOption,
) -> None:
    """Build a briefing from news articles and print the path of every file written."""
    from briefing.pipeline import BuildOptions, build as run_build

    options = BuildOptions(
        sources=list(sources or []), formats=format, audience=audience, out=out, topics=topics,
        templates=templates, title=title, since=since, until=until, strict=strict, model=model,
        progress=not quiet and sys.stderr.isatty(), n_process=jobs, cache_dir=cache, use_cache=not no_cache,
    )
    result = run_build(options)
    for problem in result.problems:
        _err(f"warning: skipped {problem}")
    for path in result.paths:
        typer.echo(str(path))
    if not quiet:
        b = result.briefing
        items = sum(len(s.items) for s in b.sections)
        _err(f"built '{b.title}' for {b.audience}: {b.coverage.sources} sources, {items} items, "
             f"{len(b.conflicts)} disagreements")


cache_app = typer.Typer(help="Show or clear the cache of parsed sources.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
@reported
def cache_info(cache: Optional[Path] = CacheOption, debug: bool = DebugOption) -> None:
    """Show where the cache is and what it holds."""
    from briefing import cache as analysis_cache

    found = analysis_cache.info(cache)
    typer.echo(f"location: {found.root}")
    typer.echo(f"entries:  {found.entries} ({analysis_cache.human_size(found.bytes)})")
    for folder in found.folders:
        state = "current" if folder.current else "stale"
        typer.echo(f"  {folder.name}: {folder.entries} entries, "
                   f"{analysis_cache.human_size(folder.bytes)} ({state})")


@cache_app.command("clear")
@reported
def cache_clear(
    cache: Optional[Path] = CacheOption,
    stale: bool = typer.Option(False, "--stale", help="Only drop entries of older versions or other models."),
    debug: bool = DebugOption,
) -> None:
    """Delete cached analyses; the next build parses its sources again."""
    from briefing import cache as analysis_cache

    removed = analysis_cache.clear(cache, stale_only=stale)
    typer.echo(f"removed {removed} cached {'analysis' if removed == 1 else 'analyses'} "
               f"from {cache or analysis_cache.default_dir()}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
