"""``serve``: the reader in a web browser, through textual-serve (the ``web`` extra).

textual-serve runs one command per browser session; ours is this same reader, with the
corpus and database options the server was given, so every tab is a reader window on
the same annotations (another window's changes show within a second, as in terminals).

The server listens on the loopback address unless told otherwise. It has no login, so
it also refuses what would let another web site drive it: a websocket opened by a page
of another origin (any site the user visits could otherwise open one to 127.0.0.1), and,
while it listens on loopback only, a request whose Host header names no loopback address
(a DNS-rebinding site's name). Imports textual-serve, and the standard modules only it
uses, when it serves: every command builds this parser.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from syria_reader.tui.cli.common import PROG, Commands, add_command, open_corpus
from syria_reader.tui.untrusted import one_line

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.server import Server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TITLE = PROG  # the page's title: ours, never a file name (the page does not escape it)
# What a Host header may hold: a name, an IPv4 or a bracketed IPv6 address, a port.
_HOST_HEADER = r"([A-Za-z0-9._~%-]+|\[[A-Za-z0-9:.%-]+\])(:\d+)?"
# Run by the served command: the same interpreter and package as this process.
_ENTRY = "from syria_reader.tui.cli import run; run()"


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 1 to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: '{text}'") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be from 1 to 65535, not {value}")
    return value


def reader_command(args: argparse.Namespace) -> str:
    """The shell command that opens this reader, with the same corpus, encoding, model
    and database.

    textual-serve runs it through the shell, so every word is quoted; paths are made
    absolute (not resolved: a link stays a link) so the command does not depend on
    the folder it runs in.
    """
    import shlex

    words = [sys.executable, "-c", _ENTRY]
    if args.corpus:
        words += ["--corpus", str(Path(args.corpus).absolute())]
    if getattr(args, "encoding", None):
        words += ["--encoding", args.encoding]
    if getattr(args, "model", None):
        words += ["--model", args.model]
    if getattr(args, "db", None):
        words += ["--db", str(Path(args.db).absolute())]
    return shlex.join(words)


def _bare(host: str) -> str:
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or a name) reaches this machine only."""
    import ipaddress
    import socket

    name = _bare(host).lower()
    try:
        return ipaddress.ip_address(name.split("%")[0]).is_loopback
    except ValueError:
        pass
    if name == "localhost" or name.endswith(".localhost"):
        return True
    if not name:
        return False  # every interface
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(name, None)}
    except (OSError, UnicodeError):
        return False
    return bool(addresses) and all(
        ipaddress.ip_address(str(address).split("%")[0]).is_loopback for address in addresses)


def url_of(host: str, port: int) -> str:
    """Where a browser on this machine (or, for a wildcard, on the network) finds it."""
    name = _bare(host)
    if name in ("", "0.0.0.0", "::"):
        import socket

        name = socket.gethostname()
    if ":" in name:
        name = f"[{name}]"
    return f"http://{name}:{port}"


def warning_for(host: str) -> str | None:
    """The warning ``serve`` prints for ``host``: ``None`` on a loopback address."""
    if is_loopback(host):
        return None
    return (f"{PROG}: warning: listening on {_bare(host) or 'every address'}: there is "
            f"no login; anyone who can reach this address can read and change the "
            f"annotations (and write exports on this machine)")


def refusal(host_header: str, origin: str | None, loopback_host: str | None) -> str | None:
    """Why a request with these headers is refused, or ``None`` to serve it.

    ``origin`` is the Origin header of a websocket request (``None`` for a page);
    ``loopback_host`` the host served on when it is a loopback one: the Host header
    must then name it, ``localhost`` or a loopback address.
    """
    import re
    from urllib.parse import urlsplit

    if not re.fullmatch(_HOST_HEADER, host_header):
        return "malformed Host header"
    if loopback_host is not None:
        name = urlsplit(f"//{host_header}").hostname or ""
        if name != _bare(loopback_host).lower() and not is_loopback_name(name):
            return "this server answers only to a loopback address"
    if origin is not None:
        origin_host = urlsplit(origin).netloc
        if origin == "null" or origin_host.lower() != host_header.lower():
            return "the page that opened this connection is not the reader's"
    return None


def is_loopback_name(name: str) -> bool:
    """A Host header's name is a loopback address or ``localhost`` (never resolved: a
    DNS-rebinding name resolves to loopback too)."""
    import ipaddress

    name = name.lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name.split("%")[0]).is_loopback
    except ValueError:
        return False


# The textual-serve methods ReaderServer overrides: tests/test_serve.py fingerprints
# their source and fails when an upgrade changes one, so the override is read again.
OVERRIDDEN = ("handle_index", "handle_websocket", "handle_download", "initialize_logging",
              "on_startup")


def make_server(command: str, host: str, port: int) -> Server:
    """A textual-serve server of ``command``, guarded as the module says."""
    import html
    import logging

    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.server import Server, to_int

    loopback_host = host if is_loopback(host) else None

    class ReaderServer(Server):
        def _check(self, request: web.Request, origin: str | None) -> None:
            why = refusal(request.host, origin, loopback_host)
            if why is not None:
                logging.getLogger(PROG).warning("refused %s: %s", request.remote, why)
                raise web.HTTPForbidden(text=f"{PROG}: {why}\n")

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            # The page names the server as the browser reached it (its Host header),
            # not by the address it listens on: 0.0.0.0 is no address to connect to,
            # and a page reached as localhost then opens its websocket on localhost.
            self._check(request, None)
            base = request.host
            secure = request.scheme == "https"
            context: dict[str, Any] = {
                "font_size": to_int(request.query.get("fontsize", "16"), 16),
                "app_websocket_url": html.escape(f"{'wss' if secure else 'ws'}://{base}/ws"),
                "config": {"static": {"url": html.escape(
                    f"{'https' if secure else 'http'}://{base}/static/")}},
                "application": {"name": html.escape(self.title)},
            }
            return aiohttp_jinja2.render_template("app_index.html", request, context)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            self._check(request, request.headers.get("Origin", ""))
            return await super().handle_websocket(request)

        async def handle_download(self, request: web.Request) -> web.StreamResponse:
            self._check(request, request.headers.get("Origin"))  # same guard as the rest
            return await super().handle_download(request)

        def initialize_logging(self) -> None:
            super().initialize_logging()
            # textual-serve's own messages, not a line for every file a browser fetches
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

        async def on_startup(self, app: web.Application) -> None:
            # Instead of textual-serve's banner, which prints the command (file names)
            # as console markup.
            print(f"{PROG}: serving the reader on {url_of(host, port)} "
                  f"(ctrl+c stops it)", file=sys.stderr, flush=True)

    return ReaderServer(command, host=host, port=port, title=TITLE)


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import textual_serve.server  # noqa: F401
    except ImportError:
        print(f"{PROG}: error: serving needs textual-serve: "
              f"pip install 'syria-reader[web]'", file=sys.stderr)
        return 2
    open_corpus(args)  # a corpus that cannot be read fails here once, not in every tab
    if getattr(args, "model", None):  # and so does a model that cannot be used
        from syria_reader.corpus.model_name import ModelChoice
        from syria_reader.corpus.ner import resolve_model

        resolve_model(ModelChoice(args.model, "--model"))
    try:
        warning = warning_for(args.host)
        if warning:
            print(warning, file=sys.stderr)
        make_server(reader_command(args), args.host, args.port).serve()
    except OSError as error:  # the address is taken, unknown or not ours
        reason = error.strerror or str(error)
        print(one_line(f"{PROG}: error: cannot listen on {args.host} port {args.port}: "
                       f"{reason}"), file=sys.stderr)  # the host as typed: one line
        return 2
    return 0


def register(commands: Commands) -> None:
    serve = add_command(
        commands, "serve", "open the reader in a web browser (needs the web extra)",
        "Serves the reader to web browsers with textual-serve: each browser tab runs "
        "a reader on the same corpus and database. Listens on 127.0.0.1 unless --host "
        "names another address; there is no login, so anyone who can reach that "
        "address can read and change the annotations. Needs "
        "pip install 'syria-reader[web]'.",
    )
    serve.add_argument("--host", default=DEFAULT_HOST, metavar="HOST",
                       help=f"address to listen on (default: {DEFAULT_HOST}, this machine "
                            "only; 0.0.0.0: every address)")
    serve.add_argument("--port", type=port_number, default=DEFAULT_PORT, metavar="PORT",
                       help=f"port to listen on (default: {DEFAULT_PORT})")
    serve.set_defaults(handler=cmd_serve)
