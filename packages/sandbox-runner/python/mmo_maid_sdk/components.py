"""Discord message components from the seed's string-style values (seed 001).

Each class keeps what it was given and `to_dict()` returns Discord API JSON. Rules for the JSON:
`None` arguments are left out, booleans are written only when they differ from Discord's default
(`disabled`/`default` only when true, `required` only when false), and string styles map to numbers
through the one table below. A wrong value raises `ValueError` naming the valid set. Discord's length
and count limits are checked by the host before anything is sent (PROTOCOL.md §5).
`tests/component_cases.json` is shared with the TypeScript components package.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs ~3 ms to import; annotations are strings anyway
    from typing import Any, Iterable

__all__ = ["Button", "SelectOption", "SelectMenu", "ActionRow", "TextInput", "Modal", "STYLES", "to_component_json"]

# The one table from string styles to Discord numbers.
STYLES: dict[str, dict[str, int]] = {
    "button": {"primary": 1, "secondary": 2, "success": 3, "danger": 4, "link": 5},
    "text_input": {"short": 1, "paragraph": 2},
}

_EMOJI_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_~")


def _custom_emoji(text: str) -> dict | None:
    """`<:name:id>` or `<a:name:id>` (Discord's message syntax) -> emoji JSON; None for anything else."""
    if not (text.startswith("<") and text.endswith(">")):
        return None
    parts = text[1:-1].split(":")
    if len(parts) != 3 or parts[0] not in ("", "a"):
        return None
    name, eid = parts[1], parts[2]
    if not (1 <= len(name) <= 32 and set(name) <= _EMOJI_NAME_CHARS):
        return None
    if not (1 <= len(eid) <= 20 and eid.isascii() and eid.isdigit()):
        return None
    out: dict[str, Any] = {"name": name, "id": eid}
    if parts[0] == "a":
        out["animated"] = True
    return out


def _style(kind: str, owner: str, value: Any) -> int:
    table = STYLES[kind]
    if isinstance(value, str) and value in table:
        return table[value]
    raise ValueError(f"{owner} style {value!r} is not one of: {', '.join(table)}")


def _emoji(value: Any, owner: str) -> dict | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, str) and value:
        return _custom_emoji(value) or {"name": value}
    raise ValueError(f"{owner} emoji must be a unicode emoji, '<:name:id>' or a dict, got {value!r}")


def _text(value: Any, owner: str, field: str, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise ValueError(f"{owner} needs {field}")
        return None
    if not isinstance(value, str):
        raise ValueError(f"{owner} {field} must be a string, got {type(value).__name__}")
    return value


def _count(value: Any, owner: str, field: str, low: int, high: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{owner} {field} must be an integer {low}-{high}, got {value!r}")
    return value


def _put(out: dict, **fields: Any) -> dict:
    for k, v in fields.items():
        if v is not None:
            out[k] = v
    return out


def to_component_json(value: Any) -> dict:
    """A component object or a plain Discord JSON dict -> Discord JSON."""
    if isinstance(value, dict):
        return value
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    raise TypeError(f"not a component: {value!r} (use Button, SelectMenu, ActionRow, TextInput or a dict)")


class _Component:
    __slots__ = ()

    def to_dict(self) -> dict:  # pragma: no cover - overridden
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.to_dict() == self.to_dict()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.to_dict()!r})"


class Button(_Component):
    """`Button(label, custom_id=..., style="primary"|"secondary"|"success"|"danger"|"link", emoji=, url=, disabled=)`.

    Link buttons take `url` and no `custom_id`; the others take `custom_id` and no `url`. Without a
    `style`, a button with a `url` is a link button and any other is primary.
    """

    __slots__ = ("_json",)

    def __init__(self, label: str | None = None, custom_id: str | None = None, style: str | None = None,
                 emoji: Any = None, url: str | None = None, disabled: bool = False):
        if style is None:
            style = "link" if url is not None else "primary"
        number = _style("button", "Button", style)
        label = _text(label, "Button", "label")
        custom_id = _text(custom_id, "Button", "custom_id")
        url = _text(url, "Button", "url")
        if number == 5:
            if url is None:
                raise ValueError("Button with style 'link' needs url")
            if custom_id is not None:
                raise ValueError("Button with style 'link' takes url, not custom_id")
        else:
            if custom_id is None:
                raise ValueError(f"Button with style {style!r} needs custom_id")
            if url is not None:
                raise ValueError(f"Button with style {style!r} takes custom_id, not url (use style='link')")
        emoji_json = _emoji(emoji, "Button")
        if label is None and emoji_json is None:
            raise ValueError("Button needs a label or an emoji")
        self._json = _put({"type": 2, "style": number}, label=label, custom_id=custom_id, url=url,
                          emoji=emoji_json, disabled=True if disabled else None)

    def to_dict(self) -> dict:
        return dict(self._json)


class SelectOption(_Component):
    """`SelectOption(label, value, description=None, emoji=None, default=False)`."""

    __slots__ = ("_json",)

    def __init__(self, label: str, value: str, description: str | None = None, emoji: Any = None,
                 default: bool = False):
        self._json = _put({"label": _text(label, "SelectOption", "label", True),
                           "value": _text(value, "SelectOption", "value", True)},
                          description=_text(description, "SelectOption", "description"),
                          emoji=_emoji(emoji, "SelectOption"), default=True if default else None)

    def to_dict(self) -> dict:
        return dict(self._json)


def _option_json(value: Any) -> dict:
    if isinstance(value, SelectOption):
        return value.to_dict()
    if isinstance(value, dict):
        return SelectOption(**value).to_dict()
    raise ValueError(f"SelectMenu options must be SelectOption objects, got {value!r}")


class SelectMenu(_Component):
    """`SelectMenu(custom_id, options=[SelectOption...], placeholder=None, min_values=None, max_values=None, disabled=False)`."""

    __slots__ = ("_json", "_options")

    def __init__(self, custom_id: str, options: Iterable[Any] = (), placeholder: str | None = None,
                 min_values: int | None = None, max_values: int | None = None, disabled: bool = False):
        opts = [_option_json(o) for o in options]
        if not opts:
            raise ValueError("SelectMenu needs at least one option")
        low = _count(min_values, "SelectMenu", "min_values", 0, 25)
        high = _count(max_values, "SelectMenu", "max_values", 1, 25)
        if low is not None and high is not None and low > high:
            raise ValueError(f"SelectMenu min_values ({low}) is greater than max_values ({high})")
        if high is not None and high > len(opts):
            raise ValueError(f"SelectMenu max_values ({high}) is more than its {len(opts)} options")
        self._json = _put({"type": 3, "custom_id": _text(custom_id, "SelectMenu", "custom_id", True), "options": opts},
                          placeholder=_text(placeholder, "SelectMenu", "placeholder"), min_values=low,
                          max_values=high, disabled=True if disabled else None)

    def to_dict(self) -> dict:
        out = dict(self._json)
        out["options"] = [dict(o) for o in out["options"]]
        return out


class TextInput(_Component):
    """`TextInput(label, custom_id, style="short"|"paragraph", placeholder=, required=True, min_length=, max_length=, value=)`."""

    __slots__ = ("_json",)

    def __init__(self, label: str, custom_id: str, style: str = "short", placeholder: str | None = None,
                 required: bool = True, min_length: int | None = None, max_length: int | None = None,
                 value: str | None = None):
        number = _style("text_input", "TextInput", style)
        low = _count(min_length, "TextInput", "min_length", 0, 4000)
        high = _count(max_length, "TextInput", "max_length", 1, 4000)
        if low is not None and high is not None and low > high:
            raise ValueError(f"TextInput min_length ({low}) is greater than max_length ({high})")
        self._json = _put({"type": 4, "custom_id": _text(custom_id, "TextInput", "custom_id", True), "style": number,
                           "label": _text(label, "TextInput", "label", True)},
                          placeholder=_text(placeholder, "TextInput", "placeholder"),
                          required=None if required else False, min_length=low, max_length=high,
                          value=_text(value, "TextInput", "value"))

    def to_dict(self) -> dict:
        return dict(self._json)


class ActionRow(_Component):
    """`ActionRow(*components)`: 1–5 buttons, or exactly one select menu, or one text input (in a modal)."""

    __slots__ = ("_items",)

    def __init__(self, *components: Any):
        if len(components) == 1 and isinstance(components[0], (list, tuple)):
            components = tuple(components[0])
        items = [to_component_json(c) for c in components]
        if not items:
            raise ValueError("ActionRow needs at least one component")
        kinds = [c.get("type") for c in items]
        if any(k == 1 for k in kinds):
            raise ValueError("ActionRow cannot contain another ActionRow")
        if all(k == 2 for k in kinds):
            if len(items) > 5:
                raise ValueError(f"ActionRow holds at most 5 buttons, got {len(items)}")
        elif len(items) != 1:
            raise ValueError("ActionRow holds 1–5 buttons, or exactly one select menu or text input")
        self._items = items

    def to_dict(self) -> dict:
        return {"type": 1, "components": [dict(c) for c in self._items]}


class Modal(_Component):
    """`Modal(title, custom_id, fields=[TextInput...])`; each field gets its own action row."""

    __slots__ = ("_json",)

    def __init__(self, title: str, custom_id: str, fields: Iterable[Any] = ()):
        rows = [to_rows([f])[0] for f in fields]
        if not rows:
            raise ValueError("Modal needs at least one field")
        self._json = {"title": _text(title, "Modal", "title", True),
                      "custom_id": _text(custom_id, "Modal", "custom_id", True), "components": rows}

    def to_dict(self) -> dict:
        return dict(self._json)


def to_rows(components: Any) -> list[dict] | None:
    """Message `components=`: rows pass through; bare components are packed into rows for you
    (up to 5 consecutive buttons share a row, anything else gets its own)."""
    if components is None:
        return None
    if not isinstance(components, (list, tuple)):
        components = [components]
    rows: list[dict] = []
    open_buttons: list[dict] | None = None
    for c in components:
        j = to_component_json(c)
        if j.get("type") == 1:
            rows.append(j)
            open_buttons = None
        elif j.get("type") == 2:
            if open_buttons is None or len(open_buttons) == 5:
                open_buttons = []
                rows.append({"type": 1, "components": open_buttons})
            open_buttons.append(j)
        else:
            rows.append({"type": 1, "components": [j]})
            open_buttons = None
    return rows
