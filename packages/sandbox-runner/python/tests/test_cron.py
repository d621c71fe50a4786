"""The cron grammar of seed 001, checked against npm cron-parser's answers (test/fixtures/cron-table.json)."""

import json
import os
import unittest
from datetime import datetime, timezone

from mmo_maid_sdk import Plugin
from mmo_maid_sdk.cron import CronSpec

from .harness import REPO

TABLE = os.path.join(REPO, "packages", "sandbox-runner", "test", "fixtures", "cron-table.json")


def iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def parse_iso(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


class AgreementTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(TABLE, encoding="utf-8") as f:
            cls.table = json.load(f)

    def test_same_next_fire_times_as_cron_parser(self):
        cases = self.table["cases"]
        self.assertGreaterEqual(len(cases), 100)
        for case in cases:
            with self.subTest(spec=case["spec"], start=case["start"]):
                got = CronSpec(case["spec"]).next_times(parse_iso(case["start"]), self.table["count"])
                self.assertEqual([iso(t) for t in got], case["next"])

    def test_specs_cron_parser_refuses_raise_ValueError_at_registration(self):
        plugin = Plugin()
        for spec in self.table["invalid"]:
            with self.subTest(spec=spec), self.assertRaises(ValueError):
                plugin.cron(spec)


class GrammarTest(unittest.TestCase):
    def test_outside_the_seed_grammar_is_refused_with_a_clear_message(self):
        # cron-parser accepts these extensions; the seed's grammar does not, so the SDK refuses them at boot
        for spec, needle in [("* * * *", "expected 5"), ("0 0 0 * * *", "expected 5"), ("0 0 * * 7", "outside 0-6"),
                             ("0 0 * * MON", "not a number"), ("5/15 * * * *", "a step needs"), ("", "0 fields"),
                             ("0 0 L * *", "not a number"), ("H * * * *", "not a number"), ("? * * * *", "not a number"),
                             ("1-2-3 * * * *", "not a number"), ("*/x * * * *", "step"), ("٣ * * * *", "not a number")]:
            with self.subTest(spec=spec):
                with self.assertRaises(ValueError) as cm:
                    CronSpec(spec)
                self.assertIn(needle, str(cm.exception))
                self.assertIn(repr(spec), str(cm.exception))

    def test_non_string_spec(self):
        with self.assertRaises(ValueError):
            CronSpec(None)  # type: ignore[arg-type]

    def test_next_is_strictly_after_and_accepts_timestamps(self):
        spec = CronSpec("0 9 * * 1")
        monday_9 = datetime(2024, 1, 1, 9, 0, tzinfo=timezone.utc)
        self.assertEqual(spec.next_after(monday_9), datetime(2024, 1, 8, 9, 0, tzinfo=timezone.utc))
        self.assertEqual(spec.next_after(monday_9.timestamp() - 1), monday_9)
        with self.assertRaises(ValueError):
            spec.next_after(datetime(2024, 1, 1))  # naive: ambiguous

    def test_registration_lists_the_spec_in_the_handshake(self):
        plugin = Plugin()

        @plugin.cron("0 9 * * 1")
        def weekly_report(ctx):
            pass

        self.assertEqual(plugin._handlers()["crons"], [{"name": "weekly_report", "spec": "0 9 * * 1"}])


if __name__ == "__main__":
    unittest.main()
