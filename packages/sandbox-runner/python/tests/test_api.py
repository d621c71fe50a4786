"""Every `ctx` API maps to its PROTOCOL.md §5 method with `install_id`, and host errors become typed exceptions."""

import unittest

from .harness import CTX, Guest, HostError, NO_ANSWER
from .schema_check import check_params, check_result

# A dashboard method that performs one ctx call described by the host and returns what it got.
PROBE = '''
from mmo_maid_sdk import Plugin, Context, RpcError, CapabilityDenied, RpcTimeout, HttpResponse, Button, ActionRow

plugin = Plugin()

def describe(value):
    if isinstance(value, HttpResponse):
        return {"status": value.status, "headers": value.headers, "text": value.text,
                "json": value.json() if value.headers.get("content-type") == "application/json" else None}
    return value

@plugin.on_dashboard("probe")
def probe(ctx: Context, params: dict):
    target = ctx
    for part in params["api"].split("."):
        target = getattr(target, part)
    args = params.get("args", [])
    kwargs = params.get("kwargs", {})
    if params.get("components"):
        kwargs["components"] = [ActionRow(Button("Yes", custom_id="yes", style="success"))]
    try:
        return {"ok": describe(target(*args, **kwargs))}
    except RpcError as e:
        return {"error": type(e).__name__, "code": e.code, "data": e.data, "str": str(e),
                "is_timeout": isinstance(e, TimeoutError), "is_permission": isinstance(e, PermissionError),
                "capability": getattr(e, "capability", None)}

@plugin.on_slash_command("ask")
def ask(ctx, event):
    getattr(ctx.interaction, event["options"][0]["value"])(**event["options"][1]["value"])

plugin.run()
'''

# (api, args, kwargs, expected method, expected params without install_id, host result, expected return)
CASES = [
    ("discord.send_message", [], {"channel_id": "c1", "content": "Pong!"}, "discord.send_message",
     {"channel_id": "c1", "content": "Pong!"}, {"message_id": "m1"}, {"message_id": "m1"}),
    ("discord.edit_message", ["c1", "m1"], {"content": "edited"}, "discord.edit_message",
     {"channel_id": "c1", "message_id": "m1", "content": "edited"}, {}, {}),
    ("discord.delete_message", ["c1", "m1"], {}, "discord.delete_message", {"channel_id": "c1", "message_id": "m1"}, {}, {}),
    ("discord.add_reaction", ["c1", "m1", "🎉"], {}, "discord.add_reaction",
     {"channel_id": "c1", "message_id": "m1", "emoji": "🎉"}, {}, {}),
    ("discord.remove_reaction", ["c1", "m1", "🎉"], {"user_id": "u1"}, "discord.remove_reaction",
     {"channel_id": "c1", "message_id": "m1", "emoji": "🎉", "user_id": "u1"}, {}, {}),
    ("discord.add_role", ["u1", "r1"], {"reason": "why"}, "discord.add_role", {"user_id": "u1", "role_id": "r1", "reason": "why"}, {}, {}),
    ("discord.remove_role", ["u1", "r1"], {}, "discord.remove_role", {"user_id": "u1", "role_id": "r1"}, {}, {}),
    ("discord.send_dm", ["u1"], {"content": "psst"}, "discord.send_dm", {"user_id": "u1", "content": "psst"},
     {"message_id": "m2"}, {"message_id": "m2"}),
    ("discord.timeout_member", ["u1", 60], {"reason": "spam"}, "discord.timeout_member",
     {"user_id": "u1", "seconds": 60, "reason": "spam"}, {}, {}),
    ("discord.kick_member", ["u1"], {}, "discord.kick_member", {"user_id": "u1"}, {}, {}),
    ("discord.ban_member", ["u1"], {"delete_message_seconds": 3600}, "discord.ban_member",
     {"user_id": "u1", "delete_message_seconds": 3600}, {}, {}),
    ("discord.get_member", ["u1"], {}, "discord.get_member", {"user_id": "u1"},
     {"user_id": "u1", "username": "ann", "roles": []}, {"user_id": "u1", "username": "ann", "roles": []}),
    ("discord.get_channel", ["c1"], {}, "discord.get_channel", {"channel_id": "c1"},
     {"id": "c1", "name": "general", "type": 0}, {"id": "c1", "name": "general", "type": 0}),
    ("kv.get", ["k"], {}, "kv.get", {"key": "k"}, {"value": {"a": 1}}, {"a": 1}),
    ("kv.get", ["missing"], {}, "kv.get", {"key": "missing"}, {"value": None}, None),
    ("kv.set", ["k", [1, 2]], {}, "kv.set", {"key": "k", "value": [1, 2]}, {}, None),
    ("kv.delete", ["k"], {}, "kv.delete", {"key": "k"}, {"deleted": True}, True),
    ("kv.count", [], {"prefix": "active_user:"}, "kv.count", {"prefix": "active_user:"}, {"count": 3}, 3),
    ("kv.getMany", [["a", "b"]], {}, "kv.get_many", {"keys": ["a", "b"]}, {"values": {"a": 1, "b": None}}, {"a": 1, "b": None}),
    ("kv.get_many", [["a"]], {}, "kv.get_many", {"keys": ["a"]}, {"values": {"a": 1}}, {"a": 1}),
    ("kv.setMany", [{"a": 1}], {}, "kv.set_many", {"values": {"a": 1}}, {}, None),
    ("kv.set_many", [{"b": 2}], {}, "kv.set_many", {"values": {"b": 2}}, {}, None),
    ("ephemeral.counter", ["heartbeats"], {}, "ephemeral.counter", {"key": "heartbeats", "by": 1}, {"value": 7}, 7),
    ("ephemeral.counter", ["hits"], {"by": 5}, "ephemeral.counter", {"key": "hits", "by": 5}, {"value": 12}, 12),
    ("ephemeral.get", ["e"], {}, "ephemeral.get", {"key": "e"}, {"value": "v"}, "v"),
    ("ephemeral.set", ["e", "v"], {}, "ephemeral.set", {"key": "e", "value": "v"}, {}, None),
    ("ephemeral.delete", ["e"], {}, "ephemeral.delete", {"key": "e"}, {"deleted": False}, False),
    ("metrics.record", ["messages"], {}, "metrics.record", {"name": "messages", "value": 1}, {}, None),
    ("metrics.increment", ["messages"], {"by": 2}, "metrics.record", {"name": "messages", "value": 2, "kind": "counter"}, {}, None),
    ("metrics.gauge", ["queue", 9], {}, "metrics.record", {"name": "queue", "value": 9, "kind": "gauge"}, {}, None),
    ("metrics.query", ["messages"], {"period": "7d"}, "metrics.query", {"name": "messages", "period": "7d"},
     {"labels": ["d1"], "series": [{"name": "messages", "data": [4]}]}, {"labels": ["d1"], "series": [{"name": "messages", "data": [4]}]}),
    ("metrics.total", ["messages_sent"], {"period": "30d"}, "metrics.total", {"name": "messages_sent", "period": "30d"},
     {"total": 99}, 99),
    ("sql.query", ["SELECT ? AS x", [1]], {}, "sql.query", {"sql": "SELECT ? AS x", "params": [1]},
     {"columns": ["x"], "rows": [{"x": 1}]}, {"columns": ["x"], "rows": [{"x": 1}]}),
    ("sql.execute", ["DELETE FROM t"], {}, "sql.execute", {"sql": "DELETE FROM t"},
     {"changes": 2, "last_insert_rowid": 0}, {"changes": 2, "last_insert_rowid": 0}),
    ("http.get", ["https://api.example.com/x"], {"headers": {"Accept": "text/plain"}}, "http.request",
     {"method": "GET", "url": "https://api.example.com/x", "headers": {"Accept": "text/plain"}},
     {"status": 200, "headers": {"Content-Type": "text/plain"}, "body": "hello"},
     {"status": 200, "headers": {"content-type": "text/plain"}, "text": "hello", "json": None}),
    ("http.post", ["https://api.example.com/y"], {"json": {"a": 1}, "timeout": 2}, "http.request",
     {"method": "POST", "url": "https://api.example.com/y", "body": '{"a": 1}',
      "headers": {"content-type": "application/json"}, "timeout_ms": 2000},
     {"status": 201, "headers": {"content-type": "application/json"}, "body": '{"id": 5}'},
     {"status": 201, "headers": {"content-type": "application/json"}, "text": '{"id": 5}', "json": {"id": 5}}),
]


class ApiMappingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.g = Guest(PROBE)
        cls.g.handshake()

    @classmethod
    def tearDownClass(cls):
        cls.g.close()

    def probe(self, api, args=(), kwargs=None, **extra):
        params = {"api": api, "args": list(args), "kwargs": kwargs or {}}
        params.update(extra)
        res = self.g.call("dashboard", {"ctx": CTX, "method": "probe", "params": params})
        self.assertIn("result", res, res)
        return res["result"]

    def test_every_api_sends_its_method_with_install_id_and_returns_the_result(self):
        g = self.g
        for api, args, kwargs, method, params, host_result, expected in CASES:
            with self.subTest(api=api, args=args):
                g.calls.clear()
                g.responders = {method: (lambda p, r=host_result: r)}
                self.assertEqual(self.probe(api, args, kwargs), {"ok": expected})
                self.assertEqual(len(g.calls), 1)
                sent = dict(g.calls[0]["params"])
                self.assertEqual(sent.pop("install_id"), CTX["install_id"])
                self.assertEqual(g.calls[0]["method"], method)
                self.assertEqual(sent, params)
                # what the SDK sent is what the protocol package's schema accepts
                self.assertEqual(check_params(method, g.calls[0]["params"]), [])
                self.assertEqual(check_result(method, host_result), [], "test data out of date with the schema")

    def test_kv_list_follows_the_cursor_and_honours_limit(self):
        keys = [f"k{i:02d}" for i in range(25)]

        def page(p):
            start = int(p.get("cursor") or 0)
            size = min(p.get("limit", 10), 10)
            chunk = [k for k in keys if k.startswith(p.get("prefix", ""))][start:start + size]
            more = start + size < len(keys)
            return {"keys": chunk, "cursor": str(start + size) if more else None}
        self.g.calls.clear()
        self.g.responders = {"kv.list": page}
        self.assertEqual(self.probe("kv.list", [], {"prefix": "k"}), {"ok": keys})
        self.assertEqual([c["params"].get("cursor") for c in self.g.calls], [None, "10", "20"])
        self.g.calls.clear()
        self.assertEqual(self.probe("kv.list", [], {"prefix": "k", "limit": 12}), {"ok": keys[:12]})
        self.assertEqual([c["params"]["limit"] for c in self.g.calls], [12, 2])
        for c in self.g.calls:
            self.assertEqual(check_params("kv.list", c["params"]), [])

    def test_binary_http_bodies_travel_as_base64_both_ways(self):
        self.g.calls.clear()
        self.g.responders = {"http.request": lambda p: {"status": 204, "headers": {}, "body_base64": "aGk="}}
        res = self.g.call("dashboard", {"ctx": CTX, "method": "bytes_put", "params": {}})["result"]
        self.assertEqual(res, {"ok": {"status": 204, "headers": {}, "text": "hi", "json": None}})
        self.assertEqual(self.g.calls[0]["params"]["body_base64"], "/wA=")
        self.assertNotIn("body", self.g.calls[0]["params"])

    def test_components_are_sent_as_discord_json(self):
        self.g.calls.clear()
        self.g.responders = {"discord.send_message": lambda p: {"message_id": "m"}}
        self.probe("discord.send_message", ["c1"], {"content": "Pick"}, components=True)
        self.assertEqual(self.g.calls[0]["params"]["components"],
                         [{"type": 1, "components": [{"type": 2, "style": 3, "label": "Yes", "custom_id": "yes"}]}])

    def test_GIVEN_the_host_denies_a_capability_THEN_CapabilityDenied_names_it(self):
        self.g.responders = {"discord.kick_member": lambda p: HostError(-32001, "capability denied",
                                                                         {"capability": "discord:kick_members"})}
        out = self.probe("discord.kick_member", ["u1"])
        self.assertEqual(out["error"], "CapabilityDenied")
        self.assertEqual(out["code"], -32001)
        self.assertEqual(out["capability"], "discord:kick_members")
        self.assertTrue(out["is_permission"])

    def test_GIVEN_other_host_errors_THEN_each_maps_to_its_class_with_code_and_data(self):
        for code, name in [(-32602, "InvalidParams"), (-32003, "NotFound"), (-32004, "PayloadTooLarge"),
                           (-32005, "RateLimited"), (-32002, "RpcTimeout"), (-32099, "RpcError")]:
            with self.subTest(code=code):
                self.g.responders = {"kv.get": lambda p, c=code: HostError(c, "nope", {"why": c})}
                out = self.probe("kv.get", ["k"])
                self.assertEqual((out["error"], out["code"], out["data"]), (name, code, {"why": code}))
                self.assertIn("kv.get", out["str"])

    def test_GIVEN_no_answer_within_the_deadline_THEN_RpcTimeout_is_a_TimeoutError_and_cancel_is_sent(self):
        g = Guest(PROBE)
        try:
            g.handshake(limits={"request_timeout_ms": 300})
            g.responders = {"kv.get": lambda p: NO_ANSWER}
            out = g.call("dashboard", {"ctx": CTX, "method": "probe", "params": {"api": "kv.get", "args": ["k"]}})["result"]
            self.assertEqual(out["error"], "RpcTimeout")
            self.assertTrue(out["is_timeout"])
            self.assertEqual(out["data"], {"timeout_ms": 300})
            cancel = g.wait_history(lambda m: m.get("method") == "$/cancelRequest")
            self.assertEqual(cancel["params"]["id"], g.calls[0]["id"])
            # a late answer is dropped and the plugin keeps working
            g.send({"jsonrpc": "2.0", "id": g.calls[0]["id"], "result": {"value": 1}})
            g.responders = {"kv.get": lambda p: {"value": 2}}
            out = g.call("dashboard", {"ctx": CTX, "method": "probe", "params": {"api": "kv.get", "args": ["k"]}})["result"]
            self.assertEqual(out, {"ok": 2})
        finally:
            g.close()

    def test_interaction_methods_name_the_interaction(self):
        g = self.g
        cases = [
            ("respond", {"content": "hi", "ephemeral": True}, "interaction.respond",
             {"content": "hi", "ephemeral": True}),
            ("defer", {"ephemeral": True}, "interaction.defer", {"ephemeral": True}),
            ("followup", {"content": "later"}, "interaction.followup", {"content": "later"}),
            ("edit_original", {"content": "edit"}, "interaction.edit_original", {"content": "edit"}),
        ]
        for name, kwargs, method, params in cases:
            with self.subTest(name=name):
                g.calls.clear()
                g.responders = {method: lambda p: {}}
                inter = {"interaction_id": "int_9", "interaction_type": 2, "command_name": "ask",
                         "options": [{"name": "m", "type": 3, "value": name}, {"name": "k", "type": 3, "value": kwargs}],
                         "user_id": "u", "channel_id": "c", "guild_id": "g"}
                res = g.call("slash_command", {"ctx": CTX, "interaction": inter})
                self.assertIsNone(res["result"])
                sent = dict(g.calls[0]["params"])
                self.assertEqual(check_params(method, sent), [])
                self.assertEqual((sent.pop("install_id"), sent.pop("interaction_id")), ("inst_1", "int_9"))
                self.assertEqual(sent, params)

    def test_handshake_result_logs_and_acks_match_the_schemas(self):
        g = Guest(PROBE)
        try:
            result = g.handshake()
            self.assertEqual(check_result("initialize", result), [])
            self.assertEqual(check_result("health.ping", g.call("health.ping", {})["result"]), [])
            g.call("dashboard", {"ctx": CTX, "method": "probe", "params": {"api": "log", "args": ["hello"]}})
            g.event("role_create", {"id": "1", "name": "r"})
            g.wait_acks(1)
            notes = [m for m in g.history if isinstance(m, dict) and m.get("method") in ("log", "flow.ack")]
            self.assertTrue(any(m["method"] == "log" for m in notes))
            for m in notes:
                self.assertEqual(check_params(m["method"], m["params"]), [], m)
        finally:
            g.close()

    def test_values_that_cannot_be_sent_fail_locally_before_anything_is_written(self):
        self.g.calls.clear()
        self.g.responders = {"kv.set": lambda p: {}}
        res = self.g.call("dashboard", {"ctx": CTX, "method": "unsendable", "params": {}})["result"]
        self.assertEqual(res["not_json"], "TypeError")
        self.assertEqual(res["too_large"], ["PayloadTooLarge", -32004, 1048576])
        self.assertEqual(res["bad_level"], "ValueError")
        self.assertEqual(self.g.calls, [])

    def test_ctx_interaction_outside_an_interaction_is_a_clear_error(self):
        res = self.g.call("dashboard", {"ctx": CTX, "method": "probe", "params": {"api": "interaction.respond",
                                                                                   "kwargs": {"content": "x"}}})
        self.assertEqual(res["error"]["code"], -32000)
        self.assertIn("only usable in a slash command", res["error"]["message"])


PROBE = PROBE.replace("plugin.run()", '''
@plugin.on_dashboard("unsendable")
def unsendable(ctx, params):
    out = {}
    try:
        ctx.kv.set("k", object())
    except TypeError as e:
        out["not_json"] = type(e).__name__
    try:
        ctx.kv.set("k", "x" * 2_000_000)
    except RpcError as e:
        out["too_large"] = [type(e).__name__, e.code, e.data["limit"]]
    try:
        ctx.log("x", level="loud")
    except ValueError as e:
        out["bad_level"] = type(e).__name__
    ctx.log("warned", level="warn")
    return out

@plugin.on_dashboard("bytes_put")
def bytes_put(ctx, params):
    r = ctx.http.request("PUT", "https://api.example.com/z", body=b"\\xff\\x00")
    return {"ok": {"status": r.status, "headers": r.headers, "text": r.text, "json": None}}

plugin.run()''')

if __name__ == "__main__":
    unittest.main()
