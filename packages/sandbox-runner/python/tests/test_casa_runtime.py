"""casa_runtime over the protocol: a real `python3 -I -S` process serving seed 003's plugins to a fake host."""

import json
import unittest

from .harness import CTX, Guest, initialize_params

# The shim runs the same entry point `casa_runtime/_boot.py` does, under the SDK's boot (which puts
# python/ — holding both mmo_maid_sdk and casa_runtime — on sys.path).
SHIM = "import os\nfrom casa_runtime.runtime import serve\nserve(os.path.join(os.path.dirname(__file__), 'plugin.py'))\n"

HELLO = '''def on_load(api):
    api.log("hello from plugin '%s'" % api.slug)

def on_message(api, message):
    if message.content == "!ping":
        api.log("pong")
'''
HELLO_MANIFEST = {"id": "hello-world", "name": "Hello World", "version": "1.0.0",
                  "description": "Logs a line on load and replies to !ping.", "author": "your-username",
                  "category": "fun", "permissions": [], "hooks": ["on_load", "on_message"]}


def message(content, n=1):
    return {"message_id": str(500 + n), "channel_id": "3", "author_id": "2", "author_bot": False, "content": content,
            "timestamp": "2026-04-01T12:00:00.000Z"}


class CasaCase(unittest.TestCase):
    def start(self, source, manifest, capabilities, kv=None):
        g = Guest(SHIM, extra_files={"plugin.py": source, "manifest.json": json.dumps(manifest)})
        self.addCleanup(g.close)
        store = {} if kv is None else kv
        g.responders["kv.get"] = lambda p: {"value": store.get(p["key"])}
        g.responders["kv.set"] = lambda p: store.__setitem__(p["key"], p["value"]) or {}
        init = g.call("initialize", initialize_params(plugin={"id": manifest["id"], "version": "1.0.0"},
                                                      capabilities=capabilities))
        self.assertIn("result", init, init)
        g.notify("initialized", {})
        return g, init["result"]["handlers"], store

    def messages(self, g):
        return [entry["message"] for entry in g.logs]


class Hello(CasaCase):
    def test_the_seed_hello_logs_on_load_and_pongs(self):
        g, handlers, _ = self.start(HELLO, HELLO_MANIFEST, ["storage:kv", "casa:message_events"])
        self.assertEqual(handlers["events"], ["message_create"])
        self.assertIn("ready", handlers["lifecycle"])
        self.assertEqual(g.call("lifecycle", {"ctx": CTX, "hook": "ready"})["result"], None)
        g.wait_log(lambda e: e["message"] == "hello from plugin 'hello-world'")
        g.notify("event", {"ctx": CTX, "name": "message_create", "payload": message("hello")})
        g.notify("event", {"ctx": CTX, "name": "message_create", "payload": message("!ping", 2)})
        g.wait_log(lambda e: e["message"] == "pong")
        self.assertEqual(self.messages(g).count("pong"), 1)
        self.assertEqual(g.logs[0]["install_id"], CTX["install_id"])

    def test_without_the_message_grant_on_message_is_not_registered(self):
        g, handlers, _ = self.start(HELLO, HELLO_MANIFEST, ["storage:kv"])
        self.assertEqual(handlers.get("events", []), [])

    def test_on_load_runs_once_even_if_ready_comes_twice(self):
        g, _, _ = self.start(HELLO, HELLO_MANIFEST, ["casa:message_events"])
        g.call("lifecycle", {"ctx": CTX, "hook": "ready"})
        g.call("lifecycle", {"ctx": CTX, "hook": "ready"})
        self.assertEqual(self.messages(g).count("hello from plugin 'hello-world'"), 1)


AUTO_REACT = '''def on_load(api):
    api.log("auto-react loaded")

def on_message(api, message):
    if api.has_permission("storage.local"):
        emoji = api.storage_get("emoji", "👍")
        api.storage_set("last", [message.id, emoji])

def on_unload(api):
    api.log("auto-react unloaded")
'''
AUTO_MANIFEST = {"id": "auto-react", "name": "Auto React", "version": "1.0.0", "description": "d", "author": "a",
                 "category": "fun", "permissions": ["storage.local", "events.message"],
                 "hooks": ["on_load", "on_message", "on_unload"]}


class Lifecycle(CasaCase):
    def test_storage_and_on_unload_before_shutdown(self):
        g, handlers, store = self.start(AUTO_REACT, AUTO_MANIFEST, ["storage:kv", "casa:message_events"], {"emoji": "🎉"})
        self.assertEqual(sorted(handlers["lifecycle"]), ["disable", "ready", "uninstall"])
        g.call("lifecycle", {"ctx": CTX, "hook": "ready"})
        g.notify("event", {"ctx": CTX, "name": "message_create", "payload": message("hi", 7)})
        g.expect(lambda m: isinstance(m, dict) and m.get("method") == "flow.ack", what="flow.ack")
        self.assertEqual(store["last"], ["507", "🎉"])
        self.assertEqual(g.call("shutdown", {"reason": "test", "deadline_ms": 3000})["result"], None)
        self.assertEqual(g.proc.wait(5), 0)
        self.assertEqual(self.messages(g), ["auto-react loaded", "auto-react unloaded"])

    def test_on_unload_runs_once_for_disable_then_shutdown(self):
        g, _, _ = self.start(AUTO_REACT, AUTO_MANIFEST, ["storage:kv", "casa:message_events"])
        g.call("lifecycle", {"ctx": CTX, "hook": "ready"})
        g.call("lifecycle", {"ctx": CTX, "hook": "disable"})
        g.call("lifecycle", {"ctx": CTX, "hook": "uninstall"})
        g.call("shutdown", {"reason": "test", "deadline_ms": 3000})
        self.assertEqual(self.messages(g).count("auto-react unloaded"), 1)


CLONER = '''def on_clone_start(api, ctx):
    api.log("start %s -> %s" % (ctx.source, ctx.target))

def on_clone_finish(api, ctx):
    api.log("finish %s %s" % (ctx.job_id, ctx.status))

def on_message(api, message):
    api.log("saw " + message.content)

def on_error(api, error):
    api.log("on_error: %s %s %s %s" % (error.source, error.hook, error.type, error.message))
'''
CLONER_MANIFEST = {"id": "cloner", "name": "C", "version": "1.0.0", "description": "d", "author": "a", "category": "utility",
                   "permissions": ["events.clone"],
                   "hooks": ["on_clone_start", "on_clone_finish", "on_message", "on_error"]}


class CloneAndErrors(CasaCase):
    def test_clone_hooks_with_events_clone(self):
        g, handlers, _ = self.start(CLONER, CLONER_MANIFEST, ["casa:clone_events"])
        self.assertEqual(handlers.get("events", []), [])  # no events.message: on_message is not registered
        job = {"job_id": "j1", "source": "111", "target": "222"}
        self.assertEqual(g.call("casa.clone", {"ctx": CTX, "phase": "start", "job": job})["result"], None)
        self.assertEqual(g.call("casa.clone", {"ctx": CTX, "phase": "finish", "job": {**job, "status": "ok"}})["result"], None)
        self.assertEqual(self.messages(g), ["start 111 -> 222", "finish j1 ok"])

    def test_clone_requests_are_refused_without_the_grant(self):
        g, _, _ = self.start(CLONER, CLONER_MANIFEST, [])
        r = g.call("casa.clone", {"ctx": CTX, "phase": "start", "job": {}})
        self.assertEqual(r["error"]["code"], -32001)
        self.assertEqual(self.messages(g), [])

    def test_malformed_clone_params(self):
        g, _, _ = self.start(CLONER, CLONER_MANIFEST, ["casa:clone_events"])
        for params in ({"ctx": CTX, "phase": "middle", "job": {}}, {"ctx": CTX, "phase": "start", "job": [1]}):
            self.assertEqual(g.call("casa.clone", params)["error"]["code"], -32602)

    def test_host_errors_reach_on_error(self):
        g, _, _ = self.start(CLONER, CLONER_MANIFEST, [])
        r = g.call("casa.error", {"ctx": CTX, "error": {"code": "clone_failed", "message": "target guild is gone"}})
        self.assertEqual(r["result"], None)
        self.assertEqual(self.messages(g), ["on_error: host None None target guild is gone"])
        self.assertEqual(g.call("casa.error", {"ctx": CTX, "error": "x"})["error"]["code"], -32602)

    def test_a_raising_hook_is_logged_handed_to_on_error_and_the_worker_survives(self):
        source = CLONER.replace('api.log("start %s -> %s" % (ctx.source, ctx.target))', 'raise ValueError("bad job " + ctx.job_id)')
        g, _, _ = self.start(source, CLONER_MANIFEST, ["casa:clone_events"])
        self.assertEqual(g.call("casa.clone", {"ctx": CTX, "phase": "start", "job": {"job_id": "j9"}})["result"], None)
        err = g.wait_log(lambda e: e["level"] == "error")
        self.assertIn("hook on_clone_start raised ValueError: bad job j9", err["message"])
        self.assertIn("Traceback", err["error"]["traceback"])
        g.wait_log(lambda e: e["message"] == "on_error: hook on_clone_start ValueError bad job j9")
        g.call("casa.clone", {"ctx": CTX, "phase": "finish", "job": {"job_id": "j9", "status": "error"}})
        g.wait_log(lambda e: e["message"] == "finish j9 error")
        self.assertEqual(g.call("health.ping", {})["result"]["ok"], True)

    def test_on_error_raising_does_not_loop(self):
        source = "def on_load(api):\n    raise RuntimeError('a')\n\ndef on_error(api, error):\n    raise RuntimeError('b')\n"
        manifest = {**HELLO_MANIFEST, "hooks": ["on_load", "on_error"]}
        g, _, _ = self.start(source, manifest, [])
        self.assertEqual(g.call("lifecycle", {"ctx": CTX, "hook": "ready"})["result"], None)
        errors = [e["message"] for e in g.logs if e["level"] == "error"]
        self.assertEqual(len(errors), 2, errors)


class Boot(unittest.TestCase):
    def test_an_import_of_a_blocked_module_stops_the_plugin_before_the_handshake(self):
        g = Guest(SHIM, extra_files={"plugin.py": "import subprocess\n", "manifest.json": json.dumps(HELLO_MANIFEST)})
        self.addCleanup(g.close)
        self.assertEqual(g.proc.wait(5), 1)
        g.closed.wait(2)
        self.assertIn("import of 'subprocess' is blocked", g.stderr)


class PoolMode(unittest.TestCase):
    def test_pool_mode_is_refused_and_the_guest_exits(self):
        g = Guest(SHIM, extra_files={"plugin.py": HELLO, "manifest.json": json.dumps(HELLO_MANIFEST)})
        self.addCleanup(g.close)
        r = g.call("initialize", initialize_params(mode="pool", install=None))
        self.assertEqual(r["error"]["code"], -32602)
        self.assertIn("one install per worker", r["error"]["message"])
        self.assertEqual(g.proc.wait(5), 1)


class BootFile(unittest.TestCase):
    def test_usage_error_without_both_arguments(self):
        import os
        import subprocess
        import sys
        boot = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "casa_runtime", "_boot.py")
        r = subprocess.run([sys.executable, "-I", "-S", boot, "/opt/maidkit/sdk"], capture_output=True, text=True, timeout=10)
        self.assertEqual(r.returncode, 2)
        self.assertIn("usage:", r.stderr)


if __name__ == "__main__":
    unittest.main()
