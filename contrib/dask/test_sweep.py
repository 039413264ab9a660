#!/usr/bin/env python3
"""The Dask driver for real: a small sweep on a LocalCluster of 2 worker processes, with one
worker killed (SIGKILL) while it runs a task, must complete, and its merge must equal the same
sweep run on one machine with rayon (``rota sweep run``), task for task and byte for byte.

Then the shipped Kubernetes and Slurm files, as far as a machine without a cluster can run them:
the Indexed Job's container command (read from contrib/k8s/indexed-job.yaml, with
``$(JOB_COMPLETION_INDEX)`` substituted as Kubernetes does) and contrib/slurm/sweep.sbatch (run
with ``SLURM_ARRAY_TASK_ID`` set, as Slurm does) run the indexes in a shuffled order with
duplicates, and the merge must again equal the rayon run's.

    python contrib/dask/test_sweep.py [--rota target/release/rota] [--keep]

Run by ``.ci/run`` with the CI virtual environment's Python (``.ci/venv`` installs dask and
distributed). Exit 0 on success, 1 on a failed check. Prints the wall times of both runs.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import sweep as driver  # noqa: E402  (contrib/dask/sweep.py)

MERGED = ["merge.json", "tasks.csv", "county.csv", "county.json"]


def sh(*args):
    p = subprocess.run(list(args), capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"FAIL: {' '.join(args)} exited {p.returncode}:\n{p.stderr}")
    return p


def plan(rota, inputs, folder):
    """The demo week x (baseline + 3 shipped scenarios) x 3 workforce sizes x 2 seeds: 24 tasks."""
    os.makedirs(folder)
    manifest = os.path.join(folder, "sweep.json")
    sh(rota, "sweep", "plan", os.path.join(inputs, "demo.json"),
       "--scenario", os.path.join(inputs, "winter.json"),
       "--carers", "8,11,14", "--seeds", "1,2", "--work", "600000", "-o", manifest)
    return manifest


def results(manifest):
    """Every task's result with its wall times taken out, by index."""
    folder = os.path.dirname(manifest)
    with open(manifest, encoding="utf-8") as f:
        tasks = json.load(f)["tasks"]
    out = []
    for t in tasks:
        with open(os.path.join(folder, t["result"]), encoding="utf-8") as f:
            r = json.load(f)
        del r["timing"]
        out.append(r)
    return out


def read(folder, name):
    with open(os.path.join(folder, name), "rb") as f:
        return f.read()


def arrays(rota, inputs, folder):
    """Run every index through the shipped k8s command or sbatch script, shuffled, with duplicates."""
    import yaml

    manifest = plan(rota, inputs, folder)
    with open(os.path.join(REPO, "contrib", "k8s", "indexed-job.yaml"), encoding="utf-8") as f:
        job = yaml.safe_load(f)
    spec = job["spec"]
    assert job["kind"] == "Job" and spec["completionMode"] == "Indexed", "an Indexed Job"
    command = spec["template"]["spec"]["containers"][0]["command"]
    assert "$(JOB_COMPLETION_INDEX)" in command and "/data/sweep.json" in command, command
    sbatch = os.path.join(REPO, "contrib", "slurm", "sweep.sbatch")
    order = list(range(24))
    random.Random(7).shuffle(order)
    order += order[:4]
    for n, i in enumerate(order):
        if n % 2 == 0:
            argv = [manifest if a == "/data/sweep.json" else a for a in command]
            argv = [str(i) if a == "$(JOB_COMPLETION_INDEX)" else a for a in argv]
            argv[0] = rota if argv[0] == "rota" else argv[0]
            sh(*argv)
        else:
            p = subprocess.run(["bash", sbatch, manifest], env=dict(os.environ, SLURM_ARRAY_TASK_ID=str(i), ROTA=rota),
                               capture_output=True, text=True)
            if p.returncode != 0:
                sys.exit(f"FAIL: sweep.sbatch for index {i} exited {p.returncode}: {p.stderr}")
    merged = os.path.join(folder, "merged")
    sh(rota, "sweep", "merge", manifest, "-o", merged)
    return manifest, merged


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rota", default=os.path.join(REPO, "target", "release", "rota"))
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = ap.parse_args()
    rota = os.path.abspath(args.rota)
    from dask.distributed import Client, LocalCluster

    tmp = tempfile.mkdtemp(prefix="rota-dask-")
    checks = []
    try:
        inputs = os.path.join(tmp, "inputs")
        os.makedirs(inputs)
        shutil.copy(os.path.join(REPO, "datasets", "demo", "problem.json"), os.path.join(inputs, "demo.json"))
        shutil.copy(os.path.join(REPO, "datasets", "scenarios", "winter.json"), inputs)

        # The reference: every task at once with rayon on 2 threads.
        reference = plan(rota, inputs, os.path.join(tmp, "reference"))
        began = time.monotonic()
        sh(rota, "sweep", "run", reference, "--threads", "2", "--quiet")
        rayon_wall = time.monotonic() - began
        sh(rota, "sweep", "merge", reference, "-o", os.path.join(tmp, "reference", "merged"))

        # The same sweep on Dask; one worker killed once the first task is back.
        manifest = plan(rota, inputs, os.path.join(tmp, "dask"))
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        killed = {}

        def kill_a_busy_worker(done, result):
            if killed:
                return
            busy = [w for w, keys in client.processing().items() if keys]
            if not busy:
                return
            pids = client.run(os.getpid)
            victim = busy[0]
            running = len(client.processing().get(victim, ()))
            os.kill(pids[victim], signal.SIGKILL)
            killed.update(worker=victim, pid=pids[victim], after=done, running=running)
            print(f"killed worker {victim} (pid {pids[victim]}) after {done} tasks, "
                  f"{killed['running']} task(s) on it", file=sys.stderr)

        began = time.monotonic()
        try:
            ran = driver.run(client, manifest, rota, retries=3, on_done=kill_a_busy_worker)
            dask_wall = time.monotonic() - began
            client.wait_for_workers(2, timeout=60)
            workers_after = len(client.scheduler_info()["workers"])
        finally:
            client.close()
            cluster.close()
        code = driver.merge(rota, manifest, os.path.join(tmp, "dask", "merged"))

        checks.append(("a worker was killed mid-sweep", bool(killed) and killed["after"] < len(ran)))
        checks.append(("every task came back, exit 0", len(ran) == 24 and all(c == 0 for _, c, _ in ran)))
        checks.append(("the nanny restarted the killed worker (2 workers after)", workers_after == 2))
        checks.append(("rota sweep merge of the Dask run exits 0", code == 0))
        for name in MERGED:
            same = read(os.path.join(tmp, "dask", "merged"), name) == read(os.path.join(tmp, "reference", "merged"), name)
            checks.append((f"merged {name} equals the rayon run's, byte for byte", same))
        checks.append(("each task's result equals the rayon run's (wall times aside)",
                       results(manifest) == results(reference)))
        manifest, merged = arrays(rota, inputs, os.path.join(tmp, "arrays"))
        for name in MERGED:
            same = read(merged, name) == read(os.path.join(tmp, "reference", "merged"), name)
            checks.append((f"k8s command and sbatch script, shuffled with duplicates: {name} equals the rayon run's", same))
        print(f"rayon (2 threads): {rayon_wall:.1f}s; Dask LocalCluster (2 workers, one killed): {dask_wall:.1f}s; "
              f"24 tasks", file=sys.stderr)
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    bad = [name for name, ok in checks if not ok]
    for name, ok in checks:
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
