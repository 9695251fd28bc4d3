"""Run ``quill --self-test`` (window up, the starter model answers) and report every socket it used.

Two independent views: Python's audit events for socket calls (anything in Python),
and at exit the process's open file descriptors matched against the kernel's
TCP/UDP tables (anything in C or C++, such as Qt's own networking).
Prints one JSON line: {"events": [...], "inet_sockets": [...], "code": N}.
"""

from __future__ import annotations

import json
import os
import sys

EVENTS: list[str] = []
WATCHED = (
    "socket.connect",
    "socket.sendto",
    "socket.sendmsg",
    "socket.bind",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
)


def audit(event: str, args: tuple[object, ...]) -> None:
    if event in WATCHED:
        EVENTS.append(f"{event} {args[1:]!r}"[:200])


def inet_socket_inodes() -> list[str]:
    """Inodes of this process's open sockets that are TCP or UDP (Unix sockets are local)."""
    inet: set[str] = set()
    for table in ("tcp", "tcp6", "udp", "udp6"):
        try:
            with open(f"/proc/self/net/{table}", encoding="ascii") as handle:
                inet.update(line.split()[9] for line in handle.readlines()[1:])
        except OSError:
            pass
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:[") and target[8:-1] in inet:
            found.append(target)
    return found


def main() -> None:
    sys.addaudithook(audit)
    from assistant.ui.app import main as quill_main

    code = quill_main(["--self-test"])
    print(json.dumps({"events": EVENTS, "inet_sockets": inet_socket_inodes(), "code": code}), flush=True)


if __name__ == "__main__":
    main()
