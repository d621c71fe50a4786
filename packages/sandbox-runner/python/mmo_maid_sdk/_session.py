"""The guest side of the protocol (PROTOCOL.md): framing, handshake, dispatch, calls to the host.

Threads (see `_crew.py`): one thread at a time is the **reader**. It blocks in `os.read` on the protocol
fd, parses frames, answers control messages itself (`initialize`, `health.ping`, `$/cancelRequest`,
`shutdown`, responses to our calls), acknowledges events nobody handles without running anything, and
runs handlers itself while a slot is free, handing the reading role on when a handler is slow or calls
the host. Handlers call the host synchronously: the calling thread sends a request and waits on a lock
that the reader releases when the response arrives.

Writes go out as one `os.write` per frame (header and body together) under a lock. `flow.ack`s are
batched: finished events are counted and the count is sent when the reader is about to block for
input, when a handler finishes while the reader is blocked, or every `flow_window / 4` events.
"""

from __future__ import annotations

import itertools
import os
import select
import sys
import threading
import time
import types
from _thread import allocate_lock as _allocate_lock

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs ~3 ms to import; annotations are strings anyway
    from typing import Any, Callable

from . import errors
from ._frames import FrameReader, recover_id
from ._jsonfast import dumps as _dumps
from ._jsonfast import loads as _decode
from .context import Context

_os_write = os.write
_select = select.select
_monotonic = time.monotonic

PROTOCOL_VERSIONS = ("1.0",)
SDK_INFO = {"name": "mmo_maid_sdk", "version": "0.5.1", "language": "python"}


class _Waiter:
    """One pending call. `lock` (held until the answer is in) only when another thread reads the answer;
    the reader reading its own answer just watches `done`, which saves a lock per call on the hot path."""

    __slots__ = ("lock", "done", "result", "error", "exc")

    def __init__(self, lock: Any) -> None:
        self.lock = lock
        self.done = False
        self.result: Any = None
        self.error: Any = None
        self.exc: BaseException | None = None

    def finish(self) -> None:
        self.done = True
        if self.lock is not None:
            self.lock.release()


def _held_lock() -> Any:
    lock = _allocate_lock()
    lock.acquire()
    return lock


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = _os_write(fd, view)
        view = view[n:]


def _is_coroutine(value: Any) -> bool:
    return isinstance(value, types.CoroutineType)


def call_handler(fn: Callable[..., Any], *args: Any) -> Any:
    """Call a plugin handler; `async def` handlers run to completion on this thread."""
    result = fn(*args)
    if result is not None and _is_coroutine(result):
        import asyncio
        return asyncio.run(result)
    return result


class Session(FrameReader):
    def __init__(self, plugin: Any, in_fd: int, out_fd: int, exit: Callable[[int], Any] | None = None):
        self.plugin = plugin
        self.in_fd = in_fd
        self.out_fd = out_fd
        self._exit_fn = exit or _hard_exit
        self.max_bytes = 1 << 20
        self.request_timeout = 10.0
        self.max_concurrency = 8
        self.flow_window = 1024
        self.ack_every = 256
        self.mode = "single"
        self.install: dict | None = None
        self.plugin_info: dict | None = None
        self.capabilities: list = []
        self.initialized = False  # we answered `initialize`
        self.connected = False  # the host sent `initialized`: calls allowed
        self.closed = False
        self.shutting_down = False
        self._contexts: dict[str, Context] = {}
        self._write_lock = threading.Lock()
        self._ack_lock = threading.Lock()
        self._acks = 0
        self._inline_acks = 0
        self._reader_idle = False
        self._pending: dict[int, _Waiter] = {}
        self._ids = itertools.count(1)
        self._active: dict[Any, threading.Event] = {}  # host requests queued or running -> their cancel token
        self._crew: Any = None
        self._buf = b""
        self._pos = 0
        self._code = 0
        self._scheduler: Any = None

    # ------------------------------------------------------------------ output
    def _send(self, msg: dict) -> None:
        body = _dumps(msg).encode("utf-8")
        if len(body) > self.max_bytes:
            raise errors.PayloadTooLarge(
                f"message of {len(body)} bytes is over the {self.max_bytes}-byte limit",
                data={"limit": self.max_bytes, "actual": len(body)}, method=msg.get("method"))
        data = b"Content-Length: %d\r\n\r\n%b" % (len(body), body)
        with self._write_lock:
            n = _os_write(self.out_fd, data)  # a pipe takes a small frame whole; the loop is for the rest
            if n != len(data):
                _write_all(self.out_fd, data[n:])

    def notify(self, method: str, params: dict) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def _respond(self, rid: Any, result: Any) -> None:
        try:
            self._send({"jsonrpc": "2.0", "id": rid, "result": result})
        except OSError:
            pass  # the host is gone; the reader sees end of input and the process exits
        except errors.PayloadTooLarge as e:
            self._respond_error(rid, e.code, str(e.message), e.data)
        except (TypeError, ValueError) as e:
            self._respond_error(rid, errors.CODES["HandlerError"], f"handler result is not JSON: {e}",
                                {"type": type(e).__name__, "message": str(e), "traceback": ""})

    def _respond_error(self, rid: Any, code: int, message: str, data: Any = None) -> None:
        err: dict[str, Any] = {"code": code, "message": message}
        if data is not None:
            err["data"] = data
        try:
            self._send({"jsonrpc": "2.0", "id": rid, "error": err})
        except OSError:
            pass

    def log(self, message: str, level: str = "info", install_id: str | None = None, error: dict | None = None) -> None:
        if not self.initialized or self.closed:
            sys.stderr.write(f"[{level}] {message}\n")
            if error and error.get("traceback"):
                sys.stderr.write(error["traceback"])
            return
        params: dict[str, Any] = {"level": level, "message": message}
        if install_id is not None:
            params["install_id"] = install_id
        if error is not None:
            params["error"] = error
        try:
            self.notify("log", params)
        except errors.PayloadTooLarge:
            params["message"] = message[: self.max_bytes // 4] + " …(truncated)"
            if error is not None:
                error["traceback"] = str(error.get("traceback", ""))[-self.max_bytes // 4:]
            self.notify("log", params)
        except OSError:
            sys.stderr.write(f"[{level}] {message}\n")

    # ------------------------------------------------------------------ calls to the host
    def call(self, method: str, params: dict, timeout: float | None = None) -> Any:
        if self.closed:
            raise errors.ProtocolError("the host closed the connection", method=method)
        if not self.connected:
            raise errors.ProtocolError("the host is not connected yet: host calls work inside handlers, "
                                       "not at import time", method=method)
        crew = self._crew
        # The reader reads our answer: this thread itself when it is the reader and the only handler
        # running (no hand-off between threads), else another thread (the lead is handed on).
        reading = crew is not None and crew.begin_call()
        rid = next(self._ids)
        waiter = _Waiter(None if reading else _held_lock())
        self._pending[rid] = waiter
        try:
            self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        except BaseException:
            self._pending.pop(rid, None)
            if reading:
                crew.end_call()
            raise
        limit = self.request_timeout if timeout is None else timeout
        if reading:
            try:
                answered = self._read_until(waiter, limit, method)
            finally:
                crew.end_call()
        else:
            answered = waiter.lock.acquire(timeout=limit)
        if not answered:
            if self._pending.pop(rid, None) is not None:
                try:
                    self.notify("$/cancelRequest", {"id": rid})
                except OSError:
                    pass
                raise errors.RpcTimeout(f"no answer within {limit:g} s", data={"timeout_ms": int(limit * 1000)},
                                        method=method)
            if waiter.lock is not None:
                waiter.lock.acquire()  # the answer won the race; it is being delivered
        if waiter.exc is not None:
            raise waiter.exc
        if waiter.error is not None:
            raise errors.error_from_wire(waiter.error, method)
        return waiter.result

    def _read_until(self, waiter: _Waiter, limit: float, method: str) -> bool:
        """Reader, inside a handler: read and handle frames until `waiter` is done. False on timeout."""
        deadline = _monotonic() + limit
        while not waiter.done:
            if self._pos >= len(self._buf):  # nothing buffered: wait for input, at most until the deadline
                self._before_block()
                remaining = deadline - _monotonic()
                if remaining <= 0 or not _select((self.in_fd,), (), (), remaining)[0]:
                    return False
            if not self._step():  # the session ended; our call cannot be answered any more
                self._crew.finish()
                if not waiter.done:
                    self._fail_pending(errors.ProtocolError("the session ended before the host answered", method=method))
                return True
        return True

    def _on_response(self, msg: dict) -> None:
        waiter = self._pending.pop(msg.get("id"), None)
        if waiter is None:
            return  # late answer to a call that timed out, or noise: dropped (PROTOCOL.md §9)
        if "error" in msg:
            waiter.error = msg["error"] if msg["error"] is not None else {"code": -32603, "message": "null error"}
        else:
            waiter.result = msg.get("result")
        waiter.finish()

    def _fail_pending(self, exc: BaseException) -> None:
        while self._pending:
            try:
                _, waiter = self._pending.popitem()
            except KeyError:
                break
            waiter.exc = exc
            waiter.finish()

    # ------------------------------------------------------------------ flow control
    def _event_done(self) -> None:
        with self._ack_lock:
            self._acks += 1
            if not (self._reader_idle or self._acks >= self.ack_every):
                return
            count = self._acks
            self._acks = 0
        self._send_ack(count)

    def _send_ack(self, count: int) -> None:
        try:
            self.notify("flow.ack", {"count": count})
        except OSError:
            pass

    def _before_block(self) -> None:
        crew = self._crew
        if crew is not None:
            crew.before_block()
        # Idle first, then look: a handler thread counts its ack and then checks `_reader_idle` (under the
        # lock), so either it sees the reader idle and sends, or this sees its count. Only the reader touches
        # `_inline_acks`. Nothing to send (the common case) costs no lock.
        self._reader_idle = True
        if not (self._acks or self._inline_acks):
            return
        with self._ack_lock:
            count = self._acks + self._inline_acks
            self._acks = 0
            self._inline_acks = 0
        if count:
            self._send_ack(count)

    # ------------------------------------------------------------------ reading
    def serve(self) -> int:
        """Read and dispatch until the host says `shutdown` or closes stdin. Returns the exit code."""
        from ._crew import Crew
        self._crew = Crew(self.max_concurrency, self._step)
        self._crew.run()
        return self._code

    def _step(self) -> bool:
        """Leader: read one frame and handle it. False when the session is over."""
        body = self._read_frame()
        if body is None:
            return False
        code = self._handle(body)
        if code is not None:
            self._code = code
            self.closed = True
            self._exit_fn(code)
            return False
        return True

    def _stray(self, data: bytes, what: str = "stray bytes") -> None:
        if data:
            self.log(f"discarded {len(data)} bytes of input ({what}): {data[:80]!r}", "warning")

    def _oversized(self, length: int) -> None:
        """§1.2: answer -32004 without reading the body, report, close."""
        what = f"a {length}-byte message, over the {self.max_bytes}-byte limit"
        self._respond_error(None, errors.CODES["PayloadTooLarge"], f"the host sent {what}; closing the connection",
                            {"limit": self.max_bytes, "actual": length})
        self.log(f"the host sent {what}; closing the connection", "error")
        self._code = 1
        self._end(errors.ProtocolError("connection closed after an oversized message"))
        return None

    def _on_eof(self) -> None:
        self._code = 0
        self._end(errors.ProtocolError("the host closed the connection"))
        return None

    def _end(self, exc: BaseException) -> None:
        self.closed = True
        if self._scheduler is not None:
            self._scheduler.stop()
        self._fail_pending(exc)
        self._exit_fn(self._code)

    # ------------------------------------------------------------------ dispatch
    def _handle(self, body: bytes) -> int | None:
        try:
            msg = _decode(body)
        except ValueError as e:  # includes invalid UTF-8
            self._respond_error(recover_id(body), errors.CODES["ParseError"], f"message body is not UTF-8 JSON: {e}")
            return None
        if type(msg) is not dict:
            self._respond_error(None, errors.CODES["InvalidRequest"],
                                "batches are not supported" if type(msg) is list else "a message must be a JSON object")
            return None
        method = msg.get("method")
        if method == "event" and self.initialized:
            params = msg.get("params")
            if type(params) is dict:
                handlers = self.plugin._events.get(params.get("name"))
                if handlers is None or self.shutting_down:
                    self._inline_acks += 1
                    if self._inline_acks >= self.ack_every:
                        count = self._inline_acks
                        self._inline_acks = 0
                        self._send_ack(count)
                    return None
                ctx = self._ctx(params.get("ctx"))
                if ctx is not None:
                    if params["name"] == "interaction_create" and type(params.get("payload")) is dict:
                        ctx = ctx.with_interaction(params["payload"])
                    self._crew.dispatch(self._run_event, (ctx, params["name"], params.get("payload"), handlers))
                    return None
            self._inline_acks += 1  # every event is acknowledged exactly once, malformed ones too (§4.1)
            self.log(f"ignored a malformed event: {str(msg)[:200]}", "warning")
            return None
        rid = msg.get("id")
        valid_id = type(rid) in (int, str)
        if method is None:
            if "result" in msg or "error" in msg:
                if msg.get("jsonrpc") == "2.0" and valid_id:
                    self._on_response(msg)
                else:  # a malformed response is never answered (§1.3 rule 4), only reported
                    self.log(f"ignored a malformed response: {str(msg)[:200]}", "warning")
            else:
                self._respond_error(rid if valid_id else None, errors.CODES["InvalidRequest"],
                                    "neither a request, a notification nor a response")
            return None
        is_request = "id" in msg
        if msg.get("jsonrpc") != "2.0" or not isinstance(method, str) or (is_request and not valid_id):
            if is_request:
                why = ('missing "jsonrpc": "2.0"' if msg.get("jsonrpc") != "2.0" else
                       "method must be a string" if not isinstance(method, str) else "id must be a string or a number")
                self._respond_error(rid if valid_id else None, errors.CODES["InvalidRequest"], why)
            return None
        params = msg.get("params", {})
        if type(params) is not dict:
            if params is not None and type(params) is not list:
                if is_request:
                    self._respond_error(rid, errors.CODES["InvalidRequest"], "params must be an object")
                return None
            if is_request:
                self._respond_error(rid, errors.CODES["InvalidParams"], "params must be an object",
                                    _invalid("", "type", "must be an object"))
            return None
        if method == "initialize":
            return self._on_initialize(rid, params) if is_request else None
        if not self.initialized:
            if is_request:
                self._respond_error(rid, errors.CODES["InvalidRequest"],
                                    f"{method!r} before initialize: the first message must be initialize")
            return None
        if not is_request:
            if method == "initialized":
                self._on_initialized()
            elif method == "$/cancelRequest":
                token = self._active.pop(params.get("id"), None)
                if token is not None:  # queued or running: answer now, discard the handler's result later
                    token.set()
                    self._respond_error(params.get("id"), errors.CODES["Cancelled"], "cancelled by the host")
            return None  # other notifications: ignored (forward compatible)
        if rid in self._active:
            self._respond_error(rid, errors.CODES["InvalidRequest"], f"id {rid!r} is already in use by a running request")
            return None
        route = self._ROUTES.get(method)
        if route is None:
            self._respond_error(rid, errors.CODES["MethodNotFound"], f"unknown method {method!r}", {"method": method})
            return None
        return route(self, rid, params)

    def _ctx(self, raw: Any) -> Context | None:
        if type(raw) is dict:
            iid = raw.get("install_id")
            ctx = self._contexts.get(iid)  # type: ignore[arg-type]
            if ctx is not None:
                return ctx
            if isinstance(iid, str) and iid:
                sid = raw.get("server_id")
                ctx = Context(self, iid, sid if isinstance(sid, str) else str(sid or ""))
                self._contexts[iid] = ctx
                return ctx
        if self.mode == "single" and self.install and raw is not self.install:
            return self._ctx(self.install)  # single mode: a dispatch without ctx acts for the worker's install
        return None

    def _submit(self, fn: Callable[..., Any], args: tuple) -> None:
        """From a thread that is not reading (the scheduler)."""
        self._crew.submit(fn, args)

    # --- handler runners (on crew threads)
    def _report(self, exc: BaseException, where: str, ctx: Context | None) -> dict:
        import traceback
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        info = {"type": type(exc).__name__, "message": str(exc), "traceback": tb}
        try:
            self.log(f"{where} raised {info['type']}: {info['message']}", "error",
                     install_id=ctx.install_id if ctx is not None else None, error=info)
        except Exception:
            sys.stderr.write(tb)
        return info

    def _run_event(self, ctx: Context, name: str, payload: Any, handlers: list) -> None:
        for fn in handlers:
            try:
                result = fn(ctx, payload)
                if result is not None and _is_coroutine(result):
                    import asyncio
                    asyncio.run(result)
            except BaseException as e:  # noqa: BLE001 - a plugin bug must never take the worker down
                self._report(e, f"event handler {fn.__name__!r} for {name!r}", ctx)
        self._event_done()

    def _run_request(self, rid: Any, ctx: Context, where: str, fns: list, args: tuple, returns: bool) -> None:
        token = self._active.get(rid)
        if token is None or token.is_set():
            return  # cancelled while queued; already answered -32006
        result = None
        for fn in fns:
            try:
                value = call_handler(fn, ctx, *args)
            except BaseException as e:  # noqa: BLE001
                info = self._report(e, f"{where} handler {fn.__name__!r}", ctx)
                if self._active.pop(rid, None) is not None:
                    self._respond_error(rid, errors.CODES["HandlerError"], f"{info['type']}: {info['message']}", info)
                return
            if returns:
                result = value
        if self._active.pop(rid, None) is not None:  # else: cancelled meanwhile, the answer was -32006
            self._respond(rid, result)

    def _dispatch_request(self, rid: Any, params: dict, fns: list | None, where: str, args: tuple,
                          returns: bool = False, ctx: Context | None = None) -> None:
        if self.shutting_down:
            self._respond_error(rid, errors.CODES["Cancelled"], "the plugin is shutting down")
            return
        if not fns:
            self._respond_error(rid, errors.CODES["MethodNotFound"], f"no handler registered for {where}")
            return
        ctx = ctx or self._ctx(params.get("ctx"))
        if ctx is None:
            self._respond_error(rid, errors.CODES["InvalidParams"], "params.ctx.install_id is missing",
                                _invalid("/ctx", "required", "must be an object with install_id and server_id"))
            return
        token = threading.Event()
        self._active[rid] = token
        self._crew.dispatch(self._run_request, (rid, ctx.with_cancel(token), where, fns, args, returns))

    # --- routes (reader thread)
    def _on_initialize(self, rid: Any, params: dict) -> int | None:
        if self.initialized:
            self._respond_error(rid, errors.CODES["InvalidRequest"], "initialize was already done")
            return None
        offered = params.get("protocol_versions")
        if not isinstance(offered, list):
            offered = []
        chosen = next((v for v in offered if v in PROTOCOL_VERSIONS), None)
        if chosen is None:
            self._respond_error(rid, errors.CODES["UnsupportedProtocolVersion"],
                                f"this SDK speaks protocol {', '.join(PROTOCOL_VERSIONS)}; the host offered "
                                f"{', '.join(map(str, offered)) or 'nothing'}",
                                {"supported": list(PROTOCOL_VERSIONS), "offered": offered})
            sys.stderr.write("mmo_maid_sdk: no common protocol version with the host; exiting\n")
            return 1
        limits = params.get("limits") if isinstance(params.get("limits"), dict) else {}
        if isinstance(limits.get("max_message_bytes"), int) and limits["max_message_bytes"] > 0:
            self.max_bytes = limits["max_message_bytes"]
        if isinstance(limits.get("request_timeout_ms"), (int, float)) and limits["request_timeout_ms"] > 0:
            self.request_timeout = limits["request_timeout_ms"] / 1000
        if isinstance(limits.get("max_concurrency"), int) and limits["max_concurrency"] > 0:
            self.max_concurrency = limits["max_concurrency"]
            if self._crew is not None:
                self._crew.size = self.max_concurrency
        if isinstance(limits.get("flow_window"), int) and limits["flow_window"] > 0:
            self.flow_window = limits["flow_window"]
            self.ack_every = max(1, self.flow_window // 4)
        self.mode = "pool" if params.get("mode") == "pool" else "single"
        self.install = params.get("install") if isinstance(params.get("install"), dict) else None
        self.plugin_info = params.get("plugin") if isinstance(params.get("plugin"), dict) else None
        self.capabilities = params.get("capabilities") if isinstance(params.get("capabilities"), list) else []
        self._respond(rid, {"protocol_version": chosen, "sdk": dict(SDK_INFO), "handlers": self.plugin._handlers()})
        self.initialized = True
        if self.mode == "pool" and (self.plugin._schedules or self.plugin._crons):
            self.log("pool mode: @plugin.schedule and @plugin.cron tasks do not run in pooled workers "
                     "(they carry no per-install context); declare a server-side cron in the manifest, "
                     "which the host delivers as task.tick", "warning")
        return None

    def _on_initialized(self) -> None:
        if self.connected:
            return
        self.connected = True
        if self.mode == "single" and (self.plugin._schedules or self.plugin._crons):
            ctx = self._ctx(self.install)
            if ctx is None:
                self.log("no install in single mode: schedules and crons are not started", "warning")
                return
            from ._scheduler import Scheduler
            self._scheduler = Scheduler(self, ctx, self.plugin._schedules, self.plugin._crons)
            self._scheduler.start()

    def _on_lifecycle(self, rid: Any, params: dict) -> None:
        hook = params.get("hook")
        if hook not in self.plugin._lifecycle:
            self._respond_error(rid, errors.CODES["InvalidParams"], f"unknown lifecycle hook {hook!r}",
                                _invalid("/hook", "enum", "must be one of " + ", ".join(self.plugin._lifecycle)))
            return
        fns = self.plugin._lifecycle[hook]
        if not fns:
            if self._ctx(params.get("ctx")) is None:
                self._respond_error(rid, errors.CODES["InvalidParams"], "params.ctx.install_id is missing",
                                    _invalid("/ctx", "required", "must be an object with install_id and server_id"))
            else:
                self._respond(rid, None)
            return
        self._dispatch_request(rid, params, fns, f"on_{hook}", ())

    def _interaction(self, rid: Any, params: dict, table: dict, key: str, kind: str) -> None:
        inter = params.get("interaction")
        if type(inter) is not dict:
            self._respond_error(rid, errors.CODES["InvalidParams"], "params.interaction must be an object",
                                _invalid("/interaction", "required", "must be an object"))
            return
        name = inter.get(key)
        fn = table.get(name)
        base = self._ctx(params.get("ctx"))
        ctx = base.with_interaction(inter) if base is not None else None
        self._dispatch_request(rid, params, [fn] if fn else None, f"{kind} {name!r}", (inter,), ctx=ctx)

    def _on_slash(self, rid: Any, params: dict) -> None:
        self._interaction(rid, params, self.plugin._slash, "command_name", "slash command")

    def _on_component(self, rid: Any, params: dict) -> None:
        self._interaction(rid, params, self.plugin._components, "custom_id", "component")

    def _on_modal(self, rid: Any, params: dict) -> None:
        self._interaction(rid, params, self.plugin._modals, "custom_id", "modal")

    def _on_dashboard(self, rid: Any, params: dict) -> None:
        name = params.get("method")
        if isinstance(name, str) and name.startswith("dashboard."):
            name = name[len("dashboard."):]
        fn = self.plugin._dashboard.get(name)
        args = params.get("params")
        if not isinstance(args, dict):
            args = {}
        self._dispatch_request(rid, params, [fn] if fn else None, f"dashboard method {name!r}", (args,), returns=True)

    def _on_tick(self, rid: Any, params: dict) -> None:
        kind, name = params.get("kind"), params.get("name")
        table = self.plugin._schedules if kind == "schedule" else self.plugin._crons if kind == "cron" else {}
        task = table.get(name)
        self._dispatch_request(rid, params, [task.fn] if task else None, f"{kind} task {name!r}", ())

    def _on_ping(self, rid: Any, params: dict) -> None:
        self._respond(rid, {"ok": True, "pending": self._crew.running})

    def _on_shutdown(self, rid: Any, params: dict) -> None:
        if self.shutting_down:
            return None
        self.shutting_down = True
        if self._scheduler is not None:
            self._scheduler.stop()
        deadline = params.get("deadline_ms")
        grace = (deadline / 1000 * 0.8) if isinstance(deadline, (int, float)) and deadline > 0 else 2.0

        def finish() -> None:
            if not self._crew.wait_idle(grace):
                self.log(f"shutdown: {self._crew.pending} handler(s) still running after {grace:g} s", "warning")
            self._before_block()
            self._respond(rid, None)
            self.closed = True
            self._code = 0
            self._exit_fn(0)
            self._crew.finish()

        threading.Thread(target=finish, name="maid-shutdown", daemon=True).start()
        return None

    _ROUTES: dict[str, Callable[..., Any]] = {
        "lifecycle": _on_lifecycle,
        "slash_command": _on_slash,
        "component": _on_component,
        "modal_submit": _on_modal,
        "dashboard": _on_dashboard,
        "task.tick": _on_tick,
        "health.ping": _on_ping,
        "shutdown": _on_shutdown,
    }


def _invalid(path: str, code: str, message: str) -> dict:
    """`data` of a -32602 answer (PROTOCOL.md §8): JSON Pointers into params."""
    return {"errors": [{"path": path, "code": code, "message": message}]}


def _hard_exit(code: int) -> None:
    """Leave now: handler threads may be stuck in plugin code, and nothing must linger after the host is gone."""
    try:
        sys.stderr.flush()
    except Exception:
        pass
    os._exit(code)
