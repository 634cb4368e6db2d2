"""``munikg serve``: the Oxigraph server over the built store, a local SPARQL endpoint and UI.

The server of the ``oxigraph`` package runs as a child process, read-only unless asked, with the
union of the document graphs as its default graph, as ``munikg query`` sees the store. It must not
share the store with a process writing it, so ``--writable`` is for a store nothing else opened.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from munikg.store import StoreError


class ServeError(Exception):
    """The server could not be found or did not start."""


def server_binary() -> str:
    """The ``oxigraph`` command of the ``oxigraph`` package: beside this Python, else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise ServeError("the oxigraph server is not installed: pip install oxigraph")
    return found


def listening(process: subprocess.Popen, host: str, port: int, timeout: float = 15.0) -> bool:
    """Whether the server accepts connections before it exits or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def stop(process: subprocess.Popen) -> None:
    """SIGINT, as Ctrl-C would send; SIGKILL if it still runs 10 seconds later."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve(store: Path, host: str = "127.0.0.1", port: int = 7878, writable: bool = False) -> int:
    """Run the server until it exits (its status) or Ctrl-C stops both (0)."""
    if not store.is_dir():
        raise StoreError(f"{store}: no store here; run `munikg build` first")
    mode = "serve" if writable else "serve-read-only"
    command = [server_binary(), mode, "--location", str(store), "--bind", f"{host}:{port}"]
    # A shell may start us with SIGINT ignored, which a child would inherit; a handler is not
    # inherited, so with this one both processes stop on Ctrl-C.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    process = subprocess.Popen([*command, "--union-default-graph"])
    try:
        if not listening(process, host, port):
            raise ServeError(f"the oxigraph server did not start on {host}:{port}")
        print(f"SPARQL endpoint: http://{host}:{port}/query", flush=True)
        print(f"query UI: http://{host}:{port}/ (Ctrl-C stops the server)", flush=True)
        return process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop(process)
