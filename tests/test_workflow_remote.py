"""Worker-side code: failures reach stderr with an exit code, LAS/PLY writers, and the whole
step graph run locally inside the test cluster's chroot (COLMAP lives only there), no HTCondor.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import numpy as np
import pytest

from geomorph_plugin.remote import pointcloud
from geomorph_plugin.workflow.dag import build_workflow
from geomorph_plugin.workflow.engine import WorkflowOptions
from geomorph_plugin.workflow.photos import scan_photos

REPO = Path(__file__).resolve().parents[1]
HOSTILE = ["DJI 0018 it's.JPG", 'DJI_$(touch pwned)`touch pwned2`.JPG', 'Brücke "0020" \\ x.jpg']


def _stage(shared_data, job_dir: Path, options: WorkflowOptions, hostile: bool = False):
    src = shared_data / "brighton_beach" / "images"
    photo_set = scan_photos(src)
    files = build_workflow(photo_set, options, job_dir)
    (job_dir / "photos").mkdir(parents=True, exist_ok=True)
    renamed = {}
    for k, (local, rel) in enumerate(files.photos):
        name = HOSTILE[k] if hostile and k < len(HOSTILE) else Path(rel).name
        shutil.copy(local, job_dir / "photos" / name)
        renamed[rel] = f"photos/{name}"
    if hostile:
        # The uploaded names are the originals; build from the renamed folder so workflow.json agrees.
        files = build_workflow(scan_photos(job_dir / "photos"), options, job_dir)
        assert sorted(rel for _p, rel in files.photos) == sorted(renamed.values())
    return files


def _node(job_dir: Path, *argv, python=sys.executable, env=None):
    return subprocess.run([python, str(job_dir / "geomorph_remote" / "geomorph_node.py"), *argv], cwd=job_dir,
                          capture_output=True, text=True, env=env, timeout=120)


def test_failing_steps_exit_non_zero_with_the_reason_on_stderr(shared_data, tmp_path):
    _stage(shared_data, tmp_path, WorkflowOptions(chunk_size=40))
    res = _node(tmp_path, "merge_matches")
    assert res.returncode == 1
    assert "geomorph step merge_matches failed: match databases missing: match_000.db" in res.stderr
    timing = json.loads((tmp_path / "timings" / "merge_matches.json").read_text())
    assert timing["status"] == "failed" and timing["seconds"] >= 0
    env = dict(os.environ, PATH="/nonexistent", GEOMORPH_NODE="features_000")
    env.pop("GEOMORPH_COLMAP", None)
    (tmp_path / "work" / "lists").mkdir(parents=True)
    res = _node(tmp_path, "features", "--chunk", "0", env=env)
    assert res.returncode == 1 and "'colmap' is not on PATH" in res.stderr
    assert json.loads((tmp_path / "timings" / "features_000.json").read_text())["status"] == "failed"
    # Photos missing from the upload: bad input, exit 3 so that DAGMan does not retry.
    shutil.rmtree(tmp_path / "photos")
    res = _node(tmp_path, "prepare")
    assert res.returncode == 3 and "18 photos were not uploaded" in res.stderr
    res = _node(tmp_path, "report", "--job-dir", str(tmp_path / "work"))
    assert res.returncode == 3 and "workflow.json is missing" in res.stderr


def test_las_and_ply_writers_round_trip(tmp_path):
    rng = np.random.default_rng(0)
    xyz = rng.uniform([576600, 5188100, 150], [576800, 5188200, 170], size=(1000, 3))
    rgb = rng.integers(0, 256, size=(1000, 3)).astype(np.uint8)
    pointcloud.write_las(tmp_path / "c.las", xyz, rgb, 32615)
    back, back_rgb, epsg = pointcloud.read_las(tmp_path / "c.las")
    assert epsg == 32615
    assert np.abs(back - xyz).max() < 0.0006
    assert (back_rgb == rgb).all()
    raw = (tmp_path / "c.las").read_bytes()
    assert raw[:4] == b"LASF" and raw[24:26] == bytes([1, 2]) and len(raw) == 227 + 54 + 40 + 26 * 1000
    pointcloud.write_ply(tmp_path / "c.ply", xyz, rgb, comment="crs EPSG:32615")
    pxyz, prgb = pointcloud.read_ply(tmp_path / "c.ply")
    assert np.array_equal(pxyz, xyz) and np.array_equal(prgb, rgb)


# ----------------------------------------------------------------------------- end to end

def _chroot_root() -> Path | None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import test_cluster
    finally:
        sys.path.pop(0)
    root = Path(test_cluster.root_dir())
    if os.geteuid() != 0 or not (root / "usr" / "bin" / "colmap").exists():
        return None
    return root


def dag_order(dag_text: str) -> list[tuple[str, list[str]]]:
    """Nodes in file order (parents first, as written) with the argv DAGMan would pass."""
    sys.path.insert(0, str(Path(__file__).parent))
    try:
        from test_workflow_dag import parse_condor_arguments, parse_dag
    finally:
        sys.path.pop(0)

    parsed = parse_dag(dag_text)
    done, order = set(), []
    names = list(parsed["nodes"])
    while len(order) < len(names):
        ready = [n for n in names if n not in done and parsed["parents"].get(n, set()) <= done]
        assert ready, "the DAG has a cycle"
        for n in ready:
            order.append((n, parse_condor_arguments(parsed["nodes"][n]["nodeargs"])))
            done.add(n)
    return order


@pytest.mark.slow
@pytest.mark.cluster
def test_all_steps_in_the_chroot_register_18_photos_and_georeference_products(shared_data):
    from osgeo import gdal, osr

    root = _chroot_root()
    if root is None:
        pytest.skip("needs root and the test cluster's chroot with COLMAP: run scripts/test-cluster start")
    inside = f"/home/geomorph/geomorph-e2e-{uuid.uuid4().hex[:8]}"
    job = root / inside.lstrip("/")
    try:
        options = WorkflowOptions(chunk_size=30, images_per_feature_job=6, max_image_size=1000,
                                  max_num_features=2000, tile_count=4, max_cpus_per_job=2)
        files = _stage(shared_data, job, options, hostile=True)
        subprocess.run(["chown", "-R", "2000:2000", str(job)], check=True)
        for node, argv in dag_order(files.dag.read_text(encoding="utf-8")):
            assert argv[0] == "geomorph_remote/node.sh"
            res = subprocess.run(
                ["chroot", "--userspec=2000:2000", str(root), "/usr/bin/env", "-i", "HOME=/home/geomorph",
                 "PATH=/usr/bin:/bin", "LANG=C.UTF-8", f"GEOMORPH_NODE={node}", "/bin/sh", "-c",
                 'cd "$1" && shift && exec /bin/sh "$@"', "sh", inside, *argv],
                capture_output=True, text=True, timeout=300)
            assert res.returncode == 0, f"{node} failed:\n{res.stderr}\n{res.stdout[-3000:]}"

        result = json.loads((job / files.outputs["result"]).read_text())
        workflow = json.loads((job / "workflow.json").read_text())
        staged = sorted(p.name for p in (job / "work" / "images").iterdir())
        assert staged == sorted(i["name"] for i in workflow["images"]), "only the photos, no .aux.xml"
        assert result["images_registered"] == result["images_total"] == 18
        assert result["crs"] == "EPSG:32615" and result["surface"] == "sparse-fast-path"
        lon0, lat0, lon1, lat1 = result["bounds_lonlat"]
        lat, lon = scan_photos(job / "photos").mean_position()
        assert lon0 < lon < lon1 and lat0 < lat < lat1, "the mosaic covers the photos' mean GPS position"
        assert round(lat, 2) == 46.84 and round(lon, 2) == -91.99
        assert result["gps_residual_median_m"] < 3.0

        utm = osr.SpatialReference()
        utm.ImportFromEPSG(32615)
        for key in ("ortho", "dsm"):
            ds = gdal.Open(str(job / files.outputs[key]))
            srs = osr.SpatialReference(wkt=ds.GetProjection())
            assert srs.IsSame(utm), key
            assert ds.GetMetadataItem("GEOMORPH_SURFACE") == "sparse-fast-path"
            assert ds.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE") == "COG"
            gt = ds.GetGeoTransform()
            # The photos were taken over 576.6-576.8 km E, 5188.1-5188.3 km N.
            assert 576500 < gt[0] < 576800 and 5188050 < gt[3] < 5188350, gt
            assert 40 < gt[1] * ds.RasterXSize < 400
        ortho = gdal.Open(str(job / files.outputs["ortho"]))
        mask = ortho.GetRasterBand(1).GetMaskBand().ReadAsArray()
        assert (mask > 0).mean() > 0.6
        rgb = ortho.ReadAsArray()[:3][:, mask > 0]
        assert 40 < rgb.mean() < 220 and rgb.std() > 15, "a real photo mosaic, not a flat fill"
        dsm_ds = gdal.Open(str(job / files.outputs["dsm"]))
        dsm = dsm_ds.GetRasterBand(1)
        z = dsm.ReadAsArray()
        z = z[z != dsm.GetNoDataValue()]
        # EXIF altitudes are about 198 m with the drone some 40-50 m above the shore.
        assert z.size > 1000 and 120 < np.median(z) < 190 and np.percentile(z, 95) - np.percentile(z, 5) < 30
        xyz, _rgb, epsg = pointcloud.read_las(job / files.outputs["pointcloud_las"])
        assert epsg == 32615 and len(xyz) == result["points"] > 500
        # The node's COPC (copclib in the test cluster: Debian has no PDAL), the same points.
        from geomorph_plugin.sfm.copc import read_copc_info

        assert result["pointcloud_copc_missing"] == ""
        assert read_copc_info(job / files.outputs["pointcloud_copc"]).point_count == result["points"]
        assert 576500 < np.median(xyz[:, 0]) < 576900
        timings = json.loads((job / files.outputs["timings"]).read_text())
        assert {t["node"] for t in timings} >= {s.name for s in files.steps} - {"report"}
        assert not list(job.rglob("pwned*")), "a photo name was executed by a shell"

        # Idempotent steps: running a tile again gives the same tile.
        before = gdal.Open(str(job / "work/tiles/dsm_001.tif")).ReadAsArray()
        res = subprocess.run(["chroot", "--userspec=2000:2000", str(root), "/bin/sh", "-c",
                              'cd "$1" && exec /bin/sh geomorph_remote/node.sh dsm --tile 1', "sh", inside],
                             capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        assert np.array_equal(gdal.Open(str(job / "work/tiles/dsm_001.tif")).ReadAsArray(), before)
    finally:
        shutil.rmtree(job, ignore_errors=True)


def test_las_is_valid_for_laspy(tmp_path):
    laspy = pytest.importorskip("laspy")
    xyz = np.array([[576700.123, 5188150.456, 160.789], [576710.0, 5188160.0, 161.0], [576705.5, 5188155.5, 159.5]])
    rgb = np.array([[255, 0, 10], [0, 255, 20], [1, 2, 3]], dtype=np.uint8)
    pointcloud.write_las(tmp_path / "c.las", xyz, rgb, 32615)
    las = laspy.read(tmp_path / "c.las")
    assert str(las.header.version) == "1.2" and las.header.point_format.id == 2
    assert np.allclose(np.stack([las.x, las.y, las.z], axis=1), xyz, atol=0.0006)
    assert list(las.red) == [65535, 0, 257]
    assert las.header.parse_crs().to_epsg() == 32615
