"""The stock baseline's child: a naive stdlib JSON-RPC guest (readline + read(n), one flush per reply).

It is what a plugin author would write in an afternoon, like python-lsp-jsonrpc's reader: blocking
readline for headers, read(n) for the body, json.loads, write + flush for every reply.
"""
import json
import sys

stdin = sys.stdin.buffer
stdout = sys.stdout.buffer
events = 0


def reply(msg_id, result):
    body = json.dumps({"jsonrpc": "2.0", "id": msg_id, "result": result}).encode()
    stdout.write(b"Content-Length: %d\r\n\r\n" % len(body))
    stdout.write(body)
    stdout.flush()


while True:
    length = -1
    while True:
        line = stdin.readline()
        if not line:
            sys.exit(0)
        if line == b"\r\n":
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    msg = json.loads(stdin.read(length))
    method = msg.get("method")
    if "id" not in msg:
        if method == "event":
            events += 1
        continue
    if method == "count":
        reply(msg["id"], events)
    else:
        reply(msg["id"], None)
