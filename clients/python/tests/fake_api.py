"""A tiny scripted HTTP server (standard library) standing in for the API in unit tests."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple

Answer = Tuple[int, Dict[str, str], Any]


def problem(status: int, title: str, detail: str, code: str, **extra: Any) -> Answer:
    body = {
        "type": f"https://pynomaly.dev/problems/{code.lower().replace('_', '-')}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": "/test",
        "code": code,
        "request_id": "req-123",
        **extra,
    }
    return status, {"Content-Type": "application/problem+json"}, body


class Headers(dict):  # type: ignore[type-arg]
    """Request headers, looked up without regard to case (urllib sends ``X-api-key``)."""

    def __init__(self, items: Dict[str, str]) -> None:
        super().__init__((k.lower(), v) for k, v in items.items())

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(key.lower(), default)


class Recorded:
    def __init__(self, method: str, path: str, headers: Dict[str, str], body: bytes) -> None:
        self.method = method
        self.path = path
        self.headers = Headers(headers)
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)


class FakeApi:
    """``api.script("GET", "/api/v1/x", answer, answer, …)``: answers in order, the last repeated."""

    def __init__(self) -> None:
        self.requests: List[Recorded] = []
        self._scripts: Dict[Tuple[str, str], List[Answer]] = {}
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path
                with fake._lock:
                    fake.requests.append(Recorded(self.command, path, dict(self.headers.items()), body))
                    script = fake._scripts.get((self.command, path.split("?")[0]))
                    if not script:
                        answer: Answer = problem(404, "Not found", f"no script for {self.command} {path}", "NOT_FOUND")
                    elif len(script) > 1:
                        answer = script.pop(0)
                    else:
                        answer = script[0]
                status, headers, payload = answer
                if payload is None:
                    data = b""
                elif isinstance(payload, (bytes, str)):
                    data = payload.encode() if isinstance(payload, str) else payload
                else:
                    data = json.dumps(payload).encode()
                    headers = {"Content-Type": "application/json", **headers}
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()

    def script(self, method: str, path: str, *answers: Answer) -> None:
        with self._lock:
            self._scripts[(method, path)] = list(answers)

    def calls(self, method: Optional[str] = None, path: Optional[str] = None) -> List[Recorded]:
        return [
            r
            for r in self.requests
            if (method is None or r.method == method) and (path is None or r.path.split("?")[0] == path)
        ]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def ok(body: Any, status: int = 200, **headers: str) -> Answer:
    return status, dict(headers), body
