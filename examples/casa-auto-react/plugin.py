def on_load(api):
    api.log("auto-react loaded")

def on_message(api, message):
    if api.has_permission("storage.local"):
        emoji = api.storage_get("emoji", "👍")
        # ... react logic ...

def on_unload(api):
    api.log("auto-react unloaded")
