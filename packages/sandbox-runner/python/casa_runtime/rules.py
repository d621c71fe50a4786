"""Casa Cloner's tables (seed 003 §05, §06) and how each permission maps onto maidkit.

The permission → capability map is the single place the guest and the host agree on (the TypeScript side,
`src/casa/permissions.ts`, carries the same table). `events.*` are dispatch gates the host applies before
sending anything; `discord.token` is a host-only capability: the secret stays on the host unless the host
author wires a token provider.
"""

# Casa permission -> the maidkit capability the host grants for it.
CAPABILITY_OF = {
    "storage.local": "storage:kv",
    "http.request": "proxy:http",
    "events.message": "casa:message_events",
    "events.clone": "casa:clone_events",
    "discord.token": "casa:discord_token",
}

HOOKS = ("on_load", "on_unload", "on_ready", "on_message", "on_clone_start", "on_clone_finish", "on_error")

REMOVED_BUILTINS = ("eval", "exec", "compile", "open", "input", "breakpoint")

BLOCKED_IMPORTS = frozenset((
    "subprocess", "ctypes", "ctypes.util", "multiprocessing", "socket", "ssl", "smtplib", "ftplib",
    "telnetlib", "shutil", "pickle", "marshal",
))

# Only with the `http.request` permission.
GATED_IMPORTS = frozenset(("requests", "urllib", "urllib.request", "http.client"))

LOG_LIMIT = 2000
