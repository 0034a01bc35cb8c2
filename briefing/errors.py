"""Errors the user can act on, each with a documented exit code.

Exit codes (also in the README):
  0  success
  1  unexpected internal error (run again with --debug and report it)
  2  no usable source, or a source problem under --strict
  3  bad option or argument (unknown format, missing topics file, bad profile)
  4  an output could not be written
  5  the language model is missing
  6  sending email failed (the .eml draft is still written)
"""

from __future__ import annotations

import re

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_NO_SOURCES = 2
EXIT_USAGE = 3
EXIT_OUTPUT = 4
EXIT_MODEL = 5
EXIT_SEND = 6


# Characters that must not reach a terminal or a report raw: C0/C1 controls (escape sequences),
# and the bidi controls and marks that reorder what is shown.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """A file name or path as safe to print and to encode: bytes that were not UTF-8 as \\xNN,
    control and bidi characters as \\xNN / \\uNNNN. Plain names come back unchanged."""
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that is not an undecodable byte
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _UNSHOWABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class BriefingError(Exception):
    """A problem reported to the user as one line, with an exit code."""

    exit_code = EXIT_INTERNAL

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class SourceError(BriefingError):
    """One source cannot be used: the build skips it unless --strict."""

    exit_code = EXIT_NO_SOURCES

    def __init__(self, path: str, problem: str):
        path = shown(str(path))
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class UsageError(BriefingError):
    exit_code = EXIT_USAGE


class OutputError(BriefingError):
    exit_code = EXIT_OUTPUT


class ModelError(BriefingError):
    exit_code = EXIT_MODEL
