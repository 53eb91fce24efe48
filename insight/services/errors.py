"""Domain errors; insight.errors maps them to HTTP answers."""

from __future__ import annotations

from dataclasses import dataclass, field


class ServiceError(Exception):
    """Base class for errors a user can act on."""

    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Problem:
    """One thing wrong with the input: which field, what, and (for files) which line."""

    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.field}" if self.line else self.field
        return f"{where}: {self.message}"


@dataclass
class InvalidInput(ServiceError):
    problems: list[Problem] = field(default_factory=list)
    status_code = 422

    def __post_init__(self) -> None:
        Exception.__init__(self, self.message_text)
        self.message = self.message_text

    @property
    def message_text(self) -> str:
        return "; ".join(str(p) for p in self.problems) or "invalid input"

    def by_field(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for problem in self.problems:
            result.setdefault(problem.field, []).append(problem.message)
        return result


class PermissionDenied(ServiceError):
    status_code = 403


class NotFound(ServiceError):
    status_code = 404


class Conflict(ServiceError):
    status_code = 409
