"""The COPC point cloud is written on the nodes, never inside QGIS: the node writer, its labelled
fallback without PDAL/copclib, and the client's check of the downloaded file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from geomorph_plugin.remote import pointcloud
from tests.copc_nodes import node_copc
from tests.sfm_fixtures import saved_profile  # noqa: F401 - fixture

REPO = Path(__file__).resolve().parents[1]


def _cloud(n=60000, seed=7):
    rng = np.random.default_rng(seed)
    xyz = np.column_stack([rng.uniform(563000, 563040, n), rng.uniform(5187060, 5187100, n), rng.uniform(180, 195, n)])
    return xyz, rng.integers(0, 256, (n, 3)).astype(np.uint8)


@pytest.mark.cluster
def test_node_copc_is_valid_and_loads_in_qgis(qgis_app, tmp_path):
    from osgeo import osr
    from qgis.core import QgsPointCloudLayer

    from geomorph_plugin.processing.sfm_layers import load_pointcloud_layer
    from geomorph_plugin.sfm.copc import read_copc_info

    xyz, rgb = _cloud()
    copc = node_copc(tmp_path / "pointcloud_sparse.copc.laz", xyz, rgb)
    raw = copc.read_bytes()
    assert raw[:4] == b"LASF" and raw[377:381] == b"copc", "LAS signature and the COPC info VLR first"
    info = read_copc_info(copc)
    assert info.point_count == len(xyz) and info.point_format == 7
    srs = osr.SpatialReference(wkt=info.wkt)
    assert srs.GetAuthorityCode(None) == "32615"
    # The octree cube holds every point.
    lo, hi = xyz.min(axis=0), xyz.max(axis=0)
    assert np.all(np.abs((lo + hi) / 2 - info.center) < 0.01) and info.halfsize >= (hi - lo).max() / 2

    layer = QgsPointCloudLayer(str(copc), "cloud", "copc")
    assert layer.isValid() and layer.pointCount() == len(xyz)
    extent = layer.extent()
    assert abs(extent.xMinimum() - lo[0]) < 0.002 and abs(extent.yMaximum() - hi[1]) < 0.002
    styled = load_pointcloud_layer(copc, "cloud", "EPSG:32615")
    assert styled.crs().authid() == "EPSG:32615" and styled.renderer().type() == "rgb"


def _system_python_node(tmp_path, code: str, env: dict) -> subprocess.CompletedProcess:
    """The node code in the host's Debian Python (numpy and GDAL, no copclib), as a node without it."""
    import shutil

    shutil.copytree(REPO / "geomorph_plugin" / "remote", tmp_path / "geomorph_remote",
                    ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    probe = subprocess.run(["/usr/bin/python3", "-c", "import copclib"], capture_output=True)
    assert probe.returncode != 0, "this test needs a Python without copclib, as on a bare node"
    return subprocess.run(["/usr/bin/python3", "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **env})


def test_node_without_pdal_nor_copclib_keeps_the_las_and_says_why(tmp_path):
    xyz, rgb = _cloud(500)
    pointcloud.write_las(tmp_path / "c.las", xyz, rgb, 32615)
    las_before = (tmp_path / "c.las").read_bytes()
    (tmp_path / "c.copc.laz").write_bytes(b"stale COPC of an earlier attempt")
    code = ("from pathlib import Path; from geomorph_remote import pointcloud as pc; "
            "print('REASON=' + pc.write_copc(Path('c.las'), Path('c.copc.laz'), 32615, 1))")
    res = _system_python_node(tmp_path, code, {"GEOMORPH_PDAL": "/nonexistent/pdal"})
    assert res.returncode == 0, res.stderr
    reason = res.stdout.split("REASON=", 1)[1].strip()
    assert "GEOMORPH_PDAL=/nonexistent/pdal is not an executable file" in reason
    assert "the Python package copclib is not installed" in reason
    assert not (tmp_path / "c.copc.laz").exists(), "a stale COPC would not match the new LAS"
    assert (tmp_path / "c.las").read_bytes() == las_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.las", "geomorph_remote"], "no temporary file left"

    # PDAL there but failing: its exit code and output tail are the reason, nothing half-written stays.
    res = _system_python_node(tmp_path, code, {"GEOMORPH_PDAL": "/bin/false"})
    reason = res.stdout.split("REASON=", 1)[1].strip()
    assert "PDAL could not write the COPC file: false pipeline failed with exit code 1" in reason
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.las", "geomorph_remote"]


def test_client_check_keeps_a_copc_and_explains_a_missing_one(tmp_path, qgis_app):
    from geomorph_plugin.sfm.copc import PRODUCT, check_downloaded

    outputs = {PRODUCT: "outputs/pointcloud_sparse.copc.laz", "pointcloud_las": "outputs/pointcloud_sparse.las"}
    # A LAS 1.2 file where the COPC should be: not loaded, and the message says why.
    xyz, rgb = _cloud(50)
    pointcloud.write_las(tmp_path / "pointcloud_sparse.copc.laz", xyz, rgb, 32615)
    products = {PRODUCT: tmp_path / "pointcloud_sparse.copc.laz"}
    message = check_downloaded(products, outputs, {})
    assert PRODUCT not in products
    assert "is not a LAS 1.4 file" in message and "\"Node setup command\"" in message

    products = {"pointcloud_las": tmp_path / "x.las"}
    summary = {"pointcloud_copc_missing": "PDAL ('pdal') is not on PATH on the node; the Python package copclib is "
                                          "not installed for the node's Python"}
    message = check_downloaded(products, outputs, summary)
    assert summary["pointcloud_copc_missing"] in message and "\"Container image\"" in message
    assert "earlier version" in check_downloaded({}, {"pointcloud_las": "x"}, {})


@pytest.mark.cluster
def test_client_check_accepts_the_node_copc(tmp_path, qgis_app):
    from geomorph_plugin.sfm.copc import PRODUCT, check_downloaded

    xyz, rgb = _cloud(3000)
    copc = node_copc(tmp_path / "pointcloud_sparse.copc.laz", xyz, rgb)
    products = {PRODUCT: copc}
    assert check_downloaded(products, {PRODUCT: "outputs/pointcloud_sparse.copc.laz"}, {}) == ""
    assert products == {PRODUCT: copc}


@pytest.mark.cluster
@pytest.mark.slow
def test_runsfm_on_nodes_without_a_copc_writer_succeeds_with_a_labelled_las(provider, saved_profile, shared_data,  # noqa: F811
                                                                              tmp_path, cluster_session):
    """The fallback end to end: the nodes' setup command hides PDAL and copclib, the run still
    delivers ortho, DSM and LAS, and the log says why there is no point-cloud layer and what to set."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    from geomorph_plugin.cluster.profiles import save_profile
    from geomorph_plugin.processing.sfm_common import registry

    # A copclib that cannot be imported shadows the real one; GEOMORPH_PDAL names no program.
    saved_profile.setup_command = ("mkdir -p nocopc && echo 'raise ImportError(\"hidden by the test\")' > "
                                   "nocopc/copclib.py && export PYTHONPATH=$PWD/nocopc GEOMORPH_PDAL=/nonexistent/pdal")
    save_profile(saved_profile)
    errors: list[str] = []
    feedback = QgsProcessingFeedback()
    feedback.reportError = lambda message, fatal=False: errors.append(message)  # what the log panel shows in red
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    result = processing.run("geomorph:runsfm", {
        "PROFILE": saved_profile.name, "PHOTOS": str(shared_data / "brighton_beach" / "images"), "CHUNK_SIZE": 40,
        "MAX_IMAGE_SIZE": 1000, "ENGINE": 3, "OUTPUT_FOLDER": str(tmp_path / "results")},
        context=context, feedback=feedback)
    job = registry().get(result["JOB_ID"])
    try:
        summary = json.loads((tmp_path / "results" / "result.json").read_text())
        reason = summary["pointcloud_copc_missing"]
        assert "GEOMORPH_PDAL=/nonexistent/pdal is not an executable file" in reason
        assert "copclib could not write the COPC file" in reason and "hidden by the test" in reason
        assert result["OUTPUT_POINTCLOUD"] is None and Path(result["OUTPUT_ORTHO"]).is_file()
        # The PLY is the file output; the LAS lies beside it.
        xyz, _rgb, epsg = pointcloud.read_las(Path(result["OUTPUT_POINTCLOUD_FILE"]).with_suffix(".las"))
        assert epsg == 32615 and len(xyz) == summary["points"]
        assert not list((tmp_path / "results").glob("*.copc.laz*"))
        shown = [m for m in errors if "The point cloud was not loaded as a layer" in m]
        assert len(shown) == 1 and "GEOMORPH_PDAL=/nonexistent/pdal" in shown[0]
        assert '"Node setup command"' in shown[0] and '"Container image"' in shown[0]
        assert len(context.layersToLoadOnCompletion()) == 3, "ortho, DSM and hillshade; no point cloud layer"
    finally:
        cluster_session.run(["rm", "-rf", "--", job.remote_dir], check=False)
        registry().delete(job.id)
