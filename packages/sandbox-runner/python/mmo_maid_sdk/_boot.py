"""Launch a plugin under `python3 -I -S`, where neither PYTHONPATH nor the script's folder is on sys.path.

    python3 -I -S <SDK_DIR>/mmo_maid_sdk/_boot.py /plugin/__main__.py

puts `<SDK_DIR>` (the folder holding `mmo_maid_sdk/`), the plugin's folder and the folders listed in
`MAIDKIT_SYS_PATH` (os.pathsep-separated, e.g. a host-built requirements.txt environment) on `sys.path`, imports
the SDK first (which claims the protocol stream before any plugin code runs), then executes the entry
file as `__main__`, the way `python3 /plugin/__main__.py` would.
"""

import os
import sys


def main() -> None:
    if len(sys.argv) < 2:
        sys.stderr.write("usage: python3 -I -S .../mmo_maid_sdk/_boot.py /plugin/__main__.py [args...]\n")
        sys.exit(2)
    entry = os.path.abspath(sys.argv[1])
    sdk_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path[:0] = [os.path.dirname(entry), sdk_root]
    extra = os.environ.get("MAIDKIT_SYS_PATH")
    if extra:
        sys.path[2:2] = [p for p in extra.split(os.pathsep) if p]
    del sys.argv[0]
    import mmo_maid_sdk  # noqa: F401  (claims stdin/stdout when MAIDKIT_PROTOCOL is set)

    with open(entry, "rb") as f:
        code = compile(f.read(), entry, "exec")
    module = type(sys)("__main__")
    module.__file__ = entry
    module.__builtins__ = __builtins__
    sys.modules["__main__"] = module
    exec(code, module.__dict__)


if __name__ == "__main__":
    main()
