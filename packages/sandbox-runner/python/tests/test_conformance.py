"""Replays every conformance vector of packages/rpc-protocol/conformance (PROTOCOL.md §10) against the SDK's
conformance guest, spawned as the runner spawns plugins (`python3 -I -S _boot.py`), over real pipes.
The replayer below re-implements §10.1 (the Node `replay.mjs` is run too, when `node` is on PATH)."""

import base64
import glob
import json
import os
import subprocess
import sys
import time
import unittest

from .harness import BOOT, REPO, Guest, frame

VECTORS = os.path.join(REPO, "packages", "rpc-protocol", "conformance")
GUEST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conformance_guest.py")
SKIPPED = ("log", "flow.ack")
ANY = "<any>"


def _id_ref(value):
    if isinstance(value, str) and value.startswith("<id:") and value.endswith(">"):
        return value[4:-1]
    return None


def substitute(value, bindings):
    name = _id_ref(value)
    if name is not None:
        if name not in bindings:
            raise AssertionError(f"send uses <id:{name}> before an expect bound it")
        return bindings[name]
    if isinstance(value, list):
        return [substitute(v, bindings) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, bindings) for k, v in value.items()}
    return value


_MISSING = object()


def match(expected, actual, bindings, path=""):
    """'' when `actual` matches `expected` (§10.1), else where and how they differ."""
    if expected == ANY:
        return f"{path or '/'}: missing" if actual is _MISSING else ""
    name = _id_ref(expected)
    if name is not None:
        if actual is _MISSING:
            return f"{path}: missing"
        if name not in bindings:
            bindings[name] = actual
            return ""
        return "" if bindings[name] == actual and type(bindings[name]) is type(actual) else \
            f"{path}: expected <id:{name}> = {bindings[name]!r}, got {actual!r}"
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"{path}: expected an array, got {actual!r}"
        if len(actual) != len(expected):
            return f"{path}: expected {len(expected)} items, got {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            d = match(e, a, bindings, f"{path}/{i}")
            if d:
                return d
        return ""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{path}: expected an object, got {actual!r}"
        for k, v in expected.items():
            d = match(v, actual.get(k, _MISSING), bindings, f"{path}/{k}")
            if d:
                return d
        return ""
    same = expected == actual and (type(expected) is type(actual) or
                                   (isinstance(expected, (int, float)) and isinstance(actual, (int, float))
                                    and not isinstance(expected, bool) and not isinstance(actual, bool)))
    return "" if same else f"{path or '/'}: expected {expected!r}, got {actual!r}"


def replay(vector, guest, timeout=5.0):
    bindings = {}
    acked = 0
    for i, step in enumerate(vector["steps"]):
        where = f"{vector['name']} step {i} {json.dumps(step)[:160]}"
        if "send" in step:
            guest.write(frame(substitute(step["send"], bindings)))
        elif "send_raw" in step:
            guest.write(step["send_raw"].encode("utf-8"))
        elif "send_raw_base64" in step:
            guest.write(base64.b64decode(step["send_raw_base64"]))
        elif "sleep_ms" in step:
            time.sleep(step["sleep_ms"] / 1000)
        elif "close_input" in step:
            guest.proc.stdin.close()
        elif "expect" in step:
            wants_skipped = isinstance(step["expect"], dict) and step["expect"].get("method") in SKIPPED
            deadline = time.monotonic() + timeout
            while True:
                msg = next_message(guest, deadline, where)
                if isinstance(msg, dict) and msg.get("method") == "flow.ack":
                    acked += msg["params"]["count"]
                if not wants_skipped and isinstance(msg, dict) and msg.get("method") in SKIPPED:
                    continue
                diff = match(step["expect"], msg, bindings)
                if diff:
                    raise AssertionError(f"{where}: {diff}\n  got {json.dumps(msg)[:400]}")
                break
        elif "expect_flow_ack" in step:
            deadline = time.monotonic() + timeout
            while acked < step["expect_flow_ack"]:
                msg = next_message(guest, deadline, where)
                if isinstance(msg, dict) and msg.get("method") == "flow.ack":
                    acked += msg["params"]["count"]
                elif not (isinstance(msg, dict) and msg.get("method") == "log"):
                    raise AssertionError(f"{where}: unexpected message while waiting for flow.ack: {msg}")
        elif "expect_close" in step:
            deadline = time.monotonic() + timeout
            while True:
                msg = next_message(guest, deadline, where, allow_close=True)
                if msg is None:
                    break
                if not (isinstance(msg, dict) and msg.get("method") in SKIPPED):
                    raise AssertionError(f"{where}: unexpected message before close: {msg}")
        else:
            raise AssertionError(f"{where}: unknown step")
        if guest.garbage:
            raise AssertionError(f"{where}: the guest wrote bytes that are not frames: {guest.garbage[0][:200]!r}")


def next_message(guest, deadline, where, allow_close=False):
    import queue
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"{where}: nothing within the timeout\nstderr:\n{guest.stderr[-1500:]}")
        try:
            msg = guest.messages.get(timeout=left)
        except queue.Empty:
            continue
        if msg is None:
            guest.messages.put(None)
            if allow_close:
                return None
            raise AssertionError(f"{where}: the guest closed its output\nstderr:\n{guest.stderr[-1500:]}")
        return msg


def load_vectors():
    vectors = []
    for path in sorted(glob.glob(os.path.join(VECTORS, "*.json"))):
        with open(path, encoding="utf-8") as f:
            vectors.append(json.load(f))
    return vectors


class ConformanceTest(unittest.TestCase):
    def test_every_vector_replays_against_the_sdk(self):
        vectors = load_vectors()
        self.assertGreaterEqual(len(vectors), 20, f"conformance vectors missing in {VECTORS}")
        for vector in vectors:
            with self.subTest(vector=vector["name"]):
                with Guest(path=GUEST) as g:
                    replay(vector, g)

    def test_the_matcher(self):
        b = {}
        self.assertEqual(match({"a": ANY}, {"a": None, "b": 2}, b), "")
        self.assertIn("missing", match({"a": ANY}, {}, b))
        self.assertEqual(match({"id": "<id:x>"}, {"id": 3}, b), "")
        self.assertIn("<id:x>", match({"id": "<id:x>"}, {"id": 4}, b))
        self.assertIn("2 items", match([1, 2], [1], b))
        self.assertIn("expected True", match(True, 1, b))
        self.assertEqual(substitute({"id": "<id:x>"}, b), {"id": 3})

    def test_the_node_replayer_agrees(self):  # node is part of every maidkit setup: a missing one fails

        replayer = os.path.join(VECTORS, "replay.mjs")
        proc = subprocess.run(["node", replayer, "--", sys.executable, "-I", "-S", BOOT, GUEST],
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(proc.stdout.count("PASS "), len(load_vectors()))


if __name__ == "__main__":
    unittest.main()
