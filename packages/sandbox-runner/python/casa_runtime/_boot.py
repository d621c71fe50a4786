"""Launch a Casa Cloner plugin the way the runner does:

    python3 -I -S <CASA_DIR>/casa_runtime/_boot.py <SDK_DIR> /plugin/plugin.py

`<SDK_DIR>` holds `mmo_maid_sdk/` (whose first import claims the protocol stream under `MAIDKIT_PROTOCOL`),
`<CASA_DIR>` holds `casa_runtime/`. `manifest.json` is read from beside `plugin.py`.
"""

import os
import sys


def main() -> None:
    if len(sys.argv) < 3:
        sys.stderr.write("usage: python3 -I -S .../casa_runtime/_boot.py <sdk dir> /plugin/plugin.py\n")
        sys.exit(2)
    casa_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sdk_root = os.path.abspath(sys.argv[1])
    entry = os.path.abspath(sys.argv[2])
    sys.path[:0] = [p for p in (casa_root, sdk_root) if p not in sys.path]
    import mmo_maid_sdk  # noqa: F401  (claims stdin/stdout when MAIDKIT_PROTOCOL is set)
    from casa_runtime.runtime import serve

    serve(entry)


if __name__ == "__main__":
    main()
