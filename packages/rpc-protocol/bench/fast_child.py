"""A minimal guest on the SDK's hot path (stdlib only): big os.read()s, frames cut from the buffer,
json.loads, dispatch to a no-op handler, and one os.write per read batch carrying the replies plus a
single batched flow.ack. `bench.kv_rtt {n}` makes n sequential guest→host kv.get calls and returns
their round-trip percentiles (measured here with perf_counter_ns)."""
import json
import os
import sys
import time

IN, OUT = 0, 1
buf = b""
pos = 0
events = 0
next_id = 0
HANDLERS = {"message_create": lambda ctx, payload: None}


def frame(obj):
    body = json.dumps(obj, separators=(",", ":")).encode()
    return b"Content-Length: %d\r\n\r\n%b" % (len(body), body)


def read_more():
    global buf, pos
    chunk = os.read(IN, 1 << 16)
    if not chunk:
        sys.exit(0)
    # keep only the unread tail, so cutting frames never copies the whole buffer per message
    buf = buf[pos:] + chunk if pos < len(buf) else chunk
    pos = 0


def next_message():
    """The next complete message at pos, or None (the partial rest stays in buf)."""
    global pos
    end = buf.find(b"\r\n\r\n", pos)
    if end == -1:
        return None
    # fast path: exactly `Content-Length: N`
    n = int(buf[pos + 15:end])
    start = end + 4
    if len(buf) < start + n:
        return None
    pos = start + n
    return json.loads(buf[start:pos])


def call_host(method, params):
    """A blocking guest→host request (what ctx.kv.get does on its worker thread)."""
    global next_id
    next_id += 1
    my_id = next_id
    os.write(OUT, frame({"jsonrpc": "2.0", "id": my_id, "method": method, "params": params}))
    while True:
        msg = next_message()
        if msg is None:
            read_more()
            continue
        if msg.get("id") == my_id and "method" not in msg:
            return msg.get("result")


def kv_rtt(n):
    samples = []
    for i in range(n):
        t0 = time.perf_counter_ns()
        call_host("kv.get", {"install_id": "inst_1", "key": "k%d" % (i % 10)})
        samples.append(time.perf_counter_ns() - t0)
    samples.sort()
    return {"p50_us": samples[len(samples) // 2] / 1000, "p99_us": samples[int(len(samples) * 0.99)] / 1000}


while True:
    read_more()
    out = []
    acks = 0
    while True:
        msg = next_message()
        if msg is None:
            break
        method = msg.get("method")
        if method == "event":
            p = msg["params"]
            h = HANDLERS.get(p["name"])
            if h is not None:
                h(p["ctx"], p["payload"])
            events += 1
            acks += 1
        elif "id" in msg and method is not None:
            if method == "count":
                result = events
            elif method == "health.ping":
                result = {"ok": True, "pending": 0}
            elif method == "bench.kv_rtt":
                if out:
                    os.write(OUT, b"".join(out))
                    out = []
                result = kv_rtt(msg["params"]["n"])
            else:
                result = None
            out.append(frame({"jsonrpc": "2.0", "id": msg["id"], "result": result}))
    if acks:
        out.append(frame({"jsonrpc": "2.0", "method": "flow.ack", "params": {"count": acks}}))
    if out:
        os.write(OUT, b"".join(out))
