"""Start a throw-away Virtuoso (Debian package virtuoso-opensource) on loopback for a test.

The database lives in a temporary folder; ports are free ones picked at start. The SPARQL
account gets the SPARQL_UPDATE role (via isql) so the standard SPARQL 1.1 Update protocol works
on /sparql, which is what ``RemoteStore`` speaks.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 8
CheckpointInterval = 60
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {d}
ThreadsPerQuery = 2
MaxQueryMem = 500M

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 8
ServerThreads = 8
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
DefaultGraph = urn:policy-graph:default
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require_virtuoso() -> str:
    """The virtuoso-t binary; on CI (CI=true) its absence is a failure, locally a skip."""
    binary = shutil.which("virtuoso-t")
    if binary is None or shutil.which("isql-vt") is None:
        message = "virtuoso-t / isql-vt not found: apt-get install virtuoso-opensource"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (required on CI)")
        pytest.skip(message)
    return binary


class Virtuoso:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sql_port = _free_port()
        self.http_port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.http_port}/sparql"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Virtuoso:
        binary = require_virtuoso()
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(INI.format(d=self.folder, sql=self.sql_port, http=self.http_port))
        self.process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)], cwd=self.folder,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.folder / "virtuoso.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"virtuoso exited early:\n{log}")
            try:
                r = httpx.get(self.endpoint, params={"query": "ASK {}"}, timeout=5)
                if r.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            raise RuntimeError("virtuoso did not answer on /sparql within 180 s")
        self.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
        self.isql("DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")
        return self

    def isql(self, statement: str) -> str:
        result = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
            check=False, capture_output=True, text=True, timeout=120,
        )
        if result.returncode != 0 or "*** Error" in result.stdout + result.stderr:
            raise RuntimeError(f"isql failed: {statement}\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
