"""Run the API with uvicorn: on its own thread (the app's Serve toggle) or in the foreground (``quill serve``).

The listening socket is bound here first, so a port already in use is one
clear sentence instead of uvicorn exiting the process; port 0 picks a free
port (tests) and :attr:`ApiServer.port` tells which.
"""

from __future__ import annotations

import logging
import socket
import threading

import uvicorn
from fastapi import FastAPI

from assistant.core.errors import BadInputError, UserFacingError
from assistant.core.i18n import msg

log = logging.getLogger(__name__)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port``.

    Raises:
        BadInputError: the address is unusable or the port is taken.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise BadInputError(msg("'{host}' is not an address this computer can listen on.", host=host)) from None
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise BadInputError(
            msg(
                "Cannot listen on {host}:{port} ({value}); choose another port.",
                host=host,
                port=port,
                value=exc.strerror or exc,
            )
        ) from None
    sock.set_inheritable(True)
    return sock


def is_loopback(host: str) -> bool:
    """Whether only programs on this computer can reach ``host``."""
    import ipaddress

    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def require_key_off_loopback(host: str, api_key: str | None) -> None:
    """Serving beyond this computer without a key would hand the model (and the machine's time)
    to anyone on the network: refused, in one line."""
    if not api_key and not is_loopback(host):
        raise BadInputError(
            msg(
                "Serving on {host} needs an API key so that only programs that know it can use the model: give --api-key KEY or set QUILL_SERVE_API_KEY (or serve on 127.0.0.1).",
                host=host,
            )
        )


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/v1"


class ApiServer:
    """uvicorn serving ``app`` on a background thread; :meth:`stop` ends it cleanly."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int = 8080) -> None:
        self.host = host
        self._socket = bind(host, port)
        self.port = int(self._socket.getsockname()[1])
        config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="off", timeout_graceful_shutdown=3)
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None
        self._failed: BaseException | None = None

    @property
    def url(self) -> str:
        """The OpenAI base URL clients use, e.g. ``http://127.0.0.1:8080/v1``."""
        return _url(self.host, self.port)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = 10.0) -> str:
        """Start serving on a background thread; returns :attr:`url` once it accepts connections."""
        self._thread = threading.Thread(target=self._run, name="QuillApiServer", daemon=True)
        self._thread.start()
        ready = threading.Event()
        while not ready.wait(0.02):
            if self._server.started or not self._thread.is_alive():
                break
            timeout -= 0.02
            if timeout <= 0:
                break
        if not self._server.started:
            self.stop()
            raise UserFacingError(
                msg(
                    "The API server could not start on {host}:{port}; details are in the log file.",
                    host=self.host,
                    port=self.port,
                )
            )
        log.info("serving the OpenAI-compatible API at %s", self.url)
        return self.url

    def _run(self) -> None:
        try:
            self._server.run(sockets=[self._socket])
        except BaseException as exc:  # SystemExit from uvicorn included: never take the app down
            self._failed = exc
            log.exception("the API server stopped with an error")

    def serve_forever(self) -> None:
        """Serve on the calling (main) thread until Ctrl+C or SIGTERM."""
        log.info("serving the OpenAI-compatible API at %s", self.url)
        self._server.run(sockets=[self._socket])

    def stop(self, timeout: float = 10.0) -> None:
        """Stop accepting, finish or drop open requests, and release the port. Safe to call twice."""
        self._server.should_exit = True
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout)
        self._socket.close()
        log.info("the API server at %s stopped", self.url)
