"""The `api` object every Casa hook receives (seed 003 §04), and the records passed beside it.

`api` reaches the host only through a *link* (`log(level, message)`, `call(method, params)`): in a worker that
is the protocol session of `mmo_maid_sdk`, in unit tests a stand-in. Storage is the host's per-install KV
(`kv.get`/`kv.set`); the Discord token is a host call (`casa.get_discord_token`) the host refuses unless its
author enabled a token provider. A permission the manifest does not declare fails at the call, as the seed says.
"""

from __future__ import annotations

from types import MappingProxyType

from .rules import CAPABILITY_OF, LOG_LIMIT

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable

__all__ = ["Api", "Record", "Message", "CasaError", "freeze"]

_MISSING: Any = object()


def freeze(value: Any) -> Any:
    """A read-only deep copy of JSON data: dicts become mapping proxies, lists tuples."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    return value


class Api:
    """`api.slug`, `api.manifest`, `api.permissions` (read-only), `log`, `has_permission`, `storage_get`,
    `storage_set`, `get_discord_token`."""

    __slots__ = ("_slug", "_manifest", "_permissions", "_granted", "_link")

    def __init__(self, manifest: dict, granted: Iterable[str], link: Any):
        set_ = object.__setattr__
        set_(self, "_manifest", freeze(manifest))
        set_(self, "_slug", str(manifest.get("id", "")))
        perms = manifest.get("permissions") or ()
        set_(self, "_permissions", tuple(p for p in perms if isinstance(p, str)))
        set_(self, "_granted", frozenset(granted))
        set_(self, "_link", link)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"api.{name} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"api.{name} is read-only")

    def __repr__(self) -> str:
        return f"<casa api for {self._slug!r}>"

    @property
    def slug(self) -> str:
        return self._slug

    @property
    def manifest(self) -> Any:
        return self._manifest

    @property
    def permissions(self) -> tuple:
        return self._permissions

    def has_permission(self, name: str) -> bool:
        """Declared in manifest.json, and (for the ones the host backs) granted by the host."""
        if name not in self._permissions:
            return False
        capability = CAPABILITY_OF.get(name)
        return capability is None or capability in self._granted

    def _require(self, permission: str, what: str) -> None:
        if permission not in self._permissions:
            raise PermissionError(f"{what} needs the {permission} permission, which manifest.json does not declare")
        capability = CAPABILITY_OF.get(permission)
        if capability is not None and capability not in self._granted:
            raise PermissionError(f"{what} needs the {permission} permission; the host did not grant {capability}")

    def log(self, message: Any) -> None:
        text = message if isinstance(message, str) else str(message)
        self._link.log("info", text[:LOG_LIMIT])

    def storage_get(self, key: str, default: Any = None) -> Any:
        self._require("storage.local", "api.storage_get")
        value = self._link.call("kv.get", {"key": _key(key)})["value"]
        return default if value is None else value

    def storage_set(self, key: str, value: Any) -> None:
        self._require("storage.local", "api.storage_set")
        self._link.call("kv.set", {"key": _key(key), "value": value})

    def get_discord_token(self) -> str:
        self._require("discord.token", "api.get_discord_token")
        return str(self._link.call("casa.get_discord_token", {})["token"])


def _key(key: Any) -> str:
    if not isinstance(key, str) or not key:
        raise ValueError(f"storage keys are non-empty strings, got {key!r}")
    return key


class Record:
    """Read-only attribute access over a JSON object (`message.content`); nested objects are Records too."""

    __slots__ = ("_data",)

    def __init__(self, data: dict):
        object.__setattr__(self, "_data", dict(data))

    def __getattr__(self, name: str) -> Any:
        try:
            value = self._data[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__.lower()} has no field {name!r}") from None
        return Record(value) if isinstance(value, dict) else value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{name} is read-only")

    def get(self, name: str, default: Any = None) -> Any:
        return self._data.get(name, default)

    def to_dict(self) -> dict:
        return dict(self._data)

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, Record) and other._data == self._data

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data!r})"


class Message(Record):
    """A `message_create` payload (PROTOCOL.md §6) as Casa's `message`: every payload field, plus `id`,
    `author` (`.id`, `.bot`) and `server_id`."""

    __slots__ = ()

    def __init__(self, payload: dict, server_id: str | None = None):
        data = dict(payload)
        data.setdefault("id", payload.get("message_id"))
        data.setdefault("author", {"id": payload.get("author_id"), "bot": bool(payload.get("author_bot", False))})
        if server_id is not None:
            data.setdefault("server_id", server_id)
        super().__init__(data)


class CasaError(Exception):
    """What `on_error(api, error)` receives: `source` ("hook" for a hook that raised, "host" for a host
    notification), `hook`, `type`, `message`, `code`, `traceback`."""

    def __init__(self, source: str, message: str, *, hook: str | None = None, type: str | None = None,
                 code: str | None = None, traceback: str | None = None):
        super().__init__(message)
        self.source = source
        self.message = message
        self.hook = hook
        self.type = type
        self.code = code
        self.traceback = traceback

    def __repr__(self) -> str:
        return f"CasaError(source={self.source!r}, hook={self.hook!r}, type={self.type!r}, message={self.message!r})"
