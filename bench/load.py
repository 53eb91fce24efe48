"""Load under a mixed supplier workload, two staff writers publishing, and a /healthz floor.

    .venv/bin/python bench/load.py [--observations 20000] [--seconds 60] [--connections 16]
    .venv/bin/python bench/load.py --small          # CI: 2,000 observations, 10 s
    .venv/bin/python bench/load.py --database-url postgresql+psycopg://…/DB   # drops its schema

A temporary data dir gets the demo data plus N generated published observations (bulk insert,
then `flask search rebuild`). gunicorn serves it with 2 workers (`--no-control-socket`). From
separate processes `wrk` (bench/load.lua) sends the supplier workload — landing, lists, search
with facets, details, journey maps, statistics, API reads with a token — while two staff
writers in this process create, send to review and publish each other's observations through
the web forms (four eyes). Then `/healthz` is measured with the same connections as the floor,
and `flask search check` must find no drift. Needs `wrk` (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import os
import queue
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SUPPLIER, STAFF = "leverandor@innsikt.example", ("ansatt@innsikt.example",
                                                  "fagleder@innsikt.example")
PASSWORD = "innsikt-demo"
USER_AGENT = "innsikt-load-bench"
WRITER_PAUSE = 0.5  # seconds between a writer's actions: people, not a flood
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
QUERIES = ["informasjon", "rullator", "pårørende", "måltid", "utskrivning", "søvn", "trygghet",
           "hjemreise", "smerte", "aktivitet"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(data_dir: Path, database_url: str | None) -> dict[str, str]:
    return {"INSIGHT_ENV": "production", "INSIGHT_SECRET_KEY": "b" * 64,
            "INSIGHT_SECURE_COOKIES": "0",  # plain HTTP on localhost
            # The one bench token stands for every supplier's API client: its per-token limit
            # (600/minute by default) would refuse the mix's API share with 429 past ~40/s.
            "INSIGHT_API_RATE_LIMIT": "1000000/minute",
            "INSIGHT_DATA_DIR": str(data_dir),
            "INSIGHT_DATABASE_URL": database_url or f"sqlite:///{data_dir / 'insight.db'}"}


def prepare(env: dict[str, str], observations: int, database_url: str | None) -> dict:
    """Demo data + generated observations, indexed; returns refs and a supplier API token."""
    from bidpack_speed import add_observations
    from flask_migrate import upgrade
    from sqlalchemy import create_engine, select, text

    os.environ.update(env)
    from insight import create_app
    from insight.extensions import db
    from insight.models import Insight, Journey, Observation, Persona
    from insight.search import sync
    from insight.services import accounts, demo, tokens

    if database_url:
        engine = create_engine(database_url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app()
    with app.app_context():
        upgrade()
        demo.seed_demo()
        db.session.commit()
        started = time.perf_counter()
        add_observations(observations)
        print(f"inserted {observations} observations in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        indexed = sync.rebuild(app).indexed
        print(f"indexed {indexed} documents in {time.perf_counter() - started:.1f} s")
        _, token = tokens.create_token(accounts.find_by_email(SUPPLIER), "load", "read")
        db.session.commit()

        def refs(model, limit: int) -> list[str]:
            return list(db.session.scalars(select(model.ref).where(
                model.status == "published", model.visibility != "internal")
                .order_by(model.id).limit(limit)))

        found = {"observation": refs(Observation, 10**9), "insight": refs(Insight, 50),
                 "persona": refs(Persona, 50), "journey": refs(Journey, 50)}
        db.session.remove()
        db.engine.dispose()
    rng = random.Random(5)
    found["observation"] = rng.sample(found["observation"], min(200, len(found["observation"])))
    return {"token": token, "refs": found}


def workload(refs: dict[str, list[str]]) -> list[str]:
    """The supplier mix as "<kind> <path>" lines; repeated lines weigh more."""
    lines = ["page /"] * 4
    lines += [f"page {p}" for p in ("/observations", "/observations?page=2",
                                    "/observations?stay_type=rehabilitering", "/insights",
                                    "/personas", "/journeys", "/questions", "/changes")] * 2
    queries = [urllib.parse.quote(q) for q in QUERIES]
    for q in queries:
        lines += [f"page /search?q={q}", f"page /search?q={q}&type=observation",
                  f"page /search?q={q}&stay_type=rehabilitering&theme=informasjon"]
    lines += [f"page /observations/{r}" for r in refs["observation"][:40]]
    lines += [f"page /insights/{r}" for r in refs["insight"][:8]]
    lines += [f"page /personas/{r}" for r in refs["persona"][:5]]
    lines += [f"page /journeys/{r}" for r in refs["journey"]] * 4
    lines += ["page /statistics"] * 4
    lines += ["api /api/v1/observations", "api /api/v1/observations?page=3&page_size=50"] * 4
    lines += [f"api /api/v1/observations/{r}" for r in refs["observation"][40:60]]
    lines += [f"api /api/v1/search?q={q}" for q in queries]
    return lines


def login(base: str, email: str) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT  # the session is bound to it; load.lua sends it
    token = CSRF.search(session.get(f"{base}/auth/login", timeout=60).text).group(1)
    response = session.post(f"{base}/auth/login", data={
        "email": email, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False, timeout=60)
    if response.status_code != 302:
        raise RuntimeError(f"login {email}: {response.status_code}")
    return session


class Writer(threading.Thread):
    """A staff member writing observations and publishing the other writer's (four eyes)."""

    def __init__(self, base: str, email: str, number: int, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.base, self.email, self.number, self.stop = base, email, number, stop
        self.inbox: queue.Queue[int] = queue.Queue()
        self.partner: Writer | None = None
        self.times: list[float] = []
        self.created = self.published = self.errors = 0

    def post(self, session: requests.Session, path: str, data: dict, form_path: str) -> str:
        token = CSRF.search(session.get(self.base + form_path, timeout=60).text).group(1)
        started = time.perf_counter()
        response = session.post(self.base + path, data={**data, "csrf_token": token},
                                allow_redirects=False, timeout=60)
        self.times.append(time.perf_counter() - started)
        if response.status_code != 302:
            self.errors += 1
            raise RuntimeError(f"{path}: {response.status_code}")
        return response.headers["Location"]

    def run(self) -> None:
        session = login(self.base, self.email)
        count = 0
        while not self.stop.is_set():
            count += 1
            try:
                location = self.post(session, "/staff/observations/new", {
                    "title": f"Lasttest {self.number}-{count}",
                    "text": "Brukeren ønsket mer informasjon om dagen etter ankomst.",
                    "source": "intervju", "stay_type": "rehabilitering",
                    "journey_stage": "ankomst", "actor": "bruker", "themes": "informasjon",
                    "month": "2025-03", "age_band": "80-89", "unit": "Korttidsavdeling A",
                    "visibility": "suppliers"}, "/staff/observations/new")
                item = int(location.rstrip("/").rsplit("/", 1)[1])
                self.created += 1
                self.post(session, f"/staff/observations/{item}/send_to_review", {},
                          f"/staff/observations/{item}")
                assert self.partner is not None
                self.partner.inbox.put(item)
                time.sleep(WRITER_PAUSE)
                try:
                    other = self.inbox.get_nowait()
                except queue.Empty:
                    continue
                self.post(session, f"/staff/observations/{other}/publish", {},
                          f"/staff/observations/{other}")
                self.published += 1
                time.sleep(WRITER_PAUSE)
            except Exception as error:  # counted; the run goes on
                print(f"writer {self.number}: {error}", file=sys.stderr)
                time.sleep(1)


def wrk(base: str, paths: list[str], seconds: int, connections: int, cookie: str,
        token: str, workdir: Path) -> dict[str, float]:
    listing = workdir / f"paths-{len(paths)}.txt"
    listing.write_text("\n".join(paths) + "\n")
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "load.lua"), base, "--", str(listing), cookie, token],
        capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("RESULT "))
    values = {k: float(v) for k, v in (pair.split("=") for pair in line.split()[1:])}
    values["rps"] = values["requests"] / (values["duration_us"] / 1e6)
    values["errors"] = sum(values[k] for k in ("connect", "read", "write", "status", "timeout"))
    return values


def search_check(env: dict[str, str]) -> tuple[bool, str]:
    """`flask search check`, a few tries while the last drains finish."""
    for _ in range(10):
        result = subprocess.run([str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi",
                                 "search", "check"], cwd=ROOT, env={**os.environ, **env},
                                capture_output=True, text=True)
        if result.returncode == 0:
            return True, result.stdout
        time.sleep(3)
    return False, result.stdout + result.stderr


ACCESS = re.compile(r"\b(GET|POST) (\S+) (\d{3}) ([\d.]+) ms")


def route(path: str) -> str:
    """/observations/GEN-1 → /observations/<ref>; /api/v1/search → /api/v1/search."""
    parts = path.split("/")
    if path.startswith("/api/"):
        return "/".join(parts[:4]) + ("/<ref>" if len(parts) > 4 else "")
    return "/".join(parts[:2]) + ("/<…>" if len(parts) > 2 else "")


def server_times(log_path: Path) -> list[tuple[str, int, float, float]]:
    """(route, count, p50 ms, p95 ms) of GET answers as the server timed them, slowest first."""
    by_route: dict[str, list[float]] = {}
    for match in ACCESS.finditer(log_path.read_text(errors="replace")):
        if match.group(1) == "GET":
            by_route.setdefault(route(match.group(2)), []).append(float(match.group(4)))
    rows = []
    for name, times in by_route.items():
        times.sort()
        rows.append((name, len(times), times[len(times) // 2],
                     times[min(len(times) - 1, int(len(times) * 0.95))]))
    return sorted(rows, key=lambda r: -r[2])


def failures(log_path: Path) -> list[tuple[int, str, int]]:
    """(count, path, status) of the answers that were not 2xx/3xx, from the access log."""
    counts: dict[tuple[str, int], int] = {}
    for match in ACCESS.finditer(log_path.read_text(errors="replace")):
        status = int(match.group(3))
        if status >= 400:
            key = (match.group(2), status)
            counts[key] = counts.get(key, 0) + 1
    return sorted(((n, path, status) for (path, status), n in counts.items()), reverse=True)


def errors(values: dict[str, float]) -> str:
    kinds = ("connect", "read", "write", "status", "timeout")
    return ", ".join(f"{k} {values[k]:.0f}" for k in kinds if values[k]) or "none"


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) the gunicorn master's children (the workers) have used."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:  # fields after the name: state, ppid, …, utime (11), stime
            total += int(fields[11]) + int(fields[12])
    return total / tick


def ms(us: float) -> str:
    return f"{us / 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--small", action="store_true", help="CI size: 2,000 rows, 10 s")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--keep", action="store_true", help="keep the data dir and server log")
    parser.add_argument("--port", type=int, default=0, help="serve on this port (default: free)")
    args = parser.parse_args()
    if args.small:
        args.observations, args.seconds = 2_000, 10
    if not shutil.which("wrk"):
        print("wrk not found: apt-get install -y wrk", file=sys.stderr)
        return 2
    data_dir = Path(tempfile.mkdtemp(prefix="load-bench-"))
    env = environment(data_dir, args.database_url)
    prepared = prepare(env, args.observations, args.database_url)
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(data_dir / "gunicorn.log", "w")
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", "2", "--no-control-socket",
         "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=log)
    try:
        for _ in range(300):
            try:
                requests.get(f"{base}/healthz", timeout=10).raise_for_status()
                break
            except requests.RequestException:
                time.sleep(0.2)
        supplier = login(base, SUPPLIER)
        cookie = "; ".join(f"{k}={v}" for k, v in supplier.cookies.items())
        paths = workload(prepared["refs"])
        headers = {"page": {"Cookie": cookie, "User-Agent": USER_AGENT},
                   "api": {"Authorization": f"Bearer {prepared['token']}",
                           "User-Agent": USER_AGENT}}
        for line in sorted(set(paths)):  # every path answers, as wrk asks, before measuring
            kind, path = line.split(" ", 1)
            response = requests.get(base + path, headers=headers[kind], timeout=60,
                                    allow_redirects=False)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answers {response.status_code}")
        stop = threading.Event()
        writers = [Writer(base, email, n + 1, stop) for n, email in enumerate(STAFF)]
        writers[0].partner, writers[1].partner = writers[1], writers[0]
        for writer in writers:
            writer.start()
        cpu_before = server_cpu(server.pid)
        mixed = wrk(base, paths, args.seconds, args.connections, cookie, prepared["token"],
                    data_dir)
        cpu = server_cpu(server.pid) - cpu_before
        stop.set()
        for writer in writers:
            writer.join(timeout=60)
        floor = wrk(base, ["none /healthz"], max(5, args.seconds // 3), args.connections,
                    "", "", data_dir)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    in_sync, check_output = search_check(env)
    times = sorted(t for w in writers for t in w.times)
    print(f"\n{args.observations} generated observations + demo data; gunicorn --workers 2; "
          f"wrk -t2 -c{args.connections} for {args.seconds} s; {os.cpu_count()} cores")
    print(f"mixed supplier workload: {mixed['rps']:.1f} requests/s, p50 {ms(mixed['p50'])}, "
          f"p95 {ms(mixed['p95'])}, p99 {ms(mixed['p99'])}, max {ms(mixed['max'])}, "
          f"errors {mixed['errors']:.0f} of {mixed['requests']:.0f} ({errors(mixed)})")
    print(f"/healthz floor:          {floor['rps']:.1f} requests/s, p50 {ms(floor['p50'])}, "
          f"p95 {ms(floor['p95'])}, p99 {ms(floor['p99'])}, errors {floor['errors']:.0f}")
    print(f"ratio to the floor: {mixed['rps'] / floor['rps']:.1%} of the requests/s, "
          f"p95 {mixed['p95'] / max(floor['p95'], 1):.1f}×")
    writes = (f"p50 {statistics.median(times) * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
              if times else "none")
    print(f"staff writers: {sum(w.created for w in writers)} created, "
          f"{sum(w.published for w in writers)} published, "
          f"{sum(w.errors for w in writers)} errors; write requests {writes}")
    served = mixed["requests"] + 2 * len(times)  # each write: the form, then the POST
    print(f"server CPU (both workers, user + system) during the mix: {cpu:.1f} s, "
          f"{cpu * 1000 / max(served, 1):.1f} ms per request ({served:.0f} requests with the "
          f"writers'); load average {os.getloadavg()[0]:.1f}")
    print("server time per route (GET, from the access log): count, p50, p95")
    for name, count, p50, p95 in server_times(data_dir / "gunicorn.log"):
        print(f"  {name:28} {count:>6} {p50:>8.0f} ms {p95:>8.0f} ms")
    for count, path, status in failures(data_dir / "gunicorn.log")[:8]:
        print(f"  {count:>6} × {status} {path}")
    print(f"flask search check: {'in step, no drift' if in_sync else 'DRIFT'}")
    if not in_sync:
        print(check_output)
    if args.keep:
        print(f"data dir and gunicorn.log kept in {data_dir}")
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0 if in_sync and mixed["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
