"""Helpers shared by every form-handling view."""

from __future__ import annotations

from flask_wtf import FlaskForm

from insight.services.errors import InvalidInput


def attach_problems(form: FlaskForm, error: InvalidInput, aliases: dict[str, str] | None = None
                    ) -> None:
    """Show a service's problems next to the form fields they concern."""
    aliases = aliases or {}
    for problem in error.problems:
        name = aliases.get(problem.field, problem.field).split(".")[0]
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, problem.message]
        else:
            form.form_errors.append(str(problem))
