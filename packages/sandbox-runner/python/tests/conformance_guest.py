"""The conformance guest of PROTOCOL.md §10.3, on mmo_maid_sdk.

    node packages/rpc-protocol/conformance/replay.mjs -- python3 packages/sandbox-runner/python/tests/conformance_guest.py

It runs without the boot script, so it puts the SDK (this folder's parent) on sys.path itself.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mmo_maid_sdk import Context, Plugin, RpcError  # noqa: E402

plugin = Plugin()


def error_text(e: RpcError) -> str:
    text = f"error:{e.code}"
    if isinstance(e.data, dict) and "capability" in e.data:
        text += f":{e.data['capability']}"
    return text


@plugin.on_ready
def ready(ctx: Context):
    ctx.log("ready")


@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    pass


@plugin.on_slash_command("kv_get")
def kv_get(ctx: Context, event: dict):
    options = {o["name"]: o["value"] for o in event.get("options") or []}
    try:
        content = str(ctx.kv.get(options.get("key")))
    except RpcError as e:
        content = error_text(e)
    ctx.interaction.respond(content=content)


@plugin.on_slash_command("send")
def send(ctx: Context, event: dict):
    try:
        sent = ctx.discord.send_message(channel_id=event["channel_id"], content="hi")
        content = "sent:" + str(sent["message_id"])
    except RpcError as e:
        content = error_text(e)
    ctx.interaction.respond(content=content)


@plugin.on_slash_command("slow")
def slow(ctx: Context, event: dict):
    ctx.wait_cancelled(10)


@plugin.on_component("boom")
def boom(ctx: Context, event: dict):
    raise ValueError("boom")


@plugin.on_modal_submit("feedback_form")
def feedback(ctx: Context, event: dict):
    ctx.interaction.respond(content=event["modal_values"]["subject"])


@plugin.on_dashboard("echo")
def echo(ctx: Context, params: dict):
    return params


plugin.run()
