"""Serve a Casa Cloner `plugin.py` over the maidkit protocol, reusing `mmo_maid_sdk`'s session.

Hook ↔ protocol mapping (see also PROTOCOL.md "Casa Cloner guests"):

| hook | sent by the host as |
|---|---|
| `on_load(api)`, then `on_ready(api)` | `lifecycle {hook: "ready"}` (once per worker start: the module was just loaded) |
| `on_message(api, message)` | `event message_create`, registered only when the host granted `casa:message_events` |
| `on_clone_start(api, ctx)` / `on_clone_finish(api, ctx)` | `casa.clone {ctx, phase: "start"\|"finish", job}` (needs `casa:clone_events`) |
| `on_error(api, error)` | `casa.error {ctx, error}`, and after any hook that raised |
| `on_unload(api)` | `lifecycle disable`/`uninstall`, or `shutdown` — whichever comes first, once |

Hooks run one at a time, in arrival order. A hook that raises is logged (level `error`, with its traceback),
handed to `on_error`, and the worker goes on.
"""

from __future__ import annotations

import os
import sys
import threading

from mmo_maid_sdk import errors
from mmo_maid_sdk._jsonfast import loads
from mmo_maid_sdk._session import Session, call_handler
from mmo_maid_sdk.plugin import Plugin

from .api import Api, CasaError, Message, Record
from .rules import CAPABILITY_OF, HOOKS
from .sandbox import restricted_builtins

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def read_manifest(entry: str) -> dict:
    path = os.path.join(os.path.dirname(entry), "manifest.json")
    with open(path, "rb") as f:
        manifest = loads(f.read().strip())  # trailing whitespace would send _jsonfast to the slow `json` path
    if type(manifest) is not dict:
        raise ValueError(f"{path}: a manifest is a JSON object")
    return manifest


def load_module(entry: str, manifest: dict) -> Any:
    """Run plugin.py as module `plugin` with Casa's restricted builtins."""
    allow_http = "http.request" in (manifest.get("permissions") or ())
    with open(entry, "rb") as f:
        code = compile(f.read(), entry, "exec")
    module = type(sys)("plugin")
    module.__file__ = entry
    module.__builtins__ = restricted_builtins(allow_http)  # type: ignore[attr-defined]
    exec(code, module.__dict__)
    return module


class _Link:
    """What `api` talks through: the session, on behalf of the worker's install."""

    __slots__ = ("session", "install_id")

    def __init__(self, session: Session, install_id: str):
        self.session = session
        self.install_id = install_id

    def log(self, level: str, message: str) -> None:
        self.session.log(message, level, install_id=self.install_id)

    def call(self, method: str, params: dict) -> Any:
        params["install_id"] = self.install_id
        return self.session.call(method, params)


class CasaPlugin(Plugin):
    """The SDK's registry, filled from a Casa module's top-level hook functions."""

    def __init__(self, module: Any, manifest: dict):
        super().__init__(str(manifest.get("id", "")))
        self.manifest = manifest
        declared = [h for h in (manifest.get("hooks") or ()) if isinstance(h, str)]
        defined = {h: getattr(module, h) for h in HOOKS if callable(getattr(module, h, None))}
        self.mismatch = sorted(set(declared) ^ set(defined))
        # Only hooks both declared and defined run (the manifest validator already refuses a mismatch).
        self.hooks = {h: fn for h, fn in defined.items() if h in declared}
        self.session: CasaSession | None = None
        self.api: Api | None = None
        self.loaded = False
        self.unloaded = False
        self._unload_lock = threading.Lock()
        self.on_ready(self._ready)
        if "on_unload" in self.hooks:
            self.on_disable(self._unload)
            self.on_uninstall(self._unload)

    # ---- what the handshake reports
    def granted(self, capability: str) -> bool:
        return self.session is not None and capability in self.session.capabilities

    def _handlers(self) -> dict:
        # Called while answering `initialize`, once the host's grants are known: without
        # `casa:message_events` on_message is not registered, so the host never sends messages.
        self._events = {}
        if "on_message" in self.hooks and self.granted(CAPABILITY_OF["events.message"]):
            self._events["message_create"] = [self._message]
        return super()._handlers()

    # ---- hook calls
    def _api(self, ctx: Any) -> Api:
        if self.api is None:
            assert self.session is not None
            self.api = Api(self.manifest, self.session.capabilities, _Link(self.session, ctx.install_id))
        return self.api

    def call_hook(self, ctx: Any, name: str, *args: Any) -> None:
        fn = self.hooks.get(name)
        if fn is None:
            return
        api = self._api(ctx)
        try:
            call_handler(fn, api, *args)
        except BaseException as e:  # noqa: BLE001 - a plugin bug must never take the worker down
            assert self.session is not None
            info = self.session._report(e, f"hook {name}", ctx)
            if name != "on_error" and "on_error" in self.hooks:
                self.call_hook(ctx, "on_error", CasaError("hook", info["message"], hook=name, type=info["type"],
                                                          traceback=info["traceback"]))

    def _ready(self, ctx: Any) -> None:
        if not self.loaded:
            self.loaded = True
            self.call_hook(ctx, "on_load")
        self.call_hook(ctx, "on_ready")

    def _unload(self, ctx: Any) -> None:
        with self._unload_lock:
            if self.unloaded or not self.loaded:
                return
            self.unloaded = True
        self.call_hook(ctx, "on_unload")

    def _message(self, ctx: Any, payload: Any) -> None:
        if type(payload) is dict:
            self.call_hook(ctx, "on_message", Message(payload, ctx.server_id))

    def _clone(self, ctx: Any, phase: str, job: dict) -> None:
        self.call_hook(ctx, "on_clone_start" if phase == "start" else "on_clone_finish", Record(job))

    def _host_error(self, ctx: Any, error: dict) -> None:
        self.call_hook(ctx, "on_error", CasaError("host", str(error.get("message", "")), code=_str(error.get("code")),
                                                  type=_str(error.get("type"))))


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _invalid(path: str, message: str) -> dict:
    return {"errors": [{"path": path, "code": "invalid", "message": message}]}


class CasaSession(Session):
    """The SDK session plus the two Casa host→guest requests, and `on_unload` before a shutdown."""

    plugin: CasaPlugin

    def _on_initialize(self, rid: Any, params: dict) -> int | None:
        if params.get("mode") == "pool" and not self.initialized:
            # One `api` (slug, storage, loaded state) per process: a pooled worker would mix installs.
            self._respond_error(rid, errors.CODES["InvalidParams"], "Casa Cloner plugins run one install per worker; "
                                "pool mode is not supported", _invalid("/mode", "must be single for a Casa Cloner plugin"))
            sys.stderr.write("casa: refused pool mode; exiting\n")
            return 1
        code = Session._on_initialize(self, rid, params)
        # Casa hooks run one at a time, in arrival order, as in the desktop app: plugins written for it
        # read-modify-write their storage without locks. Pings and cancellations are still answered.
        self.max_concurrency = 1
        if self._crew is not None:
            self._crew.size = 1
        return code

    def _on_clone(self, rid: Any, params: dict) -> None:
        if not self.plugin.granted(CAPABILITY_OF["events.clone"]):
            self._respond_error(rid, errors.CODES["CapabilityDenied"], "casa.clone needs casa:clone_events "
                                "(the events.clone permission)", {"capability": CAPABILITY_OF["events.clone"]})
            return
        phase, job = params.get("phase"), params.get("job", {})
        if phase not in ("start", "finish") or type(job) is not dict:
            self._respond_error(rid, errors.CODES["InvalidParams"], "casa.clone needs phase start|finish and an object job",
                                _invalid("/phase" if phase not in ("start", "finish") else "/job", "phase is start or finish; job is an object"))
            return
        self._dispatch_request(rid, params, [self.plugin._clone], f"casa.clone {phase}", (phase, job))

    def _on_casa_error(self, rid: Any, params: dict) -> None:
        error = params.get("error")
        if type(error) is not dict:
            self._respond_error(rid, errors.CODES["InvalidParams"], "casa.error needs an error object", _invalid("/error", "must be an object"))
            return
        self._dispatch_request(rid, params, [self.plugin._host_error], "casa.error", (error,))

    def _on_shutdown(self, rid: Any, params: dict) -> None:
        plugin = self.plugin
        if self.shutting_down or plugin.unloaded or not plugin.loaded or "on_unload" not in plugin.hooks:
            return Session._on_shutdown(self, rid, params)
        ctx = self._ctx(self.install)
        deadline = params.get("deadline_ms")
        grace = (deadline / 1000 * 0.4) if isinstance(deadline, (int, float)) and deadline > 0 else 1.0

        def unload_then_stop() -> None:
            # on_unload may call the host (log, storage): the reader keeps reading meanwhile.
            worker = threading.Thread(target=plugin._unload, args=(ctx,), name="casa-unload", daemon=True)
            worker.start()
            worker.join(grace)
            Session._on_shutdown(self, rid, params)

        threading.Thread(target=unload_then_stop, name="casa-shutdown", daemon=True).start()
        return None

    _ROUTES = {**Session._ROUTES, "casa.clone": _on_clone, "casa.error": _on_casa_error, "shutdown": _on_shutdown}


def serve(entry: str) -> None:
    """Load plugin.py next to its manifest.json and serve the host until shutdown; never returns."""
    from mmo_maid_sdk import _stdio
    from mmo_maid_sdk._session import _hard_exit

    manifest = read_manifest(entry)
    module = load_module(entry, manifest)
    plugin = CasaPlugin(module, manifest)
    in_fd, out_fd = _stdio.claim()
    session = CasaSession(plugin, in_fd, out_fd)
    plugin.session = session
    if plugin.mismatch:
        sys.stderr.write(f"casa: hooks in manifest.json and plugin.py differ: {', '.join(plugin.mismatch)}; "
                         "only hooks both declare and define are called\n")
    _hard_exit(session.serve())
