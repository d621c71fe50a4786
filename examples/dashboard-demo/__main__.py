from mmo_maid_sdk import Plugin, Context

plugin = Plugin()


@plugin.on_install
def first_install(ctx: Context):
    ctx.kv.set("welcome_channel", "")
    ctx.kv.set("welcome_message", "Welcome!")


@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    if event.get("author_bot"):
        return
    ctx.metrics.increment("messages")
    ctx.metrics.increment("messages_sent")
    ctx.kv.set("active_user:" + event["author_id"], event.get("timestamp") or True)


@plugin.on_event("member_join")
def on_join(ctx: Context, event: dict):
    joins = ctx.kv.get("recent_joins") or []
    joins = ([{"label": event.get("username") or event["user_id"], "value": "just now"}] + joins)[:10]
    ctx.kv.set("recent_joins", joins)
    channel = ctx.kv.get("welcome_channel")
    if channel:
        ctx.discord.send_message(channel_id=channel, content=(ctx.kv.get("welcome_message") or "Welcome!"))


# ---- manifest mode: one handler per widget (seed 002's four, plus the other widget types) ----

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


@plugin.on_dashboard("get_quota")
def quota(ctx: Context, params: dict):
    used = ctx.kv.count(prefix="")
    return {"value": used, "max": 1000, "label": "KV keys used"}


@plugin.on_dashboard("get_status")
def status(ctx: Context, params: dict):
    if not ctx.kv.get("welcome_channel"):
        return {"level": "warn", "message": "Pick a welcome channel on the Settings page."}
    return {"level": "info", "message": "Greeting new members."}


@plugin.on_dashboard("get_recent_joins")
def recent_joins(ctx: Context, params: dict):
    return {"items": ctx.kv.get("recent_joins") or []}


@plugin.on_dashboard("get_active_table")
def active_table(ctx: Context, params: dict):
    keys = ctx.kv.list(prefix="active_user:")
    page = int(params.get("page", 1))
    size = int(params.get("page_size", 10))
    chunk = keys[(page - 1) * size: page * size]
    values = ctx.kv.get_many(chunk) if chunk else {}
    rows = [{"user": k[len("active_user:"):], "last_seen": str(values.get(k))} for k in chunk]
    return {"rows": rows, "total": len(keys)}


@plugin.on_dashboard("get_about")
def about(ctx: Context, params: dict):
    return {"text": "Greets new members in the channel you choose. Server " + params["discord_srv_id"] + "."}


@plugin.on_dashboard("get_help")
def help_text(ctx: Context, params: dict):
    return {"markdown": "# How it works\n- Set a **welcome channel**\n- Write the *welcome text*\n- Changes apply to the next member who joins"}


plugin.run()
