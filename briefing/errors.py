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

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_NO_SOURCES = 2
EXIT_USAGE = 3
EXIT_OUTPUT = 4
EXIT_MODEL = 5
EXIT_SEND = 6


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
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class UsageError(BriefingError):
    exit_code = EXIT_USAGE


class OutputError(BriefingError):
    exit_code = EXIT_OUTPUT


class ModelError(BriefingError):
    exit_code = EXIT_MODEL
