"""A fake host for the tests: spawns a real plugin process with the SDK (`python3 -I -S _boot.py`, exactly
as the runner does) and speaks PROTOCOL.md to it over real pipes."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any, Callable

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOOT = os.path.join(PYTHON_DIR, "mmo_maid_sdk", "_boot.py")
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
REPO = os.path.dirname(os.path.dirname(os.path.dirname(PYTHON_DIR)))
CTX = {"install_id": "inst_1", "server_id": "123456789012345678"}


def frame(msg: Any) -> bytes:
    body = json.dumps(msg).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def initialize_params(**over: Any) -> dict:
    params = {
        "protocol_versions": ["1.0"],
        "host": {"name": "maidkit", "version": "0.1.0"},
        "plugin": {"id": "test_plugin", "version": "1.0.0"},
        "mode": "single",
        "install": dict(CTX),
        "capabilities": ["discord:send_message", "interaction:respond"],
        "limits": {"max_message_bytes": 1048576, "request_timeout_ms": 10000, "max_concurrency": 8,
                   "flow_window": 1024},
    }
    params.update(over)
    return params


class Guest:
    """One plugin process. `messages` receives every frame it writes; `garbage` any non-frame bytes."""

    def __init__(self, source: str | None = None, path: str | None = None, env: dict | None = None,
                 extra_files: dict[str, str] | None = None):
        if path is None:
            self._dir = tempfile.TemporaryDirectory(prefix="maid-guest-")
            path = os.path.join(self._dir.name, "__main__.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(source or "")
            for name, text in (extra_files or {}).items():
                with open(os.path.join(self._dir.name, name), "w", encoding="utf-8") as f:
                    f.write(text)
        full_env = {"MAIDKIT_PROTOCOL": "1", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        full_env.update(env or {})
        self.proc = subprocess.Popen([sys.executable, "-I", "-S", BOOT, path], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env, bufsize=0)
        self.messages: "queue.Queue[Any]" = queue.Queue()
        self.garbage: list[bytes] = []
        self.stderr_chunks: list[bytes] = []
        self.closed = threading.Event()
        self.acked = 0
        self.logs: list[dict] = []
        self._next_id = 1000
        self._write_lock = threading.Lock()
        self.responders: dict[str, Callable[[dict], Any]] = {}
        self.calls: list[dict] = []
        self.history: list[Any] = []
        self._threads = [threading.Thread(target=self._read_out, daemon=True),
                         threading.Thread(target=self._read_err, daemon=True)]
        for t in self._threads:
            t.start()

    # -- plumbing
    def _read_out(self) -> None:
        buf = b""
        out = self.proc.stdout
        while True:
            try:
                chunk = os.read(out.fileno(), 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buf += chunk
            while True:
                end = buf.find(b"\r\n\r\n")
                if end < 0:
                    if buf and not b"content-length:".startswith(buf[:15].lower()) and not buf[:15].lower() == b"content-length:":
                        self.garbage.append(buf)
                        buf = b""
                    break
                header = buf[:end].decode("latin1")
                if not header.lower().startswith("content-length:"):
                    self.garbage.append(buf)
                    buf = b""
                    break
                n = int(header.split(":", 1)[1])
                if len(buf) < end + 4 + n:
                    break
                msg = json.loads(buf[end + 4:end + 4 + n])
                buf = buf[end + 4 + n:]
                self._on_message(msg)
        self.closed.set()
        self.messages.put(None)

    def _on_message(self, msg: Any) -> None:
        self.history.append(msg)
        if isinstance(msg, dict):
            if msg.get("method") == "flow.ack":
                self.acked += msg["params"]["count"]
            elif msg.get("method") == "log":
                self.logs.append(msg["params"])
            if "id" in msg and msg.get("method") in self.responders:
                self.calls.append(msg)
                try:
                    result = self.responders[msg["method"]](msg["params"])
                    if isinstance(result, HostError):
                        self.send({"jsonrpc": "2.0", "id": msg["id"], "error": result.error})
                    elif result is not NO_ANSWER:
                        self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
                except Exception as e:  # pragma: no cover - test bug
                    self.send({"jsonrpc": "2.0", "id": msg["id"], "error": {"code": -32603, "message": str(e)}})
                return
        self.messages.put(msg)

    def _read_err(self) -> None:
        fd = self.proc.stderr.fileno()
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.stderr_chunks.append(chunk)

    @property
    def stderr(self) -> str:
        return b"".join(self.stderr_chunks).decode("utf-8", "replace")

    def write(self, data: bytes) -> None:
        with self._write_lock:
            self.proc.stdin.write(data)

    def send(self, msg: Any) -> None:
        try:
            self.write(frame(msg))
        except (BrokenPipeError, ValueError):
            pass

    # -- high level
    def request(self, method: str, params: Any, rid: Any = None) -> Any:
        if rid is None:
            self._next_id += 1
            rid = self._next_id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return rid

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def expect(self, pred: Callable[[Any], bool] = lambda m: True, timeout: float = 5.0, what: str = "") -> Any:
        deadline = time.monotonic() + timeout
        skipped = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {what or 'a message'}; saw {skipped[-5:]}\n"
                                     f"stderr:\n{self.stderr[-2000:]}")
            try:
                msg = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if msg is None:
                self.messages.put(None)
                raise AssertionError(f"guest closed its output while waiting for {what or 'a message'}; "
                                     f"saw {skipped[-5:]}\nstderr:\n{self.stderr[-2000:]}")
            if pred(msg):
                return msg
            skipped.append(msg)

    def response(self, rid: Any, timeout: float = 5.0) -> dict:
        return self.expect(lambda m: isinstance(m, dict) and m.get("id") == rid and "method" not in m, timeout,
                           f"response {rid}")

    def call(self, method: str, params: Any, timeout: float = 5.0) -> dict:
        return self.response(self.request(method, params), timeout)

    def wait_log(self, pred: Callable[[dict], bool], timeout: float = 5.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for entry in list(self.logs):
                if pred(entry):
                    return entry
            time.sleep(0.005)
        raise AssertionError(f"no matching log; logs: {self.logs[-5:]}\nstderr:\n{self.stderr[-2000:]}")

    def wait_history(self, pred: Callable[[Any], bool], timeout: float = 5.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for m in list(self.history):
                if isinstance(m, dict) and pred(m):
                    return m
            time.sleep(0.005)
        raise AssertionError(f"no matching message; last: {self.history[-5:]}")

    def wait_acks(self, n: int, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while self.acked < n:
            if time.monotonic() > deadline:
                raise AssertionError(f"flow.ack total {self.acked}, expected {n}")
            time.sleep(0.002)

    def handshake(self, **over: Any) -> dict:
        res = self.call("initialize", initialize_params(**over))
        assert "result" in res, res
        self.notify("initialized", {})
        return res["result"]

    def lifecycle(self, hook: str, ctx: dict | None = None) -> dict:
        return self.call("lifecycle", {"ctx": ctx or CTX, "hook": hook})

    def event(self, name: str, payload: dict, ctx: dict | None = None) -> None:
        self.notify("event", {"ctx": ctx or CTX, "name": name, "payload": payload})

    def wait_exit(self, timeout: float = 5.0) -> int:
        return self.proc.wait(timeout)

    def close(self) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(3)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        # Close our ends only after the reader threads are done: closing an fd a thread is about to read
        # lets the next Guest's pipe reuse that fd number, and the old thread would read the new guest's frames.
        for t in self._threads:
            t.join(5)
        if not any(t.is_alive() for t in self._threads):  # else a grandchild holds the pipe: leave the fds be
            for s in (self.proc.stdout, self.proc.stderr):
                try:
                    s.close()
                except OSError:
                    pass
        if hasattr(self, "_dir"):
            self._dir.cleanup()

    def __enter__(self) -> "Guest":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class HostError:
    def __init__(self, code: int, message: str, data: Any = None):
        self.error = {"code": code, "message": message}
        if data is not None:
            self.error["data"] = data


NO_ANSWER = object()
