"""Keep plugin output off the protocol stream.

The frames travel on the process's original stdin/stdout. `claim()` moves them to private file
descriptors, then points fd 1 (and `sys.stdout`) at stderr and fd 0 (and `sys.stdin`) at /dev/null, so
`print()`, `os.write(1, ...)`, a child process's output and `input()` can never corrupt or steal a frame:
they all land on stderr, the log channel. It runs once, at the first `import mmo_maid_sdk` when the host
launched us (`MAIDKIT_PROTOCOL` is set), otherwise at `Plugin.run()`.
"""

from __future__ import annotations

import os
import sys

_claimed: tuple[int, int] | None = None


def claim() -> tuple[int, int]:
    """Return `(in_fd, out_fd)` for the protocol, redirecting fds 0/1 the first time."""
    global _claimed
    if _claimed is not None:
        return _claimed
    try:
        sys.stdout.flush()
    except Exception:
        pass
    out_fd = os.dup(1)  # os.dup gives a non-inheritable fd: child processes never see the stream
    in_fd = os.dup(0)
    os.dup2(2, 1)
    try:
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
    except OSError:
        pass  # no /dev/null in this sandbox: leave fd 0 alone, the SDK reads from its own copy anyway
    sys.stdout = sys.stderr
    try:
        sys.stdin = open(0, "r", closefd=False)
    except OSError:
        pass
    _claimed = (in_fd, out_fd)
    return _claimed


def claimed() -> bool:
    return _claimed is not None
