from mmo_maid_sdk import Plugin, Context

plugin = Plugin()


@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    if event.get("author_bot"):
        return
    ctx.discord.send_message(channel_id=event["channel_id"], content=event["content"])


plugin.run()
