"""The user's data is safe: no output over the input or over another output, an existing file survives
a failed run, stale temporary files are cleaned, and runs that would silently give a wrong or empty
map refuse or warn (real GDAL rasters, real onnxruntime models)."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback

from geomorph_plugin.errors import GeomorphError
from geomorph_plugin.landcover import contract, inference, runtime, staging
from tests.onnx_models import brightest_band_classifier, brightest_band_segmenter, write_raster

ALG = "geomorph:classifylandcover"
ORIGIN = (500000.0, 4500000.0)


class Feedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.warnings: list[str] = []

    def pushWarning(self, text):  # noqa: N802 - QGIS API
        self.warnings.append(text)
        super().pushWarning(text)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(params, feedback=None):
    import processing

    return processing.run(ALG, params, context=QgsProcessingContext(), feedback=feedback or QgsProcessingFeedback())


def _classify(tmp_path, raster, model, feedback=None, **kwargs):
    rt = runtime.create_runtime(model, "cpu")
    c = contract.contract_from_session(rt.session)
    request = inference.Request(source=str(raster), output=tmp_path / "classes.tif", **kwargs)
    return inference.classify(request, c, rt, feedback)


@pytest.fixture
def rgb(tmp_path):
    data = np.random.default_rng(0).integers(0, 255, (3, 64, 64)).astype(np.uint8)
    return write_raster(tmp_path / "rgb.tif", data)


@pytest.fixture
def seg_model(tmp_path):
    return brightest_band_segmenter(tmp_path / "seg.onnx", tile=16, value_scale=255)


def test_output_over_the_input_is_refused_and_the_input_kept(provider, tmp_path, rgb, seg_model):
    before = _digest(rgb)
    spelled = tmp_path / "sub" / ".." / rgb.name  # the same file, spelled differently
    (tmp_path / "sub").mkdir()
    link = tmp_path / "link.tif"
    link.symlink_to(rgb)
    for key, target in (("OUTPUT", rgb), ("OUTPUT", spelled), ("OUTPUT", link), ("OUTPUT_REPORT", rgb),
                        ("OUTPUT_PROBABILITIES", rgb)):
        params = {"INPUT": str(rgb), "MODEL": str(seg_model), "OUTPUT": str(tmp_path / "out.tif")}
        params[key] = str(target)
        with pytest.raises(QgsProcessingException, match="would destroy the input"):
            _run(params)
        assert _digest(rgb) == before
        assert gdal.Open(str(rgb)).RasterCount == 3


def test_two_outputs_on_one_file_are_refused(provider, tmp_path, rgb, seg_model):
    out = tmp_path / "out.tif"
    with pytest.raises(QgsProcessingException, match="same file") as info:
        _run({"INPUT": str(rgb), "MODEL": str(seg_model), "OUTPUT": str(out), "OUTPUT_PROBABILITIES": str(out)})
    assert "Land cover classes" in str(info.value) and "Class probabilities" in str(info.value)
    assert not out.exists()


def test_a_failed_run_keeps_the_file_that_was_there(provider, tmp_path, seg_model):
    data = np.random.default_rng(1).integers(0, 255, (3, 512, 512)).astype(np.uint8)
    raster = write_raster(tmp_path / "big.tif", data)
    out, report = tmp_path / "classes.tif", tmp_path / "areas.html"
    write_raster(out, np.full((1, 8, 8), 7, np.uint8))
    report.write_text("an earlier report")
    kept = (_digest(out), _digest(report))
    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda value: value > 5 and feedback.cancel())
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        _run({"INPUT": str(raster), "MODEL": str(seg_model), "OUTPUT": str(out), "OUTPUT_REPORT": str(report),
              "BATCH_SIZE": 2}, feedback)
    assert (_digest(out), _digest(report)) == kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["areas.html", "big.tif", "classes.tif", "seg.onnx"]
    # A successful run then replaces both.
    _run({"INPUT": str(raster), "MODEL": str(seg_model), "OUTPUT": str(out), "OUTPUT_REPORT": str(report)})
    assert gdal.Open(str(out)).RasterXSize == 512 and "Land cover" in report.read_text()
    assert not list(tmp_path.glob("*.part*"))


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_parts_of_a_killed_run_are_removed_live_ones_kept(tmp_path, rgb, seg_model):
    host = staging._host_tag()
    stale = [tmp_path / "classes.tif.part.tif", tmp_path / f"classes.tif.{host}-{_dead_pid()}-0badc0de.part.tif",
             tmp_path / f"classes.tif.{host}-{_dead_pid()}-0badc0de.cog.part.tif.aux.xml"]
    live = [tmp_path / f"classes.tif.{host}-{staging.os.getpid()}-12345678.part.tif",
            tmp_path / f"classes.tif.{'f' * 8}-{_dead_pid()}-12345678.part.tif",  # another machine's
            tmp_path / "other.tif.part.tif"]
    for path in stale + live:
        path.write_bytes(b"left over")
    _classify(tmp_path, rgb, seg_model)
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in live)


def test_extent_smaller_than_one_patch_is_refused_naming_both_sizes(tmp_path):
    raster = write_raster(tmp_path / "small.tif", np.full((3, 9, 5), 100, np.uint8), res=10.0, origin=ORIGIN)
    model = brightest_band_classifier(tmp_path / "p.onnx", patch=8, resolution_m=10.0, value_scale=255)
    with pytest.raises(GeomorphError) as info:
        _classify(tmp_path, raster, model)
    message = str(info.value)
    assert "the model looks at 80 m patches" in message.lower() and "50 m wide" in message
    assert "Training your own model" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.onnx", "small.tif"]


def test_segmentation_extent_smaller_than_one_tile_is_refused(tmp_path):
    raster = write_raster(tmp_path / "small.tif", np.full((3, 40, 12), 100, np.uint8), res=1.0, origin=ORIGIN)
    model = brightest_band_segmenter(tmp_path / "s.onnx", tile=16, value_scale=255)
    with pytest.raises(GeomorphError, match="16 m tiles.*12 m wide"):
        _classify(tmp_path, raster, model)


def test_few_output_cells_warn(tmp_path):
    raster = write_raster(tmp_path / "in.tif", np.full((3, 16, 24), 100, np.uint8), res=10.0, origin=ORIGIN)
    model = brightest_band_classifier(tmp_path / "p.onnx", patch=8, resolution_m=10.0, value_scale=255)
    feedback = Feedback()
    result = _classify(tmp_path, raster, model, feedback)
    assert gdal.Open(str(result.output)).ReadAsArray().shape == (2, 3)
    assert any("Only 6 output cells of 80 m" in w for w in feedback.warnings), feedback.warnings


def test_all_nodata_result_is_refused_not_written(tmp_path, seg_model):
    raster = write_raster(tmp_path / "empty.tif", np.zeros((3, 40, 40), np.uint8), nodata=0, origin=ORIGIN)
    with pytest.raises(GeomorphError, match="Every cell of the result would be nodata"):
        _classify(tmp_path, raster, seg_model, report=tmp_path / "r.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.tif", "seg.onnx"]


def test_values_beyond_the_model_scale_warn_with_range_and_scale(tmp_path, seg_model):
    data = np.random.default_rng(3).integers(0, 60000, (3, 32, 32)).astype(np.uint16)
    data[0, 0, 0], data[1, 0, 0] = 3, 59990
    raster = write_raster(tmp_path / "in16.tif", data, origin=ORIGIN)
    feedback = Feedback()
    _classify(tmp_path, raster, seg_model, feedback)
    text = " ".join(feedback.warnings)
    assert f"range from {data.min()} to {data.max()}" in text and "value scale 255" in text, feedback.warnings
    # The same model on 8-bit data of its own scale: no warning.
    quiet = Feedback()
    (tmp_path / "b").mkdir()
    _classify(tmp_path / "b", write_raster(tmp_path / "in8.tif", (data // 256).astype(np.uint8), origin=ORIGIN),
              seg_model, quiet)
    assert not quiet.warnings
