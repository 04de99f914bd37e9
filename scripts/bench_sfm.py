#!/usr/bin/env python3
"""SfM benchmark (issue 4, requirement 10): the plugin's DAG run against a plain sequential script.

    scripts/bench_sfm [--slots 4,1] [--max-image-size 1000] [--photos DIR] [--no-write]

In one run, on the same photos with the same downscaling:

1. the plugin workflow (``geomorph_plugin.sfm``: prepare, upload, submit the DAG, follow it, fetch,
   COPC, report: exactly what geomorph:runsfm does) on the test cluster with the first slot
   count;
2. developer B's ``scripts/sfm_plain_baseline.py`` in the same job directory on the cluster:
   the same COLMAP commands and worker code one after another, no DAG, no chunks;
3. the plugin workflow again for every other slot count (the cluster is restarted with
   ``start(slots=N)``; it is put back to its first slot count at the end).

Overhead = DAG wall time (submit → DAGMan done) / baseline wall time - 1. The end-to-end time
(upload + DAG + download) is printed too. Results go to the "SfM" section of
docs/benchmarks.md unless ``--no-write``. Restarting HTCondor kills running jobs: do not run
this while someone else uses the test cluster.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def cluster_module():
    spec = importlib.util.spec_from_file_location("geomorph_test_cluster", REPO / "scripts" / "test_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def usable_cores(info) -> int:
    """Cores that can really run at once: the pool's, but no more than the machine has."""
    return max(1, min(int(info["slots"]), os.cpu_count() or 1))


def profile_for(info):
    from geomorph_plugin.cluster.profiles import AUTH_KEYFILE, Profile

    # The test cluster is one partitionable slot of info["slots"] cores: sequential steps may ask
    # for as many cores as can really run (the mapper then gets the plain script's 2 threads);
    # the default requests (up to 8 cores) would never match and stay idle.
    return Profile(name="bench", host=info["host"], port=int(info["port"]), user=info["user"],
                   auth_method=AUTH_KEYFILE, key_file=info["key_file"], work_root=info["work_root"],
                   max_jobs=int(info["slots"]),
                   extra={"max_cpus_per_job": usable_cores(info), "max_memory_mb": 4000})


def workflow_options(photos: Path, max_size: int, chunk: int, parallel: int):
    """Chunks sized to the cores that can really run at once (``parallel``) unless ``chunk`` > 0:
    the users' rule (as many small jobs as there are nodes) applied to this machine. Chunk jobs
    ask for one core each, so that ``parallel`` of them fill the machine side by side."""
    import math

    from geomorph_plugin.workflow.engine import WorkflowOptions, WorkflowPlan
    from geomorph_plugin.workflow.photos import scan_photos

    options = WorkflowOptions(max_image_size=max_size)
    options.resources = {"features": (1, 2048), "match": (1, 2048)}
    photo_set = scan_photos(photos)
    options.images_per_feature_job = math.ceil(len(photo_set.photos) / parallel)
    if chunk > 0:
        options.chunk_size = chunk
    else:
        pairs = len(WorkflowPlan.from_photos(photo_set, options).pairs)
        options.chunk_size = math.ceil(pairs / parallel)
    return options


def plugin_run(info, photos: Path, max_size: int, chunk: int, workdir: Path) -> dict:
    from geomorph_plugin.cluster.registry import JobRegistry
    from geomorph_plugin.cluster.ssh import connect
    from geomorph_plugin.sfm import fetch, follow, prepare, products, upload
    from geomorph_plugin.sfm.states import JobState

    profile = profile_for(info)
    registry = JobRegistry(workdir / "registry")
    t0 = time.monotonic()
    parallel = usable_cores(info)
    options = workflow_options(photos, max_size, chunk, parallel)
    job, files = prepare.prepare(profile, photos, workdir / f"out-{info['slots']}", options, registry)
    session = connect(profile, known_hosts_path=info["known_hosts"])
    try:
        upload.upload(job, files, session, registry)
        t_submit = time.monotonic()
        follow.submit(job, session, registry)
        status = follow.wait(job, session, registry, interval=1.0)
        t_done = time.monotonic()
        if status.state != JobState.COMPLETED:
            raise SystemExit(f"the DAG {status.state}: {status.message}")
        fetch.fetch(job, session, registry)
        t_end = time.monotonic()
    finally:
        session.close()
    summary = products.result_summary(Path(job.output_dir))
    try:
        nodes = json.loads((Path(job.output_dir) / "timings.json").read_text(encoding="utf-8"))
        t0_nodes = min(n["start"] for n in nodes)
        for n in sorted(nodes, key=lambda n: n["start"]):
            print(f"    {n['node']:<14} {n['step']:<30} start +{n['start'] - t0_nodes:6.1f} s  "
                  f"{n['seconds']:6.1f} s  {n.get('threads', '?')} thread(s)")
    except (OSError, ValueError, KeyError):
        pass
    return {"job": job, "slots": info["slots"], "nodes": len(files.steps), "chunk_size": options.chunk_size,
            "critical_path": critical_path(files.steps), "max_cpus": max(st.cpus for st in files.steps),
            "images_per_feature_job": options.images_per_feature_job, "dag_s": t_done - t_submit,
            "upload_s": t_submit - t0, "fetch_s": t_end - t_done, "total_s": t_end - t0,
            "registered": summary.get("images_registered"), "images": summary.get("images_total"),
            "report": str(Path(job.output_dir) / "report.html")}


def critical_path(steps) -> int:
    """Nodes in the longest parent -> child chain of the DAG."""
    depth: dict = {}
    for st in steps:  # parents come first
        depth[st.name] = 1 + max((depth[p] for p in st.parents), default=0)
    return max(depth.values())


def baseline_run(info, job) -> dict:
    from geomorph_plugin.cluster.ssh import connect

    profile = profile_for(info)
    with connect(profile, known_hosts_path=info["known_hosts"]) as session:
        session.sftp.put(str(REPO / "scripts" / "sfm_plain_baseline.py"), f"{job.remote_dir}/sfm_plain_baseline.py")
        t0 = time.monotonic()
        result = session.run(["python3", "sfm_plain_baseline.py", job.remote_dir, "--threads", "2"],
                             cwd=job.remote_dir, timeout=3600, check=False)
        wall = time.monotonic() - t0
        if result.exit_code != 0:
            raise SystemExit(f"the baseline failed ({result.exit_code}):\n{result.stderr[-3000:]}")
        data = json.loads(session.run(["cat", f"{job.remote_dir}/baseline/baseline.json"]).stdout)
    data["wall_s"] = wall
    return data


def write_markdown(rows: list[str], notes: list[str]) -> None:
    path = REPO / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8")
    section = "## SfM\n\n" + "\n".join(rows) + "\n\n" + "\n".join(notes) + "\n"
    match = re.search(r"^## SfM\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
    text = (text[:match.start()] + section + ("\n" if match.end() < len(text) else "") + text[match.end():]
            if match else text.rstrip() + "\n\n" + section)
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--slots", default="4,1", help="slot counts; the first one is compared with the baseline")
    parser.add_argument("--max-image-size", type=int, default=1000)
    parser.add_argument("--chunk-size", type=int, default=0,
                        help="pairs per matching job (0: split the pairs over the usable slots)")
    parser.add_argument("--photos", type=Path, default=Path(os.environ.get(
        "GEOMORPH_SHARED_DATA", REPO.parent / "shared" / "data")) / "brighton_beach" / "images")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    slots = [int(s) for s in args.slots.split(",") if s.strip()]

    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    cluster = cluster_module()
    workdir = Path(tempfile.mkdtemp(prefix="bench_sfm_"))
    photos_n = len([p for p in args.photos.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".tif", ".tiff")])
    print(f"{photos_n} photos from {args.photos}, downscaled to {args.max_image_size} px; {os.cpu_count()} cores")

    runs = []
    info = cluster.start(slots=slots[0])
    first = plugin_run(info, args.photos, args.max_image_size, args.chunk_size, workdir)
    runs.append(first)
    print(f"plugin DAG, {first['slots']} slots: {first['dag_s']:.1f} s ({first['nodes']} nodes, "
          f"{first['images_per_feature_job']} photos per feature job, {first['chunk_size']} pairs per match job; "
          f"upload {first['upload_s']:.1f} s, fetch {first['fetch_s']:.1f} s, end to end {first['total_s']:.1f} s)")
    base = baseline_run(info, first["job"])
    print(f"plain sequential script:  {base['wall_s']:.1f} s (its own total {base['total_seconds']:.1f} s)")
    overhead = first["dag_s"] / base["wall_s"] - 1.0
    print(f"overhead of the DAG run: {100 * overhead:+.1f} % (target <= +10 %)")
    try:
        for n in slots[1:]:
            info = cluster.start(slots=n)
            run = plugin_run(info, args.photos, args.max_image_size, args.chunk_size, workdir)
            runs.append(run)
            print(f"plugin DAG, {n} slots: {run['dag_s']:.1f} s (end to end {run['total_s']:.1f} s)")
    finally:
        if len(slots) > 1:
            cluster.start(slots=slots[0])

    def shape(run) -> str:
        return (f"{run['nodes']} nodes, {run['critical_path']} on the critical path, sequential steps up to "
                f"{run['max_cpus']} cores, {run['images_per_feature_job']} photos per feature job, "
                f"{run['chunk_size']} pairs per match job")

    command = "scripts/bench_sfm" + ("" if args.slots == "4,1" else f" --slots {args.slots}")
    rows = [
        "| benchmark | command | figure | baseline (same run) | ratio | target |",
        "|---|---|---|---|---|---|",
        f"| SfM DAG wall time, {photos_n} photos at {args.max_image_size} px, a {first['slots']}-core "
        f"partitionable slot ({shape(first)}) | `{command}` | {first['dag_s']:.0f} s | plain sequential script "
        f"(2 threads per command): {base['wall_s']:.0f} s | {first['dag_s'] / base['wall_s']:.2f}x "
        f"({100 * overhead:+.0f} %) | overhead <= 10 % |",
        f"| SfM end to end (upload + DAG + download + COPC + report), {first['slots']} cores | `{command}` | "
        f"{first['total_s']:.0f} s | - | - | - |",
    ]
    for run in runs[1:]:
        rows.append(f"| SfM DAG wall time, {run['slots']} core(s) ({shape(run)}) | `{command}` | "
                    f"{run['dag_s']:.0f} s | {first['slots']} cores: {first['dag_s']:.0f} s | "
                    f"{run['dag_s'] / first['dag_s']:.2f}x | - |")
    load = os.getloadavg()
    notes = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on the project machine ({os.cpu_count()} cores shared with "
        f"other work, load average {load[0]:.1f} at the end, no GPU): the sparse fast path (no dense matching "
        f"without CUDA). All {first['registered']} of {first['images']} photos registered. Per-node times are in "
        "each run's job report (`report.html`).",
        "",
        f"What {os.cpu_count()} cores allow: the test cluster offers its cores as one partitionable slot, so a "
        "sequential step (mapper, undistortion, mosaic) gets as many cores as the plain script's commands use "
        "and the parallel chunks (1 core each) fill the machine side by side. More cores in the pool than the "
        "machine has only share the same cores, so 4 cores cannot beat 2 here, and the chunks can at best do "
        "what the plain script's 2-thread COLMAP commands already do: the comparison measures the plugin's "
        "overhead (DAGMan scheduling, per-node start-up, staging through the shared job folder), not the "
        "speed-up that many nodes give on a real cluster.",
    ]
    if not args.no_write:
        write_markdown(rows, notes)
        print("wrote the SfM section of docs/benchmarks.md")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
