"""Shared helpers of the worker-side steps: the job directory, commands, atomic outputs.

Runs on the cluster nodes with Python 3.8+, GDAL's Python bindings (osgeo), numpy and the
engine binary; nothing else from Geomorph or QGIS. Messages are in English: they end up in
the node's stderr file, which the plugin shows as it is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

EXIT_FAILED = 1
# DAGMan does not retry a node that exits with this code (RETRY ... UNLESS-EXIT 3): the input is
# wrong and a second attempt would fail the same way.
EXIT_NO_RETRY = 3


class StepError(Exception):
    exit_code = EXIT_FAILED


class InputError(StepError):
    exit_code = EXIT_NO_RETRY


def log(message: str) -> None:
    print(f"[geomorph {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Job:
    """The job directory (the DAG's directory, the nodes' working directory)."""

    def __init__(self, root, threads: int = 1):
        self.root = Path(root).resolve()
        self.threads = max(1, int(threads))
        path = self.root / "workflow.json"
        if not path.exists():
            raise InputError(f"{path} is missing: run the step from the job directory")
        self.workflow = json.loads(path.read_text(encoding="utf-8"))

    def path(self, rel: str) -> Path:
        return self.root / rel

    @property
    def work(self) -> Path:
        return self.root / "work"

    @property
    def images_dir(self) -> Path:
        return self.work / "images"

    @property
    def db_dir(self) -> Path:
        return self.work / "db"

    @property
    def options(self) -> dict:
        return self.workflow.get("options", {})

    @property
    def images(self) -> list:
        return self.workflow["images"]

    @property
    def offset(self) -> tuple:
        return tuple(self.workflow.get("offset", (0.0, 0.0, 0.0)))

    @property
    def epsg(self) -> int:
        return int(self.workflow["epsg"])

    def output(self, key: str) -> Path:
        return self.root / self.workflow["outputs"][key]


def engine_binary(name: str = "colmap") -> str:
    binary = os.environ.get("GEOMORPH_" + name.upper()) or shutil.which(name)
    if not binary:
        raise StepError(
            f"'{name}' is not on PATH on this node: install it, or set the cluster profile's setup command or "
            f"container image so that the nodes find it"
        )
    return binary


def line_buffered(argv: list) -> list:
    """``argv`` under coreutils' ``stdbuf -oL -eL`` where the node has it: a C or C++ tool (COLMAP,
    mm3d) writing into a pipe keeps up to 4 KiB of output in its stdio buffer, so a slow step's
    lines would reach its log minutes late and a working step would look stalled. The setting is
    inherited by the tool's own children. A tool that cannot be found is left to fail as before."""
    stdbuf = shutil.which("stdbuf")  # HTCondor jobs have no PATH: which() then looks in /bin:/usr/bin
    if not stdbuf or not argv or shutil.which(str(argv[0])) is None:
        return list(argv)
    return [stdbuf, "-oL", "-eL", *argv]


def run(argv: list, cwd=None, log_path: Path | None = None, keep: int = 40) -> list[str]:
    """Run a tool, echoing its output to our stdout; fail with the tail of its output. Returns the
    last ``keep`` lines (MicMac exits 0 after some failures: its callers read them)."""
    argv = [str(a) for a in argv]
    log("run: " + " ".join(argv))
    started = time.time()
    proc = subprocess.Popen(line_buffered(argv), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors="replace")
    tail: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        sys.stdout.write(line)
        # Line by line into logs/<node>.out: the client tells a quiet step from a stalled one by
        # that file's growth, and shows its last lines while the step runs.
        sys.stdout.flush()
        tail.append(line)
        if len(tail) > keep:
            del tail[0]
    rc = proc.wait()
    log(f"exit {rc} after {time.time() - started:.1f} s")
    if rc != 0:
        raise StepError(f"{Path(argv[0]).name} {argv[1] if len(argv) > 1 else ''} failed with exit code {rc}:\n"
                        + "".join(tail[-15:]))
    return tail


def tmp_path(final: Path) -> Path:
    return final.with_name(final.name + f".tmp{os.getpid()}")


def replace_dir(tmp: Path, final: Path) -> None:
    """Swap a finished directory into place; a retried step simply replaces the old one."""
    if final.exists():
        old = final.with_name(final.name + f".old{os.getpid()}")
        final.rename(old)
        tmp.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(final)


def fresh_dir(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_path(path)
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def read_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def downscale_photo(src: Path, dst: Path, max_size: int) -> None:
    """``src`` as a JPEG of at most ``max_size`` pixels on its longest side, EXIF kept (both engines' prepare)."""
    from osgeo import gdal

    gdal.UseExceptions()
    # EXIF tags the JPEG driver cannot write would land in a .aux.xml beside the image, which
    # COLMAP then tries to read as a photo when it scans the folder.
    gdal.SetConfigOption("GDAL_PAM_ENABLED", "NO")
    ds = gdal.Open(str(src))
    w, h = ds.RasterXSize, ds.RasterYSize
    scale = min(1.0, max_size / float(max(w, h)))
    # The JPEG driver copies the EXIF tags (focal length in 35 mm, GPS) from the source, which
    # COLMAP reads for its focal-length prior.
    gdal.Translate(str(dst), ds, format="JPEG", width=max(1, round(w * scale)), height=max(1, round(h * scale)),
                   bandList=[1, 2, 3] if ds.RasterCount >= 3 else None, creationOptions=["QUALITY=95"],
                   resampleAlg="average")
    ds = None
