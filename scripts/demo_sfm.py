#!/usr/bin/env python3
"""The SfM demo (``scripts/demo --sfm``): brighton_beach through geomorph:runsfm on the local test cluster.

    scripts/demo --sfm [--out DIR]
    .venv/bin/python scripts/demo_sfm.py [--out DIR] [--max-image-size 1000] [--photos FOLDER]

What a user does, in order: start the cluster (``scripts/test-cluster start``; needs root),
create a connection profile for it, trust its host key after checking the fingerprint (here
the one that cluster.json publishes), and run "Run SfM on the cluster". The photos are
downscaled (``--max-image-size``) so that the 2-core machine finishes in a few minutes. The
cluster is stopped again at the end if this script started it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from demo import start_qgis  # noqa: E402 - the one standalone QGIS start-up of the demos

sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROFILE_NAME = "geomorph-test-cluster"


def shared_data() -> Path:
    return Path(os.environ.get("GEOMORPH_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()


def cluster_module():
    spec = importlib.util.spec_from_file_location("geomorph_test_cluster", REPO / "scripts" / "test_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cluster_profile(info: dict):
    from geomorph_plugin.cluster.profiles import AUTH_KEYFILE, Profile

    # The test cluster runs on 2 real cores: cap the per-step requests to what it offers.
    return Profile(name=PROFILE_NAME, host=info["host"], port=int(info["port"]), user=info["user"],
                   auth_method=AUTH_KEYFILE, key_file=info["key_file"], work_root=info["work_root"],
                   max_jobs=int(info.get("slots", 4)), extra={"max_cpus_per_job": 2, "max_memory_mb": 4000})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "demo-output")
    parser.add_argument("--photos", type=Path, default=shared_data() / "brighton_beach" / "images")
    parser.add_argument("--max-image-size", type=int, default=1000)
    parser.add_argument("--chunk-size", type=int, default=40)
    args = parser.parse_args(argv)
    if not args.photos.is_dir():
        print(f"The photos are missing: {args.photos}. Set GEOMORPH_SHARED_DATA to the shared data folder.",
              file=sys.stderr)
        return 2
    if os.geteuid() != 0:
        print("The local test cluster needs root (chroot, mounts): run this demo as root.", file=sys.stderr)
        return 2

    cluster = cluster_module()
    state = cluster.status()
    started_here = not (state.get("sshd_up") and state.get("condor_up"))
    print("Starting the local test cluster (HTCondor + sshd in a chroot)…" if started_here
          else "Using the running local test cluster.")
    info = cluster.start()
    # Auto runs MicMac on this GPU-less cluster: build it once (cached) and put it on the nodes.
    print("MicMac on the nodes (built once per machine, about 25 min the first time)…", flush=True)
    cluster.ensure_micmac(wait=True)
    try:
        app, _provider = start_qgis()
        import processing
        from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

        from geomorph_plugin.cluster.profiles import save_profile

        save_profile(test_cluster_profile(info))
        trusted = processing.run("geomorph:trusthostkey", {
            "PROFILE": PROFILE_NAME, "EXPECTED_FINGERPRINT": info["host_key_fingerprint_sha256"]})
        print(f"Profile {PROFILE_NAME!r}: {info['user']}@{info['host']}:{info['port']}, host key "
              f"{trusted['FINGERPRINT']} trusted.")

        class Feedback(QgsProcessingFeedback):
            def pushInfo(self, info):  # noqa: N802 - QGIS API
                print("  " + info.replace("\n", "\n  "), flush=True)

            def reportError(self, error, fatalError=False):  # noqa: N802,N803 - QGIS API
                print("  ! " + error, flush=True)

        out = (args.out / "sfm").resolve()
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        size = f"photos downscaled to {args.max_image_size} px" if args.max_image_size else "photos at full size"
        print(f"Running geomorph:runsfm on {args.photos} ({size})…")
        t0 = time.monotonic()
        result = processing.run("geomorph:runsfm", {
            "PROFILE": PROFILE_NAME, "PHOTOS": str(args.photos), "CHUNK_SIZE": args.chunk_size,
            "MAX_IMAGE_SIZE": args.max_image_size, "OUTPUT_FOLDER": str(out)}, context=context, feedback=Feedback())
        seconds = time.monotonic() - t0
        summary = json.loads((out / "result.json").read_text(encoding="utf-8"))
        print(f"\nDone in {seconds / 60:.1f} min: {summary['images_registered']} of {summary['images_total']} photos "
              f"registered, {summary['points']} points, surface: {summary['surface']}, CRS {summary['crs']}.")
        print(f"Job id:        {result['JOB_ID']}")
        for key, label in (("OUTPUT_ORTHO", "Orthomosaic"), ("OUTPUT_DEM", "DSM"), ("OUTPUT_HILLSHADE", "Hillshade"),
                           ("OUTPUT_POINTCLOUD", "Point cloud"), ("OUTPUT_POINTCLOUD_FILE", "Point cloud file"),
                           ("OUTPUT_REPORT", "Job report")):
            print(f"{label + ':':<18} {result.get(key) or '-'}")
        print(f"Layers queued for QGIS: {len(context.layersToLoadOnCompletion())}")
        del app
    finally:
        if started_here:
            print("Stopping the local test cluster.")
            cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
