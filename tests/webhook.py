"""A local HTTP endpoint standing in for an alert webhook: it records what was posted."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer


@dataclass
class RecordingWebhook:
    url: str
    received: list[dict] = field(default_factory=list)
    status: int = 200


@contextmanager
def recording_webhook(path: str = "/hook") -> Iterator[RecordingWebhook]:
    """Serve on a free local port; every POST's content type and JSON body is kept in `received`."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            webhook.received.append({"content_type": self.headers["Content-Type"], "body": json.loads(body)})
            self.send_response(webhook.status)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            """Keep the test output clean."""

    server = HTTPServer(("127.0.0.1", 0), Handler)
    webhook = RecordingWebhook(url=f"http://127.0.0.1:{server.server_port}{path}")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield webhook
    finally:
        server.shutdown()
        server.server_close()
