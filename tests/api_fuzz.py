"""`make fuzz-api`: schemathesis against the live OpenAPI document, with a read and a write token.

Builds a throwaway app (SQLite in a temporary folder) with the demo data, serves it on a free
port of 127.0.0.1 in a thread, and runs the schemathesis CLI once per token. Exits non-zero on
any server error or response that violates the spec. FUZZ_ARGS go to schemathesis (CI uses a
short run, e.g. FUZZ_ARGS="--max-examples 5").
"""

from __future__ import annotations

import logging
import os
import shlex
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_app(data_dir: Path):
    from flask_migrate import upgrade

    from insight import create_app
    from insight.extensions import db
    from insight.services import accounts, demo, tokens

    app = create_app({"DATA_DIR": str(data_dir), "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{data_dir / 'insight.db'}",
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        demo.seed_demo()
        reader = accounts.create_user("fuzz-reader@example.no", "et-langt-fuzz-passord",
                                      "supplier")
        writer = accounts.create_user("fuzz-writer@example.no", "et-langt-fuzz-passord",
                                      "staff")
        _, read_token = tokens.create_token(reader, "fuzz", "read")
        _, write_token = tokens.create_token(writer, "fuzz", ["read", "write"])
        db.session.commit()
    return app, read_token, write_token


# Statuses the API answers to schema-valid input by design, beyond what the schema can say:
# 412/428 (If-Match on every update, RFC 6585/9110), 422 for unknown vocabulary codes, evidence
# refs or a privacy finding, 409 for a state that does not allow the action, and 400 for a NUL
# character anywhere in the request (refused before it can reach PostgreSQL: insight/security.py).
CONFIG = """
[checks.positive_data_acceptance]
expected-statuses = ["2XX", "400", "401", "403", "404", "409", "412", "422", "428"]

[checks.missing_required_header]
expected-statuses = ["400", "401", "403", "406", "415", "422", "428"]
"""


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line a request drowns the report
    extra = shlex.split(os.environ.get("FUZZ_ARGS", ""))
    with tempfile.TemporaryDirectory(prefix="innsikt-fuzz-") as tmp:
        app, read_token, write_token = build_app(Path(tmp))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        config = Path(tmp) / "schemathesis.toml"
        config.write_text(CONFIG)
        spec = f"http://127.0.0.1:{server.server_port}/api/v1/openapi.json"
        failed = False
        for name, token in (("read", read_token), ("write", write_token)):
            print(f"--- schemathesis with the {name} token ---", flush=True)
            command = [str(Path(sys.executable).parent / "schemathesis"), "--config-file",
                       str(config), "run", spec,
                       "--checks", "all", "--max-examples", "60", "--seed", "1",
                       "--header", f"Authorization: Bearer {token}",
                       "--suppress-health-check", "all", *extra]
            result = subprocess.run(command, cwd=tmp, check=False)
            failed = failed or result.returncode != 0
        server.shutdown()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
