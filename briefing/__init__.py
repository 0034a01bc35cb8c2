"""briefing: turn a pile of news coverage into a sourced briefing note."""

__version__ = "0.1.0"
