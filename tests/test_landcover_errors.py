"""geomorph:classifylandcover refuses bad input with a message naming the problem and the fix,
and leaves no output behind (real onnxruntime, real files, a real loopback HTTP server)."""

from __future__ import annotations

import hashlib
import http.server
import threading
from functools import partial
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback

from geomorph_plugin.landcover import contract, model_source
from tests.onnx_models import brightest_band_classifier, brightest_band_segmenter, no_metadata_model, write_raster

ALG = "geomorph:classifylandcover"


@pytest.fixture
def rgb(tmp_path):
    data = np.random.default_rng(0).integers(0, 255, (3, 64, 64)).astype(np.uint8)
    return write_raster(tmp_path / "rgb.tif", data)


@pytest.fixture
def seg_model(tmp_path):
    return brightest_band_segmenter(tmp_path / "seg.onnx", tile=16, value_scale=255)


def _run(params, feedback=None):
    import processing

    return processing.run(ALG, params, context=QgsProcessingContext(), feedback=feedback or QgsProcessingFeedback())


def _fails(params, *fragments, feedback=None):
    with pytest.raises(QgsProcessingException) as info:
        _run(params, feedback)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


def _nothing_left(folder):
    return [p.name for p in folder.iterdir() if p.name.startswith("out")] == []


def test_truncated_onnx_file(provider, tmp_path, rgb, seg_model):
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(seg_model.read_bytes()[:200])
    _fails({"INPUT": str(rgb), "MODEL": str(broken), "OUTPUT": str(tmp_path / "out.tif")},
           "not a readable ONNX model", "again")
    garbage = tmp_path / "garbage.onnx"
    garbage.write_bytes(b"\x00not onnx at all" * 50)
    _fails({"INPUT": str(rgb), "MODEL": str(garbage), "OUTPUT": str(tmp_path / "out.tif")}, "not a readable ONNX")
    assert _nothing_left(tmp_path)


def test_model_without_metadata(provider, tmp_path, rgb):
    model = no_metadata_model(tmp_path / "bare.onnx")
    _fails({"INPUT": str(rgb), "MODEL": str(model), "OUTPUT": str(tmp_path / "out.tif")},
           "no metadata", "model-contract.md")
    assert _nothing_left(tmp_path)


def test_band_mismatch(provider, tmp_path, seg_model):
    gray = write_raster(tmp_path / "gray.tif", np.zeros((1, 32, 32), np.uint8))
    _fails({"INPUT": str(gray), "MODEL": str(seg_model), "OUTPUT": str(tmp_path / "out.tif")},
           "needs 3 input bands", "has 1")
    assert _nothing_left(tmp_path)


def test_extent_outside_raster(provider, tmp_path, rgb, seg_model):
    _fails({"INPUT": str(rgb), "MODEL": str(seg_model), "EXTENT": "100,200,100,200 [EPSG:32633]",
            "OUTPUT": str(tmp_path / "out.tif")}, "does not overlap the raster", "EXTENT empty")
    assert _nothing_left(tmp_path)


def test_geographic_crs(provider, tmp_path, seg_model):
    lonlat = write_raster(tmp_path / "lonlat.tif", np.zeros((3, 32, 32), np.uint8), res=0.0001, origin=(15.0, 40.0),
                          epsg=4326)
    _fails({"INPUT": str(lonlat), "MODEL": str(seg_model), "OUTPUT": str(tmp_path / "out.tif")},
           "geographic CRS", "UTM", "Warp (Reproject)")
    assert _nothing_left(tmp_path)


def test_gpu_asked_for_without_gpu(provider, tmp_path, rgb, seg_model):
    _fails({"INPUT": str(rgb), "MODEL": str(seg_model), "DEVICE": 1, "OUTPUT": str(tmp_path / "out.tif")},
           "GPU was asked for", "DEVICE=CPU")
    assert _nothing_left(tmp_path)


def _uint8_patch_model(path):
    """A patch classifier whose input tensor is uint8 (raw bytes, as some exporters make them)."""
    from onnx import TensorProto, helper, numpy_helper

    from tests.onnx_models import _save, contract_meta

    x = helper.make_tensor_value_info("input", TensorProto.UINT8, ["N", 3, 8, 8])
    y = helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["N", 3])
    nodes = [helper.make_node("Cast", ["input"], ["f"], to=TensorProto.FLOAT),
             helper.make_node("ReduceMean", ["f"], ["mean"], axes=[2, 3], keepdims=0),
             helper.make_node("Mul", ["mean", "gain"], ["g"]), helper.make_node("Softmax", ["g"], ["scores"], axis=1)]
    graph = helper.make_graph(nodes, "uint8_patch", [x], [y],
                              initializer=[numpy_helper.from_array(np.array(0.2, np.float32), "gain")])
    return _save(graph, path, contract_meta("patch_classifier", 3, 1.0))


def test_uint8_model_refuses_uint16_raster(provider, tmp_path):
    model = _uint8_patch_model(tmp_path / "u8.onnx")
    winners = np.random.default_rng(4).integers(0, 3, (4, 4))
    data = np.full((3, 32, 32), 40, np.uint16)
    for r in range(4):
        for c in range(4):
            data[winners[r, c], r * 8:(r + 1) * 8, c * 8:(c + 1) * 8] = 200
    wide = write_raster(tmp_path / "in16.tif", data)
    _fails({"INPUT": str(wide), "MODEL": str(model), "OUTPUT": str(tmp_path / "out.tif")},
           "8-bit input (uint8 tensor)", "UInt16", "gdal_translate -ot Byte")
    assert _nothing_left(tmp_path)
    # The same model takes the same values as Byte: the refusal is about the type, not the model.
    narrow = write_raster(tmp_path / "in8.tif", data.astype(np.uint8))
    result = _run({"INPUT": str(narrow), "MODEL": str(model), "OUTPUT": str(tmp_path / "out.tif")})
    np.testing.assert_array_equal(gdal.Open(result["OUTPUT"]).ReadAsArray(), winners)


def test_contract_inconsistencies_name_the_key():
    base = {"model_type": "segmentation", "class_names": '["a","b","c"]', "resolution_m": "0.5"}
    shape_in, shape_out = ["N", 3, 64, 64], ["N", 3, 64, 64]

    def bad(meta, fragment, shape=shape_in, out=shape_out):
        with pytest.raises(model_source.GeomorphError) as info:
            contract.parse_contract(meta, "x", shape, "tensor(float)", out)
        assert fragment in str(info.value)

    bad({**base, "class_colors": '["#ff0000"]'}, "class_colors")
    bad({**base, "mean": "[0.1, 0.2]"}, "mean has 2 values")
    bad({**base, "class_names": "not json"}, "class_names is not valid JSON")
    bad({k: v for k, v in base.items() if k != "resolution_m"}, "resolution_m")
    bad(base, "rank 3", shape=["N", 64, 64])
    bad(base, "outputs 5 classes", out=["N", 5, 64, 64])
    bad({**base, "model_type": "Detector"}, "not supported")


def test_deepness_keys_are_read():
    meta = {"model_type": '"Segmentor"', "class_names": '{"0": "water", "1": "land"}', "resolution": "50",
            "standardization_mean": "[0.5, 0.5, 0.5]", "standardization_std": "[0.25, 0.25, 0.25]",
            "tiles_overlap": "10"}
    c = contract.parse_contract(meta, "x", [1, 3, 512, 512], "tensor(float)", [1, 2, 512, 512])
    assert (c.model_type, c.class_names, c.source) == ("segmentation", ["water", "land"], "deepness")
    assert c.resolution_m == pytest.approx(0.5)  # 50 cm/px
    assert c.value_scale == 255 and c.mean == [0.5] * 3 and c.std == [0.25] * 3 and c.tiles_overlap == 10
    assert c.fixed_batch == 1 and c.patch_size == 512 and len(c.class_colors) == 2


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def model_server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_model_url_download_checksum_and_cache(provider, tmp_path, rgb, model_server):
    root, base = model_server
    model = brightest_band_segmenter(root / "seg.onnx", tile=16, value_scale=255)
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    cache = tmp_path / "cache"

    with pytest.raises(model_source.GeomorphError, match="404"):
        model_source.download(f"{base}/missing.onnx", cache)
    with pytest.raises(model_source.GeomorphError, match="sha256"):
        model_source.download(f"{base}/seg.onnx#sha256={'0' * 64}", cache)
    assert not list(cache.glob("*")), "a failed download must leave neither the model nor a .part file"
    with pytest.raises(model_source.GeomorphError, match="https"):
        model_source.download("http://example.org/seg.onnx", cache)

    feedback = QgsProcessingFeedback()
    progress = []
    feedback.progressChanged.connect(progress.append)
    path = model_source.download(f"{base}/seg.onnx#sha256={digest}", cache, feedback)
    assert path.read_bytes() == model.read_bytes() and progress[-1] == 100
    model.unlink()  # downloaded once: the cache answers from now on
    assert model_source.download(f"{base}/seg.onnx#sha256={digest}", cache) == path


def test_model_url_errors_through_the_algorithm(provider, tmp_path, rgb, model_server):
    root, base = model_server
    brightest_band_segmenter(root / "seg.onnx", tile=16, value_scale=255)
    _fails({"INPUT": str(rgb), "MODEL": f"{base}/nothere.onnx", "OUTPUT": str(tmp_path / "out.tif")},
           "failed", "404")
    _fails({"INPUT": str(rgb), "MODEL": f"{base}/seg.onnx#sha256={'a' * 64}", "OUTPUT": str(tmp_path / "out.tif")},
           "sha256", "changed or was corrupted")
    assert _nothing_left(tmp_path)


def test_cancel_mid_run_leaves_nothing(provider, tmp_path):
    data = np.random.default_rng(1).integers(0, 255, (3, 512, 512)).astype(np.uint8)
    raster = write_raster(tmp_path / "big.tif", data)
    model = brightest_band_segmenter(tmp_path / "seg.onnx", tile=16, value_scale=255)
    feedback = QgsProcessingFeedback()
    seen = []

    def cancel_after_some(value):
        seen.append(value)
        if value > 5:
            feedback.cancel()

    feedback.progressChanged.connect(cancel_after_some)
    _fails({"INPUT": str(raster), "MODEL": str(model), "OUTPUT": str(tmp_path / "out.tif"), "BATCH_SIZE": 2,
            "OUTPUT_PROBABILITIES": str(tmp_path / "out_p.tif"), "OUTPUT_REPORT": str(tmp_path / "out.html")},
           "Cancelled", feedback=feedback)
    assert seen and max(seen) < 100, "cancelled too late to prove anything"
    assert _nothing_left(tmp_path), sorted(p.name for p in tmp_path.iterdir())


def test_patch_model_fixed_batch_of_one(provider, tmp_path, rgb):
    model = brightest_band_classifier(tmp_path / "b1.onnx", patch=8, resolution_m=1.0, value_scale=255, batch=1)
    from geomorph_plugin.landcover import runtime

    assert contract.contract_from_session(runtime.create_runtime(model, "cpu").session).fixed_batch == 1
    result = _run({"INPUT": str(rgb), "MODEL": str(model), "BATCH_SIZE": 16, "OUTPUT": str(tmp_path / "out.tif")})
    # Every one of the 64 patches went through the batch-of-one model: the class is the band with
    # the highest patch mean.
    data = gdal.Open(str(rgb)).ReadAsArray().astype(np.float64)
    expected = data.reshape(3, 8, 8, 8, 8).mean(axis=(2, 4)).argmax(axis=0)
    classes = gdal.Open(result["OUTPUT"]).ReadAsArray()
    assert classes.shape == (8, 8)
    np.testing.assert_array_equal(classes, expected)


def _no_traceback(message: str) -> None:
    assert "Traceback" not in message and "RuntimeError" not in message, message


def test_truncated_geotiff_gives_a_message_naming_the_file_and_the_fix(provider, tmp_path, seg_model):
    data = np.random.default_rng(2).integers(0, 255, (3, 256, 256)).astype(np.uint8)
    whole = write_raster(tmp_path / "whole.tif", data)
    truncated = tmp_path / "truncated.tif"
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size // 3])
    message = _fails({"INPUT": str(truncated), "MODEL": str(seg_model), "OUTPUT": str(tmp_path / "out.tif")},
                     str(truncated), "damaged or incomplete", "copy or export it again")
    _no_traceback(message)
    assert _nothing_left(tmp_path)


def test_unwritable_output_folder_gives_a_message_naming_the_output_and_the_fix(provider, tmp_path, rgb, seg_model):
    # /proc takes no new files, whoever runs the test (a chmod'ed folder does not stop root).
    target = "/proc/geomorph-classes.tif"
    message = _fails({"INPUT": str(rgb), "MODEL": str(seg_model), "OUTPUT": target}, target,
                     "choose a folder you can write to")
    _no_traceback(message)


def test_os_and_network_errors_map_to_messages():
    import errno
    import socket

    import paramiko

    from geomorph_plugin.processing.base import user_message

    denied = PermissionError(errno.EACCES, "Permission denied", "/data/out/report.html")
    assert "/data/out/report.html" in user_message(denied, []) and "write to" in user_message(denied, [])
    full = OSError(errno.ENOSPC, "No space left on device", "/data/x.tif")
    assert "disk is full" in user_message(full, [])
    for exc in (paramiko.SSHException("Error reading SSH protocol banner"), socket.timeout("timed out"),
                ConnectionResetError(104, "Connection reset by peer"),
                socket.gaierror(-2, "Name or service not known")):
        message = user_message(exc, [])
        assert "connection to the cluster failed" in message and "resume" in message.lower(), message
    assert user_message(ValueError("a bug"), []) is None  # bugs keep their traceback
    assert user_message(RuntimeError("not from GDAL"), []) is None


class _ModelHandler(_Quiet):
    """Files from the folder, plus /redirect?<url>, /stream/<name> (no Content-Length) and /slow/<name>."""

    def do_GET(self):  # noqa: N802 - http.server API
        import time
        from urllib.parse import unquote

        if self.path.startswith("/redirect?"):
            self.send_response(302)
            self.send_header("Location", unquote(self.path.split("?", 1)[1]))
            self.end_headers()
            return
        for prefix in ("/stream/", "/slow/"):
            if self.path.startswith(prefix):
                data = (self.server.root / self.path[len(prefix):]).read_bytes()
                self.send_response(200)
                if prefix == "/slow/":
                    self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                step = max(1, len(data) // 8)
                for i in range(0, len(data), step):
                    self.wfile.write(data[i:i + step])
                    self.wfile.flush()
                    if prefix == "/slow/":
                        time.sleep(0.05)
                return
        super().do_GET()


@pytest.fixture
def redirecting_server(tmp_path):
    root = tmp_path / "www2"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_ModelHandler, directory=str(root)))
    server.root = root
    # HTTP/1.0 replies end at close: /stream/ sends no Content-Length.
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_redirect_away_from_https_is_not_followed(tmp_path, redirecting_server):
    root, base = redirecting_server
    model = brightest_band_segmenter(root / "seg.onnx", tile=16, value_scale=255)
    cache = tmp_path / "cache"
    # The check runs before the redirect is followed: nothing is fetched from the http host.
    with pytest.raises(model_source.GeomorphError, match="redirects to http://example.invalid/seg.onnx"):
        model_source.download(f"{base}/redirect?http://example.invalid/seg.onnx", cache)
    with pytest.raises(model_source.GeomorphError, match="redirects to ftp://"):
        model_source.download(f"{base}/redirect?ftp://127.0.0.1/seg.onnx", cache)
    assert not list(cache.glob("*"))
    # A redirect that stays on an allowed URL is followed.
    path = model_source.download(f"{base}/redirect?{base}/seg.onnx", cache)
    assert path.read_bytes() == model.read_bytes()


def test_download_size_cap(tmp_path, redirecting_server):
    root, base = redirecting_server
    model = brightest_band_segmenter(root / "seg.onnx", tile=16, value_scale=255)
    cache = tmp_path / "cache"
    limit = model.stat().st_size - 1
    with pytest.raises(model_source.GeomorphError, match="larger than"):  # announced by Content-Length
        model_source.download(f"{base}/seg.onnx", cache, max_bytes=limit)
    with pytest.raises(model_source.GeomorphError, match="larger than"):  # counted while streaming
        model_source.download(f"{base}/stream/seg.onnx", cache, max_bytes=limit)
    assert not list(cache.glob("*"))
    assert model_source.download(f"{base}/stream/seg.onnx", cache).read_bytes() == model.read_bytes()


def test_a_web_page_is_not_cached_as_a_model(tmp_path, redirecting_server):
    root, base = redirecting_server
    (root / "model.onnx").write_text("<!DOCTYPE html><html><body>Sign in to download</body></html>")
    cache = tmp_path / "cache"
    with pytest.raises(model_source.GeomorphError, match="not an ONNX model"):
        model_source.download(f"{base}/model.onnx", cache)
    assert not list(cache.glob("*"))
    # Once the server has the real file, the same URL works: nothing bad was kept.
    model = brightest_band_segmenter(root / "model.onnx", tile=16, value_scale=255)
    assert model_source.download(f"{base}/model.onnx", cache).read_bytes() == model.read_bytes()


def test_two_downloads_of_one_url_at_once(tmp_path, redirecting_server):
    root, base = redirecting_server
    model = brightest_band_segmenter(root / "seg.onnx", tile=16, value_scale=255)
    cache = tmp_path / "cache"
    barrier = threading.Barrier(2)
    results, errors = [], []

    def fetch():
        barrier.wait()
        try:
            results.append(model_source.download(f"{base}/slow/seg.onnx", cache))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=fetch) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(results) == 2 and results[0] == results[1]
    assert results[0].read_bytes() == model.read_bytes()
    assert [p.name for p in cache.iterdir()] == [results[0].name]


def test_a_cached_model_that_fails_to_load_is_removed(provider, tmp_path, rgb, model_server):
    root, base = model_server
    model = brightest_band_segmenter(root / "seg.onnx", tile=16, value_scale=255)
    url = f"{base}/seg.onnx"
    cached = model_source.cache_path(url, model_source.default_cache_dir())
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(model.read_bytes()[:300])  # what an older version could have cached
    try:
        _fails({"INPUT": str(rgb), "MODEL": url, "OUTPUT": str(tmp_path / "out.tif")},
               "not a readable ONNX model", "cached copy was removed")
        assert not cached.exists()
        result = _run({"INPUT": str(rgb), "MODEL": url, "OUTPUT": str(tmp_path / "out.tif")})
        assert cached.read_bytes() == model.read_bytes() and Path(result["OUTPUT"]).is_file()
    finally:
        cached.unlink(missing_ok=True)
    # A file the user gave is never removed, loadable or not.
    broken = tmp_path / "mine.onnx"
    broken.write_bytes(model.read_bytes()[:300])
    _fails({"INPUT": str(rgb), "MODEL": str(broken), "OUTPUT": str(tmp_path / "out2.tif")}, "not a readable ONNX")
    assert broken.exists()
