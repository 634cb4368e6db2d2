"""Real triple stores for the integration tests, from Debian's packages: each started on
127.0.0.1 with free ports in a temporary directory, and stopped at the end, also on failure.

- Apache Jena (libapache-jena-java): Debian has Jena's libraries but no Fuseki, so
  ``JenaEndpoint.java`` beside this file puts ARQ over a TDB2 dataset behind the SPARQL 1.1
  Protocol, its default graph the union of the named graphs. It has no graph store protocol:
  ``munikg publish`` falls back to SPARQL Update there.
- Virtuoso (virtuoso-opensource): ``virtuoso-t`` with a ``virtuoso.ini`` written here; the
  anonymous SPARQL account is granted updates, so ``munikg publish`` uses its graph store
  endpoint (``/sparql-graph-crud``).
"""

from __future__ import annotations

import subprocess
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from munikg import publish, serve

HERE = Path(__file__).resolve().parent
JAVA = Path("/usr/share/java")
JENA_JARS = [
    *(f"jena-{part}" for part in ["arq", "base", "core", "iri", "tdb2", "rdfconnection"]),
    *(f"jena-dboe-{part}" for part in ["base", "index", "storage", "trans-data", "transaction"]),
    *(f"commons-{part}" for part in ["cli", "codec", "compress", "csv", "io", "lang3"]),
    "dexx.collection", "gson", "guava", "httpclient", "httpcore", "jakarta.json-api",
    "jackson-annotations", "jackson-core", "jackson-databind", "jsonld-java", "protobuf",
    "slf4j-api", "slf4j-nop", "thrift", "titanium-json-ld",
]  # fmt: skip
# Debian's jena-core moves the Xerces classes it embeds to the package ``xerces`` but leaves their
# message bundles under the old one, so Jena's XSD datatypes fail to load ("internal error").
XERCES_MESSAGES = "org/apache/jena/ext/xerces/"
# Seconds a query may run: then Jena fails it, Virtuoso answers what it has found so far (which
# differs from the embedded store's answer); either way the store is free for the next query.
QUERY_TIMEOUT = 120
STARTUP_TIMEOUT = 180  # seconds: a JVM compiling its source or a new database, on a busy machine


@dataclass(frozen=True)
class Server:
    """A store's SPARQL URLs, as ``munikg publish`` and ``munikg query`` take them."""

    name: str
    base: str
    sparql: str
    update: str
    graph_store: str

    @property
    def options(self) -> list[str]:
        return [
            *("--endpoint", self.base, "--sparql", self.sparql),
            *("--update", self.update, "--graph-store", self.graph_store),
        ]

    def endpoint(self) -> publish.Endpoint:
        """One try per query, with time for the slowest: a retried slow query runs twice."""
        urls = {"sparql": self.sparql, "update": self.update, "graph_store": self.graph_store}
        return publish.Endpoint.at(self.base, **urls, timeout=QUERY_TIMEOUT + 30, tries=1)


@contextmanager
def running(command: list[str], directory: Path, port: int) -> Iterator[None]:
    """``command`` run in ``directory`` until the block ends; it must listen on ``port``."""
    log = directory / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=directory, stdout=output, stderr=output)
    try:
        if not serve.listening(process, "127.0.0.1", port, STARTUP_TIMEOUT):
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"{command[0]} did not listen on port {port}:\n{tail}")
        yield
    finally:
        serve.stop(process)


def jena_classpath(directory: Path) -> str:
    messages = directory / "xerces-messages"
    with zipfile.ZipFile(JAVA / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(XERCES_MESSAGES) and name.endswith(".properties"):
                target = messages / "xerces" / name.removeprefix(XERCES_MESSAGES)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return ":".join([*(str(JAVA / f"{jar}.jar") for jar in JENA_JARS), str(messages)])


@contextmanager
def jena(directory: Path) -> Iterator[Server]:
    """Jena ARQ over an empty TDB2 dataset in ``directory``."""
    port = serve.free_port()
    command = ["java", "-cp", jena_classpath(directory), str(HERE / "JenaEndpoint.java")]
    command += [str(directory / "tdb2"), str(port), str(QUERY_TIMEOUT)]
    base = f"http://127.0.0.1:{port}"
    with running(command, directory, port):
        yield Server("jena", base, f"{base}/query", f"{base}/update", f"{base}/store")


VIRTUOSO_INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa

[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = .

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = {timeout}
"""
# The anonymous SPARQL account may write (on 127.0.0.1 only): Virtuoso's -auth endpoints ask
# for HTTP Digest, which munikg does not speak.
VIRTUOSO_GRANTS = (
    "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
)


@contextmanager
def virtuoso(directory: Path) -> Iterator[Server]:
    """Virtuoso with a new, empty database in ``directory``."""
    sql, http = serve.free_port(), serve.free_port()
    ini = VIRTUOSO_INI.format(sql=sql, http=http, timeout=QUERY_TIMEOUT)
    (directory / "virtuoso.ini").write_text(ini, encoding="utf-8")
    command = ["virtuoso-t", "+foreground", "+configfile", "virtuoso.ini"]
    base = f"http://127.0.0.1:{http}"
    with running(command, directory, http):
        isql(sql, VIRTUOSO_GRANTS)
        sparql = f"{base}/sparql"
        yield Server("virtuoso", base, sparql, sparql, f"{base}/sparql-graph-crud")


def isql(port: int, statements: str) -> None:
    """Runs SQL statements as the database administrator, retried while the server starts."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        command = ["isql-vt", f"127.0.0.1:{port}", "dba", "dba", f"exec={statements}"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if done.returncode == 0 and "Error" not in done.stdout + done.stderr:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"isql-vt failed: {done.stdout}{done.stderr}")
        time.sleep(1)
