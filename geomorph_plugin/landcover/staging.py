"""Outputs written safely: never over the input or another output, under a temporary name beside the
target until the whole run has succeeded, and never deleting a file the run did not create.

A temporary name carries the host and process that own it
(``<name>.<host>-<pid>-<token>[.cog].part.tif``), so that the next run can tell the parts a
killed run left behind (owner gone: removed) from those of a run still going (left alone).
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import sys
import uuid
from pathlib import Path

from ..errors import GeomorphError
from ..i18n import tr

_SIDECARS = ("", ".aux.xml", ".ovr", ".msk")


def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8")).hexdigest()[:8]


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (portable: no signal is sent on Windows)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _same(a: Path, b: Path) -> bool:
    if os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b)):
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)  # hard links, differently spelled shares
    except OSError:
        return False


def check_distinct(inputs: list[str | Path], outputs: list[tuple[str, Path | None]]) -> None:
    """Refuse any output that is an input file or another output, however the path is spelled.

    ``inputs``: every file the input dataset is made of (``ds.GetFileList()``); ``outputs``:
    (label the user sees, path or None).
    """
    named = [(label, Path(path)) for label, path in outputs if path]
    for label, path in named:
        for source in inputs:
            if source and _same(path, Path(source)):
                raise GeomorphError(tr(
                    "The output \"{label}\" ({path}) is the input raster's file {source}: writing it would destroy "
                    "the input. Choose another file name for the output.").format(label=label, path=path,
                                                                                  source=source))
    for i, (label, path) in enumerate(named):
        for other_label, other in named[i + 1:]:
            if _same(path, other):
                raise GeomorphError(tr(
                    "The outputs \"{a}\" and \"{b}\" are the same file {path}: one would replace the other. Give "
                    "each output its own file name.").format(a=label, b=other_label, path=path))


class Staged:
    """One output's temporary names: ``part`` (written while running) and ``temp`` (the finished file)."""

    def __init__(self, target: Path):
        self.target = Path(target)
        remove_stale_parts(self.target)
        tag = f"{_host_tag()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.part = self.target.with_name(f"{self.target.name}.{tag}.part.tif")
        self.temp = self.target.with_name(f"{self.target.name}.{tag}.cog.part.tif")

    def commit(self) -> None:
        """Move the finished file (and its GDAL sidecar) over the target."""
        os.replace(self.temp, self.target)
        aux_temp = self.temp.with_name(self.temp.name + ".aux.xml")
        aux = self.target.with_name(self.target.name + ".aux.xml")
        if aux_temp.exists():
            os.replace(aux_temp, aux)
        elif aux.exists():
            aux.unlink()  # the replaced file's metadata would describe the new one wrongly

    def discard(self) -> None:
        """Remove the temporary files; the target, if it existed before, is left as it was."""
        for path in (self.part, self.temp):
            for suffix in _SIDECARS:
                try:
                    path.with_name(path.name + suffix).unlink()
                except FileNotFoundError:
                    pass


def remove_stale_parts(target: Path) -> list[Path]:
    """Remove the temporary files a killed run left beside ``target``; returns them.

    Parts of a live process, or of another machine sharing the folder, are left alone. A bare
    ``<name>.part.tif`` comes from a version that did not name its owner: always stale.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        return []
    pattern = re.compile(re.escape(target.name) + r"\.(?:([0-9a-f]{8})-(\d+)-[0-9a-f]+\.)?(?:cog\.)?part\.tif"
                         r"(?:\.aux\.xml|\.ovr|\.msk)?$")
    host = _host_tag()
    removed = []
    for entry in folder.iterdir():
        match = pattern.match(entry.name)
        if not match or not entry.is_file():
            continue
        owner_host, pid = match.group(1), match.group(2)
        if owner_host is not None and (owner_host != host or pid_alive(int(pid))):
            continue
        try:
            entry.unlink()
            removed.append(entry)
        except OSError:
            pass
    return removed
