"""Loopback listeners standing in for internal services an attacker aims Glue at: they count who came."""

from __future__ import annotations

import socket
import threading
import time


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection and the bytes received.

    ``answer=None`` black-holes (accepts, reads, never answers); otherwise it answers each
    connection with ``answer`` (a raw HTTP response) and closes it.
    """

    def __init__(self, answer: bytes | None = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok",
                 host: str = "127.0.0.1", port: int = 0):
        self.answer = answer
        self.host = host
        self.received: list[bytes] = []
        self.arrivals: list[float] = []  # time.monotonic() of each connection
        self._sock = socket.create_server((host, port))
        self._sock.settimeout(0.2)
        self._open: list[socket.socket] = []
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return self._sock.getsockname()[1]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def connections(self) -> int:
        return len(self.arrivals)

    def _serve(self) -> None:
        while not self._stopped.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            self.arrivals.append(time.monotonic())
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        self._open.append(conn)
        conn.settimeout(0.5)
        data = b""
        while b"\r\n\r\n" not in data and not self._stopped.is_set():
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                break
            data += chunk
        self.received.append(data)
        if self.answer is None:
            self._stopped.wait()  # never answers; the connection stays open until the listener stops
        else:
            try:
                conn.sendall(self.answer)
            except OSError:
                pass
        conn.close()

    def close(self) -> None:
        self._stopped.set()
        self._sock.close()
        for conn in self._open:
            try:
                conn.close()
            except OSError:
                pass
