"""`flask` commands, one module per group; each command owns its transaction and commits once.

Commands write only through the audited services (the same functions the web pages call) and
print service errors in English (`error.message.english`).
"""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    """Add every Innsikt command to `app.cli`."""
    from insight.cli import accounts, backup, content, imports, search, tokens, worker

    for module in (accounts, backup, content, imports, search, tokens, worker):
        for command in module.COMMANDS:
            app.cli.add_command(command)
