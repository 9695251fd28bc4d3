"""Block every network connection but loopback, for the whole test suite.

Quill must touch the network only when the user starts a download, a Hub search
or a remote backend, and no test may reach the internet. The guard wraps
Python's socket layer (connect, connect_ex, sendto and name lookups): a
connection to anything but 127.0.0.0/8, ::1 or a Unix socket raises
:class:`NetworkBlocked` (an OSError, so code sees what it would see offline) and
is recorded, and the test that made it fails even if the error was caught.
"""

from __future__ import annotations

import ipaddress
import socket
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


class NetworkBlocked(OSError):
    """A test (or the code under test) tried to reach a non-loopback address."""


def is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", errors="replace")
    if not isinstance(host, str):
        return False
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _caller() -> str:
    """Where the attempt came from: the innermost frames of Quill, the tests or a library."""
    frames = [
        f"{Path(f.filename).name}:{f.lineno}"
        for f in traceback.extract_stack()[:-3]
        if not f.filename.endswith(("netguard.py", "socket.py"))
    ]
    return " <- ".join(reversed(frames[-4:]))


class Guard:
    def __init__(self) -> None:
        self.attempts: list[str] = []

    def check(self, family: int, address: Any, what: str) -> None:
        if family not in (socket.AF_INET, socket.AF_INET6):
            return  # Unix sockets and the like stay on this machine
        host = address[0] if isinstance(address, tuple) and address else address
        if not is_loopback(host):
            self.attempts.append(f"{what} {address!r} (from {_caller()})")
            raise NetworkBlocked(f"network access blocked in tests: {what} {address!r}")

    @contextmanager
    def installed(self) -> Iterator[Guard]:
        guard = self
        real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
        real_sendto, real_getaddrinfo = socket.socket.sendto, socket.getaddrinfo

        def connect(sock: socket.socket, address: Any) -> None:
            guard.check(sock.family, address, "connect to")
            real_connect(sock, address)

        def connect_ex(sock: socket.socket, address: Any) -> int:
            guard.check(sock.family, address, "connect to")
            return real_connect_ex(sock, address)

        def sendto(sock: socket.socket, data: bytes, *args: Any) -> int:
            guard.check(sock.family, args[-1], "send to")
            return real_sendto(sock, data, *args)  # type: ignore[arg-type]

        def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            if host is not None and not is_loopback(host):
                guard.check(socket.AF_INET, (host,), "look up")
            return real_getaddrinfo(host, *args, **kwargs)

        socket.socket.connect = connect  # type: ignore[method-assign]
        socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
        socket.socket.sendto = sendto  # type: ignore[method-assign,assignment]
        socket.getaddrinfo = getaddrinfo
        try:
            yield self
        finally:
            socket.socket.connect = real_connect  # type: ignore[method-assign]
            socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]
            socket.socket.sendto = real_sendto  # type: ignore[method-assign]
            socket.getaddrinfo = real_getaddrinfo
