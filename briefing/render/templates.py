"""User templates: find them, render Jinja2 safely, copy the defaults, check a folder.

Text templates (HTML, Markdown) are Jinja2 run in a sandbox with strict
undefined names, so a template can neither reach Python internals nor fail
silently on a typo. A user's templates folder only needs the files it changes;
anything missing falls back to the shipped defaults.
"""

from __future__ import annotations

import operator
import re
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable

import jinja2
from jinja2 import filters as jinja_filters
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from briefing.config import default_templates_dir, profile_as_written, profile_problems, topics_problems
from briefing.errors import OutputError, UsageError
from briefing.fsutil import write_atomic

MAX_STRING = 1_000_000  # longest value a template may build (by *, +, ~, %, join, center, replace, format ...)
MAX_OUTPUT = 20_000_000  # characters a template may write in all
TIME_LIMIT = 10.0  # seconds a template may run
WIDTH = re.compile(r"%[-+ #0]*(\d+)|\{[^{}]*?:[^{}]*?(\d+)[^{}]*\}")
COPIED = ("profiles", "topics.toml", "briefing.html.j2", "briefing.md.j2", "reference.docx",
          "make_reference_docx.py", "README.md")
DOCX_STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Quote",
               "Table Grid", "Caption", "Header", "Footer", "Hyperlink")


def template_file(name: str, templates: Path | None = None) -> Path:
    """A template file from the user's folder if it has it, else the shipped default."""
    path = Path(name)
    if path.is_absolute():
        return path
    if templates is not None and (Path(templates) / path).exists():
        return Path(templates) / path
    return default_templates_dir() / path


class TemplateLimit(SecurityError):
    """A template ran too long or built too much."""


def _too_large() -> TemplateLimit:
    return TemplateLimit(f"template builds a value that is too large (over {MAX_STRING:,} characters)")


def _cap(value: Any) -> Any:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_STRING:
        raise _too_large()
    return value


def _check_widths(pattern: Any) -> None:
    """A format string may not ask for a field wider than MAX_STRING ('%999999999s', '{:>999999999}')."""
    if isinstance(pattern, str):
        for m in WIDTH.finditer(pattern):
            if int(m.group(1) or m.group(2)) > MAX_STRING:
                raise _too_large()


def _sized(name: str, size: Callable[..., int]) -> Callable[..., Any]:
    """Jinja's filter `name`, refused before it runs when `size(args)` says the result would be too large."""
    real = jinja_filters.FILTERS[name]

    def checked(*args: Any, **kwargs: Any) -> Any:
        if size(*args, **kwargs) > MAX_STRING:
            raise _too_large()
        return _cap(real(*args, **kwargs))

    checked.__name__ = real.__name__
    for marker in ("jinja_pass_arg",):
        if hasattr(real, marker):
            setattr(checked, marker, getattr(real, marker))
    return checked


def _length(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else len(str(value))


def _join_size(*args: Any, **kwargs: Any) -> int:
    items = args[1] if len(args) > 1 else kwargs.get("value", [])
    sep = args[2] if len(args) > 2 else kwargs.get("d", "")
    items = list(items) if not isinstance(items, (list, tuple, str)) else items
    return sum(_length(i) for i in items) + _length(sep) * len(items)


def _replace_size(*args: Any, **kwargs: Any) -> int:
    s, old, new = (str(a) for a in args[1:4])
    return len(s) + max(0, len(new) - len(old)) * (s.count(old) if old else len(s) + 1)


def _format_size(value: Any, *args: Any, **kwargs: Any) -> int:
    _check_widths(value)
    return _length(value) + sum(_length(a) for a in args) + sum(_length(v) for v in kwargs.values())


SIZED_FILTERS = {
    "center": lambda value, width=80: _length(value) + int(width),
    "indent": lambda value, width=4, *a, **k: _length(value) * (1 + _length(width) if isinstance(width, str)
                                                                  else 1 + int(width)),
    "join": _join_size,
    "replace": _replace_size,
    "format": _format_size,
    "wordwrap": lambda value, width=79, break_long_words=True, wrapstring=None, *a, **k:
        _length(value) * (1 + _length(wrapstring or "\n")),
}


class _Generator(CodeGenerator):
    """Jinja's code generator, with `a ~ b` built through the environment's size check."""

    def visit_Concat(self, node, frame):  # noqa: ANN001 - jinja2 signature
        self.write("environment.capped(")
        super().visit_Concat(node, frame)
        self.write(")")


class _Sandbox(SandboxedEnvironment):
    """The Jinja2 sandbox, plus caps on what a template may build and how long it may run.

    Values built by operators, `~` and the filters that grow strings are checked
    (before they are built where the arguments tell the size); the output is
    counted as it is written; `deadline` stops loops that would run for ever.
    """

    intercepted_binops = frozenset(["*", "**", "+", "%"])
    code_generator_class = _Generator
    deadline: float | None = None

    def capped(self, value: Any) -> Any:
        self.tick()
        return _cap(value)

    def tick(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TemplateLimit(f"template ran longer than {TIME_LIMIT:g} s (a loop that never ends?)")

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: ANN001, N805 - jinja2 signature
        __self.tick()
        return _cap(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context, operator_name, left, right):  # noqa: ANN001 - jinja2 signature
        self.tick()
        if operator_name == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise SecurityError("exponent too large in template")
            return operator.pow(left, right)
        if operator_name == "%":
            _check_widths(left)
            return _cap(operator.mod(left, right))
        if operator_name == "+":
            return _cap(operator.add(left, right))
        result_len = 0
        if isinstance(left, (str, list)) and isinstance(right, int):
            result_len = len(left) * right
        elif isinstance(right, (str, list)) and isinstance(left, int):
            result_len = len(right) * left
        if result_len > MAX_STRING:
            raise _too_large()
        return operator.mul(left, right)


def _ranged(*args: int) -> Any:
    """The sandbox's range, checking the clock at every step: nested loops cannot run for ever."""
    from jinja2.sandbox import safe_range

    env = _RUNNING.env
    for value in safe_range(*args):
        if env is not None:
            env.tick()
        yield value


class _Running(threading.local):
    env: _Sandbox | None = None


_RUNNING = _Running()


@contextmanager
def _limited(env: _Sandbox):
    """Run a template against the clock: the deadline is checked at every loop step, call and operator,
    and in the main thread an alarm also interrupts what those checks cannot see."""
    env.deadline = time.monotonic() + TIME_LIMIT
    _RUNNING.env = env
    alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")

    def ring(_signum: int, _frame: object) -> None:
        raise TemplateLimit(f"template ran longer than {TIME_LIMIT:g} s (a loop that never ends?)")

    previous = signal.signal(signal.SIGALRM, ring) if alarm else None
    if alarm:
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT + 1.0)
    try:
        yield
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _RUNNING.env = None
        env.deadline = None


def _write(template: jinja2.Template, context: dict[str, Any], env: _Sandbox) -> str:
    """The template's output, counted as it grows."""
    parts: list[str] = []
    size = 0
    with _limited(env):
        for part in template.generate(**context):
            size += len(part)
            if size > MAX_OUTPUT:
                raise TemplateLimit(f"template writes more than {MAX_OUTPUT:,} characters")
            env.tick()
            parts.append(part)
    return "".join(parts)


def environment(templates: Path | None, autoescape: bool) -> SandboxedEnvironment:
    folders = [str(p) for p in (templates, default_templates_dir()) if p is not None]
    env = _Sandbox(loader=jinja2.FileSystemLoader(folders), autoescape=autoescape,
                   undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                   keep_trailing_newline=True)
    env.globals["range"] = _ranged
    env.filters.update({name: _sized(name, size) for name, size in SIZED_FILTERS.items()})
    return env


def render_template(name: str, context: dict[str, Any], templates: Path | None, autoescape: bool) -> str:
    """Render a Jinja2 template in the sandbox; any template fault is a one-line UsageError."""
    env = environment(templates, autoescape)
    try:
        return _write(env.get_template(name), context, env)
    except jinja2.TemplateNotFound as exc:
        missing = exc.name or name
        if missing != name:
            raise UsageError(f"{name}: includes '{missing}', which is not a template in "
                             f"{templates or default_templates_dir()} (only files inside it can be included)") from None
        raise UsageError(f"template '{name}' not found in {templates or default_templates_dir()}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise UsageError(f"{exc.filename or name}:{exc.lineno}: template syntax error: {exc.message}") from None
    except SecurityError as exc:
        raise UsageError(f"{name}: template refused: {exc}") from None
    except jinja2.UndefinedError as exc:
        raise UsageError(f"{name}: {exc} (see the names listed in templates/README.md)") from None
    except jinja2.TemplateError as exc:
        raise UsageError(f"{name}: template error: {exc}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError, RecursionError, MemoryError) as exc:
        raise UsageError(f"{name}: template failed: {exc or type(exc).__name__}") from None


# --------------------------------------------------------------- init / check


def init_templates(folder: Path, force: bool = False) -> list[Path]:
    """Copy the shipped templates into `folder` for editing; never overwrite unless `force`."""
    folder = Path(folder)
    source = default_templates_dir()
    targets = [(source / name, folder / name) for name in COPIED if (source / name).exists()]
    existing = [dst for _, dst in targets if dst.exists()]
    if existing and not force:
        raise UsageError(f"{existing[0]}: already exists (use another folder, or --force to overwrite)")
    made: list[Path] = []  # files and folders this call created: removed again if it fails
    written = []
    try:
        for parent in reversed([folder, *folder.parents]):
            if not parent.exists():
                parent.mkdir()
                made.append(parent)
        for src, dst in targets:
            if src.is_dir():
                for file in sorted(p for p in src.rglob("*") if p.is_file()):
                    _copy_new(file, dst / file.relative_to(src), made)
                written.extend(sorted(dst.rglob("*.toml")))
            else:
                _copy_new(src, dst, made)
                written.append(dst)
    except (OSError, OutputError) as exc:
        for path in reversed(made):
            try:
                path.rmdir() if path.is_dir() else path.unlink()
            except OSError:
                pass
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).rpartition("(")[2].rstrip(")")
        raise OutputError(f"{folder}: cannot copy templates ({reason}); nothing was left half-copied") from None
    return written


def _copy_new(src: Path, dst: Path, made: list[Path]) -> None:
    """Copy one file, noting what it creates (its folders, and the file unless it replaced one)."""
    for parent in reversed(dst.parents):
        if not parent.exists():
            parent.mkdir()
            made.append(parent)
    if not dst.exists():
        made.append(dst)
    write_atomic(dst, src.read_bytes())  # a file replaced under --force is never left half-written


def check_templates(folder: Path | None = None) -> list[str]:
    """Every problem with a templates folder, one line each; empty means all is well."""
    from briefing.render import check_profile  # late import: render imports this module

    folder = Path(folder) if folder is not None else default_templates_dir()
    if not folder.is_dir():
        return [f"{folder}: no such folder (make one with `briefing templates init {folder}`)"]
    problems: list[str] = []
    if (folder / "topics.toml").exists():
        problems += topics_problems(folder / "topics.toml")
    profiles = sorted((folder / "profiles").glob("*.toml")) if (folder / "profiles").is_dir() else []
    if not profiles and not (default_templates_dir() / "profiles").is_dir():
        problems.append(f"{folder / 'profiles'}: no audience profiles (*.toml)")
    for path in profiles:
        profile = profile_as_written(path)
        problems += profile_problems(path) + (check_profile(profile, folder) if profile else [])
    for path in sorted(folder.glob("*.j2")):
        problems += _problem(lambda p=path: environment(folder, True).parse(p.read_text(encoding="utf-8"),
                                                                           p.name, str(p)))
    return problems


def check_reference_docx(path: Path) -> list[str]:
    """The Word reference document opens and has the styles the DOCX renderer uses."""
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a bad file
        return [f"{path}: not a Word .docx file ({exc.__class__.__name__}: {exc})"]
    have = {s.name for s in document.styles}
    missing = [s for s in DOCX_STYLES if s not in have]
    return [f"{path}: missing Word style(s) {', '.join(missing)}"] if missing else []


def _problem(check) -> list[str]:  # noqa: ANN001
    try:
        check()
    except UsageError as exc:
        return [str(exc)]
    except jinja2.TemplateSyntaxError as exc:
        return [f"{exc.filename}:{exc.lineno}: template syntax error: {exc.message}"]
    return []
