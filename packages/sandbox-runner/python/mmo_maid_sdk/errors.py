"""Exceptions a plugin can catch.

Every error the host answers with arrives as an `RpcError` subclass picked by its JSON-RPC code
(PROTOCOL.md §8), so `except CapabilityDenied:` works without looking at numbers.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs ~3 ms to import; annotations are strings anyway
    from typing import Any

# PROTOCOL.md §8, in one table: name -> code.
CODES = {
    "ParseError": -32700,
    "InvalidRequest": -32600,
    "MethodNotFound": -32601,
    "InvalidParams": -32602,
    "InternalError": -32603,
    "HandlerError": -32000,
    "CapabilityDenied": -32001,
    "Timeout": -32002,
    "NotFound": -32003,
    "PayloadTooLarge": -32004,
    "RateLimited": -32005,
    "Cancelled": -32006,
    "UnsupportedProtocolVersion": -32010,
}


class RpcError(Exception):
    """A JSON-RPC error answered by the host (or raised locally for a call that cannot be made)."""

    code: int = CODES["InternalError"]

    def __init__(self, message: str, code: int | None = None, data: Any = None, method: str | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        self.data = data
        self.method = method

    def __str__(self) -> str:
        where = f" ({self.method})" if self.method else ""
        return f"[{self.code}] {self.message}{where}"


class ProtocolError(RpcError):
    """The stream broke the framing rules or the connection is gone."""


class InvalidParams(RpcError):
    code = CODES["InvalidParams"]


class MethodNotFound(RpcError):
    code = CODES["MethodNotFound"]


class HandlerError(RpcError):
    code = CODES["HandlerError"]


class CapabilityDenied(RpcError, PermissionError):
    """The install does not hold the capability the call needs; `.capability` names it."""

    code = CODES["CapabilityDenied"]

    @property
    def capability(self) -> str | None:
        return self.data.get("capability") if isinstance(self.data, dict) else None


class RpcTimeout(RpcError, TimeoutError):
    """The call ran past its deadline (also an `except TimeoutError:`)."""

    code = CODES["Timeout"]


class NotFound(RpcError, LookupError):
    code = CODES["NotFound"]


class PayloadTooLarge(RpcError, ValueError):
    code = CODES["PayloadTooLarge"]


class RateLimited(RpcError):
    code = CODES["RateLimited"]

    @property
    def retry_after_ms(self) -> int | None:
        return self.data.get("retry_after_ms") if isinstance(self.data, dict) else None


class Cancelled(RpcError):
    code = CODES["Cancelled"]


class UnsupportedProtocolVersion(RpcError):
    code = CODES["UnsupportedProtocolVersion"]


_BY_CODE: dict[int, type[RpcError]] = {
    cls.code: cls
    for cls in (InvalidParams, MethodNotFound, HandlerError, CapabilityDenied, RpcTimeout, NotFound,
                PayloadTooLarge, RateLimited, Cancelled, UnsupportedProtocolVersion)
}


def error_from_wire(error: Any, method: str | None = None) -> RpcError:
    """Turn a JSON-RPC `error` object into the matching exception."""
    if not isinstance(error, dict):
        return RpcError(f"malformed error object: {error!r}", CODES["InternalError"], method=method)
    code = error.get("code")
    message = error.get("message") if isinstance(error.get("message"), str) else "error"
    cls = _BY_CODE.get(code, RpcError) if isinstance(code, int) else RpcError
    return cls(message, code if isinstance(code, int) else None, error.get("data"), method)
