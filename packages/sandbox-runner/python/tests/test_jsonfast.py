"""The wire JSON codec (built on `_json` without importing `json`) behaves exactly like `json`."""

import json
import threading
import unittest

from mmo_maid_sdk._jsonfast import dumps, loads

SAMPLES = [
    {"jsonrpc": "2.0", "id": 1, "method": "event", "params": {"ctx": {"install_id": "i"}, "payload": {"c": "ü✓😀"}}},
    [1, 2.5, -3e-7, 10 ** 30, True, False, None, "", "\u2028", "\ud800"],
    {"nested": [[[[{"a": {}}]]]], "float": 1e308, "neg": -0.0},
    "just a string", 42, None,
]


class JsonFastTest(unittest.TestCase):
    def test_dumps_equals_json_compact_utf8(self):
        for value in SAMPLES + [float("nan"), float("inf")]:
            with self.subTest(value=value):
                self.assertEqual(dumps(value), json.dumps(value, separators=(",", ":"), ensure_ascii=False))

    def test_loads_round_trips_and_equals_json(self):
        for value in SAMPLES:
            text = json.dumps(value)
            self.assertEqual(loads(text.encode("utf-8")), json.loads(text))

    def test_loads_errors_are_json_errors(self):
        for bad in (b"{not json", b"", b"  ", b'{"a":1} trailing', b'{"a":"\xff\xfe"}', b"[1,]"):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                loads(bad)
        self.assertEqual(loads(b'  {"a": 1}  '), {"a": 1})  # whitespace around is fine, as in json
        self.assertEqual(loads(b"NaN") != loads(b"NaN"), True)
        self.assertEqual(loads(b"\xef\xbb\xbf{}"), json.loads(b"\xef\xbb\xbf{}"))  # a BOM, as json allows

    def test_errors_are_ValueErrors_even_before_json_is_imported(self):
        import subprocess, sys
        from .harness import PYTHON_DIR
        code = (f"import sys; sys.path.insert(0, {PYTHON_DIR!r}); from mmo_maid_sdk._jsonfast import loads\n"
                "assert 'json' not in sys.modules\n"
                "for bad in (b'{not json', b'[1,]', b'{\"a\":tru}'):\n"
                "    try:\n        loads(bad)\n    except ValueError as e:\n        print(type(e).__name__)\n")
        out = subprocess.run([sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, timeout=10)
        self.assertEqual(out.stdout.split(), ["JSONDecodeError"] * 3, out.stderr)

    def test_dumps_refuses_what_json_refuses(self):
        with self.assertRaises(TypeError):
            dumps({"x": object()})
        with self.assertRaises(TypeError):
            dumps({(1, 2): "tuple keys"})
        loop = []
        loop.append(loop)
        with self.assertRaises(ValueError):
            dumps(loop)

    def test_the_same_object_encodes_from_many_threads_at_once(self):
        shared = {"payload": list(range(2000))}
        errors = []

        def work():
            try:
                for _ in range(50):
                    dumps({"a": shared, "b": shared})
            except Exception as e:  # pragma: no cover - the bug this guards against
                errors.append(e)
        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])


if __name__ == "__main__":
    unittest.main()
