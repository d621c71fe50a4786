"""How the worker behaves: output isolation, failing and slow handlers, ordering, tasks, pool mode, flow control."""

import json
import time
import unittest

from mmo_maid_sdk import Plugin

from .harness import CTX, Guest, NO_ANSWER


class OutputIsolationTest(unittest.TestCase):
    SRC = r'''
print("module-level print")
import os, sys, subprocess
from mmo_maid_sdk import Plugin
print("after import")
plugin = Plugin()

@plugin.on_event("message_create")
def on_message(ctx, event):
    print("print in handler", event["content"])
    os.write(1, b"raw write to fd 1\n")
    sys.stdout.write("sys.stdout.write\n")
    sys.__stdout__.write("sys.__stdout__ write\n"); sys.__stdout__.flush()
    subprocess.run(["echo", "child process output"])
    try:
        input()
    except EOFError:
        print("input() saw EOF")
    ctx.log("done " + event["content"])

plugin.run()
'''

    def test_GIVEN_prints_raw_writes_and_child_output_THEN_the_stream_stays_clean_and_text_goes_to_stderr(self):
        with Guest(self.SRC) as g:
            g.handshake()
            g.event("message_create", {"content": "hello"})
            g.wait_log(lambda e: e["message"] == "done hello")
            self.assertEqual(g.call("health.ping", {})["result"]["ok"], True)
            time.sleep(0.1)
            self.assertEqual(g.garbage, [])
            for text in ("module-level print", "after import", "print in handler hello", "raw write to fd 1",
                         "sys.stdout.write", "sys.__stdout__ write", "child process output", "input() saw EOF"):
                self.assertIn(text, g.stderr)

    def test_GIVEN_the_plugin_is_run_without_the_boot_script_THEN_the_first_import_claims_the_stream(self):
        # e.g. a runner that uses `python3 -I -S -c "...; runpy.run_path(...)"`
        import subprocess, sys
        from .harness import PYTHON_DIR, frame
        code = (f"import sys; sys.path.insert(0, {PYTHON_DIR!r}); print('before import');"
                "import os; from mmo_maid_sdk import Plugin; print('after'); os.write(1, b'raw');"
                "p = Plugin(); p.run()")
        proc = subprocess.run([sys.executable, "-I", "-S", "-c", code], input=frame({"jsonrpc": "2.0", "id": 1,
                              "method": "initialize", "params": {"protocol_versions": ["1.0"], "install": CTX}}),
                              capture_output=True, env={"MAIDKIT_PROTOCOL": "1"}, timeout=10)
        # 'before import' predates the SDK and is the one write that can reach stdout; the rest cannot
        out = proc.stdout.replace(b"before import\n", b"")
        self.assertTrue(out.startswith(b"Content-Length: "), out[:80])
        self.assertNotIn(b"raw", out)
        self.assertIn(b"after", proc.stderr)
        self.assertEqual(proc.returncode, 0)


class BootTest(unittest.TestCase):
    def test_GIVEN_the_boot_script_THEN_plugin_modules_and_MAIDKIT_SYS_PATH_are_importable(self):
        import tempfile, os
        with tempfile.TemporaryDirectory() as deps:
            with open(os.path.join(deps, "vendored_dep.py"), "w") as f:
                f.write("VALUE = 'from deps'\n")
            src = ("import sys\nfrom helper import GREETING\nimport vendored_dep\nfrom mmo_maid_sdk import Plugin\n"
                   "plugin = Plugin()\n@plugin.on_ready\ndef r(ctx):\n"
                   "    ctx.log(GREETING + ' ' + vendored_dep.VALUE + ' ' + __name__ + ' ' + sys.argv[0].rsplit('/', 1)[-1])\n"
                   "if __name__ == '__main__':\n    plugin.run()\n")
            with Guest(src, env={"MAIDKIT_SYS_PATH": deps}, extra_files={"helper.py": "GREETING = 'hi'\n"}) as g:
                g.handshake()
                g.lifecycle("ready")
                self.assertEqual(g.wait_log(lambda e: True)["message"], "hi from deps __main__ __main__.py")

    def test_boot_without_an_entry_file_is_a_usage_error(self):
        import subprocess, sys
        from .harness import BOOT
        proc = subprocess.run([sys.executable, "-I", "-S", BOOT], capture_output=True, text=True, timeout=10)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("usage", proc.stderr)


class FailingHandlerTest(unittest.TestCase):
    SRC = '''
from mmo_maid_sdk import Plugin
plugin = Plugin()

@plugin.on_event("message_create")
def boom(ctx, event):
    if event["content"] == "boom":
        return 1 / 0
    ctx.log("ok " + event["content"])

@plugin.on_slash_command("fail")
def fail(ctx, event):
    raise KeyError("missing thing")

@plugin.on_install
def install(ctx):
    raise RuntimeError("install broke")

@plugin.on_dashboard("not_json")
def not_json(ctx, params):
    return {"when": object()}

@plugin.on_event("member_join")
def leaves(ctx, event):
    raise SystemExit(3)

plugin.run()
'''

    def test_GIVEN_an_event_handler_raises_THEN_an_error_log_with_traceback_and_the_worker_survives(self):
        with Guest(self.SRC) as g:
            g.handshake()
            g.event("message_create", {"content": "boom"})
            entry = g.wait_log(lambda e: e["level"] == "error")
            self.assertIn("ZeroDivisionError", entry["message"])
            self.assertEqual(entry["error"]["type"], "ZeroDivisionError")
            self.assertIn("return 1 / 0", entry["error"]["traceback"])
            self.assertEqual(entry["install_id"], CTX["install_id"])
            g.event("member_join", {"user_id": "1"})  # SystemExit in a handler does not end the worker either
            g.event("message_create", {"content": "after"})
            g.wait_log(lambda e: e["message"] == "ok after")
            g.wait_acks(3)

    def test_GIVEN_a_request_handler_raises_THEN_HandlerError_with_type_message_traceback(self):
        with Guest(self.SRC) as g:
            g.handshake()
            res = g.call("slash_command", {"ctx": CTX, "interaction": {"interaction_id": "i1", "command_name": "fail"}})
            self.assertEqual(res["error"]["code"], -32000)
            self.assertEqual(res["error"]["data"]["type"], "KeyError")
            self.assertIn("missing thing", res["error"]["data"]["message"])
            self.assertIn('raise KeyError("missing thing")', res["error"]["data"]["traceback"])
            res = g.lifecycle("install")
            self.assertEqual(res["error"]["data"]["type"], "RuntimeError")
            g.wait_log(lambda e: e["level"] == "error" and "install broke" in e["message"])

    def test_GIVEN_a_dashboard_result_that_is_not_json_THEN_a_HandlerError_not_a_crash(self):
        with Guest(self.SRC) as g:
            g.handshake()
            res = g.call("dashboard", {"ctx": CTX, "method": "not_json", "params": {}})
            self.assertEqual(res["error"]["code"], -32000)
            self.assertIn("not JSON", res["error"]["message"])
            self.assertEqual(g.call("health.ping", {})["result"]["ok"], True)


class ConcurrencyTest(unittest.TestCase):
    SRC = '''
import threading, time
from mmo_maid_sdk import Plugin
plugin = Plugin()
lock = threading.Lock()
state = {"now": 0, "max": 0}

@plugin.on_event("message_create")
def on_message(ctx, event):
    content = event["content"]
    if content.startswith("sleep"):
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(float(content.split()[1]))
        with lock:
            state["now"] -= 1
    elif content == "ask":
        ctx.log("asked: " + str(ctx.kv.get("k")))
    ctx.log("done " + content + " max=" + str(state["max"]))

plugin.run()
'''

    def assert_not_held_up(self, g: Guest, slow: str, within: float = 1.0, settle: float = 0.0) -> None:
        """Send the `slow` event, then a fast one; the fast one must be done within `within` seconds."""
        g.event("message_create", {"content": slow})
        if settle:
            time.sleep(settle)
        started = time.monotonic()
        g.event("message_create", {"content": "fast"})
        g.wait_log(lambda e: e["message"].startswith("done fast"))
        self.assertLess(time.monotonic() - started, within)

    def test_GIVEN_a_slow_handler_THEN_later_events_are_not_held_up(self):
        with Guest(self.SRC) as g:
            g.handshake()
            self.assert_not_held_up(g, "sleep 2")
            self.assertEqual(g.call("health.ping", {})["result"]["pending"], 1)

    def test_GIVEN_a_cpu_bound_handler_THEN_later_events_still_run(self):
        src = self.SRC.replace('    elif content == "ask":', '    elif content == "spin":\n'
                               '        end = time.monotonic() + 1.5\n        while time.monotonic() < end:\n            pass\n'
                               '    elif content == "ask":')
        with Guest(src) as g:
            g.handshake()
            self.assert_not_held_up(g, "spin", settle=0.05)  # did not wait for the spinning handler

    def test_GIVEN_a_slow_inline_handler_THEN_the_watchdog_signal_does_not_cut_its_sleep_short(self):
        # The watchdog's SIGALRM lands on the main thread, inside this very handler's time.sleep.
        src = self.SRC.replace('    elif content == "ask":', '    elif content == "timed":\n'
                               '        t0 = time.monotonic()\n        time.sleep(0.3)\n'
                               '        ctx.log("slept %.3f" % (time.monotonic() - t0))\n'
                               '        import signal\n        ctx.log("alarm: " + signal.getsignal(signal.SIGALRM).__qualname__)\n'
                               '    elif content == "ask":')
        with Guest(src) as g:
            g.handshake()
            self.assert_not_held_up(g, "timed", within=0.25)  # handed on, not held up by the sleep
            slept = g.wait_log(lambda e: e["message"].startswith("slept "))
            self.assertGreaterEqual(float(slept["message"].split()[1]), 0.3)
            g.wait_log(lambda e: e["message"] == "alarm: Crew._on_alarm")  # the signal path was the one used

    def test_GIVEN_a_slow_handler_at_the_end_of_a_burst_THEN_the_timer_set_for_the_burst_still_catches_it(self):
        # The timer is set once per burst: here by the first of 15 handlers of 1 ms each, so it fires while
        # the slow handler after them is only about 5 ms old, and must be set again for the rest of its time.
        with Guest(self.SRC) as g:
            g.handshake()
            for _ in range(15):
                g.event("message_create", {"content": "sleep 0.001"})
            self.assert_not_held_up(g, "sleep 2", within=1.5)

    def test_GIVEN_the_plugin_owns_SIGALRM_THEN_the_sdk_leaves_it_and_a_thread_watches_slow_handlers(self):
        src = self.SRC.replace('plugin = Plugin()', 'plugin = Plugin()\nimport signal\n'
                               'def mine(signum, frame):\n    pass\nsignal.signal(signal.SIGALRM, mine)\n'
                               '@plugin.on_event("message_delete")\ndef check(ctx, event):\n'
                               '    ctx.log("alarm handler is " + signal.getsignal(signal.SIGALRM).__name__)\n')
        with Guest(src) as g:
            g.handshake()
            self.assert_not_held_up(g, "sleep 2")
            g.event("message_delete", {})
            g.wait_log(lambda e: e["message"] == "alarm handler is mine")

    def test_GIVEN_a_handler_waiting_on_the_host_THEN_other_events_and_pings_go_on(self):
        with Guest(self.SRC) as g:
            g.handshake()
            held = []
            g.responders = {"kv.get": lambda p: held.append(p) or NO_ANSWER}
            g.event("message_create", {"content": "ask"})
            g.event("message_create", {"content": "fast"})
            g.wait_log(lambda e: e["message"].startswith("done fast"))
            self.assertEqual(g.call("health.ping", {})["result"], {"ok": True, "pending": 1})
            call = g.calls[0]
            g.send({"jsonrpc": "2.0", "id": call["id"], "result": {"value": "v"}})
            g.wait_log(lambda e: e["message"] == "asked: v")

    def test_GIVEN_max_concurrency_THEN_no_more_handlers_run_at_once_and_the_rest_wait(self):
        with Guest(self.SRC) as g:
            g.handshake(limits={"max_concurrency": 2})
            for _ in range(5):
                g.event("message_create", {"content": "sleep 0.2"})
            self.assertEqual(g.call("health.ping", {})["result"]["pending"], 2)  # 2 running, 3 queued; pings answered
            g.wait_acks(5, timeout=5)
            done = [e["message"] for e in g.logs if e["message"].startswith("done sleep")]
            self.assertEqual(len(done), 5)
            self.assertEqual(max(int(m.split("max=")[1]) for m in done), 2)

    def test_GIVEN_concurrency_1_THEN_events_run_one_after_another_in_order(self):
        with Guest(self.SRC) as g:
            g.handshake(limits={"max_concurrency": 1})
            g.event("message_create", {"content": "sleep 0.1"})
            for i in range(20):
                g.event("message_create", {"content": f"n{i}"})
            g.wait_acks(21)
            order = [e["message"].split()[1] for e in g.logs if e["message"].startswith("done")]
            self.assertEqual(order, ["sleep"] + [f"n{i}" for i in range(20)])

    def test_GIVEN_concurrency_1_and_a_handler_waiting_on_the_host_THEN_events_that_arrive_meanwhile_run_after_it(self):
        # The waiting handler's thread reads its own answer; what it reads meanwhile must still run, in order.
        with Guest(self.SRC) as g:
            g.handshake(limits={"max_concurrency": 1})
            g.responders = {"kv.get": lambda p: NO_ANSWER}
            g.event("message_create", {"content": "ask"})
            g.wait_history(lambda m: isinstance(m, dict) and m.get("method") == "kv.get")
            for i in range(3):
                g.event("message_create", {"content": f"n{i}"})
            self.assertEqual(g.call("health.ping", {})["result"], {"ok": True, "pending": 1})
            g.send({"jsonrpc": "2.0", "id": g.calls[0]["id"], "result": {"value": "v"}})
            g.wait_acks(4)
            order = [e["message"].split()[1] for e in g.logs if e["message"].startswith("done")]
            self.assertEqual(order, ["ask", "n0", "n1", "n2"])

    def test_GIVEN_a_flood_THEN_every_event_is_acknowledged_in_batches(self):
        src = 'from mmo_maid_sdk import Plugin\nplugin = Plugin()\n@plugin.on_event("message_create")\n' \
              'def m(ctx, event):\n    pass\nplugin.run()\n'
        with Guest(src) as g:
            g.handshake(limits={"flow_window": 1024})
            from .harness import frame
            body = b"".join(frame({"jsonrpc": "2.0", "method": "event", "params": {"ctx": CTX, "name": "message_create",
                                                                               "payload": {"content": str(i)}}})
                            for i in range(1000))
            for _ in range(5):
                g.write(body)
                g.wait_acks(g.acked + 1000 - (g.acked % 1000), timeout=10)
            g.wait_acks(5000)
            acks = [m for m in g.history if isinstance(m, dict) and m.get("method") == "flow.ack"]
            self.assertLess(len(acks), 1000)  # batched, not one per event
            self.assertTrue(all(a["params"]["count"] <= 256 for a in acks))

    def test_async_handlers_run_to_completion(self):
        src = ('import asyncio\nfrom mmo_maid_sdk import Plugin\nplugin = Plugin()\n'
               '@plugin.on_event("message_create")\nasync def m(ctx, event):\n    await asyncio.sleep(0.01)\n'
               '    ctx.log("async " + event["content"])\n'
               '@plugin.on_dashboard("a")\nasync def a(ctx, params):\n    return {"v": 1}\nplugin.run()\n')
        with Guest(src) as g:
            g.handshake()
            g.event("message_create", {"content": "x"})
            g.wait_log(lambda e: e["message"] == "async x")
            self.assertEqual(g.call("dashboard", {"ctx": CTX, "method": "a", "params": {}})["result"], {"v": 1})


class TasksTest(unittest.TestCase):
    def test_schedule_minimum_is_30_seconds(self):
        plugin = Plugin()
        for bad in (29, 29.9, 0, -5, True, "60", None, float("nan")):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                plugin.schedule(bad)
        plugin.schedule(30)(lambda ctx: None)

    def test_GIVEN_a_schedule_THEN_first_run_after_one_interval_and_slow_runs_skip_ticks(self):
        src = '''
import time
from mmo_maid_sdk import Plugin
plugin = Plugin()
T0 = time.monotonic()

@plugin.schedule(30)
def tick(ctx):
    n = ctx.ephemeral.counter("ticks")
    ctx.log("tick %d at %.2f" % (n, time.monotonic() - T0))
    if n == 1:
        time.sleep(0.75)

plugin.run()
'''
        # time scale 100: 30 virtual seconds are 0.3 real seconds (test-only hook, see _scheduler.py)
        with Guest(src, env={"MAIDKIT_SDK_TIME_SCALE": "100"}) as g:
            counter = {"n": 0}
            g.responders = {"ephemeral.counter": lambda p: counter.update(n=counter["n"] + 1) or {"value": counter["n"]}}
            g.handshake()
            g.wait_log(lambda e: e["message"].startswith("tick 3"), timeout=5)
            ticks = [float(e["message"].split(" at ")[1]) for e in g.logs if e["message"].startswith("tick")]
            self.assertGreaterEqual(ticks[0], 0.28)  # not at start: after one interval
            # tick 1 ran 0.3-1.05 s: the ticks due at 0.6 and 0.9 were skipped, the next ran at 1.2
            self.assertGreaterEqual(ticks[1], 1.1)
            skipped = [e for e in g.logs if "skipped a tick" in e["message"]]
            self.assertGreaterEqual(len(skipped), 2)

    def test_GIVEN_a_cron_THEN_it_fires_at_its_wall_clock_minute(self):
        src = '''
from mmo_maid_sdk import Plugin
plugin = Plugin()

@plugin.cron("0 9 * * 1")
def weekly_report(ctx):
    ctx.log("Sending weekly report")

plugin.run()
'''
        # the scheduler's clock starts at Monday 2024-01-01 08:59:57 UTC and runs 10x: 09:00 comes after ~0.3 s
        env = {"MAIDKIT_SDK_TIME_SCALE": "10", "MAIDKIT_SDK_CLOCK_START": "1704099597"}
        with Guest(src, env=env) as g:
            g.handshake()
            started = time.monotonic()
            g.wait_log(lambda e: e["message"] == "Sending weekly report", timeout=3)
            self.assertGreater(time.monotonic() - started, 0.2)
            time.sleep(0.3)
            self.assertEqual(sum(e["message"] == "Sending weekly report" for e in g.logs), 1)

    def test_GIVEN_pool_mode_THEN_tasks_do_not_run_and_a_warning_says_so_but_task_tick_does(self):
        src = '''
from mmo_maid_sdk import Plugin
plugin = Plugin()

@plugin.schedule(30)
def heartbeat(ctx):
    ctx.log("beat on " + ctx.server_id)

plugin.run()
'''
        with Guest(src, env={"MAIDKIT_SDK_TIME_SCALE": "1000"}) as g:
            g.handshake(mode="pool", install=None)
            warn = g.wait_log(lambda e: e["level"] == "warning")
            self.assertIn("pool mode", warn["message"])
            time.sleep(0.3)
            self.assertEqual([e for e in g.logs if e["message"].startswith("beat")], [])
            other = {"install_id": "inst_9", "server_id": "999"}
            self.assertIsNone(g.call("task.tick", {"ctx": other, "kind": "schedule", "name": "heartbeat"})["result"])
            self.assertEqual(g.wait_log(lambda e: e["message"].startswith("beat"))["install_id"], "inst_9")


class PoolModeTest(unittest.TestCase):
    SRC = '''
from mmo_maid_sdk import Plugin
plugin = Plugin()
seen = {}

@plugin.on_event("message_create")
def on_message(ctx, event):
    seen.setdefault(ctx.install_id, set()).add(id(ctx))
    ctx.discord.send_message(channel_id=event["channel_id"], content="hi " + ctx.server_id)
    ctx.log("%s %s %d" % (ctx.install_id, ctx.server_id, len(seen[ctx.install_id])))

plugin.run()
'''

    def test_GIVEN_pool_mode_THEN_each_dispatch_uses_its_install_context_and_calls_carry_it(self):
        with Guest(self.SRC) as g:
            g.responders = {"discord.send_message": lambda p: {"message_id": "m"}}
            g.handshake(mode="pool", install=None)
            installs = [{"install_id": f"inst_{i}", "server_id": str(100 + i)} for i in range(3)]
            for _ in range(2):
                for ctx in installs:
                    g.event("message_create", {"channel_id": "c", "content": "x"}, ctx=ctx)
            g.wait_acks(6)
            self.assertEqual(sorted((c["params"]["install_id"], c["params"]["content"]) for c in g.calls),
                             sorted((f"inst_{i}", f"hi {100 + i}") for i in range(3) for _ in range(2)))
            for entry in g.logs:
                iid, sid, contexts = entry["message"].split()
                self.assertEqual(entry["install_id"], iid)
                self.assertEqual(contexts, "1")  # one Context object per install

    def test_GIVEN_pool_mode_and_a_dispatch_without_ctx_THEN_invalid_params(self):
        src = 'from mmo_maid_sdk import Plugin\nplugin = Plugin()\n@plugin.on_dashboard("x")\ndef x(ctx, p):\n    return 1\nplugin.run()\n'
        with Guest(src) as g:
            g.handshake(mode="pool", install=None)
            self.assertEqual(g.call("dashboard", {"method": "x", "params": {}})["error"]["code"], -32602)


class RegistrationTest(unittest.TestCase):
    def test_registration_errors_are_clear(self):
        plugin = Plugin()
        with self.assertRaises(ValueError) as cm:
            plugin.on_event("message_created")
        self.assertIn("message_create", str(cm.exception))
        plugin.on_slash_command("greet")(lambda c, e: None)
        with self.assertRaises(ValueError):
            plugin.on_slash_command("greet")(lambda c, e: None)
        with self.assertRaises(ValueError):
            plugin.on_component("")
        with self.assertRaises(TypeError):
            plugin.on_ready("not callable")

    def test_lifecycle_decorators_work_bare_and_called(self):
        plugin = Plugin()
        plugin.on_ready(lambda c: None)
        plugin.on_enable()(lambda c: None)
        self.assertEqual(plugin._handlers()["lifecycle"], ["enable", "ready"])

    def test_same_task_name_twice_is_disambiguated(self):
        plugin = Plugin()

        def heartbeat(ctx):
            pass
        plugin.schedule(60)(heartbeat)
        plugin.schedule(90)(heartbeat)
        self.assertEqual(json.dumps(plugin._handlers()["schedules"]),
                         '[{"name": "heartbeat", "seconds": 60}, {"name": "heartbeat#2", "seconds": 90}]')


if __name__ == "__main__":
    unittest.main()
