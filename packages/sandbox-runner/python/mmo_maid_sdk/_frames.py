"""Reading frames (PROTOCOL.md §1.1) from the protocol fd, resynchronising through damage as in §1.3.

One buffer, one blocking `os.read` at a time: a backlog stays in the pipe (memory stays flat), and the
reader knows exactly when it is about to block, which is when batched `flow.ack`s are flushed.
"""

from __future__ import annotations

import os
import sys

from ._jsonfast import loads as _decode

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_HEADER_BYTES = 4096
READ_SIZE = 65536
_CL = b"content-length:"


class FrameReader:
    """Mixin for the session: needs `in_fd`, `max_bytes`, `_buf`, `_pos`, `_reader_idle`, and the hooks
    `_before_block()`, `_on_eof()`, `_stray(bytes, what)`, `_oversized(length)`."""

    in_fd: int
    max_bytes: int
    _buf: bytes
    _pos: int
    _reader_idle: bool

    def _read_frame(self) -> bytes | None:
        """The next frame's body (PROTOCOL.md §1.1, resynchronising as in §1.3), or None when the session ends."""
        buf = self._buf
        pos = self._pos
        while True:
            if pos >= len(buf):  # everything consumed (the usual case between messages): read straight away
                chunk = self._read_more()
                if chunk is None:
                    return None
                buf = chunk
                pos = 0
            end = buf.find(b"\r\n\r\n", pos)
            # fast path: exactly one `Content-Length: N` header
            if end >= 0 and end - pos < 32 and buf.startswith(b"Content-Length: ", pos) \
                    and buf.find(b"\r\n", pos) == end and buf[pos + 16:end].isdigit():
                length = int(buf[pos + 16:end])
            else:
                # slow path: stray bytes, other headers, odd spacing or case, malformed or incomplete headers
                head = buf[pos:pos + 15].lower()
                if head != _CL[:len(head)]:  # §1.3 rule 1: not the start of a frame
                    nxt = buf.lower().find(_CL, pos)
                    if nxt < 0:  # keep a tail that may be the start of a split header
                        nxt = max(pos, len(buf) - 14)
                        while nxt < len(buf) and not _CL.startswith(buf[nxt:nxt + 15].lower()):
                            nxt += 1
                    self._stray(buf[pos:nxt])
                    pos = nxt
                    continue
                if end < 0 or end - pos > MAX_HEADER_BYTES:
                    if len(buf) - pos > MAX_HEADER_BYTES:  # rule 2: too long to be a header block
                        self._stray(buf[pos:pos + 15], "a header block over 4096 bytes")
                        pos += 15
                        continue
                    chunk = self._read_more()
                    if chunk is None:
                        return None
                    buf = buf[pos:] + chunk if pos < len(buf) else chunk
                    pos = 0
                    continue
                length = self._header_length(buf[pos:end])
                if length < 0:  # rule 2: malformed header block, skipped
                    self._stray(buf[pos:end + 4], "a malformed header block")
                    pos = end + 4
                    continue
            if length > self.max_bytes:
                return self._oversized(length)
            start = end + 4
            stop = start + length
            if stop > len(buf):
                parts = [buf[pos:]]
                have = len(buf) - pos
                need = stop - pos
                while have < need:
                    chunk = self._read_more(need - have)
                    if chunk is None:
                        return None
                    parts.append(chunk)
                    have += len(chunk)
                buf = b"".join(parts)
                start -= pos
                stop -= pos
            self._buf = buf
            self._pos = stop
            return buf[start:stop]

    def _read_more(self, want: int = 0) -> bytes | None:
        self._before_block()
        try:
            chunk = os.read(self.in_fd, max(READ_SIZE, want))
        except OSError as e:
            chunk = b""
            sys.stderr.write(f"mmo_maid_sdk: reading stdin failed: {e}\n")
        self._reader_idle = False
        if not chunk:
            return self._on_eof()
        return chunk

    @staticmethod
    def _header_length(block: bytes) -> int:
        """Content-Length of a header block that starts with it; -1 when malformed. 16+ digits: oversized."""
        first = block.split(b"\r\n", 1)[0]
        name, _, value = first.partition(b":")
        value = value.strip(b" \t")
        if name.lower() != b"content-length" or not value.isdigit() or not value.isascii():
            return -1
        return int(value) if len(value) < 16 else 1 << 62


def recover_id(body: bytes) -> Any:
    """The id of a request whose body is not valid JSON, when the text shows one (PROTOCOL.md §1.3 rule 3)."""
    import re
    text = body.decode("utf-8", "replace")
    if '"method"' not in text:
        return None
    m = re.search(r'"id"\s*:\s*(-?\d+(?![.\deE])|"(?:[^"\\]|\\.)*")', text)
    if not m:
        return None
    try:
        return _decode(m.group(1).encode("utf-8"))
    except ValueError:
        return None
