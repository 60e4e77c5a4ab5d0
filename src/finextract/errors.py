"""Errors finextract raises. Every message names the file (and line) it is about."""
from __future__ import annotations


class FinextractError(Exception):
    """Base class of finextract's own errors."""


class LexiconError(FinextractError):
    """A lexicon data file is missing, malformed or inconsistent."""


class InputError(FinextractError):
    """An input file or line cannot be read as an article."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        self.reason = message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class OutputError(FinextractError):
    """An output location cannot be written."""


class StoreError(FinextractError):
    """The database cannot be opened, is corrupt, or is not a finextract store."""


class UnknownEntityError(FinextractError):
    """A query names an entity the store does not know; carries the closest known names."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown entity {name!r}{hint}")
