"""`@plugin.schedule` and `@plugin.cron` in single mode: one daemon thread keeps a heap of due times and
hands each due task to the handler crew; a task whose previous run is still going skips that tick.

Test-only clock hook (never set by the host; the runner's env allow-list drops it):
`MAIDKIT_SDK_TIME_SCALE=<virtual seconds per real second>` and `MAIDKIT_SDK_CLOCK_START=<unix seconds>`
make the scheduler's clock run faster and start at a chosen instant, so a 30 s schedule or a
Monday-09:00 cron can be observed in a test without weakening the 30 s minimum.
"""

from __future__ import annotations

import heapq
import os
import threading
import time
TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs ~3 ms to import; annotations are strings anyway
    from typing import Any

from ._session import call_handler


class Task:
    __slots__ = ("kind", "name", "fn", "seconds", "cron", "running")

    def __init__(self, kind: str, name: str, fn: Any, seconds: float | None = None, cron: Any = None):
        self.kind = kind
        self.name = name
        self.fn = fn
        self.seconds = seconds
        self.cron = cron
        self.running = False

    def describe(self) -> dict:
        if self.kind == "schedule":
            return {"name": self.name, "seconds": self.seconds}
        return {"name": self.name, "spec": self.cron.spec}


def _env_float(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
        return value if value > 0 else default
    except ValueError:
        return default


class Scheduler:
    def __init__(self, session: Any, ctx: Any, schedules: dict, crons: dict):
        self.session = session
        self.ctx = ctx
        self.tasks = list(schedules.values()) + list(crons.values())
        self.scale = _env_float("MAIDKIT_SDK_TIME_SCALE", 1.0)
        self.origin = _env_float("MAIDKIT_SDK_CLOCK_START", time.time())
        self.mono0 = time.monotonic()
        self._stop = threading.Event()

    def now(self) -> float:
        """Virtual Unix time (the real time unless the test hook is set)."""
        return self.origin + (time.monotonic() - self.mono0) * self.scale

    def start(self) -> None:
        # due times are fixed now, at the handshake, not whenever the thread gets to run
        now = self.now()
        heap = [(self._next(t, now), i, t) for i, t in enumerate(self.tasks)]
        heapq.heapify(heap)
        threading.Thread(target=self._loop, args=(heap,), name="maid-scheduler", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _next(self, task: Task, after: float) -> float:
        if task.kind == "schedule":
            return after + task.seconds
        return task.cron.next_after(after).timestamp()

    def _loop(self, heap: list) -> None:
        while heap and not self._stop.is_set():
            due, i, task = heap[0]
            wait = (due - self.now()) / self.scale
            if wait > 0:
                self._stop.wait(min(wait, 3600))
                continue
            heapq.heappop(heap)
            if task.running:
                self.session.log(f"{task.kind} {task.name!r} skipped a tick: its previous run is still going", "debug",
                                 install_id=self.ctx.install_id)
            else:
                task.running = True
                self.session._submit(self._run, (task,))
            try:
                nxt = self._next(task, due)
            except ValueError:  # a spec that stopped firing (cannot happen for a spec that parsed): drop the task
                continue
            now = self.now()
            if task.kind == "schedule" and nxt <= now:  # fell behind (e.g. suspended): no burst of catch-up ticks
                nxt += ((now - nxt) // task.seconds + 1) * task.seconds
            elif task.kind == "cron" and nxt <= now:
                try:
                    nxt = self._next(task, now)  # a missed cron tick is not replayed (seed 001)
                except ValueError:
                    continue
            heapq.heappush(heap, (nxt, i, task))

    def _run(self, task: Task) -> None:
        try:
            call_handler(task.fn, self.ctx)
        except BaseException as e:  # noqa: BLE001
            self.session._report(e, f"{task.kind} task {task.name!r}", self.ctx)
        finally:
            task.running = False
