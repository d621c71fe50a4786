def on_load(api):
    api.log("hello from plugin '%s'" % api.slug)

def on_message(api, message):
    if message.content == "!ping":
        api.log("pong")
