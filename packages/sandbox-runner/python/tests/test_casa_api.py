"""casa_runtime.api: the `api` object of seed 003 §04, against a recording link (no process)."""

import unittest

from casa_runtime import LOG_LIMIT, Api, CasaError, Message, Record


class Link:
    def __init__(self, answers=None):
        self.logs = []
        self.calls = []
        self.answers = answers or {}

    def log(self, level, message):
        self.logs.append((level, message))

    def call(self, method, params):
        self.calls.append((method, dict(params)))
        answer = self.answers.get(method)
        if isinstance(answer, Exception):
            raise answer
        return answer(params) if callable(answer) else answer


MANIFEST = {"id": "auto-react", "name": "Auto React", "version": "1.0.0", "permissions": ["storage.local", "events.message"],
            "hooks": ["on_load", "on_message"]}


class ApiMetadata(unittest.TestCase):
    def test_slug_manifest_permissions_come_from_the_manifest(self):
        api = Api(MANIFEST, ["storage:kv"], Link())
        self.assertEqual(api.slug, "auto-react")
        self.assertEqual(api.manifest["name"], "Auto React")
        self.assertEqual(api.permissions, ("storage.local", "events.message"))

    def test_metadata_is_read_only(self):
        api = Api(MANIFEST, ["storage:kv"], Link())
        for name in ("slug", "manifest", "permissions", "log", "anything"):
            with self.assertRaises(AttributeError):
                setattr(api, name, "x")
        with self.assertRaises(TypeError):
            api.manifest["id"] = "other"  # a mapping proxy
        with self.assertRaises(TypeError):
            api.manifest["hooks"][0] = "on_error"  # nested lists are tuples
        with self.assertRaises(AttributeError):
            del api.slug

    def test_the_manifest_is_copied_so_later_changes_to_the_source_do_not_show(self):
        source = {"id": "x-y-z", "permissions": []}
        api = Api(source, [], Link())
        source["id"] = "changed"
        self.assertEqual(api.slug, "x-y-z")


class ApiLog(unittest.TestCase):
    def test_log_sends_info_lines(self):
        link = Link()
        Api(MANIFEST, [], link).log("hello from plugin 'auto-react'")
        self.assertEqual(link.logs, [("info", "hello from plugin 'auto-react'")])

    def test_log_truncates_at_2000_characters(self):
        link = Link()
        api = Api(MANIFEST, [], link)
        api.log("é" * 5000)
        api.log("x" * LOG_LIMIT)
        self.assertEqual(LOG_LIMIT, 2000)
        self.assertEqual(len(link.logs[0][1]), 2000)
        self.assertEqual(link.logs[1][1], "x" * 2000)

    def test_log_turns_non_strings_into_text(self):
        link = Link()
        Api(MANIFEST, [], link).log(42)
        self.assertEqual(link.logs, [("info", "42")])


class ApiPermissions(unittest.TestCase):
    def test_has_permission_needs_the_declaration_and_the_hosts_grant(self):
        api = Api(MANIFEST, ["storage:kv"], Link())
        self.assertTrue(api.has_permission("storage.local"))
        self.assertFalse(api.has_permission("http.request"))  # not declared
        self.assertFalse(api.has_permission("events.message"))  # declared, not granted
        self.assertFalse(Api(MANIFEST, [], Link()).has_permission("storage.local"))

    def test_storage_goes_to_the_hosts_kv(self):
        store = {}
        link = Link({"kv.get": lambda p: {"value": store.get(p["key"])},
                     "kv.set": lambda p: store.__setitem__(p["key"], p["value"]) or {}})
        api = Api(MANIFEST, ["storage:kv"], link)
        self.assertEqual(api.storage_get("emoji", "👍"), "👍")
        api.storage_set("emoji", "🎉")
        self.assertEqual(api.storage_get("emoji", "👍"), "🎉")
        self.assertEqual(store, {"emoji": "🎉"})
        self.assertEqual([c[0] for c in link.calls], ["kv.get", "kv.set", "kv.get"])

    def test_storage_without_storage_local_fails_at_runtime_without_calling_the_host(self):
        link = Link()
        api = Api({"id": "hello-world", "permissions": []}, ["storage:kv"], link)
        with self.assertRaisesRegex(PermissionError, "storage.local permission, which manifest.json does not declare"):
            api.storage_get("k")
        with self.assertRaises(PermissionError):
            api.storage_set("k", 1)
        self.assertEqual(link.calls, [])

    def test_storage_keys_must_be_non_empty_strings(self):
        api = Api(MANIFEST, ["storage:kv"], Link())
        for key in ("", None, 3):
            with self.assertRaises(ValueError):
                api.storage_get(key)

    def test_get_discord_token_is_a_host_call_gated_on_discord_token(self):
        link = Link({"casa.get_discord_token": {"token": "secret"}})
        with self.assertRaisesRegex(PermissionError, "discord.token"):
            Api(MANIFEST, ["casa:discord_token"], link).get_discord_token()
        manifest = {"id": "tok-en", "permissions": ["discord.token"]}
        self.assertEqual(Api(manifest, ["casa:discord_token"], link).get_discord_token(), "secret")
        self.assertEqual(link.calls, [("casa.get_discord_token", {})])
        with self.assertRaisesRegex(PermissionError, "did not grant casa:discord_token"):
            Api(manifest, [], link).get_discord_token()

    def test_a_host_refusal_surfaces_as_a_permission_error(self):
        from mmo_maid_sdk import CapabilityDenied
        link = Link({"casa.get_discord_token": CapabilityDenied("no token provider", data={"capability": "casa:discord_token"})})
        api = Api({"id": "tok-en", "permissions": ["discord.token"]}, ["casa:discord_token"], link)
        with self.assertRaises(PermissionError):
            api.get_discord_token()


class Records(unittest.TestCase):
    PAYLOAD = {"message_id": "5", "channel_id": "3", "author_id": "2", "author_bot": False, "content": "!ping",
               "timestamp": "2026-04-01T12:00:00.000Z"}

    def test_message_fields_are_attributes(self):
        m = Message(self.PAYLOAD, "9")
        self.assertEqual(m.content, "!ping")
        self.assertEqual((m.id, m.channel_id, m.author.id, m.author.bot, m.server_id), ("5", "3", "2", False, "9"))
        self.assertEqual(m.get("missing", 1), 1)
        with self.assertRaises(AttributeError):
            m.nothing
        with self.assertRaises(AttributeError):
            m.content = "changed"

    def test_a_record_is_a_copy(self):
        data = {"job_id": "j1", "source": {"guild": "1"}}
        r = Record(data)
        data["job_id"] = "j2"
        self.assertEqual(r.job_id, "j1")
        self.assertEqual(r.source.guild, "1")
        self.assertEqual(r.to_dict()["job_id"], "j1")

    def test_casa_error_carries_its_fields(self):
        e = CasaError("hook", "boom", hook="on_message", type="ValueError")
        self.assertEqual((str(e), e.source, e.hook, e.type), ("boom", "hook", "on_message", "ValueError"))


if __name__ == "__main__":
    unittest.main()
