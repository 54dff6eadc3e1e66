"""Real HTTP servers on 127.0.0.1 for adapter tests: a ThreadingHTTPServer on a free port, in a
daemon thread, shut down when the `with` block ends."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def serve(
    handler: type[BaseHTTPRequestHandler], server_class: type[ThreadingHTTPServer] = QuietServer
) -> Iterator[str]:
    """Serve `handler` on 127.0.0.1:<free port>; yields the base URL (http://127.0.0.1:PORT).
    `server_class`: another server, e.g. an example server's own (its queue size and all)."""
    server = server_class(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    """A port nothing listens on (for connection-refused tests)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
