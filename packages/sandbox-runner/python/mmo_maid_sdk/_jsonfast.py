"""JSON for the wire without importing the `json` package.

`import json` pulls in `re` and `enum` (about half of this SDK's import time under `-I -S`). The C
accelerator `_json` that `json` itself uses is importable on its own, so the hot path builds its scanner
and encoder directly. Anything unusual (an error message, a non-CPython interpreter) falls back to `json`.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _fallback():
    import json
    return json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode, json.loads


try:
    import _json

    class _ScanContext:
        # the attributes json.JSONDecoder gives the C scanner (strict mode, plain dicts)
        strict = True
        object_hook = None
        object_pairs_hook = None
        parse_float = float
        parse_int = int
        parse_constant = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}.__getitem__
        memo: dict = {}

    _scan = _json.make_scanner(_ScanContext())

    def _default(o: Any) -> Any:
        raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")

    _make_encoder = _json.make_encoder
    _encode_str = _json.encode_basestring

    def dumps(obj: Any) -> str:
        """Compact JSON (`separators=(",", ":")`, UTF-8 text), like json.dumps. A fresh encoder per call:
        its circular-reference markers must not be shared between threads."""
        if isinstance(obj, str):
            return _encode_str(obj)
        return "".join(_make_encoder({}, _default, _encode_str, None, ":", ",", False, False, True)(obj, 0))

    def loads(body: bytes) -> Any:
        """json.loads for a UTF-8 frame body; errors are json's own (ValueError subclasses)."""
        try:
            text = body.decode("utf-8")
            value, end = _scan(text, 0)
            if end == len(text):
                return value
        except (StopIteration, ValueError, SystemError):
            # SystemError: the C scanner reports syntax errors through json.decoder.JSONDecodeError and fails
            # oddly while `json` is not imported yet; json.loads below imports it and gives the real error
            pass
        import json
        return json.loads(body)

except (ImportError, AttributeError, TypeError):  # pragma: no cover - interpreters without the accelerator
    dumps, _json_loads = _fallback()

    def loads(body: bytes) -> Any:
        return _json_loads(body)
