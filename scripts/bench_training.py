#!/usr/bin/env python3
"""Training benchmark (issue 10, item 7): geomorph:trainlandcover's cluster job against the same
training loop run directly in Python, in the same run.

    scripts/bench_training [--epochs 8] [--base-filters 16] [--batch 16] [--cpus 2] [--repeat 2]

1. A synthetic scene (tests/training_scene.py: 768² px at 0.5 m, three separable classes) is
   exported by exporttrainingdata's own function into 64 px tiles (67 training, 32 validation).
2. **Cluster**: ``training.cluster_job`` exactly as the algorithm runs it: check, preflight over SSH,
   upload, submit the one-node DAG, follow it (5 s polls, reading the epochs), fetch, check the
   contract and install the model. Timed from the check to the installed model.
3. **Direct**: ``remote.train_step.run_training`` on the same uploaded dataset, with the same node
   code, the nodes' Python and torch, the same options and threads, started over SSH as a plain
   ``python3`` process in the job folder: no HTCondor, no DAGMan, no upload, no download.

Both train the same number of images (epochs x training tiles); images/s = those images / wall
time. Orchestration cost = cluster wall / direct wall - 1. Runs alternate (cluster, direct,
cluster, direct...) because the shared machine drifts; means and every round are printed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DIRECT = """
import json, sys, time
sys.path.insert(0, '.')
from geomorph_remote.train_step import run_training
t = time.perf_counter()
report = run_training('dataset', 'direct-{tag}', json.loads(sys.argv[1]), threads={threads})
print(json.dumps({{"wall": time.perf_counter() - t, "images": sum(h["images"] for h in report["history"]),
                  "train_seconds": sum(h["train_seconds"] for h in report["history"]),
                  "oa": report["validation"]["overall_accuracy"]}}))
"""


def cluster_module():
    spec = importlib.util.spec_from_file_location("geomorph_test_cluster", REPO / "scripts" / "test_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--base-filters", type=int, default=16)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls (the algorithm's)")
    args = parser.parse_args()

    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from geomorph_plugin.cluster.profiles import AUTH_KEYFILE, Profile
    from geomorph_plugin.cluster.registry import JobRegistry
    from geomorph_plugin.cluster.ssh import connect
    from geomorph_plugin.sfm import follow
    from geomorph_plugin.training import cluster_job
    from tests import training_scene

    info = cluster_module().start()
    profile = Profile(name="bench-training", host=info["host"], port=int(info["port"]), user=info["user"],
                      auth_method=AUTH_KEYFILE, key_file=info["key_file"], work_root=info["work_root"],
                      extra={"max_cpus_per_job": args.cpus, "max_memory_mb": 4000})
    work = Path(tempfile.mkdtemp(prefix="bench-training-"))
    dataset = training_scene.make_dataset(work / "scene")
    registry = JobRegistry(work / "jobs")
    options = cluster_job.TrainingOptions(epochs=args.epochs, batch_size=args.batch, base_filters=args.base_filters,
                                          cpus=args.cpus, memory_mb=4000)
    node_options = {"epochs": args.epochs, "batch_size": args.batch, "base_filters": args.base_filters,
                    "device": "cpu", "model_name": "bench"}
    session = connect(profile, known_hosts_path=info["known_hosts"])
    rounds, job_dirs = [], []
    try:
        first_job_dir = None
        for i in range(args.repeat):
            marks = {"start": time.time()}
            t0 = time.perf_counter()
            job, files = cluster_job.prepare(profile, dataset, f"bench-{i}", options, registry,
                                             models_root=work / "models")
            cluster_job.preflight(session, profile)
            marks["preflight"] = time.time()
            cluster_job.upload(job, files, session, registry)
            marks["upload"] = time.time()
            follow.submit(job, session, registry)
            marks["submit"] = time.time()
            status = follow.wait(job, session, registry, interval=args.interval)
            assert status.state == "completed", status.message
            marks["wait"] = time.time()
            trained = cluster_job.fetch(job, session, registry, models_root=work / "models")
            cluster_wall = time.perf_counter() - t0
            marks["fetch"] = time.time()
            # The node's own start and end (same clock: the test cluster runs on this machine).
            node = json.loads(session.run(["cat", f"{job.remote_dir}/timings/train.json"]).stdout)
            breakdown = {"preflight": marks["preflight"] - marks["start"],
                         "upload": marks["upload"] - marks["preflight"],
                         "submit": marks["submit"] - marks["upload"], "queue_to_node": node["start"] - marks["submit"],
                         "node": node["end"] - node["start"], "node_to_seen": marks["wait"] - node["end"],
                         "fetch": marks["fetch"] - marks["wait"]}
            job_dirs.append(job.remote_dir)
            first_job_dir = first_job_dir or job.remote_dir
            history = trained.report["history"]
            images = sum(h["images"] for h in history)
            node_train = sum(h["train_seconds"] for h in history)
            node_seconds = trained.report["seconds"]

            script = DIRECT.format(tag=i, threads=args.cpus)
            t1 = time.perf_counter()
            out = session.run(["python3", "-c", script, json.dumps(node_options)], cwd=first_job_dir, timeout=3600)
            direct_wall_client = time.perf_counter() - t1
            direct = json.loads(out.stdout.strip().splitlines()[-1])
            assert direct["images"] == images
            row = {"round": i + 1, "images": images, "cluster_wall": cluster_wall, "direct_wall": direct["wall"],
                   "direct_wall_ssh": direct_wall_client, "node_seconds": node_seconds, "node_train_s": node_train,
                   "direct_train_s": direct["train_seconds"], "cluster_ips": images / cluster_wall,
                   "direct_ips": images / direct_wall_client, "cost": cluster_wall / direct_wall_client - 1,
                   "oa_cluster": trained.report["validation"]["overall_accuracy"], "oa_direct": direct["oa"],
                   "breakdown": {k: round(v, 2) for k, v in breakdown.items()}}
            rounds.append(row)
            print(json.dumps(row), flush=True)
    finally:
        for path in job_dirs:
            session.run(["rm", "-rf", "--", path], check=False)
        session.close()
    cluster = sum(r["cluster_wall"] for r in rounds) / len(rounds)
    direct = sum(r["direct_wall_ssh"] for r in rounds) / len(rounds)
    images = rounds[0]["images"]
    print(f"\nmachine: {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}; epochs {args.epochs}, base filters "
          f"{args.base_filters}, batch {args.batch}, {args.cpus} threads; {images} training images per run")
    print("| run | images | cluster end to end | direct (nodes' Python) | orchestration cost |")
    print("|---|---|---|---|---|")
    for r in rounds:
        print(f"| {r['round']} | {r['images']} | {r['cluster_wall']:.1f} s, {r['cluster_ips']:.2f} images/s | "
              f"{r['direct_wall_ssh']:.1f} s, {r['direct_ips']:.2f} images/s | {100 * r['cost']:+.1f} % |")
    print(f"| mean | {images} | {cluster:.1f} s, {images / cluster:.2f} images/s | {direct:.1f} s, "
          f"{images / direct:.2f} images/s | {100 * (cluster / direct - 1):+.1f} % |")
    keys = list(rounds[0]["breakdown"])
    print("\nwhere the cluster run's time went (s): " + ", ".join(
        f"{k} {sum(r['breakdown'][k] for r in rounds) / len(rounds):.1f}" for k in keys))
    return 0


if __name__ == "__main__":
    sys.exit(main())
