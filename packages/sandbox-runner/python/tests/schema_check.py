"""A small JSON Schema (draft-07 subset) checker for the schemas in packages/rpc-protocol/schemas, so the tests
can assert that what the SDK writes is exactly what the protocol package accepts."""

import json
import os
import re

from .harness import REPO

SCHEMAS = os.path.join(REPO, "packages", "rpc-protocol", "schemas")
_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def load(method: str) -> dict:
    name = method.replace("$/", "_")
    with open(os.path.join(SCHEMAS, f"{name}.json"), encoding="utf-8") as f:
        return json.load(f)


def _is_type(value, t) -> bool:
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool) or (isinstance(value, float) and value.is_integer())
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _TYPES[t])


def errors(schema, value, path="") -> list:
    out = []
    if schema is True or schema is None:
        return out
    if schema is False:
        return [f"{path}: not allowed"]
    t = schema.get("type")
    if t is not None:
        types = t if isinstance(t, list) else [t]
        if not any(_is_type(value, x) for x in types):
            return [f"{path}: expected {t}, got {type(value).__name__}"]
    if "const" in schema and value != schema["const"]:
        out.append(f"{path}: expected const {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{path}: {value!r} not in {schema['enum']}")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            out.append(f"{path}: shorter than {schema['minLength']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            out.append(f"{path}: longer than {schema['maxLength']}")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            out.append(f"{path}: does not match {schema['pattern']}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            out.append(f"{path}: below {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            out.append(f"{path}: above {schema['maximum']}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            out.append(f"{path}: fewer than {schema['minItems']} items")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            out.append(f"{path}: more than {schema['maxItems']} items")
        if isinstance(schema.get("items"), dict):
            for i, item in enumerate(value):
                out += errors(schema["items"], item, f"{path}/{i}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                out.append(f"{path}/{key}: required")
        if "maxProperties" in schema and len(value) > schema["maxProperties"]:
            out.append(f"{path}: more than {schema['maxProperties']} properties")
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                out += errors(props[key], item, f"{path}/{key}")
            elif extra is False:
                out.append(f"{path}/{key}: not allowed")
            elif isinstance(extra, dict):
                out += errors(extra, item, f"{path}/{key}")
    for sub in schema.get("allOf", []):
        out += errors(sub, value, path)
    if "anyOf" in schema and not any(not errors(sub, value, path) for sub in schema["anyOf"]):
        out.append(f"{path}: matches none of anyOf")
    if "if" in schema and not errors(schema["if"], value, path):
        out += errors(schema.get("then", True), value, path)
    return out


def check_params(method: str, params) -> list:
    return errors(load(method)["params"], params)


def check_result(method: str, result) -> list:
    return errors(load(method).get("result", True), result)
