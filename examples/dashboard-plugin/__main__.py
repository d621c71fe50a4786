from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.on_dashboard("get_active_users")
def active_users(ctx: Context, params: dict):
    n = ctx.kv.count(prefix="active_user:")
    return {"value": n, "change": "+12%"}
@plugin.on_dashboard("get_messages_chart")
def messages_chart(ctx: Context, params: dict):
    data = ctx.metrics.query("messages", period="7d")
    return {
        "labels": data["labels"],
        "series": [{"name": "Messages", "data": data["series"][0]["data"]}],
    }
@plugin.on_dashboard("get_settings")
def get_settings(ctx: Context, params: dict):
    return {"values": {
        "channel_id": ctx.kv.get("welcome_channel") or "",
        "message": ctx.kv.get("welcome_message") or "Welcome!",
    }}
@plugin.on_dashboard("save_settings")
def save_settings(ctx: Context, params: dict):
    ctx.kv.set("welcome_channel", params["values"]["channel_id"])
    ctx.kv.set("welcome_message", params["values"]["message"])
    return {"ok": True}

plugin.run()
