"""A network cable between the browser and the live server that a test can pull.

Playwright's offline emulation does not reach a service worker's requests in
Chromium, so a test of the rating page's offline copy needs the network really
gone: the browser talks to the app through this relay, and unplugging it cuts
every open connection and resets every new one, for the page and its worker
alike.
"""

import socket
import threading
from contextlib import suppress


class Cable:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.plugged = True
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        # "localhost", like the live server: a secure context, where service workers run.
        return f"http://localhost:{self.port}"

    def unplug(self) -> None:
        self.plugged = False
        with self.lock:
            for connection in self.open:
                with suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                    connection.close()
            self.open.clear()

    def plug(self) -> None:
        self.plugged = True

    def close(self) -> None:
        self.unplug()
        self.listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return  # closed
            if not self.plugged:
                # Reset at once, as a dead network answers (no half-open hang).
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
                client.close()
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open.update((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        with suppress(OSError):
            sink.shutdown(socket.SHUT_WR)
        with self.lock:
            self.open.discard(source)
