"""What each unit of concurrency costs in CPython, the rows of Interleave's costs table.

Written by Interleave for its lesson "What each costs". Standard library only, Python 3.9 or
later. Run: python3 interleave_costs.py [costs.json] (about 5 s); then drop the file on the page,
whose table shows this machine's CPython beside the browser's figures. A crash is not
measured here, as on the page: it would end the program.
"""

import asyncio
import json
import multiprocessing as mp
import os
import platform
import statistics
import sys
import threading
import time
import tracemalloc

ROUNDS = 7
now = time.perf_counter


def stat(samples, what, unit, includes):
    """A figure: the median of the rounds, their spread, and what it includes. A round that
    measured nothing (resident memory can even shrink meanwhile) is left out."""
    s = [x for x in samples if x == x and x > 0]
    if not s:
        return None
    return {"what": what, "unit": unit, "median": statistics.median(s), "min": min(s),
            "max": max(s), "count": len(s), "includes": includes}


def per(n, fn):
    """Ms per call of fn(n), which does something n times."""
    t0 = now()
    fn(n)
    return (now() - t0) * 1e3 / n


# Coroutines.

async def nothing():
    pass


async def create_tasks(n):
    t0 = now()
    await asyncio.gather(*(asyncio.create_task(nothing()) for _ in range(n)))
    return (now() - t0) * 1e3 / n


async def sleeps(n):
    t0 = now()
    for _ in range(n):
        await asyncio.sleep(0)
    return (now() - t0) * 1e3 / n


async def waiting(n, wait_s):
    """n tasks waiting wait_s at once: ms until all are done, and bytes each held."""
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    t0 = now()
    tasks = [asyncio.create_task(asyncio.sleep(wait_s)) for _ in range(n)]
    await asyncio.sleep(0)
    held = tracemalloc.get_traced_memory()[0] - base
    await asyncio.gather(*tasks)
    ms = (now() - t0) * 1e3
    tracemalloc.stop()
    return ms, held / n


def coroutine_cells():
    created = [asyncio.run(create_tasks(2000)) for _ in range(ROUNDS)]
    switched = [asyncio.run(sleeps(5000)) for _ in range(ROUNDS)]
    adds = [per(1_000_000, plain_adds) for _ in range(ROUNDS)]
    many = [asyncio.run(waiting(10_000, 0.1)) for _ in range(3)]
    return {
        "creation": [stat(created, "create a task and run it once", "ms",
                          "asyncio.create_task of 2,000 coroutines until all have run, divided by 2,000")],
        "context-switch": [stat(switched, "one await asyncio.sleep(0)", "ms",
                                "5,000 in a row, divided by 5,000: one turn of the event loop's ready queue")],
        "communication": [stat(adds, "one += to a variable the coroutines share", "ms",
                               "1,000,000 in a row on one thread, divided by 1,000,000")],
        "memory": [stat([b for _, b in many], "one waiting task", "bytes",
                        "tracemalloc's growth while 10,000 tasks began sleeping, divided by 10,000")],
        "scalability": [stat([ms for ms, _ in many], "10,000 tasks waiting 100 ms at once: all done after",
                             "ms", "one event loop, one thread: the waits overlap")],
    }


# Threads.

COUNTER = 0


def plain_adds(n):
    global COUNTER
    for _ in range(n):
        COUNTER += 1


def locked_adds(n):
    global COUNTER
    lock = threading.Lock()
    for _ in range(n):
        with lock:
            COUNTER += 1


def start_join(n):
    for _ in range(n):
        t = threading.Thread(target=lambda: None)
        t.start()
        t.join()


def ping_pong(n):
    """Ms per one-way hand-over between two threads through two Events."""
    ping, pong = threading.Event(), threading.Event()

    def other():
        for _ in range(n):
            ping.wait()
            ping.clear()
            pong.set()

    t = threading.Thread(target=other)
    t.start()
    t0 = now()
    for _ in range(n):
        ping.set()
        pong.wait()
        pong.clear()
    ms = (now() - t0) * 1e3
    t.join()
    return ms / (2 * n)


def resident_bytes():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return float("nan")


def idle_threads(n):
    """Resident bytes per idle thread, over n threads waiting on one Event."""
    done = threading.Event()
    before = resident_bytes()
    threads = [threading.Thread(target=done.wait) for _ in range(n)]
    for t in threads:
        t.start()
    after = resident_bytes()
    done.set()
    for t in threads:
        t.join()
    return (after - before) / n


def thread_cells():
    created = [per(200, start_join) for _ in range(ROUNDS)]
    switched = [ping_pong(2000) for _ in range(ROUNDS)]
    plain = [per(1_000_000, plain_adds) for _ in range(ROUNDS)]
    locked = [per(1_000_000, locked_adds) for _ in range(ROUNDS)]
    memory = [idle_threads(100) for _ in range(3)]
    return {
        "creation": [stat(created, "start a thread and join it", "ms",
                          "200 threads, each started and joined in turn, divided by 200")],
        "context-switch": [stat(switched, "one thread waking another, one way", "ms",
                                "two threads taking turns 2,000 times each through two Events")],
        "communication": [stat(plain, "one += (under the GIL)", "ms", "1,000,000 in a row"),
                          stat(locked, "one += under a Lock", "ms", "1,000,000 in a row")],
        "memory": [stat(memory, "one idle thread", "bytes",
                        "resident memory's growth while 100 threads waited, divided by 100 (Linux only)")],
    }


# Processes.

def echo(conn):
    """A process that sends back every message until it gets b"stop"."""
    while True:
        data = conn.recv_bytes()
        if data == b"stop":
            break
        conn.send_bytes(data)


def child():
    pass


def start_processes(method, n):
    ctx = mp.get_context(method)
    t0 = now()
    for _ in range(n):
        p = ctx.Process(target=child)
        p.start()
        p.join()
    return (now() - t0) * 1e3 / n


def round_trips(size, n):
    here, there = mp.Pipe()
    p = mp.get_context("spawn").Process(target=echo, args=(there,))
    p.start()
    data = bytes(size)
    here.send_bytes(data)
    here.recv_bytes()
    t0 = now()
    for _ in range(n):
        here.send_bytes(data)
        here.recv_bytes()
    ms = (now() - t0) * 1e3 / n
    here.send_bytes(b"stop")
    p.join()
    return ms


def at_once(k):
    ctx = mp.get_context("spawn")
    t0 = now()
    ps = [ctx.Process(target=child) for _ in range(k)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    return (now() - t0) * 1e3


def process_cells():
    methods = [m for m in ("fork", "spawn") if m in mp.get_all_start_methods()]
    created = [stat([start_processes(m, 5) for _ in range(3)], f"start a process ({m}) and join it", "ms",
                    f"5 processes started with {m} and joined in turn, divided by 5") for m in methods]
    k = max(2, os.cpu_count() or 2)
    return {
        "creation": created,
        "context-switch": [stat([round_trips(0, 500) for _ in range(3)], "a message to a process and back, empty",
                                "ms", "a Pipe round trip to a spawned process, 500 in a row")],
        "communication": [stat([round_trips(1024, 500) for _ in range(3)], "a message round trip, 1 KB", "ms",
                               "a Pipe round trip, 500 in a row"),
                          stat([round_trips(1 << 20, 20) for _ in range(3)], "a message round trip, 1 MB", "ms",
                               "a Pipe round trip, 20 in a row")],
        "scalability": [stat([at_once(k) for _ in range(3)], f"{k} processes started at once: all joined after",
                             "ms", "spawned together, as many as the cores")],
    }


def main():
    cells = {"coroutine": coroutine_cells(), "gil-thread": thread_cells(), "process": process_cells()}
    free = getattr(sys, "_is_gil_enabled", lambda: True)() is False
    if free:
        cells["thread"] = cells.pop("gil-thread")
    rows = []
    for row in ["creation", "context-switch", "communication", "memory", "crash-impact", "scalability"]:
        by_unit = {}
        for unit, rows_of in cells.items():
            figures = [f for f in rows_of.get(row, []) if f]
            if figures:
                by_unit[unit] = {"figures": figures}
        rows.append({"row": row, "cells": by_unit})
    out = {"format": "interleave-python-costs", "version": 1,
           "implementation": platform.python_implementation(), "python": platform.python_version(),
           "system": platform.system(), "machine": platform.machine(), "cpus": os.cpu_count(),
           "gil": not free, "rows": rows}
    path = sys.argv[1] if len(sys.argv) > 1 else "costs.json"
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
    print(f"wrote {path}: drop it on the page to see this machine's CPython beside the browser")


if __name__ == "__main__":
    main()
