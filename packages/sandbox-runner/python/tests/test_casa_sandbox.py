"""casa_runtime.sandbox: the removed builtins and the import rules of seed 003 §06 (defence in depth only)."""

import os
import tempfile
import unittest

from casa_runtime import BLOCKED_IMPORTS, GATED_IMPORTS, import_refusal, restricted_builtins
from casa_runtime.runtime import load_module


def run(source: str, allow_http: bool = False) -> dict:
    scope = {"__builtins__": restricted_builtins(allow_http), "__name__": "plugin"}
    exec(compile(source, "plugin.py", "exec"), scope)
    return scope


class Builtins(unittest.TestCase):
    def test_the_six_primitives_are_gone(self):
        for name in ("eval", "exec", "compile", "open", "input", "breakpoint"):
            with self.subTest(name=name):
                with self.assertRaises(NameError):
                    run(f"{name}")

    def test_everything_else_is_there(self):
        scope = run("x = sorted(map(len, ['a', 'bb'])); y = isinstance(x, list); z = print")
        self.assertEqual(scope["x"], [1, 2])
        self.assertTrue(scope["y"])

    def test_each_call_gets_a_fresh_table(self):
        a, b = restricted_builtins(False), restricted_builtins(False)
        a["len"] = None
        self.assertIsNotNone(b["len"])


class Imports(unittest.TestCase):
    def test_every_blocked_module_raises_import_error(self):
        self.assertEqual(len(BLOCKED_IMPORTS), 12)
        for name in sorted(BLOCKED_IMPORTS):
            for allow_http in (False, True):
                with self.subTest(name=name, allow_http=allow_http):
                    with self.assertRaisesRegex(ImportError, "blocked"):
                        run(f"import {name}", allow_http)

    def test_blocked_also_through_from_imports_and_submodules(self):
        for source in ("from ctypes import util", "import multiprocessing.pool", "from shutil import rmtree",
                       "import ctypes.util as u"):
            with self.subTest(source=source):
                with self.assertRaises(ImportError):
                    run(source, True)

    def test_gated_modules_need_http_request(self):
        for name in sorted(GATED_IMPORTS):
            with self.subTest(name=name):
                with self.assertRaisesRegex(ImportError, "http.request permission"):
                    run(f"import {name}")
        for source in ("from urllib import request", "from http import client", "import urllib.parse"):
            with self.assertRaises(ImportError):
                run(source)

    def test_with_http_request_the_gated_stdlib_modules_import(self):
        scope = run("import urllib.request\nimport http.client\nfrom urllib import parse\nok = parse.quote('a b')", True)
        self.assertEqual(scope["ok"], "a%20b")

    def test_ordinary_modules_import(self):
        scope = run("import json, re, math, random, datetime, collections\nv = json.dumps({'a': 1})")
        self.assertEqual(scope["v"], '{"a": 1}')

    def test_refusal_messages_name_the_module(self):
        self.assertIn("'socket'", import_refusal("socket", None, True))
        self.assertIn("'http.client'", import_refusal("http", ("client",), False))
        self.assertIsNone(import_refusal("http", ("server",), False))
        self.assertIsNone(import_refusal("json", None, False))

    def test_it_is_not_a_boundary(self):
        # Research §3.2, escape 1: the real builtins are one import away. The OS sandbox is the boundary.
        scope = run("import builtins\nreal_open = builtins.open")
        self.assertIs(scope["real_open"], open)


class LoadModule(unittest.TestCase):
    def test_plugin_py_is_loaded_with_the_rules_of_its_manifest(self):
        with tempfile.TemporaryDirectory() as d:
            entry = os.path.join(d, "plugin.py")
            with open(entry, "w") as f:
                f.write("import urllib.request\ndef on_load(api):\n    pass\n")
            with self.assertRaises(ImportError):
                load_module(entry, {"permissions": []})
            module = load_module(entry, {"permissions": ["http.request"]})
            self.assertTrue(callable(module.on_load))
            self.assertEqual(module.__name__, "plugin")
            self.assertNotIn("open", module.__builtins__)


if __name__ == "__main__":
    unittest.main()
