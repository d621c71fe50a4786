"""The session against a fake host over real pipes: handshake, framing, errors, ping, shutdown, EOF."""

import os
import time
import unittest

from .harness import CTX, Guest, frame, initialize_params

HELLO = '''
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.on_ready
def ready(ctx):
    ctx.log("ready " + ctx.server_id)

@plugin.on_event("message_create")
def on_message(ctx, event):
    ctx.log("got " + event["content"])

@plugin.on_slash_command("greet")
def greet(ctx, event):
    ctx.interaction.respond(content="hi")

@plugin.on_dashboard("get_value")
def get_value(ctx, params):
    return {"value": 42, "srv": params.get("discord_srv_id")}

@plugin.on_dashboard("slow")
def slow(ctx, params):
    import time; time.sleep(0.5)
    return {"done": True}

@plugin.schedule(300)
def heartbeat(ctx):
    pass

@plugin.cron("0 9 * * 1")
def weekly_report(ctx):
    pass

plugin.run()
'''


class HandshakeTest(unittest.TestCase):
    def test_GIVEN_a_plugin_WHEN_the_host_initializes_THEN_it_answers_version_sdk_and_handlers(self):
        with Guest(HELLO) as g:
            result = g.handshake()
            self.assertEqual(result["protocol_version"], "1.0")
            self.assertEqual(result["sdk"], {"name": "mmo_maid_sdk", "version": "0.5.1", "language": "python"})
            h = result["handlers"]
            self.assertEqual(h["lifecycle"], ["ready"])
            self.assertEqual(h["events"], ["message_create"])
            self.assertEqual(h["slash_commands"], ["greet"])
            self.assertEqual(h["dashboard"], ["get_value", "slow"])
            self.assertEqual(h["schedules"], [{"name": "heartbeat", "seconds": 300}])
            self.assertEqual(h["crons"], [{"name": "weekly_report", "spec": "0 9 * * 1"}])
            self.assertEqual(h["components"], [])
            self.assertEqual(h["modals"], [])

    def test_GIVEN_a_host_offering_newer_versions_first_THEN_the_guest_picks_the_one_it_speaks(self):
        with Guest(HELLO) as g:
            res = g.call("initialize", initialize_params(protocol_versions=["2.0", "1.0"]))
            self.assertEqual(res["result"]["protocol_version"], "1.0")

    def test_GIVEN_no_common_version_THEN_error_32010_with_supported_list_and_exit(self):
        with Guest(HELLO) as g:
            res = g.call("initialize", initialize_params(protocol_versions=["2.0", "3.1"]))
            self.assertEqual(res["error"]["code"], -32010)
            self.assertEqual(res["error"]["data"]["supported"], ["1.0"])
            self.assertIn("2.0", res["error"]["message"])
            self.assertNotEqual(g.wait_exit(), 0)

    def test_GIVEN_a_request_before_initialize_THEN_it_is_refused_and_the_session_continues(self):
        with Guest(HELLO) as g:
            res = g.call("health.ping", {})
            self.assertEqual(res["error"]["code"], -32600)
            self.assertIn("initialize", res["error"]["message"])
            g.handshake()
            self.assertEqual(g.call("health.ping", {})["result"], {"ok": True, "pending": 0})

    def test_GIVEN_initialize_twice_THEN_the_second_is_refused(self):
        with Guest(HELLO) as g:
            g.handshake()
            self.assertEqual(g.call("initialize", initialize_params())["error"]["code"], -32600)


class FramingTest(unittest.TestCase):
    def test_GIVEN_malformed_json_in_a_valid_frame_THEN_parse_error_with_null_id_and_the_stream_goes_on(self):
        with Guest(HELLO) as g:
            g.handshake()
            g.write(b"Content-Length: 9\r\n\r\n{not json")
            err = g.expect(lambda m: "error" in m, what="parse error")
            self.assertEqual(err["error"]["code"], -32700)
            self.assertIsNone(err["id"])
            self.assertEqual(g.call("health.ping", {})["result"]["ok"], True)

    def test_GIVEN_a_batch_or_non_object_THEN_invalid_request(self):
        with Guest(HELLO) as g:
            g.handshake()
            g.send([{"jsonrpc": "2.0", "id": 1, "method": "health.ping"}])
            self.assertEqual(g.expect(lambda m: "error" in m)["error"]["code"], -32600)
            g.send({"id": 7, "method": "health.ping"})  # no "jsonrpc"
            err = g.expect(lambda m: "error" in m)
            self.assertEqual((err["error"]["code"], err["id"]), (-32600, 7))

    def test_GIVEN_an_unknown_method_THEN_method_not_found_and_unknown_notifications_are_ignored(self):
        with Guest(HELLO) as g:
            g.handshake()
            g.notify("something.new", {})
            res = g.call("no.such.method", {})
            self.assertEqual(res["error"]["code"], -32601)
            self.assertIn("no.such.method", res["error"]["message"])

    def test_GIVEN_non_object_params_THEN_invalid_params(self):
        with Guest(HELLO) as g:
            g.handshake()
            self.assertEqual(g.call("dashboard", [1, 2])["error"]["code"], -32602)

    def test_GIVEN_headers_in_any_case_and_extra_headers_THEN_frames_are_read(self):
        with Guest(HELLO) as g:
            g.handshake()
            body = b'{"jsonrpc":"2.0","id":5,"method":"health.ping","params":{}}'
            g.write(b"content-type: application/json\r\nCONTENT-LENGTH: %d\r\n\r\n%s" % (len(body), body))
            self.assertEqual(g.response(5)["result"]["ok"], True)

    def test_GIVEN_frames_split_across_writes_and_many_in_one_write_THEN_all_are_handled(self):
        with Guest(HELLO) as g:
            g.handshake()
            data = b"".join(frame({"jsonrpc": "2.0", "id": i, "method": "health.ping", "params": {}}) for i in range(50))
            for i in range(0, len(data), 7):
                g.write(data[i:i + 7])
            for i in range(50):
                self.assertEqual(g.response(i)["result"]["ok"], True)

    def test_GIVEN_stray_bytes_before_a_frame_THEN_they_are_skipped_with_a_diagnostic(self):
        with Guest(HELLO) as g:
            g.handshake()
            g.write(b"garbage line\r\n\r\n")
            self.assertEqual(g.call("health.ping", {})["result"]["ok"], True)
            entry = g.wait_log(lambda e: "discarded" in e["message"])
            self.assertIn("16 bytes", entry["message"])
            self.assertEqual(entry["level"], "warning")

    def test_GIVEN_a_header_over_the_message_limit_THEN_the_guest_reports_it_and_closes(self):
        with Guest(HELLO) as g:
            g.call("initialize", initialize_params(limits={"max_message_bytes": 1000}))
            g.notify("initialized", {})
            g.write(b"Content-Length: 5000\r\n\r\n")
            entry = g.wait_log(lambda e: e["level"] == "error")
            self.assertIn("5000", entry["message"])
            self.assertEqual(g.wait_exit(), 1)

    def test_GIVEN_a_large_message_under_the_limit_THEN_it_is_read_whole(self):
        with Guest(HELLO) as g:
            g.handshake()
            rid = g.request("dashboard", {"ctx": CTX, "method": "get_value",
                                          "params": {"discord_srv_id": "1", "blob": "x" * 900_000}})
            self.assertEqual(g.response(rid)["result"]["value"], 42)


class HostileHostTest(unittest.TestCase):
    """Malformed dispatches get a clear answer (or, for events, an ack and a warning); the worker keeps going."""

    def test_malformed_dispatches(self):
        with Guest(HELLO) as g:
            g.handshake(install={"server_id": "1"})  # an install without install_id
            g.notify("event", "not an object")
            g.notify("event", {"name": "message_create", "payload": {"content": "x"}})  # no usable ctx anywhere
            g.notify("event", {"ctx": CTX, "name": "message_create", "payload": {"content": "ok"}})
            g.wait_acks(3)
            g.wait_log(lambda e: e["message"] == "got ok")
            self.assertTrue(any("malformed event" in e["message"] for e in g.logs))
            cases = [
                ("slash_command", {"ctx": CTX}, -32602),
                ("slash_command", {"ctx": CTX, "interaction": "x"}, -32602),
                ("slash_command", {"interaction": {"interaction_id": "i", "command_name": "greet"}}, -32602),
                ("dashboard", {"ctx": CTX, "method": 7}, -32601),
                ("lifecycle", {"ctx": "nope", "hook": "ready"}, -32602),
                ("task.tick", {"ctx": CTX, "kind": "weird", "name": "heartbeat"}, -32601),
            ]
            for method, params, code in cases:
                with self.subTest(method=method, params=params):
                    self.assertEqual(g.call(method, params)["error"]["code"], code)
            res = g.call("dashboard", {"ctx": CTX, "method": "get_value", "params": "not an object"})
            self.assertEqual(res["result"]["value"], 42)  # params default to {}
            self.assertEqual(g.call("health.ping", {})["result"]["ok"], True)

    def test_GIVEN_garbage_initialize_params_THEN_a_clear_version_error(self):
        with Guest(HELLO) as g:
            res = g.call("initialize", {"protocol_versions": "1.0", "limits": "big", "install": 5})
            self.assertEqual(res["error"]["code"], -32010)
            self.assertIn("nothing", res["error"]["message"])

    def test_GIVEN_a_parse_error_in_a_request_THEN_its_id_is_recovered(self):
        with Guest(HELLO) as g:
            g.handshake()
            body = b'{"jsonrpc":"2.0","id":"abc","method":"health.ping","params":{'
            g.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            err = g.expect(lambda m: "error" in m)
            self.assertEqual((err["id"], err["error"]["code"]), ("abc", -32700))


class ControlTest(unittest.TestCase):
    def test_health_ping_reports_running_handlers(self):
        with Guest(HELLO) as g:
            g.handshake()
            rid = g.request("dashboard", {"ctx": CTX, "method": "slow", "params": {}})
            time.sleep(0.1)
            self.assertEqual(g.call("health.ping", {})["result"], {"ok": True, "pending": 1})
            self.assertEqual(g.response(rid)["result"], {"done": True})

    def test_GIVEN_shutdown_THEN_running_handlers_finish_the_answer_is_null_and_exit_0(self):
        with Guest(HELLO) as g:
            g.handshake()
            slow = g.request("dashboard", {"ctx": CTX, "method": "slow", "params": {}})
            time.sleep(0.05)
            rid = g.request("shutdown", {"reason": "test", "deadline_ms": 3000})
            self.assertEqual(g.response(slow)["result"], {"done": True})
            self.assertIsNone(g.response(rid)["result"])
            self.assertEqual(g.wait_exit(), 0)

    def test_GIVEN_the_host_closes_stdin_THEN_the_guest_exits_promptly_even_with_a_stuck_handler(self):
        src = HELLO.replace("import time; time.sleep(0.5)", "import time; time.sleep(60)")
        with Guest(src) as g:
            g.handshake()
            g.request("dashboard", {"ctx": CTX, "method": "slow", "params": {}})
            time.sleep(0.1)
            started = time.monotonic()
            g.proc.stdin.close()
            self.assertEqual(g.wait_exit(5), 0)
            self.assertLess(time.monotonic() - started, 2)

    def test_GIVEN_a_cancel_for_a_queued_request_THEN_it_is_answered_cancelled_and_never_runs(self):
        src = HELLO.replace('@plugin.on_dashboard("slow")', '@plugin.on_dashboard("slow")\n@plugin.on_dashboard("slow2")')
        with Guest(src) as g:
            g.handshake(limits={"max_concurrency": 1})
            first = g.request("dashboard", {"ctx": CTX, "method": "slow", "params": {}})
            second = g.request("dashboard", {"ctx": CTX, "method": "slow2", "params": {}})
            time.sleep(0.1)
            g.notify("$/cancelRequest", {"id": second})
            self.assertEqual(g.response(second)["error"]["code"], -32006)
            self.assertEqual(g.response(first)["result"], {"done": True})
            time.sleep(0.7)
            self.assertEqual([m for m in list(g.messages.queue) if isinstance(m, dict) and m.get("id") == second], [])

    def test_GIVEN_a_cancel_for_a_running_request_THEN_cancelled_at_once_and_the_handler_sees_it(self):
        guest_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conformance_guest.py")
        with Guest(path=guest_path) as g:
            g.handshake()
            rid = g.request("slash_command", {"ctx": CTX, "interaction": {
                "interaction_id": "9", "interaction_type": "slash_command", "command_name": "slow", "user_id": "1"}})
            time.sleep(0.1)
            self.assertEqual(g.call("health.ping", {})["result"]["pending"], 1)
            started = time.monotonic()
            g.notify("$/cancelRequest", {"id": rid})
            self.assertEqual(g.response(rid)["error"]["code"], -32006)
            # ctx.wait_cancelled() woke the handler: it is gone long before its 10 s
            while g.call("health.ping", {})["result"]["pending"]:
                self.assertLess(time.monotonic() - started, 2)
                time.sleep(0.01)
            time.sleep(0.1)
            self.assertEqual(sum(1 for m in g.history if isinstance(m, dict) and m.get("id") == rid), 1)

    def test_GIVEN_requests_for_handlers_not_registered_THEN_method_not_found(self):
        with Guest(HELLO) as g:
            g.handshake()
            res = g.call("slash_command", {"ctx": CTX, "interaction": {"interaction_id": "i", "command_name": "nope"}})
            self.assertEqual(res["error"]["code"], -32601)
            res = g.call("dashboard", {"ctx": CTX, "method": "dashboard.nope", "params": {}})
            self.assertEqual(res["error"]["code"], -32601)
            res = g.call("task.tick", {"ctx": CTX, "kind": "cron", "name": "nope"})
            self.assertEqual(res["error"]["code"], -32601)

    def test_dashboard_methods_answer_with_or_without_the_dashboard_prefix(self):
        with Guest(HELLO) as g:
            g.handshake()
            a = g.call("dashboard", {"ctx": CTX, "method": "dashboard.get_value", "params": {"discord_srv_id": "9"}})
            b = g.call("dashboard", {"ctx": CTX, "method": "get_value", "params": {"discord_srv_id": "9"}})
            self.assertEqual(a["result"], {"value": 42, "srv": "9"})
            self.assertEqual(b["result"], a["result"])

    def test_GIVEN_unknown_lifecycle_hook_THEN_invalid_params(self):
        with Guest(HELLO) as g:
            g.handshake()
            self.assertEqual(g.lifecycle("explode")["error"]["code"], -32602)
            self.assertIsNone(g.lifecycle("install")["result"])  # no handler: still fine

    def test_events_without_a_handler_are_acknowledged(self):
        with Guest(HELLO) as g:
            g.handshake()
            for i in range(10):
                g.event("role_create", {"id": str(i), "name": "r"})
            g.wait_acks(10)


if __name__ == "__main__":
    unittest.main()
