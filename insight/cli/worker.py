"""`flask worker`: the background process that runs durable jobs and drains the search outbox.

Run it beside the web server (`make serve` does). SIGTERM or Ctrl-C lets the running job
finish; a SIGKILL leaves it running in the queue, and the next worker runs it again.
`--once` runs what is queued, drains the outbox, and exits (for tests and cron).
"""

from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from insight.extensions import db
from insight.ops import jobs


@click.command("worker")
@click.option("--once", is_flag=True, help="Run the queued jobs, drain the outbox, then exit.")
@click.option("--poll", type=float, default=jobs.POLL_SECONDS, show_default=True,
              help="Seconds between looks at an empty queue.")
@with_appcontext
def worker_command(once: bool, poll: float) -> None:
    """Run background jobs (imports, search syncs and rebuilds, bid-pack builds) until stopped."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread() and not once:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    count = jobs.work(app, once=once, stop=stop, poll=poll)
    counts = jobs.queue_counts()
    db.session.remove()
    queue = ", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "empty"
    click.echo(f"Ran {count} job(s); queue: {queue}.")


COMMANDS = (worker_command,)
