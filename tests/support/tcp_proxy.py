"""A TCP forwarder between the application and its database, to take the database away and back.

``with TcpProxy("127.0.0.1", 5432) as proxy: ... proxy.port ...`` forwards every connection to
the target. ``cut()`` closes every forwarded connection and, until ``restore()``, answers new
ones either by closing them at once (the database host refuses) or, with ``hang=True``, by
accepting them and never saying a word (a network that swallows packets), which only a
connect timeout on the client side ends.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading

CHUNK = 64 * 1024


def _close(sock: socket.socket, *, reset: bool = False) -> None:
    if reset:
        # SO_LINGER 0: the peer sees a reset instead of a polite end of stream.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    # shutdown() wakes a thread blocked in recv() on the socket; close() alone would not.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, *, host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self._listener = socket.create_server((host, 0))
        self.host = host
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()  # both ends of every forwarded connection
        self._held: list[socket.socket] = []  # accepted while hanging, never answered
        self._mode = "forward"  # or "refuse", "hang"
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept_loop, name="tcp-proxy", daemon=True)
        self.connections_forwarded = 0

    # -- control -----------------------------------------------------------------------------------

    def start(self) -> TcpProxy:
        self._thread.start()
        return self

    def cut(self, *, hang: bool = False) -> None:
        """Drop every connection now; refuse (or, with ``hang``, swallow) new ones until restore()."""
        with self._lock:
            self._mode = "hang" if hang else "refuse"
            victims, self._open = list(self._open), set()
        for sock in victims:
            _close(sock, reset=True)

    def restore(self) -> None:
        """Forward new connections again (those swallowed meanwhile are closed)."""
        with self._lock:
            self._mode = "forward"
            held, self._held = self._held, []
        for sock in held:
            _close(sock)

    def stop(self) -> None:
        self._stopped.set()
        _close(self._listener)
        self.cut()
        self.restore()
        self._thread.join(timeout=5)

    def __enter__(self) -> TcpProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def open_connections(self) -> int:
        with self._lock:
            return len(self._open) // 2

    # -- forwarding --------------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _address = self._listener.accept()
            except OSError:
                return  # the listener was closed by stop()
            with self._lock:
                mode = self._mode
                if mode == "hang":
                    self._held.append(client)
                    continue
            if mode == "refuse":
                _close(client, reset=True)
                continue
            self._forward(client)

    def _forward(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self.target, timeout=5)
            upstream.settimeout(None)
        except OSError:
            _close(client, reset=True)
            return
        with self._lock:
            if self._mode != "forward":  # cut while connecting
                _close(client, reset=True)
                _close(upstream, reset=True)
                return
            self._open.update((client, upstream))
            self.connections_forwarded += 1
        for source, sink in ((client, upstream), (upstream, client)):
            pump = threading.Thread(target=self._pump, args=(source, sink), name="proxy-pump", daemon=True)
            pump.start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                data = source.recv(CHUNK)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._open.discard(source)
                self._open.discard(sink)
            _close(source)
            _close(sink)
