"""Every Python sample of seeds 000-002 runs unmodified: the samples as printed live in examples/*/__main__.py
(joined with the hello sample's `from mmo_maid_sdk import ...` / `plugin = Plugin()` header and `plugin.run()`;
seed 000's extracted text lost its indentation, which is restored)."""

import os
import unittest

from .harness import CTX, REPO, Guest
from .schema_check import check_params

INTERACTION = {"interaction_type": 2, "user_id": "42", "channel_id": "c1", "guild_id": CTX["server_id"]}


# The seed samples live once, as the runnable examples (examples/*/__main__.py).
SEED_SAMPLES = {
    "seed000_hello.py": "hello-plugin",
    "seed000_lifecycle.py": "lifecycle-plugin",
    "seed001_interactions.py": "interactions-plugin",
    "seed001_tasks.py": "tasks-plugin",
    "seed002_dashboard.py": "dashboard-plugin",
}


def fixture(name):
    return os.path.join(REPO, "examples", SEED_SAMPLES[name], "__main__.py")


class Seed000Test(unittest.TestCase):
    def check_hello(self, path):
        with Guest(path=path) as g:
            g.responders = {"discord.send_message": lambda p: {"message_id": "m1"}}
            h = g.handshake()["handlers"]
            self.assertEqual((h["lifecycle"], h["events"]), (["ready"], ["message_create"]))
            self.assertIsNone(g.lifecycle("ready")["result"])
            self.assertEqual(g.wait_log(lambda e: True)["message"], "Plugin booted on server " + CTX["server_id"])
            g.event("message_create", {"message_id": "1", "channel_id": "c9", "author_id": "7", "author_bot": True,
                                       "content": "!ping", "timestamp": "2026-01-01T00:00:00Z"})
            g.event("message_create", {"message_id": "2", "channel_id": "c9", "author_id": "7", "author_bot": False,
                                       "content": "hello", "timestamp": "2026-01-01T00:00:00Z"})
            g.event("message_create", {"message_id": "3", "channel_id": "c9", "author_id": "7", "author_bot": False,
                                       "content": "say !ping", "timestamp": "2026-01-01T00:00:00Z"})
            g.wait_acks(3)
            self.assertEqual([(c["method"], c["params"]) for c in g.calls],
                             [("discord.send_message", {"channel_id": "c9", "content": "Pong!", "install_id": "inst_1"})])
            self.assertEqual(g.garbage, [])

    def test_hello_plugin(self):
        self.check_hello(fixture("seed000_hello.py"))

    def test_lifecycle_sample(self):
        with Guest(path=fixture("seed000_lifecycle.py")) as g:
            kv = {}
            g.responders = {"kv.set": lambda p: kv.update({p["key"]: p["value"]}) or {}}
            h = g.handshake()["handlers"]
            self.assertEqual(h["lifecycle"], ["install", "enable", "uninstall"])
            for hook in ("install", "enable", "ready", "disable", "enable", "uninstall"):
                self.assertIsNone(g.lifecycle(hook)["result"], hook)
            self.assertEqual(kv, {"welcome_channel": ""})
            self.assertEqual([e["message"] for e in g.logs], ["installed on " + CTX["server_id"], "re-enabled", "re-enabled"])


class Seed001Test(unittest.TestCase):
    def test_slash_commands_buttons_and_modals(self):
        with Guest(path=fixture("seed001_interactions.py")) as g:
            g.responders = {m: (lambda p: {}) for m in ("interaction.respond", "interaction.send_modal", "kv.set")}
            h = g.handshake()["handlers"]
            self.assertEqual(h["slash_commands"], ["greet", "menu", "feedback"])
            self.assertEqual(h["components"], ["yes", "no"])
            self.assertEqual(h["modals"], ["feedback_form"])

            def run(kind, **inter):
                inter.update(INTERACTION)
                g.calls.clear()
                self.assertIsNone(g.call(kind, {"ctx": CTX, "interaction": inter})["result"])
                for c in g.calls:
                    self.assertEqual(check_params(c["method"], c["params"]), [], c)
                return [(c["method"], {k: v for k, v in c["params"].items() if k != "install_id"}) for c in g.calls]

            self.assertEqual(run("slash_command", interaction_id="i1", command_name="greet",
                                 options=[{"name": "user", "type": 6, "value": "42"}]),
                             [("interaction.respond", {"interaction_id": "i1", "content": "<@42> Hey there!"})])
            self.assertEqual(run("slash_command", interaction_id="i2", command_name="menu"), [(
                "interaction.respond", {"interaction_id": "i2", "content": "Pick one:", "components": [
                    {"type": 1, "components": [{"type": 2, "style": 3, "label": "Yes", "custom_id": "yes"},
                                               {"type": 2, "style": 4, "label": "No", "custom_id": "no"}]}]})])
            self.assertEqual(run("component", interaction_id="i3", interaction_type=3, custom_id="yes"),
                             [("interaction.respond", {"interaction_id": "i3", "content": "✅", "ephemeral": True})])
            self.assertEqual(run("component", interaction_id="i4", custom_id="no"),
                             [("interaction.respond", {"interaction_id": "i4", "content": "❌", "ephemeral": True})])
            self.assertEqual(run("slash_command", interaction_id="i5", command_name="feedback"), [(
                "interaction.send_modal", {"interaction_id": "i5", "title": "Send Feedback", "custom_id": "feedback_form",
                                           "components": [
                    {"type": 1, "components": [{"type": 4, "custom_id": "subject", "style": 1, "label": "Subject",
                                                "placeholder": "Quick summary", "max_length": 100}]},
                    {"type": 1, "components": [{"type": 4, "custom_id": "details", "style": 2, "label": "Details",
                                                "required": False, "max_length": 2000}]}]})])
            values = {"subject": "Hi", "details": "More"}
            self.assertEqual(run("modal_submit", interaction_id="i6", custom_id="feedback_form", modal_values=values), [
                ("kv.set", {"key": "feedback:i6", "value": values}),
                ("interaction.respond", {"interaction_id": "i6", "content": "Thanks for the feedback!", "ephemeral": True})])

    def test_schedules_and_crons_register_and_run(self):
        # Monday 2024-01-01 08:59:30 UTC, clock x60: the 09:00 crons (weekly report, */15) fire after ~0.5 s
        env = {"MAIDKIT_SDK_TIME_SCALE": "60", "MAIDKIT_SDK_CLOCK_START": "1704099570"}
        with Guest(path=fixture("seed001_tasks.py"), env=env) as g:
            n = {"v": 0}
            g.responders = {"ephemeral.counter": lambda p: n.update(v=n["v"] + 1) or {"value": n["v"]}}
            h = g.handshake()["handlers"]
            self.assertEqual(h["schedules"], [{"name": "heartbeat", "seconds": 300}])
            self.assertEqual(h["crons"], [{"name": "weekly_report", "spec": "0 9 * * 1"},
                                          {"name": "heartbeat", "spec": "*/15 * * * *"},
                                          {"name": "monthly_rollup", "spec": "30 0 1 * *"}])
            g.wait_log(lambda e: e["message"] == "Sending weekly report", timeout=5)
            g.wait_history(lambda m: m.get("method") == "ephemeral.counter")  # the */15 cron
            g.wait_log(lambda e: e["message"].startswith("heartbeat #"), timeout=8)  # the 300 s schedule: 5 s here
            self.assertIsNone(g.call("task.tick", {"ctx": CTX, "kind": "cron", "name": "monthly_rollup"})["result"])


class Seed002Test(unittest.TestCase):
    def test_dashboard_handlers(self):
        with Guest(path=fixture("seed002_dashboard.py")) as g:
            kv = {"active_user:1": True, "active_user:2": True, "welcome_channel": "c7"}
            g.responders = {
                "kv.count": lambda p: {"count": sum(k.startswith(p["prefix"]) for k in kv)},
                "kv.get": lambda p: {"value": kv.get(p["key"])},
                "kv.set": lambda p: kv.update({p["key"]: p["value"]}) or {},
                "metrics.query": lambda p: {"labels": ["mon", "tue"], "series": [{"name": p["name"], "data": [3, 5]}]},
            }
            h = g.handshake()["handlers"]
            self.assertEqual(h["dashboard"], ["get_active_users", "get_messages_chart", "get_settings", "save_settings"])

            def rpc(method, **params):
                params["discord_srv_id"] = CTX["server_id"]
                res = g.call("dashboard", {"ctx": CTX, "method": method, "params": params})
                self.assertIn("result", res, res)
                return res["result"]

            self.assertEqual(rpc("dashboard.get_active_users"), {"value": 2, "change": "+12%"})
            self.assertEqual(rpc("dashboard.get_messages_chart"),
                             {"labels": ["mon", "tue"], "series": [{"name": "Messages", "data": [3, 5]}]})
            self.assertEqual(rpc("dashboard.get_settings"), {"values": {"channel_id": "c7", "message": "Welcome!"}})
            self.assertEqual(rpc("dashboard.save_settings", values={"channel_id": "c8", "message": "Hey"}), {"ok": True})
            self.assertEqual(rpc("dashboard.get_settings"), {"values": {"channel_id": "c8", "message": "Hey"}})


class ExamplesTest(unittest.TestCase):
    """The repository's example plugins (written by the examples owner) handshake with this SDK."""

    def test_every_example_plugin_handshakes(self):
        root = os.path.join(REPO, "examples")
        entries = sorted(os.path.join(root, d, "__main__.py") for d in os.listdir(root)
                         if os.path.isfile(os.path.join(root, d, "__main__.py"))) if os.path.isdir(root) else []
        self.assertTrue(entries, "no examples/*/__main__.py found")
        for path in entries:
            with self.subTest(example=os.path.basename(os.path.dirname(path))):
                with Guest(path=path) as g:
                    result = g.handshake()
                    self.assertEqual(result["protocol_version"], "1.0")
                    self.assertEqual(g.call("health.ping", {})["result"]["ok"], True)
                    self.assertEqual(g.garbage, [])


if __name__ == "__main__":
    unittest.main()
