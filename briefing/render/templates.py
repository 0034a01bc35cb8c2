"""User templates: find them, render Jinja2 safely, copy the defaults, check a folder.

Text templates (HTML, Markdown) are Jinja2 run in a sandbox with strict
undefined names, so a template can neither reach Python internals nor fail
silently on a typo. A user's templates folder only needs the files it changes;
anything missing falls back to the shipped defaults.
"""

from __future__ import annotations

import operator
import shutil
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from briefing.config import default_templates_dir, profile_as_written, profile_problems, topics_problems
from briefing.errors import UsageError

MAX_STRING = 1_000_000  # longest string a template may build with * or **
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


class _Sandbox(SandboxedEnvironment):
    """The Jinja2 sandbox, plus a cap on strings built by repetition ('x' * 10**9)."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator_name, left, right):  # noqa: ANN001 - jinja2 signature
        if operator_name == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise SecurityError("exponent too large in template")
            return operator.pow(left, right)
        result_len = 0
        if isinstance(left, (str, list)) and isinstance(right, int):
            result_len = len(left) * right
        elif isinstance(right, (str, list)) and isinstance(left, int):
            result_len = len(right) * left
        if result_len > MAX_STRING:
            raise SecurityError("template builds a value that is too large")
        return operator.mul(left, right)


def environment(templates: Path | None, autoescape: bool) -> SandboxedEnvironment:
    folders = [str(p) for p in (templates, default_templates_dir()) if p is not None]
    return _Sandbox(loader=jinja2.FileSystemLoader(folders), autoescape=autoescape,
                    undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                    keep_trailing_newline=True)


def render_template(name: str, context: dict[str, Any], templates: Path | None, autoescape: bool) -> str:
    """Render a Jinja2 template in the sandbox; any template fault is a one-line UsageError."""
    env = environment(templates, autoescape)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound:
        raise UsageError(f"template '{name}' not found in {templates or default_templates_dir()}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise UsageError(f"{exc.filename or name}:{exc.lineno}: template syntax error: {exc.message}") from None
    except SecurityError as exc:
        raise UsageError(f"{name}: template refused: {exc}") from None
    except jinja2.UndefinedError as exc:
        raise UsageError(f"{name}: {exc} (see the names listed in templates/README.md)") from None
    except jinja2.TemplateError as exc:
        raise UsageError(f"{name}: template error: {exc}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError, RecursionError) as exc:
        raise UsageError(f"{name}: template failed: {exc}") from None


# --------------------------------------------------------------- init / check


def init_templates(folder: Path, force: bool = False) -> list[Path]:
    """Copy the shipped templates into `folder` for editing; never overwrite unless `force`."""
    folder = Path(folder)
    source = default_templates_dir()
    targets = [(source / name, folder / name) for name in COPIED if (source / name).exists()]
    existing = [dst for _, dst in targets if dst.exists()]
    if existing and not force:
        raise UsageError(f"{existing[0]}: already exists (use another folder, or --force to overwrite)")
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for src, dst in targets:
            if src.is_dir():
                shutil.copytree(src, dst, dirs_exist_ok=True)
                written.extend(sorted(dst.rglob("*.toml")))
            else:
                shutil.copyfile(src, dst)
                written.append(dst)
    except OSError as exc:
        raise UsageError(f"{folder}: cannot copy templates ({exc.strerror or exc})") from None
    return written


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
