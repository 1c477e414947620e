"""Engines that run one function over many jobs, each job contained in a worker process.

A job that hangs, crashes the interpreter (a parser's segfault), or asks for more
memory than allowed ends as a :class:`Failed` for that job alone; the worker that ran
it is killed or has died, and a new one takes its place for the next job.

- :class:`LocalEngine` keeps ``workers`` long-lived processes (started by a fork server
  with the pipeline's modules imported once, so a replacement costs milliseconds), sends
  each a job through a pipe and waits for the answer, the process's exit, or the job's
  time limit, whichever comes first. Each process caps its own address space
  (``RLIMIT_AS``), so an allocation past the cap fails inside the job as ``MemoryError``.
- :class:`DaskEngine` submits the jobs as tasks to a Dask distributed cluster (a
  ``LocalCluster`` it starts, or a scheduler at a given address). Inside each task the
  job runs in a child process with the same limits when the Dask worker may have
  children (the ``LocalCluster`` started here allows it; see docs/audit.md for remote
  workers), otherwise in the task itself; a worker that dies is restarted by its nanny
  and the task is reported failed.

Results come back in the order they finish, as ``(key, result)`` pairs; the caller
writes them (one writer).
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

__all__ = ["DaskEngine", "Engine", "Failed", "Limits", "LocalEngine", "make_engine"]

log = logging.getLogger(__name__)

Job = tuple[Any, tuple[Any, ...]]


@dataclass(frozen=True)
class Limits:
    """What one job may use.

    Attributes
    ----------
    timeout : float
        Wall-clock seconds before the job's worker is killed (0: no limit).
    max_memory : int
        Bytes of address space of a worker process (0: no limit). Address space, not
        resident memory: libraries reserve more than they touch, so leave headroom.
    """

    timeout: float = 300.0
    max_memory: int = 6 << 30

    def __post_init__(self) -> None:
        if self.timeout < 0 or self.max_memory < 0:
            raise ValueError(f"limits must not be negative, got {self}")


@dataclass(frozen=True)
class Failed:
    """A job that produced no result, and why (one line).

    ``internal`` is true when the job itself raised (a bug, or a library's error),
    false when a limit stopped it or its worker died: the audit exits with status 3
    for the first (as ``scan`` does), 1 for the second.
    """

    error: str
    internal: bool = False


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (no orphans after SIGKILL)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pipe's EOF ends the loop instead
        pass


def _one_thread() -> None:
    """OpenCV on one thread: a worker runs one job at a time beside one worker per core,
    so OpenCV's own thread pool only contends with the other workers (reading a
    generated paper costs about 12% less CPU on one thread)."""
    import cv2

    cv2.setNumThreads(1)


def _serve(conn: Connection, max_memory: int) -> None:
    """A worker's loop: run each job received, send back ``("ok", result)`` or
    ``("error", message)``; stop on ``None`` or when the parent is gone."""
    _die_with_parent()
    _one_thread()
    if max_memory:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        func, args = message
        try:
            reply: tuple[str, Any] = ("ok", func(*args))
        except MemoryError:
            reply = ("error", f"out of memory (limit {max_memory >> 20} MB)")
        except BaseException as exc:  # the job's failure, not the worker's
            reply = ("raised", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("error", f"out of memory sending the result (limit {max_memory >> 20} MB)"))
        except (BrokenPipeError, EOFError, OSError):
            return
        except Exception as exc:  # an unpicklable result
            conn.send(("error", f"result cannot be sent back ({type(exc).__name__}: {exc})"))


class Engine:
    """Runs ``func(*args)`` for each job and yields ``(key, result or Failed)``."""

    def map(self, func: Callable[..., Any], jobs: Iterable[Job]) -> Iterator[tuple[Any, Any]]:
        raise NotImplementedError

    def close(self) -> None:
        """Stop the workers."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class _Worker:
    process: Any
    conn: Connection
    key: Any = None
    deadline: float = 0.0
    busy: bool = False


class LocalEngine(Engine):
    """A pool of ``workers`` processes on this machine (see the module docstring).

    Parameters
    ----------
    workers : int
        Processes run at once (default: every core).
    limits : Limits
    preload : sequence of str
        Modules the fork server imports once, so each worker starts with them.
    """

    def __init__(self, workers: int | None = None, limits: Limits | None = None,
                 preload: tuple[str, ...] = ("forensics.batch",)):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.limits = limits or Limits()
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(list(preload))
        self._pool: list[_Worker] = []

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.limits.max_memory),
                                        daemon=True, name="forensics-worker")
        process.start()
        child.close()
        return _Worker(process, parent)

    def _retire(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        self._pool.remove(worker)

    def map(self, func: Callable[..., Any], jobs: Iterable[Job]) -> Iterator[tuple[Any, Any]]:
        # Jobs are drawn only when a worker is free: their arguments (a pair of papers'
        # panels) are made no earlier than needed. A freed worker gets its next job
        # before the answers go to the caller, so it computes while the caller stores.
        queue = iter(jobs)
        try:
            more, failed = self._dispatch(func, queue)
            yield from failed
            while more or any(w.busy for w in self._pool):
                answers = list(self._collect())
                if more:
                    more, failed = self._dispatch(func, queue)
                    answers += failed
                yield from answers
        finally:
            for worker in [w for w in self._pool if w.busy]:
                self._retire(worker)  # interrupted: their jobs are abandoned

    def _dispatch(self, func: Callable[..., Any], queue: Iterator[Job]
                  ) -> tuple[bool, list[tuple[Any, Any]]]:
        """Give every free worker (starting workers up to the pool size) a job from
        ``queue``; whether jobs remain, and the jobs no worker could be reached for."""
        failed: list[tuple[Any, Any]] = []
        while len(self._pool) < self.workers or any(not w.busy for w in self._pool):
            job = next(queue, None)
            if job is None:
                return False, failed
            key, args = job
            worker = next((w for w in self._pool if not w.busy), None)
            if worker is None:
                worker = self._start()
                self._pool.append(worker)
            try:
                worker.conn.send((func, args))
            except (BrokenPipeError, OSError):
                self._retire(worker)
                failed.append((key, Failed("worker process could not be reached")))
                continue
            worker.key, worker.busy = key, True
            worker.deadline = time.monotonic() + self.limits.timeout \
                if self.limits.timeout else float("inf")
        return True, failed

    def _collect(self) -> Iterator[tuple[Any, Any]]:
        """Wait for at least one busy worker to answer, die or run out of time."""
        busy = [w for w in self._pool if w.busy]
        if not busy:
            return
        soonest = min(w.deadline for w in busy) - time.monotonic()
        wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
             timeout=None if soonest == float("inf") else max(0.0, soonest))
        for worker in busy:
            outcome: Any = None
            if worker.conn.poll():
                try:
                    status, value = worker.conn.recv()
                    outcome = value if status == "ok" else \
                        Failed(value, internal=status == "raised")
                except (EOFError, OSError):
                    outcome = self._death(worker)
            elif not worker.process.is_alive():
                outcome = self._death(worker)
            elif time.monotonic() >= worker.deadline:
                outcome = Failed(f"timed out after {self.limits.timeout:g} s (worker killed)")
                self._retire(worker)
            if outcome is None:
                continue
            if worker in self._pool and not worker.process.is_alive():
                self._retire(worker)
            worker.busy = False
            yield worker.key, outcome

    def _death(self, worker: _Worker) -> Failed:
        worker.process.join(5)
        code = worker.process.exitcode
        self._retire(worker)
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            how = f"killed by {name}"
            if -code == signal.SIGKILL:
                how += " (out of memory, or killed from outside)"
        else:
            how = f"exit status {code}"
        return Failed(f"worker process died ({how})")

    def close(self) -> None:
        for worker in list(self._pool):
            try:
                worker.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
            worker.process.join(5)
            self._retire(worker)


def _contained(func: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> Any:
    """One job inside a Dask task, in a child process when this worker may have one."""
    if multiprocessing.current_process().daemon:
        _one_thread()
        try:
            return func(*args)
        except MemoryError:
            return Failed("out of memory")
        except Exception as exc:  # the job's failure, told apart from the cluster's
            return Failed(f"{type(exc).__name__}: {exc}", internal=True)
    with LocalEngine(1, limits) as engine:
        for _, outcome in engine.map(func, [(0, args)]):
            return outcome
    return Failed("no result")  # pragma: no cover (map yields exactly once)


class DaskEngine(Engine):
    """Jobs as tasks on a Dask distributed cluster.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler (``tcp://host:8786``); when omitted, a
        ``LocalCluster`` of ``workers`` single-threaded processes is started here.
    workers : int, optional
    limits : Limits
    """

    def __init__(self, scheduler: str | None = None, workers: int | None = None,
                 limits: Limits | None = None):
        try:
            import dask
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise RuntimeError("the dask engine needs dask.distributed: "
                               "pip install 'figure-forensics[dask]'") from exc
        self.limits = limits or Limits()
        self._cluster = None
        if scheduler:
            self._client = Client(scheduler)
        else:
            with dask.config.set({"distributed.worker.daemon": False}):
                self._cluster = LocalCluster(
                    n_workers=max(1, workers or os.cpu_count() or 1), threads_per_worker=1,
                    processes=True, dashboard_address=None, memory_limit=0)
            self._client = Client(self._cluster)

    def map(self, func: Callable[..., Any], jobs: Iterable[Job]) -> Iterator[tuple[Any, Any]]:
        from dask.distributed import as_completed

        # A window of tasks in flight, refilled as they finish: arguments are made and
        # shipped no earlier than a worker can use them.
        window = 2 * max(1, len(self._client.scheduler_info().get("workers", {})) or 1)
        queue = iter(jobs)
        keys: dict[Any, Any] = {}
        running = as_completed()
        for key, args in itertools.islice(queue, window):
            future = self._client.submit(_contained, func, args, self.limits, pure=False)
            keys[future] = key
            running.add(future)
        for future in running:
            key = keys.pop(future)
            try:
                outcome = future.result()
            except Exception as exc:  # KilledWorker, a lost connection, the job's error
                outcome = Failed(f"{type(exc).__name__}: {exc}")
            future.release()
            for next_key, args in itertools.islice(queue, 1):
                submitted = self._client.submit(_contained, func, args, self.limits,
                                                pure=False)
                keys[submitted] = next_key
                running.add(submitted)
            yield key, outcome

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_engine(engine: str, workers: int | None = None, limits: Limits | None = None,
                scheduler: str | None = None) -> Engine:
    """``"local"`` (a process pool) or ``"dask"`` (a cluster)."""
    if engine == "local":
        if scheduler:
            raise ValueError("a scheduler address needs the dask engine")
        return LocalEngine(workers, limits)
    if engine == "dask":
        return DaskEngine(scheduler, workers, limits)
    raise ValueError(f"engine must be 'local' or 'dask', got {engine!r}")
