"""Fault injection: a TCP proxy on loopback between the driver and the embedded server that
drops or stalls a connection at a chosen moment (a request that contains some bytes, or once
some number of bytes went one way)."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable

from informix_db.testing import EmbeddedServer

TO_SERVER, TO_CLIENT = "to_server", "to_client"


def message(*tags: int) -> bytes:
    """Big-endian i16 tags as they appear on the wire (e.g. SQ_CMMTWORK, SQ_EOT)."""
    return struct.pack(f"!{len(tags)}h", *tags)


class Fault:
    """What to do with the first chunk going ``direction`` for which ``when(chunk)`` holds:
    ``drop`` resets both sides, before the chunk is forwarded or (``forward=True``) after;
    ``stall`` swallows it and everything after it in that direction."""

    def __init__(self, direction: str, when: Callable[[bytes], bool], action: str, forward: bool = False):
        self.direction, self.when, self.action, self.forward = direction, when, action, forward
        self.fired = threading.Event()


def after_bytes(n: int) -> Callable[[bytes], bool]:
    """A trigger that holds once more than ``n`` bytes have gone by (chunks counted in order)."""
    seen = 0

    def when(chunk: bytes) -> bool:
        nonlocal seen
        seen += len(chunk)
        return seen > n

    return when


def containing(marker: bytes) -> Callable[[bytes], bool]:
    return lambda chunk: marker in chunk


class FaultProxy:
    """Forwards every accepted connection to ``upstream``; applies the armed faults."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.host, self.port = self.listener.getsockname()[:2]
        self.faults: list[Fault] = []
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._spawn(self._accept_loop)

    def arm(self, direction: str, when: Callable[[bytes], bool], action: str = "drop",
            forward: bool = False) -> Fault:
        fault = Fault(direction, when, action, forward)
        with self._lock:
            self.faults.append(fault)
        return fault

    def kill(self) -> None:
        """Reset every proxied connection now, as a server that dies does."""
        with self._lock:
            pairs = list(self._pairs)
        for pair in pairs:
            _reset(*pair)

    def close(self) -> None:
        close_listener(self.listener)
        self.kill()
        for thread in self._threads:
            thread.join(5)

    def connect_kwargs(self, server: EmbeddedServer) -> dict:
        return {**server.connect_kwargs(), "host": self.host, "port": self.port}

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.append((client, server))
            self._spawn(self._pump, client, server, TO_SERVER)
            self._spawn(self._pump, server, client, TO_CLIENT)

    def _fault_for(self, direction: str, chunk: bytes) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.direction == direction and not fault.fired.is_set() and fault.when(chunk):
                    fault.fired.set()
                    return fault
        return None

    def _pump(self, source: socket.socket, sink: socket.socket, direction: str) -> None:
        stalled = False
        while True:
            try:
                chunk = source.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                _reset(source, sink)
                return
            fault = None if stalled else self._fault_for(direction, chunk)
            if fault is not None and fault.action == "stall":
                stalled = True
            if stalled:
                continue
            try:
                if fault is None or fault.forward:
                    sink.sendall(chunk)
            except OSError:
                _reset(source, sink)
                return
            if fault is not None:
                _reset(source, sink)
                return


def _reset(*socks: socket.socket) -> None:
    """Close with an RST (linger 0), as a killed process or a cut cable leaves a peer."""
    for sock in socks:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.shutdown(socket.SHUT_RD)  # wakes the other pump, blocked in recv() on it
        except OSError:
            pass
        sock.close()


def close_listener(listener: socket.socket) -> None:
    """Close a listening socket, waking the thread blocked in its accept()."""
    try:
        listener.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    listener.close()
