#!/usr/bin/env python3
"""Run a Rota sweep manifest on a Dask cluster.

    python contrib/dask/sweep.py sweep.json [--scheduler ADDR] [--workers 2] [--rota PATH] [-o merged/]

Each task of the manifest (``rota sweep plan``) is one Dask task that runs
``rota sweep run sweep.json --index I`` as a subprocess on a worker; then ``rota sweep merge``
gathers the results. Without ``--scheduler`` a ``LocalCluster`` of ``--workers`` processes (one
thread each: a task solves on one thread) is started on this machine; with it, the tasks go to
that scheduler's workers, which must see the manifest, its inputs and its results folder at the
same paths (a shared file system) and have ``rota`` on their PATH (or at ``--rota``).

Resilience is Dask's own: a task whose worker dies is rescheduled on another (and the nanny
restarts the worker); a task whose ``rota`` process dies or cannot start is retried
(``--retries``). Both are safe because ``rota sweep run --index`` is idempotent: a finished task
is skipped, a result is written atomically, and two runs of one task write the same bytes. A task
that fails on its inputs (exit 1) is not retried: rota has written why in its ``.failed.json``,
and ``rota sweep merge`` lists it.

Exit code: the merge's (0 every task done; 5 some task missing or failed; 1 a rota broke a hard
rule; 2 bad manifest), or 2 if the driver cannot start.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time


def run_task(rota, manifest, index):
    """Run task ``index``; return (index, exit code, rota's error output).

    Exit 0 (done or already done) and 1 (the task failed on its inputs, recorded by rota) are
    results; anything else (rota killed, not found) raises, so that Dask retries the task."""
    p = subprocess.run(
        [rota, "sweep", "run", manifest, "--index", str(index), "--quiet"],
        capture_output=True,
        text=True,
    )
    if p.returncode in (0, 1):
        return index, p.returncode, p.stderr.strip()
    raise RuntimeError(f"task {index}: rota exited with {p.returncode}: {p.stderr.strip()}")


def task_count(manifest):
    """The number of tasks in the manifest."""
    with open(manifest, encoding="utf-8") as f:
        return len(json.load(f)["tasks"])


def run(client, manifest, rota, retries=3, on_done=None):
    """Map every task index of ``manifest`` onto ``client``'s workers and wait for them all.

    ``on_done(n, result)`` is called as each task finishes (n tasks so far). Returns the
    (index, exit code, stderr) of every task, by index."""
    import cloudpickle
    from dask.distributed import as_completed

    # Send this module's functions by value, so workers need not import it.
    if __name__ != "__main__":
        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    manifest = os.path.abspath(manifest)
    n = task_count(manifest)
    futures = client.map(
        run_task, [rota] * n, [manifest] * n, list(range(n)), pure=False, retries=retries
    )
    results = {}
    for done, future in enumerate(as_completed(futures), start=1):
        result = future.result()
        results[result[0]] = result
        if on_done is not None:
            on_done(done, result)
    return [results[i] for i in range(n)]


def merge(rota, manifest, output):
    """Run ``rota sweep merge``; return its exit code."""
    return subprocess.run([rota, "sweep", "merge", manifest, "-o", output]).returncode


def find_rota(given):
    """The rota executable: ``given``, else ``rota`` on PATH, else this checkout's release build."""
    if given:
        return os.path.abspath(given) if os.path.sep in given else given
    on_path = shutil.which("rota")
    if on_path:
        return on_path
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "target", "release", "rota"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("manifest", help="the manifest rota sweep plan wrote")
    ap.add_argument("--scheduler", help="a Dask scheduler's address (default: a LocalCluster)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    ap.add_argument("--rota", help="the rota executable (default: rota on PATH, else target/release/rota)")
    ap.add_argument("--retries", type=int, default=3, help="retries of a task whose rota process dies")
    ap.add_argument("-o", "--output", help="merge into this folder (default: <manifest>-merged)")
    ap.add_argument("--no-merge", action="store_true", help="run the tasks only")
    args = ap.parse_args(argv)
    from dask.distributed import Client, LocalCluster

    rota = find_rota(args.rota)
    manifest = os.path.abspath(args.manifest)
    output = args.output or os.path.splitext(manifest)[0] + "-merged"
    began = time.monotonic()
    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True)
        client = Client(cluster)
    try:
        n = task_count(manifest)

        def progress(done, result):
            index, code, err = result
            if code != 0:
                print(f"[{done}/{n}] task {index} failed: {err}", file=sys.stderr)

        results = run(client, manifest, rota, args.retries, progress)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    failed = sum(1 for _, code, _ in results if code != 0)
    print(
        f"{len(results)} tasks on Dask in {time.monotonic() - began:.1f}s, {failed} failed",
        file=sys.stderr,
    )
    if args.no_merge:
        return 1 if failed else 0
    return merge(rota, manifest, output)


if __name__ == "__main__":
    sys.exit(main())
