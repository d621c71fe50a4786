"""`Context`: what a handler receives, and the host APIs it reaches through it.

Each namespace method is one PROTOCOL.md §5 request carrying the install's `install_id`; it blocks
the calling handler thread until the host answers and raises an `errors.RpcError` subclass when the
host refuses (`CapabilityDenied`, `RpcTimeout`, ...). The plugin never talks to Discord directly.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs ~3 ms to import; annotations are strings anyway
    from typing import Any, Iterable, Mapping

from .components import to_component_json, to_rows

__all__ = ["Context", "HttpResponse"]

_UNSET: Any = object()


class _Namespace:
    __slots__ = ("_session", "_install_id")

    def __init__(self, session: Any, install_id: str):
        self._session = session
        self._install_id = install_id

    def _call(self, method: str, params: dict, timeout: float | None = None) -> Any:
        params["install_id"] = self._install_id
        return self._session.call(method, params, timeout)


def _message_fields(params: dict, content: Any, components: Any, embeds: Any) -> dict:
    if content is not None:
        params["content"] = str(content)
    if components is not None:
        params["components"] = to_rows(components)
    if embeds is not None:
        params["embeds"] = [to_component_json(e) for e in embeds] if isinstance(embeds, (list, tuple)) else [to_component_json(embeds)]
    return params


def _opt(target: dict, /, **fields: Any) -> dict:
    for k, v in fields.items():
        if v is not None:
            target[k] = v
    return target


class Discord(_Namespace):
    """`ctx.discord`: Discord actions, each gated by a `discord:*` capability on the host."""

    __slots__ = ()

    def send_message(self, channel_id: str, content: str | None = None, components: Any = None,
                     embeds: Any = None) -> dict:
        return self._call("discord.send_message", _message_fields({"channel_id": str(channel_id)}, content, components, embeds))

    def edit_message(self, channel_id: str, message_id: str, content: str | None = None, components: Any = None,
                     embeds: Any = None) -> dict:
        return self._call("discord.edit_message", _message_fields(
            {"channel_id": str(channel_id), "message_id": str(message_id)}, content, components, embeds))

    def delete_message(self, channel_id: str, message_id: str) -> dict:
        return self._call("discord.delete_message", {"channel_id": str(channel_id), "message_id": str(message_id)})

    def add_reaction(self, channel_id: str, message_id: str, emoji: str) -> dict:
        return self._call("discord.add_reaction", {"channel_id": str(channel_id), "message_id": str(message_id), "emoji": emoji})

    def remove_reaction(self, channel_id: str, message_id: str, emoji: str, user_id: str | None = None) -> dict:
        return self._call("discord.remove_reaction", _opt(
            {"channel_id": str(channel_id), "message_id": str(message_id), "emoji": emoji},
            user_id=None if user_id is None else str(user_id)))

    def add_role(self, user_id: str, role_id: str, reason: str | None = None) -> dict:
        return self._call("discord.add_role", _opt({"user_id": str(user_id), "role_id": str(role_id)}, reason=reason))

    def remove_role(self, user_id: str, role_id: str, reason: str | None = None) -> dict:
        return self._call("discord.remove_role", _opt({"user_id": str(user_id), "role_id": str(role_id)}, reason=reason))

    def send_dm(self, user_id: str, content: str | None = None, components: Any = None, embeds: Any = None) -> dict:
        return self._call("discord.send_dm", _message_fields({"user_id": str(user_id)}, content, components, embeds))

    def timeout_member(self, user_id: str, seconds: int, reason: str | None = None) -> dict:
        return self._call("discord.timeout_member", _opt({"user_id": str(user_id), "seconds": seconds}, reason=reason))

    def kick_member(self, user_id: str, reason: str | None = None) -> dict:
        return self._call("discord.kick_member", _opt({"user_id": str(user_id)}, reason=reason))

    def ban_member(self, user_id: str, reason: str | None = None, delete_message_seconds: int | None = None) -> dict:
        return self._call("discord.ban_member", _opt({"user_id": str(user_id)}, reason=reason,
                                                     delete_message_seconds=delete_message_seconds))

    def get_member(self, user_id: str) -> dict:
        return self._call("discord.get_member", {"user_id": str(user_id)})

    def get_channel(self, channel_id: str) -> dict:
        return self._call("discord.get_channel", {"channel_id": str(channel_id)})


class KV(_Namespace):
    """`ctx.kv`: durable per-install key/value storage; values are any JSON."""

    __slots__ = ()

    def get(self, key: str, default: Any = None) -> Any:
        value = self._call("kv.get", {"key": key})["value"]
        return default if value is None else value

    def set(self, key: str, value: Any) -> None:
        self._call("kv.set", {"key": key, "value": value})

    def delete(self, key: str) -> bool:
        return bool(self._call("kv.delete", {"key": key}).get("deleted"))

    def list(self, prefix: str = "", limit: int | None = None) -> list[str]:
        """Every key starting with `prefix` in ascending order (following the host's cursor), at most `limit`."""
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
            raise ValueError(f"kv.list limit must be a positive integer, got {limit!r}")
        keys: list[str] = []
        cursor = None
        while True:
            params = _opt({"prefix": prefix}, cursor=cursor,
                          limit=None if limit is None else min(limit - len(keys), 1000))  # the host's page cap
            page = self._call("kv.list", params)
            keys.extend(page.get("keys") or [])
            cursor = page.get("cursor")
            if not cursor or (limit is not None and len(keys) >= limit):
                return keys if limit is None else keys[:limit]

    def count(self, prefix: str = "") -> int:
        return int(self._call("kv.count", {"prefix": prefix})["count"])

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        return self._call("kv.get_many", {"keys": list(keys)})["values"]

    def set_many(self, values: Mapping[str, Any]) -> None:
        self._call("kv.set_many", {"values": dict(values)})

    getMany = get_many  # the names the seed's JS bridge uses
    setMany = set_many


class Ephemeral(_Namespace):
    """`ctx.ephemeral`: in-memory state on the host, gone when the host restarts."""

    __slots__ = ()

    def counter(self, key: str, by: int = 1) -> int:
        return self._call("ephemeral.counter", {"key": key, "by": by})["value"]

    def get(self, key: str, default: Any = None) -> Any:
        value = self._call("ephemeral.get", {"key": key})["value"]
        return default if value is None else value

    def set(self, key: str, value: Any, ttl_seconds: float | None = None) -> None:
        self._call("ephemeral.set", _opt({"key": key, "value": value}, ttl_seconds=ttl_seconds))

    def delete(self, key: str) -> bool:
        return bool(self._call("ephemeral.delete", {"key": key}).get("deleted"))


class Metrics(_Namespace):
    """`ctx.metrics`: record counters/gauges; query them for dashboards."""

    __slots__ = ()

    def record(self, name: str, value: float = 1, kind: str | None = None) -> None:
        if kind is not None and kind not in ("counter", "gauge"):
            raise ValueError(f"metric kind {kind!r} is not one of: counter, gauge")
        self._call("metrics.record", _opt({"name": name, "value": value}, kind=kind))

    def increment(self, name: str, by: float = 1) -> None:
        self.record(name, by, "counter")

    def gauge(self, name: str, value: float) -> None:
        self.record(name, value, "gauge")

    def query(self, name: str, period: str = "24h") -> dict:
        return self._call("metrics.query", {"name": name, "period": period})

    def total(self, name: str, period: str = "30d") -> float:
        return self._call("metrics.total", {"name": name, "period": period})["total"]


class SQL(_Namespace):
    """`ctx.sql` (capability `storage:sql`): a per-install SQLite database on the host."""

    __slots__ = ()

    def query(self, sql: str, params: Any = None) -> dict:
        """`{"columns": [...], "rows": [{column: value}, ...]}`; `params` a list (`?`) or a dict (`:name`)."""
        return self._call("sql.query", _opt({"sql": sql}, params=None if params is None else list(params)
                                            if isinstance(params, (list, tuple)) else params))

    def execute(self, sql: str, params: Any = None) -> dict:
        """`{"changes": n, "last_insert_rowid": id}`."""
        return self._call("sql.execute", _opt({"sql": sql}, params=None if params is None else list(params)
                                              if isinstance(params, (list, tuple)) else params))


class HttpResponse:
    """What `ctx.http.*` returns: `status`, `headers` (lower-case names), `content` (bytes), `text`, `json()`."""

    __slots__ = ("status", "headers", "content", "url")

    def __init__(self, status: int, headers: dict, content: bytes, url: str = ""):
        self.status = status
        self.headers = {str(k).lower(): v for k, v in (headers or {}).items()}
        self.content = content
        self.url = url

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        import json
        return json.loads(self.content)

    def raise_for_status(self) -> "HttpResponse":
        if self.status >= 400:
            raise OSError(f"HTTP {self.status} for {self.url}")
        return self

    def __repr__(self) -> str:
        return f"<HttpResponse {self.status} {self.url}>"


class Http(_Namespace):
    """`ctx.http` (capability `proxy:http`): requests go through the host's proxy, limited to the
    manifest's `proxy_domains_requested`."""

    __slots__ = ()

    def request(self, method: str, url: str, headers: Mapping[str, str] | None = None, body: Any = None,
                json: Any = _UNSET, data: Any = None, timeout: float | None = None) -> HttpResponse:
        params: dict[str, Any] = {"method": method.upper(), "url": url}
        hdrs = dict(headers or {})
        if json is not _UNSET:
            import json as _json
            body = _json.dumps(json)
            if not any(k.lower() == "content-type" for k in hdrs):
                hdrs["content-type"] = "application/json"
        elif data is not None:
            body = data
        if body is not None:
            if isinstance(body, (bytes, bytearray)):
                try:
                    params["body"] = bytes(body).decode("utf-8")
                except UnicodeDecodeError:
                    import base64
                    params["body_base64"] = base64.b64encode(body).decode("ascii")
            else:
                params["body"] = str(body)
        if hdrs:
            params["headers"] = hdrs
        if timeout is not None:
            params["timeout_ms"] = int(timeout * 1000)
        # the host's deadline for the proxied request plus a margin for the round trip
        wait = None if timeout is None else timeout + 5
        result = self._call("http.request", params, wait)
        if result.get("body_base64") is not None:
            import base64
            content = base64.b64decode(result["body_base64"])
        else:
            content = (result.get("body") or "").encode("utf-8")
        return HttpResponse(int(result.get("status", 0)), result.get("headers") or {}, content, url)

    def get(self, url: str, headers: Mapping[str, str] | None = None, timeout: float | None = None) -> HttpResponse:
        return self.request("GET", url, headers=headers, timeout=timeout)

    def post(self, url: str, body: Any = None, headers: Mapping[str, str] | None = None, json: Any = _UNSET,
             data: Any = None, timeout: float | None = None) -> HttpResponse:
        return self.request("POST", url, headers=headers, body=body, json=json, data=data, timeout=timeout)

    def put(self, url: str, body: Any = None, headers: Mapping[str, str] | None = None, json: Any = _UNSET,
            timeout: float | None = None) -> HttpResponse:
        return self.request("PUT", url, headers=headers, body=body, json=json, timeout=timeout)

    def delete(self, url: str, headers: Mapping[str, str] | None = None, timeout: float | None = None) -> HttpResponse:
        return self.request("DELETE", url, headers=headers, timeout=timeout)


class Interaction(_Namespace):
    """`ctx.interaction`: answer the slash command / click / modal submit being handled."""

    __slots__ = ("interaction_id", "data")

    def __init__(self, session: Any, install_id: str, data: dict | None):
        super().__init__(session, install_id)
        self.data = data
        self.interaction_id = data.get("interaction_id") if isinstance(data, dict) else None

    def _iid(self) -> dict:
        if not self.interaction_id:
            raise RuntimeError("ctx.interaction is only usable in a slash command, component, modal submit "
                               "or interaction_create handler")
        return {"interaction_id": self.interaction_id}

    def respond(self, content: str | None = None, components: Any = None, ephemeral: bool = False,
                embeds: Any = None) -> dict:
        params = _message_fields(self._iid(), content, components, embeds)
        if ephemeral:
            params["ephemeral"] = True
        return self._call("interaction.respond", params)

    def defer(self, ephemeral: bool = False) -> dict:
        params = self._iid()
        if ephemeral:
            params["ephemeral"] = True
        return self._call("interaction.defer", params)

    def send_modal(self, title: str, custom_id: str, fields: Iterable[Any] = ()) -> dict:
        from .components import Modal
        params = self._iid()
        params.update(Modal(title, custom_id, fields).to_dict())
        return self._call("interaction.send_modal", params)

    def followup(self, content: str | None = None, components: Any = None, ephemeral: bool = False,
                 embeds: Any = None) -> dict:
        params = _message_fields(self._iid(), content, components, embeds)
        if ephemeral:
            params["ephemeral"] = True
        return self._call("interaction.followup", params)

    def edit_original(self, content: str | None = None, components: Any = None, embeds: Any = None) -> dict:
        return self._call("interaction.edit_original", _message_fields(self._iid(), content, components, embeds))


_LEVELS = {"debug": "debug", "info": "info", "warning": "warning", "warn": "warning", "error": "error",
           "DEBUG": "debug", "INFO": "info", "WARNING": "warning", "WARN": "warning", "ERROR": "error"}


class Context:
    """Handed to every handler: `server_id`, `install_id`, `log()`, and the host APIs."""

    __slots__ = ("server_id", "install_id", "discord", "kv", "ephemeral", "metrics", "sql", "http", "interaction",
                 "_session", "_cancel")

    def __init__(self, session: Any, install_id: str, server_id: str):
        self._session = session
        self.install_id = install_id
        self.server_id = server_id
        self.discord = Discord(session, install_id)
        self.kv = KV(session, install_id)
        self.ephemeral = Ephemeral(session, install_id)
        self.metrics = Metrics(session, install_id)
        self.sql = SQL(session, install_id)
        self.http = Http(session, install_id)
        self.interaction = Interaction(session, install_id, None)
        self._cancel: Any = None

    @property
    def cancelled(self) -> bool:
        """True once the host cancelled the request being handled ($/cancelRequest or its deadline).
        Python cannot interrupt a thread: a long handler may check this and stop early."""
        return self._cancel is not None and self._cancel.is_set()

    def wait_cancelled(self, timeout: float) -> bool:
        """Sleep up to `timeout` seconds, waking early (and returning True) if the request is cancelled."""
        if self._cancel is None:
            import time
            time.sleep(timeout)
            return False
        return self._cancel.wait(timeout)

    def _copy(self) -> "Context":
        other = Context.__new__(Context)
        for name in Context.__slots__:
            setattr(other, name, getattr(self, name))
        return other

    def with_cancel(self, token: Any) -> "Context":
        """A copy tied to one host request's cancellation token."""
        other = self._copy()
        other._cancel = token
        return other

    def with_interaction(self, data: dict) -> "Context":
        """A copy whose `interaction` answers `data` (one per dispatch; the namespaces are shared)."""
        other = self._copy()
        other.interaction = Interaction(self._session, self.install_id, data)
        return other

    def log(self, message: Any, level: str = "info") -> None:
        """Send a line to the plugin's log on the host (levels: debug, info, warning, error)."""
        lvl = _LEVELS.get(level) if isinstance(level, str) else None
        if lvl is None:
            raise ValueError(f"log level {level!r} is not one of: debug, info, warning, error")
        self._session.log(str(message), lvl, install_id=self.install_id)

    def __repr__(self) -> str:
        return f"<Context install={self.install_id} server={self.server_id}>"
