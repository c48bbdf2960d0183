"""``serve``: the reader in a web browser (textual-serve), end to end in Chromium, and
the server's guards without a browser."""

from __future__ import annotations

import argparse
import contextlib
import http.client
import importlib.util
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from syria_reader.tui.cli import main
from syria_reader.tui.cli.serve import reader_command, refusal, warning_for
from tests.conftest import COMMAND, RunResult

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

# The page draws the terminal on a canvas, so the test reads what the server sent it
# instead: every binary websocket message, decoded, in window.__shown.
RECORD_SCREEN = """
(() => {
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  window.__shown = "";
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (typeof event.data !== "string") {
          window.__shown += decoder.decode(new Uint8Array(event.data), {stream: true});
        }
      });
    }
  };
})();
"""
# True once `text` is shown after the first `mark` characters received (escape
# sequences, which colour and place the text, taken out).
SHOWN_SINCE = r"""([mark, text]) => window.__shown.slice(mark)
    .replace(/\x1b\[[0-9;?<>=]*[ -\/]*[@-~]/g, "").includes(text)"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    """A ``syria-reader serve`` process of the test's own, in a session of its own."""

    def __init__(self, *args: str, folder: Path) -> None:
        self.port = free_port()
        self.stderr_path = folder / f"serve-{self.port}.err"
        environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        with open(self.stderr_path, "wb") as stderr:
            self.process = subprocess.Popen(
                [str(COMMAND), "serve", "--port", str(self.port), *args],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
                env=environment, start_new_session=True,
            )

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8")

    def wait_until_listening(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited ({self.process.returncode}):\n{self.stderr}")
            if "serving the reader on" in self.stderr:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    return
                except OSError:
                    pass
            time.sleep(0.05)
        raise AssertionError(f"serve never listened:\n{self.stderr}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # as ctrl+c: it ends its readers
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        # Whatever it started and left behind (the session is this test's alone).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def serve(user_dirs: Path, tmp_path: Path) -> Iterator[Callable[..., Served]]:
    started: list[Served] = []

    def start(*args: str) -> Served:
        server = Served(*args, folder=tmp_path)
        started.append(server)
        server.wait_until_listening()
        return server

    yield start
    for server in started:
        server.stop()


def _missing_for_the_browser_test() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    for module, package in (("playwright", "playwright"), ("textual_serve", "textual-serve")):
        if importlib.util.find_spec(module) is None:
            return f"{package} is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture
def browser_ready() -> None:
    missing = _missing_for_the_browser_test()
    if missing is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{missing}: .ci/run must install it")
    pytest.skip(missing)


# -- end to end: a real browser -----------------------------------------------------------

def test_reader_in_a_browser_tags_a_claim(
    browser_ready: None, serve: Callable[..., Served], tmp_path: Path,
    cli: Callable[..., RunResult],
) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    database = tmp_path / "annotations.json"
    server = serve("--db", str(database))
    origin = f"http://127.0.0.1:{server.port}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            # Offline: the page asks for a web font; only the server itself is reached.
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith(origin) else route.abort())
            page.add_init_script(RECORD_SCREEN)
            page.goto(f"{origin}/")  # textual-serve starts the app at once: no start button

            def mark() -> int:
                return int(page.evaluate("window.__shown.length"))

            def wait_for(text: str, since: int = 0, timeout: float = 30.0) -> None:
                try:
                    page.wait_for_function(SHOWN_SINCE, arg=[since, text],
                                           timeout=timeout * 1000)
                except PlaywrightTimeout:
                    shown = re.sub(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]", "",
                                   page.evaluate("window.__shown"))
                    raise AssertionError(f"{text!r} never appeared; the page last showed:\n"
                                         f"{shown[-4000:]}\nserve said:\n{server.stderr}"
                                         ) from None

            wait_for("Planning is underway")  # the first article, in the left pane
            wait_for("State Dept. Officials")  # the second, in the right one
            page.locator("textarea.xterm-helper-textarea").focus()  # the terminal's keys
            # The database opens just after the first frame: until then c does nothing.
            # Once the label menu is open it takes every key, so c again changes nothing.
            first, deadline = mark(), time.monotonic() + 30
            while time.monotonic() < deadline:
                page.keyboard.press("c")
                with contextlib.suppress(AssertionError):
                    wait_for("Tag as a claim", first, timeout=1.0)  # the label menu
                    break
            else:
                wait_for("Tag as a claim", first, timeout=1.0)  # fails, saying what shows
            before = mark()
            page.keyboard.press("1")
            wait_for("Tagged as figure", before)
        finally:
            browser.close()

    result = cli("claims", "--json", "--db", str(database))
    assert result.returncode == 0, result.stderr
    claims = json.loads(result.stdout)["claims"]
    assert [(c["article_id"], c["label"], c["start"]) for c in claims] == [
        ("000_6437c01467f5b919", "figure", 0)]
    assert claims[0]["quote"].startswith("Planning is underway")
    assert "warning" not in server.stderr  # loopback: nothing to warn of


# -- the server without a browser ---------------------------------------------------------

def test_warning_only_for_an_address_others_can_reach() -> None:
    for host in ("127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"):
        assert warning_for(host) is None, host
    for host in ("0.0.0.0", "::", "192.0.2.7"):
        warning = warning_for(host)
        assert warning is not None
        assert "anyone who can reach this address can read and change the annotations" \
            in warning


def test_serving_on_every_address_warns_and_names_itself_as_reached(
    serve: Callable[..., Served],
) -> None:
    server = serve("--host", "0.0.0.0")
    lines = server.stderr.splitlines()
    assert lines[0].startswith("syria-reader: warning: listening on 0.0.0.0: ")
    assert "anyone who can reach this address can read and change" in lines[0]
    assert lines[1].startswith("syria-reader: serving the reader on http://")
    # The page's websocket goes where the browser reached the server, not to 0.0.0.0.
    status, page = get(server.port, "/", {"Host": f"reader.example:{server.port}"})
    assert status == 200
    assert f'data-session-websocket-url="ws://reader.example:{server.port}/ws"' in page


def get(port: int, path: str, headers: dict[str, str]) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def websocket_handshake(port: int, host: str, origin: str) -> int:
    """The status of a websocket handshake (101 would start a reader: not asked here)."""
    return get(port, "/ws", {
        "Host": host, "Origin": origin, "Upgrade": "websocket", "Connection": "Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13",
    })[0]


def test_loopback_server_refuses_other_sites(serve: Callable[..., Served]) -> None:
    server = serve()
    port = server.port
    status, page = get(port, "/", {"Host": f"localhost:{port}"})
    assert status == 200
    assert f'data-session-websocket-url="ws://localhost:{port}/ws"' in page
    # A DNS-rebinding site reaches 127.0.0.1 under its own name.
    assert get(port, "/", {"Host": f"rebound.example:{port}"})[0] == 403
    # Any page the user visits may open a websocket to 127.0.0.1: not one of ours.
    assert websocket_handshake(port, f"127.0.0.1:{port}", "https://elsewhere.example") == 403
    assert websocket_handshake(port, f"127.0.0.1:{port}", "null") == 403
    assert server.process.poll() is None


def test_refusals() -> None:
    loopback = "127.0.0.1"
    assert refusal("127.0.0.1:8000", None, loopback) is None
    assert refusal("[::1]:8000", "http://[::1]:8000", loopback) is None
    assert refusal("localhost:8000", "http://localhost:8000", loopback) is None
    assert refusal("me.lan:8000", None, "me.lan") is None  # the name it was told to serve
    assert refusal("127.0.0.1:8000", "http://localhost:8000", loopback)
    assert refusal("evil.example:8000", None, loopback)
    assert refusal("evil.example:8000", None, None) is None
    assert refusal("evil.example:8000", "http://other.example:8000", None)
    assert refusal("127.0.0.1:8000", "", loopback)  # no Origin: no browser's websocket
    assert refusal('x"><script>:8000', None, None)


def test_served_command_is_this_reader_quoted_for_the_shell(tmp_path: Path) -> None:
    corpus = tmp_path / "a b $(touch pwned) 'q\" `x`"
    corpus.mkdir()
    (corpus / "one.txt").write_text("A report.\n", encoding="utf-8")
    args = argparse.Namespace(corpus=str(corpus), db=str(tmp_path / "db.json"),
                              encoding="cp1252")
    command = reader_command(args)
    words = shlex.split(command)
    assert words[0] == sys.executable
    assert words[-6:] == ["--corpus", str(corpus), "--encoding", "cp1252",
                          "--db", str(tmp_path / "db.json")]
    # Through the shell, as textual-serve runs it (a headless command in the reader's
    # place): the folder's name is one word, and nothing in it runs.
    result = subprocess.run(f"{command} articles --json", shell=True, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert [row["id"] for row in json.loads(result.stdout)["articles"]] == ["one"]
    assert not (tmp_path / "pwned").exists()


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


def test_without_the_web_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import fails
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve"]) == 2
    line = one_error_line(capsys)
    assert line.startswith("syria-reader: error: ")
    assert "pip install 'syria-reader[web]'" in line


def test_user_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cli: Callable[..., RunResult],
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--port", "0"])
    assert exit_.value.code == 2
    assert "must be from 1 to 65535" in one_error_line(capsys)
    assert main(["serve", "--corpus", str(tmp_path / "missing")]) == 2
    assert "corpus folder not found" in one_error_line(capsys)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", "--port", str(port))  # its own process: it sets up logging
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith(
        f"syria-reader: error: cannot listen on 127.0.0.1 port {port}: ")


# sha256 of the source of each textual-serve method ReaderServer overrides, first 16 hex
# digits, read on textual-serve 1.1.3.
TEXTUAL_SERVE_FINGERPRINTS = {
    "handle_index": "c961f57f6af22bfe",
    "handle_websocket": "87c0c9d50be81f45",
    "handle_download": "0f198f68877ae6fb",
    "initialize_logging": "c39d2f4019a7fd33",
    "on_startup": "f3926338a478bb8c",
}


def test_every_textual_serve_override_has_a_fingerprint() -> None:
    from syria_reader.tui.cli.serve import OVERRIDDEN

    assert set(OVERRIDDEN) == set(TEXTUAL_SERVE_FINGERPRINTS)


@pytest.mark.parametrize("name", sorted(TEXTUAL_SERVE_FINGERPRINTS))
def test_the_textual_serve_code_overridden_is_unchanged(name: str) -> None:
    import hashlib
    import inspect

    server = pytest.importorskip("textual_serve.server")
    source = inspect.getsource(getattr(server.Server, name))
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == \
        TEXTUAL_SERVE_FINGERPRINTS[name], (
            f"textual-serve's Server.{name} changed: check tui/cli/serve.py against it")
