from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.on_install
def first_install(ctx: Context):
    ctx.kv.set("welcome_channel", "")
    ctx.log("installed on " + ctx.server_id)
@plugin.on_enable
def enabled(ctx: Context):
    ctx.log("re-enabled")
@plugin.on_uninstall
def cleanup(ctx: Context):
    # KV is wiped automatically on uninstall; this hook lets you do
    # extra side effects (e.g. post a goodbye message).
    pass
plugin.run() # required — starts the event loop and blocks forever.
