"""A private PostgreSQL server for the hub tests: initdb + pg_ctl on a socket folder of its own.

One server per test session (the `pg` fixture in tests/conftest.py); each test makes its own
database (`pg.database()`). PostgreSQL refuses to run as root, and CI runs as root: then the
server runs as the `postgres` system user (runuser) in a folder that user owns. It is stopped
by the PID in its `postmaster.pid`, never by name. The hub tests never skip in CI: missing
binaries fail them with a message; only `NEWSDESK_NO_PG=1` (a developer's choice) skips them.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

OWNER = "postgres"  # the cluster's superuser, which owns every hub the tests make
NO_PG_ENV = "NEWSDESK_NO_PG"
_names = itertools.count(1)


def bindir() -> Path | None:
    """Where initdb and pg_ctl are: pg_config's answer, else Debian's newest versioned folder."""
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=False).stdout.strip()
        if out and (Path(out) / "initdb").exists():
            return Path(out)
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    for candidate in reversed(versions):
        if (candidate / "initdb").exists():
            return candidate
    return None


class PgServer:
    """One running PostgreSQL cluster on a private socket folder."""

    def __init__(self, base: Path, bins: Path, name: str = "primary") -> None:
        self.base = base
        self.bins = bins
        self.data = base / name
        self.sock = base / f"{name}-sock"
        self.log = base / f"{name}.log"
        self.as_postgres = os.geteuid() == 0 if hasattr(os, "geteuid") else False

    # -- running the server's programs -----------------------------------------------------------

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bins / args[0]), *args[1:]]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=self.base)
        if proc.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr}{proc.stdout}\n{log}"
            )
        return proc

    def _own(self, *paths: Path) -> None:
        if self.as_postgres:
            for p in paths:
                shutil.chown(p, "postgres", "postgres")

    def init(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-U", OWNER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
        )
        # The owner and replication connect without a password; every other user needs one
        # (so that a wrong password is a real failure, as on a deployed hub).
        (self.data / "pg_hba.conf").write_text(
            f"local all {OWNER} trust\nlocal replication all trust\nlocal all all scram-sha-256\n"
        )
        self._own(self.data / "pg_hba.conf")

    def start(self) -> None:
        self.sock.mkdir(exist_ok=True)
        self._own(self.sock)
        opts = f"-k {self.sock} -c listen_addresses='' -c fsync=off -c max_connections=60"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o", opts, "start")

    def pid(self) -> int | None:
        pidfile = self.data / "postmaster.pid"
        try:
            return int(pidfile.read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        """Stop the server by the PID it wrote (fast shutdown), and wait until it is gone."""
        pid = self.pid()
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGINT)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)

    # -- connecting ------------------------------------------------------------------------------

    def url(self, dbname: str, user: str = OWNER, password: str | None = None) -> str:
        """A libpq URI for a database of this server."""
        auth = quote(user, safe="") + (":" + quote(password, safe="") if password else "")
        return f"postgresql://{auth}@/{dbname}?host={quote(str(self.sock), safe='')}"

    def database(self) -> str:
        """A new, empty database (its name)."""
        import psycopg

        name = f"hub{next(_names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def user(self, stem: str) -> str:
        """A role name no other test of this session uses (roles are the cluster's, not a database's)."""
        return f"{stem}{next(_names)}"

    def standby(self) -> PgServer:
        """A streaming standby of this server, made with pg_basebackup -R, started."""
        other = PgServer(self.base, self.bins, name=f"standby{next(_names)}")
        self._run(
            "pg_basebackup",
            "-D",
            str(other.data),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
            "-h",
            str(self.sock),
            "-U",
            OWNER,
        )
        other.start()
        return other


def start_server() -> PgServer:
    """Start a fresh private server (the caller stops it)."""
    bins = bindir()
    if bins is None:
        raise RuntimeError(
            "PostgreSQL's server programs (initdb, pg_ctl) were not found: install Debian's "
            f"`postgresql` package (as .ci/run does), or set {NO_PG_ENV}=1 to skip the hub tests"
        )
    base = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
    server = PgServer(base, bins)
    if server.as_postgres:
        os.chmod(base, 0o755)
        server._own(base)
    server.init()
    server.start()
    return server


def remove(server: PgServer) -> None:
    shutil.rmtree(server.base, ignore_errors=True)
