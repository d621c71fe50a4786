"""Casa Cloner's guard rails: a `__builtins__` without the dangerous primitives, and an import filter.

These are **not** the security boundary. Research (manifest-formats.md §3.2) escaped this exact scheme eleven
ways (`import builtins`, `os`, `importlib`, `__subclasses__`, frames, `gc`, private twins such as `_socket`,
and stdlib modules that import `socket` through the real importer). The boundary is the OS sandbox the runner
starts every plugin in (namespaces, no network, seccomp, rlimits; see `test/escape/`). These rules exist so a
Casa plugin behaves as its documentation says — a forbidden import fails with the same ImportError — and as
one more layer in depth.
"""

from __future__ import annotations

import builtins as _builtins

from .rules import BLOCKED_IMPORTS, GATED_IMPORTS, REMOVED_BUILTINS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable


def _names(name: str, fromlist: Iterable[str] | None) -> list[str]:
    """Every dotted prefix of `name`, plus `name.item` for `from name import item`."""
    parts = name.split(".")
    out = [".".join(parts[: i + 1]) for i in range(len(parts))]
    for item in fromlist or ():
        if isinstance(item, str) and item != "*":
            out.append(f"{name}.{item}")
    return out


def import_refusal(name: str, fromlist: Iterable[str] | None, allow_http: bool) -> str | None:
    """Why `import name` (or `from name import …`) is refused, or None when it is allowed."""
    for candidate in _names(name, fromlist):
        if candidate in BLOCKED_IMPORTS:
            return f"import of {candidate!r} is blocked in Casa Cloner plugins"
        if candidate in GATED_IMPORTS and not allow_http:
            return f"import of {candidate!r} needs the http.request permission in manifest.json"
    return None


def guarded_import(allow_http: bool, real_import: Callable[..., Any] = _builtins.__import__) -> Callable[..., Any]:
    def __import__(name: str, globals: Any = None, locals: Any = None, fromlist: Any = (), level: int = 0) -> Any:
        if level == 0 and isinstance(name, str):
            why = import_refusal(name, fromlist, allow_http)
            if why is not None:
                raise ImportError(why, name=name)
        return real_import(name, globals, locals, fromlist, level)
    return __import__


def restricted_builtins(allow_http: bool) -> dict:
    """A fresh builtins dict for the plugin's module: Casa's removed names gone, imports filtered."""
    table = dict(vars(_builtins))
    for name in REMOVED_BUILTINS:
        table.pop(name, None)
    table["__import__"] = guarded_import(allow_http)
    return table
