"""mmo_maid_sdk — write maidkit (MMO Maid) plugins in Python.

    from mmo_maid_sdk import Plugin, Context
    plugin = Plugin()

    @plugin.on_event("message_create")
    def on_message(ctx: Context, event: dict):
        ...

    plugin.run()

When the host launched this process (`MAIDKIT_PROTOCOL` is set), importing the package first moves the
protocol stream off fds 0/1, so nothing the plugin prints can corrupt it (see `_stdio`).
"""

import os as _os

if _os.environ.get("MAIDKIT_PROTOCOL"):
    from . import _stdio

    _stdio.claim()
    # The host asks for SCHED_BATCH so that a worker waking up never preempts the host's event loop. Set
    # before any thread starts: threads inherit it.
    if _os.environ.get("MAIDKIT_SCHED") == "batch" and hasattr(_os, "sched_setscheduler"):
        try:
            _os.sched_setscheduler(0, _os.SCHED_BATCH, _os.sched_param(0))
        except OSError:
            pass

from .components import ActionRow, Button, Modal, SelectMenu, SelectOption, TextInput  # noqa: E402
from .context import Context, HttpResponse  # noqa: E402
from .errors import (  # noqa: E402
    Cancelled,
    CapabilityDenied,
    HandlerError,
    InvalidParams,
    MethodNotFound,
    NotFound,
    PayloadTooLarge,
    ProtocolError,
    RateLimited,
    RpcError,
    RpcTimeout,
    UnsupportedProtocolVersion,
)
from .plugin import EVENTS, Plugin  # noqa: E402

__version__ = "0.5.1"

__all__ = [
    "Plugin", "Context", "HttpResponse", "EVENTS",
    "Button", "SelectMenu", "SelectOption", "ActionRow", "TextInput", "Modal",
    "RpcError", "CapabilityDenied", "RpcTimeout", "NotFound", "InvalidParams", "MethodNotFound",
    "HandlerError", "PayloadTooLarge", "RateLimited", "Cancelled", "ProtocolError", "UnsupportedProtocolVersion",
]
