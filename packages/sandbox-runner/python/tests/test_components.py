"""Component classes produce Discord JSON from the seed's string-style values (shared table with the TS side)."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mmo_maid_sdk import ActionRow, Button, Modal, SelectMenu, SelectOption, TextInput  # noqa: E402
from mmo_maid_sdk.components import STYLES, to_rows  # noqa: E402

CASES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "component_cases.json")


def build(kind, args):
    if kind == "button":
        return Button(**args)
    if kind == "text_input":
        return TextInput(**args)
    if kind == "select":
        args = dict(args)
        args["options"] = [SelectOption(**o) for o in args.get("options", [])]
        return SelectMenu(**args)
    if kind == "row":
        return ActionRow(*[build(c["kind"], c["args"]) for c in args["components"]])
    raise AssertionError(f"unknown kind {kind}")


class SharedTableTest(unittest.TestCase):
    def test_every_case_in_component_cases_json(self):
        with open(CASES_FILE, encoding="utf-8") as f:
            cases = json.load(f)
        self.assertGreater(len(cases), 20)
        for case in cases:
            with self.subTest(case["name"]):
                if case.get("invalid"):
                    with self.assertRaises(ValueError) as cm:
                        build(case["kind"], case["args"])
                    self.assertIn(case["error"], str(cm.exception))
                else:
                    self.assertEqual(build(case["kind"], case["args"]).to_dict(), case["expected"])


    def test_the_components_package_table_agrees_on_valid_cases(self):
        # packages/components keeps extra cases (mostly limits only the host checks); its valid ones must match
        other = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(CASES_FILE)))),
                             "components", "test", "fixtures", "sdk-cases.json")
        self.assertTrue(os.path.exists(other), "packages/components/test/fixtures/sdk-cases.json is missing")
        with open(other, encoding="utf-8") as f:
            cases = [c for c in json.load(f) if not c.get("invalid")]
        self.assertTrue(cases)
        for case in cases:
            with self.subTest(case["name"]):
                self.assertEqual(build(case["kind"], case["args"]).to_dict(), case["expected"])


class SeedFormsTest(unittest.TestCase):
    def test_positional_label_as_in_seed_001(self):
        row = ActionRow(Button("Yes", custom_id="yes", style="success"), Button("No", custom_id="no", style="danger"))
        self.assertEqual(row.to_dict()["components"][0], {"type": 2, "style": 3, "label": "Yes", "custom_id": "yes"})

    def test_unknown_style_names_the_valid_set(self):
        with self.assertRaises(ValueError) as cm:
            Button("X", custom_id="x", style="blurple")
        self.assertIn("primary, secondary, success, danger, link", str(cm.exception))
        with self.assertRaises(ValueError) as cm:
            TextInput(label="L", custom_id="c", style="tall")
        self.assertIn("short, paragraph", str(cm.exception))

    def test_one_style_table(self):
        self.assertEqual(STYLES["button"], {"primary": 1, "secondary": 2, "success": 3, "danger": 4, "link": 5})
        self.assertEqual(STYLES["text_input"], {"short": 1, "paragraph": 2})

    def test_modal_wraps_each_field_in_a_row(self):
        m = Modal("Send Feedback", "feedback_form", [TextInput(label="Subject", custom_id="subject")]).to_dict()
        self.assertEqual(m, {"title": "Send Feedback", "custom_id": "feedback_form", "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "subject", "style": 1, "label": "Subject"}]}]})

    def test_bare_components_are_packed_into_rows(self):
        buttons = [Button(str(i), custom_id=f"b{i}") for i in range(7)]
        menu = SelectMenu("s", [SelectOption("A", "a")])
        rows = to_rows(buttons + [menu, {"type": 1, "components": []}])
        self.assertEqual([len(r["components"]) for r in rows], [5, 2, 1, 0])
        self.assertEqual(rows[2]["components"][0]["type"], 3)

    def test_to_dict_returns_copies(self):
        b = Button("A", custom_id="a")
        b.to_dict()["label"] = "changed"
        self.assertEqual(b.to_dict()["label"], "A")

    def test_hostile_values(self):
        for bad in (lambda: Button(123, custom_id="x"), lambda: Button("x", custom_id=5),
                    lambda: Button("x", custom_id="x", emoji=7), lambda: SelectMenu("s", ["not an option"]),
                    lambda: SelectMenu("s", [SelectOption("A", "a")], max_values=True),
                    lambda: TextInput(label="L", custom_id="c", max_length=0),
                    lambda: TextInput(label=None, custom_id="c")):
            with self.assertRaises(ValueError):
                bad()
        with self.assertRaises(TypeError):
            ActionRow(object())


if __name__ == "__main__":
    unittest.main()
