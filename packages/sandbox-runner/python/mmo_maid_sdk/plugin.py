"""`Plugin`: the registry plugin authors decorate, and `run()`, which serves the host."""

from __future__ import annotations

import os
import sys
TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs ~3 ms to import; annotations are strings anyway
    from typing import Any, Callable

    Handler = Callable[..., Any]


__all__ = ["Plugin", "EVENTS", "LIFECYCLE_HOOKS", "MIN_SCHEDULE_SECONDS"]

# PROTOCOL.md §6
EVENTS = ("message_create", "message_edit", "message_delete", "member_join", "member_leave", "member_update",
          "reaction_add", "reaction_remove", "voice_state_update", "interaction_create", "channel_create",
          "channel_delete", "channel_update", "role_create", "role_delete", "role_update")
LIFECYCLE_HOOKS = ("install", "enable", "ready", "disable", "uninstall")
MIN_SCHEDULE_SECONDS = 30



def _check_callable(fn: Any, what: str) -> None:
    if not callable(fn):
        raise TypeError(f"{what} decorates a function, got {fn!r}")


def _check_name(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what} needs a non-empty string, got {value!r}")
    return value


class Plugin:
    """Register handlers with the decorators, then call `run()` at the bottom of `__main__.py`."""

    def __init__(self, name: str | None = None):
        self.name = name
        self._lifecycle: dict[str, list[Handler]] = {h: [] for h in LIFECYCLE_HOOKS}
        self._events: dict[str, list[Handler]] = {}
        self._slash: dict[str, Handler] = {}
        self._components: dict[str, Handler] = {}
        self._modals: dict[str, Handler] = {}
        self._dashboard: dict[str, Handler] = {}
        self._schedules: dict[str, Task] = {}
        self._crons: dict[str, Task] = {}
        self._running = False

    # ---- lifecycle: `@plugin.on_ready` (bare) or `@plugin.on_ready()`
    def _lifecycle_decorator(self, hook: str, fn: Handler | None) -> Any:
        def register(f: Handler) -> Handler:
            _check_callable(f, f"@plugin.on_{hook}")
            self._lifecycle[hook].append(f)
            return f
        return register if fn is None else register(fn)

    def on_ready(self, fn: Handler | None = None) -> Any:
        """Runs once per worker start, after the handshake: `(ctx)`."""
        return self._lifecycle_decorator("ready", fn)

    def on_install(self, fn: Handler | None = None) -> Any:
        """Runs when the plugin is installed on a server: `(ctx)`."""
        return self._lifecycle_decorator("install", fn)

    def on_enable(self, fn: Handler | None = None) -> Any:
        """Runs every time an admin enables the plugin: `(ctx)`."""
        return self._lifecycle_decorator("enable", fn)

    def on_disable(self, fn: Handler | None = None) -> Any:
        """Runs when an admin disables the plugin: `(ctx)`."""
        return self._lifecycle_decorator("disable", fn)

    def on_uninstall(self, fn: Handler | None = None) -> Any:
        """Runs before the plugin is removed (KV is wiped afterwards): `(ctx)`."""
        return self._lifecycle_decorator("uninstall", fn)

    # ---- keyed handlers
    def on_event(self, name: str) -> Callable[[Handler], Handler]:
        """A raw Discord event, one of `EVENTS`: `(ctx, event: dict)`. Several handlers may share an event."""
        if name not in EVENTS:
            raise ValueError(f"unknown event {name!r}; events are: {', '.join(EVENTS)}")

        def register(fn: Handler) -> Handler:
            _check_callable(fn, f"@plugin.on_event({name!r})")
            self._events.setdefault(name, []).append(fn)
            return fn
        return register

    def _keyed(self, table: dict, key: Any, what: str) -> Callable[[Handler], Handler]:
        key = _check_name(key, what)

        def register(fn: Handler) -> Handler:
            _check_callable(fn, f"{what}({key!r})")
            if key in table:
                raise ValueError(f"{what}({key!r}) is already handled by {table[key].__name__}()")
            table[key] = fn
            return fn
        return register

    def on_slash_command(self, name: str) -> Callable[[Handler], Handler]:
        """A slash command declared in manifest.json: `(ctx, event: dict)`; answer with `ctx.interaction.*`."""
        return self._keyed(self._slash, name, "@plugin.on_slash_command")

    def on_component(self, custom_id: str) -> Callable[[Handler], Handler]:
        """A button click or select choice with this exact `custom_id`: `(ctx, event: dict)`."""
        return self._keyed(self._components, custom_id, "@plugin.on_component")

    def on_modal_submit(self, custom_id: str) -> Callable[[Handler], Handler]:
        """A submitted modal with this `custom_id`: `(ctx, event: dict)`; `event["modal_values"]` holds the fields."""
        return self._keyed(self._modals, custom_id, "@plugin.on_modal_submit")

    def on_dashboard(self, name: str) -> Callable[[Handler], Handler]:
        """A dashboard RPC method (`rpc_method: "dashboard.<name>"`): `(ctx, params: dict)` -> JSON result."""
        if isinstance(name, str) and name.startswith("dashboard."):
            name = name[len("dashboard."):]
        return self._keyed(self._dashboard, name, "@plugin.on_dashboard")

    # ---- background tasks
    @staticmethod
    def _task_name(table: dict, fn: Handler) -> str:
        base = getattr(fn, "__name__", "task")
        name, n = base, 2
        while name in table:
            name, n = f"{base}#{n}", n + 1
        return name

    def schedule(self, seconds: float) -> Callable[[Handler], Handler]:
        """Run `(ctx)` every `seconds` (≥ 30), first after one interval; a tick is skipped while the previous
        run is still going. Single mode only (see README)."""
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds != seconds:
            raise ValueError(f"@plugin.schedule needs a number of seconds, got {seconds!r}")
        if seconds < MIN_SCHEDULE_SECONDS:
            raise ValueError(f"@plugin.schedule({seconds!r}): the minimum interval is {MIN_SCHEDULE_SECONDS} seconds")

        def register(fn: Handler) -> Handler:
            from ._scheduler import Task
            _check_callable(fn, f"@plugin.schedule({seconds!r})")
            name = self._task_name(self._schedules, fn)
            self._schedules[name] = Task("schedule", name, fn, seconds=seconds)
            return fn
        return register

    def cron(self, spec: str) -> Callable[[Handler], Handler]:
        """Run `(ctx)` on a 5-field UTC cron spec; a bad spec raises ValueError here, at registration."""
        from .cron import CronSpec
        parsed = CronSpec(spec)

        def register(fn: Handler) -> Handler:
            from ._scheduler import Task
            _check_callable(fn, f"@plugin.cron({spec!r})")
            name = self._task_name(self._crons, fn)
            self._crons[name] = Task("cron", name, fn, cron=parsed)
            return fn
        return register

    # ---- serving
    def _handlers(self) -> dict:
        return {
            "lifecycle": [h for h in LIFECYCLE_HOOKS if self._lifecycle[h]],
            "events": list(self._events),
            "slash_commands": list(self._slash),
            "components": list(self._components),
            "modals": list(self._modals),
            "dashboard": list(self._dashboard),
            "schedules": [t.describe() for t in self._schedules.values()],
            "crons": [t.describe() for t in self._crons.values()],
        }

    def run(self) -> None:
        """Serve the host over stdin/stdout until it shuts the plugin down or goes away; never returns."""
        from . import _stdio
        from ._session import Session, _hard_exit

        if self._running:
            raise RuntimeError("plugin.run() is already running")
        self._running = True
        in_fd, out_fd = _stdio.claim()
        if not os.environ.get("MAIDKIT_PROTOCOL") and os.isatty(in_fd):
            sys.stderr.write("mmo_maid_sdk: this is a maidkit plugin; it waits for a host on stdin. "
                             "Try `maidkit run <plugin dir>` or `maidkit dev <plugin dir>`.\n")
        code = Session(self, in_fd, out_fd).serve()
        _hard_exit(code)
