"""casa_runtime — run Casa Cloner plugins (seed 003: `plugin.py` + `manifest.json`) on the maidkit runner.

`_boot.py` loads `plugin.py` with Casa's restricted builtins and import rules (`sandbox`), builds the `api`
object (`api`), and serves the host with `mmo_maid_sdk`'s protocol session (`runtime`). The restrictions are
defence in depth; the OS sandbox around the process is the boundary.
"""

from .api import Api, CasaError, Message, Record
from .rules import BLOCKED_IMPORTS, CAPABILITY_OF, GATED_IMPORTS, HOOKS, LOG_LIMIT, REMOVED_BUILTINS
from .sandbox import guarded_import, import_refusal, restricted_builtins

__all__ = [
    "Api", "CasaError", "Message", "Record",
    "BLOCKED_IMPORTS", "CAPABILITY_OF", "GATED_IMPORTS", "HOOKS", "LOG_LIMIT", "REMOVED_BUILTINS",
    "guarded_import", "import_refusal", "restricted_builtins",
]
