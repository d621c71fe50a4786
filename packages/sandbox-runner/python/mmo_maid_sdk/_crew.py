"""The threads that read the protocol stream and run handlers: a leader/followers crew.

One thread at a time is the **leader**: it reads frames and, when a handler slot is free, runs the
handler itself (no hand-off between threads, which is what makes ~150k no-op events/s possible). It
gives up the lead, and another thread (an idle follower, or a new one) starts reading, when

- its handler calls the host (`ctx.kv.get`, ...) while handlers run on other threads too: someone
  must read the answer (when it is the only handler running, it reads its own answer instead: no
  thread hand-off per call, see `begin_call`); or
- a watchdog sees the same handler still running after `stuck_after` seconds (a slow handler).

So a slow handler never holds up the events behind it. The watchdog costs next to nothing per event:
while the leader runs handlers itself, a one-shot `SIGALRM` timer (`setitimer`) is set — once per burst,
cleared when the leader waits for input — and each handler's start is noted; the signal wakes a sleeping
watchdog thread only when a handler outlives `stuck_after`. Waking a watchdog thread on every event
instead cost two thread switches per event, which with a hundred workers on two cores was a third of
each worker's CPU. Where the SDK cannot own `SIGALRM` (the session is not on the main thread, or the
plugin installed its own handler first), a timed watchdog thread does the same job.

At most `size` handlers run at once (`limits.max_concurrency`); beyond that, work waits in one FIFO
queue (bounded by the host's flow window) while the leader keeps reading, so answers to pending host
calls, pings and shutdown still get through. Work starts in arrival order; with `size` 1, handlers run
strictly one after another.
All threads are daemons: a handler stuck forever cannot keep the process alive.
"""

from __future__ import annotations

import _thread
import signal
import threading
import time
from collections import deque
TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs ~3 ms to import; annotations are strings anyway
    from typing import Any, Callable

_get_ident = threading.get_ident


def _last_resort(exc: BaseException) -> None:
    """Never let an exception end a crew thread (a dead leader would leave nobody reading)."""
    import sys
    import traceback
    try:
        sys.stderr.write("mmo_maid_sdk: internal error in a handler thread:\n" + "".join(
            traceback.format_exception(type(exc), exc, exc.__traceback__)))
    except Exception:
        pass


class Crew:
    def __init__(self, size: int, lead_step: Callable[[], bool], stuck_after: float = 0.02):
        self.size = max(1, size)
        self._lead_step = lead_step  # read and handle one message; False when the session is over
        self.stuck_after = stuck_after
        self._lock = threading.Lock()
        self._cv = threading.Condition(self._lock)  # followers wait here for the lead or for work
        self._idle_cv = threading.Condition(self._lock)
        self._idle_waiters = 0
        self._queue: deque = deque()
        self._leader: int | None = None
        self._busy = 0  # handlers running, the leader's included
        self._followers = 0
        self._threads = 0
        self._done = False
        self._seq = 0  # inline runs started by leaders; the watchdog compares it over time
        self._inline = False  # the leader is inside a handler right now
        self._calling = False  # the leader is reading, inside its handler, until its host call is answered
        self._wd_started = False
        self._wd_sleeping = False
        self._wd_wake = threading.Event()
        self._armed_at = 0.0  # when the leader's current inline run started (SIGALRM mode)
        self._timer_on = False  # the SIGALRM timer is set (it stays set across back-to-back handlers)
        # A raw lock as a semaphore: `release()` never blocks, so the signal handler may call it anywhere.
        self._wd_sem = _thread.allocate_lock()
        self._wd_sem.acquire()
        self._alarm = _claim_alarm(self._on_alarm)

    # ------------------------------------------------------------------ public
    def run(self) -> None:
        """Called by the thread that starts the session; returns when the session is over."""
        self._thread_main()

    @property
    def pending(self) -> int:
        """Handlers running or queued."""
        return self._busy + len(self._queue)

    @property
    def running(self) -> int:
        return self._busy

    def dispatch(self, fn: Callable[..., Any], args: tuple) -> None:
        """Leader only: run `fn(*args)` here if a slot is free, else queue it."""
        with self._lock:
            if self._busy >= self.size:
                self._queue.append((fn, args))
                return
            if self._calling:  # the leader is inside a handler: work goes to another thread
                self._queue.append((fn, args))
                if self._followers:
                    self._cv.notify()
                else:
                    self._spawn_locked()
                return
            if self._queue:
                self._queue.append((fn, args))
                fn, args = self._queue.popleft()
            self._busy += 1
            self._seq += 1
            self._inline = True
            self._armed_at = _monotonic()
            me = self._leader
        self._arm()
        try:
            fn(*args)
        except BaseException as e:  # the runners catch plugin errors; this is a last line for SDK bugs
            _last_resort(e)
        finally:
            with self._lock:
                self._busy -= 1
                if self._leader == me:
                    self._inline = False
                    # Work queued while this handler read its own answer (`begin_call`): the leader goes
                    # back to reading, so another thread runs it.
                    if self._queue and self._busy < self.size:
                        if self._followers:
                            self._cv.notify()
                        else:
                            self._spawn_locked()
                self._maybe_idle_locked()

    def submit(self, fn: Callable[..., Any], args: tuple) -> None:
        """Any other thread (the scheduler): queue work and make sure a thread will pick it up."""
        with self._lock:
            self._queue.append((fn, args))
            if self._busy < self.size:
                if self._followers:
                    self._cv.notify()
                else:
                    self._spawn_locked()

    def step_down(self) -> None:
        """Called before the current thread blocks on the host: if it is the leader, hand the lead on."""
        me = _get_ident()
        with self._lock:
            if self._leader == me:
                self._step_down_locked()

    def begin_call(self) -> bool:
        """Called before the current thread blocks on the host. True: it is the leader and the only handler
        running, so it keeps the lead and reads its own answer (`end_call` after); events that arrive
        meanwhile go to other threads. False: someone else reads (the lead was handed on if it was ours)."""
        me = _get_ident()
        with self._lock:
            if self._leader != me:
                return False
            if self._busy == 1 and not self._done:
                self._calling = True
                # The watchdog must not hand the lead on while this thread reads. The timer stays armed: a
                # signal during the call finds `_inline` false and does nothing, and end_call re-arms it.
                self._inline = False
                return True
            self._step_down_locked()
            return False

    def end_call(self) -> None:
        """The answer is in: back to running the handler inline, watched again for slowness."""
        with self._lock:
            self._calling = False
            self._seq += 1
            self._inline = True
            self._armed_at = _monotonic()
        if self._alarm:
            self._arm()
        elif self._wd_sleeping:
            self._wd_wake.set()

    def wait_idle(self, timeout: float) -> bool:
        with self._lock:
            self._idle_waiters += 1
            try:
                return self._idle_cv.wait_for(lambda: self._busy == 0 and not self._queue, timeout)
            finally:
                self._idle_waiters -= 1

    def finish(self) -> None:
        with self._lock:
            self._done = True
            self._cv.notify_all()
        self._wd_wake.set()
        self._release_sem()

    # ------------------------------------------------------------------ internals
    def _maybe_idle_locked(self) -> None:
        if self._idle_waiters and self._busy == 0 and not self._queue:
            self._idle_cv.notify_all()

    def _spawn_locked(self) -> None:
        self._threads += 1
        threading.Thread(target=self._thread_main, name=f"maid-worker-{self._threads}", daemon=True).start()

    def _step_down_locked(self) -> None:
        self._leader = None
        self._inline = False
        if self._followers:
            self._cv.notify()
        else:
            self._spawn_locked()

    def _thread_main(self) -> None:
        me = _get_ident()
        lock = self._lock
        while True:
            with lock:
                while True:
                    if self._done:
                        return
                    if self._leader is None:
                        self._leader = me
                        item = None
                        break
                    if self._queue and self._busy < self.size:
                        item = self._queue.popleft()
                        self._busy += 1
                        break
                    self._followers += 1
                    self._cv.wait()
                    self._followers -= 1
            if item is None:
                step = self._lead_step
                while True:
                    if self._done:
                        return
                    if not step():
                        self.finish()
                        return
                    if self._leader != me:
                        break
            else:
                fn, args = item
                try:
                    fn(*args)
                except BaseException as e:
                    _last_resort(e)
                finally:
                    with lock:
                        self._busy -= 1
                        self._maybe_idle_locked()

    def _arm(self) -> None:
        """The leader starts (or resumes) running a handler inline: watch it for slowness.

        SIGALRM mode: the caller notes the run's start time (under the lock); the timer is set only when
        it is not set already, so a flood of events costs one `setitimer` per burst, and it is cleared when
        the reader is about to block (`before_block`). A signal that finds a run younger than `stuck_after`
        sets the timer again for the rest of that run's time."""
        if self._alarm:
            if not self._timer_on:
                if not self._wd_started:
                    self._start_watchdog(self._watch_alarm)
                self._timer_on = True
                _setitimer(_ITIMER_REAL, self.stuck_after)
        elif self._wd_sleeping or not self._wd_started:
            if not self._wd_started:
                self._start_watchdog(self._watch)
            else:
                self._wd_wake.set()

    def before_block(self) -> None:
        """The reader is about to wait for input: no inline run is left to watch, so the timer goes off
        (otherwise it would wake the watchdog for nothing while the worker is idle)."""
        if self._timer_on:
            self._timer_on = False
            _setitimer(_ITIMER_REAL, 0)

    def _start_watchdog(self, target: Callable[[], None]) -> None:
        with self._lock:
            if self._wd_started:
                return
            self._wd_started = True
        threading.Thread(target=target, name="maid-watchdog", daemon=True).start()

    def _on_alarm(self, signum: int, frame: Any) -> None:
        """SIGALRM handler (main thread, between any two bytecodes): only wake the watchdog thread."""
        self._release_sem()

    def _release_sem(self) -> None:
        try:
            self._wd_sem.release()
        except RuntimeError:  # already released: the watchdog has a wake-up pending
            pass

    def _watch_alarm(self) -> None:
        """SIGALRM mode: sleep until the timer fires, then hand the lead on if the same run is still going."""
        while True:
            self._wd_sem.acquire()
            with self._lock:
                if self._done:
                    return
                if not (self._inline and self._leader is not None):
                    self._timer_on = False  # nothing inline: the next run sets the timer again
                    continue
                age = _monotonic() - self._armed_at
                if age >= self.stuck_after * 0.9:
                    self._timer_on = False
                    self._step_down_locked()
                else:  # the timer was set for an earlier run: watch this one for the rest of its time
                    _setitimer(_ITIMER_REAL, self.stuck_after - age)

    def _watch(self) -> None:
        """Fallback mode (no SIGALRM): woken by the leader, sleeps `stuck_after`, checks the run is over."""
        while not self._done:
            self._wd_sleeping = True
            if not self._inline:
                self._wd_wake.wait()
                self._wd_wake.clear()
            self._wd_sleeping = False
            seq = self._seq
            time.sleep(self.stuck_after)
            with self._lock:
                if self._inline and self._seq == seq and self._leader is not None and not self._done:
                    self._step_down_locked()


_ITIMER_REAL = getattr(signal, "ITIMER_REAL", 0)
_setitimer = getattr(signal, "setitimer", None)
_monotonic = time.monotonic


def _claim_alarm(handler: Callable[[int, Any], None]) -> bool:
    """Take SIGALRM for the watchdog: only from the main thread, only where nobody (the plugin) has it."""
    if _setitimer is None or threading.current_thread() is not threading.main_thread():
        return False
    try:
        if signal.getsignal(signal.SIGALRM) is not signal.SIG_DFL:
            return False
        signal.signal(signal.SIGALRM, handler)
    except (ValueError, OSError, AttributeError):
        return False
    return True
