"""The small base class that every Geomorph algorithm shares: ids, translation, help, checks."""

from __future__ import annotations

import errno
import os
import re
import socket
import sys
import tempfile
import time
import traceback
from pathlib import Path

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtGui import QIcon

from ..dependencies import missing_message
from ..errors import GeomorphError
from ..i18n import tr
from ..paths import icon_path


def group_names() -> dict[str, str]:
    # Group ids are fixed, lowercase and never translated: models and scripts refer to them.
    return {
        "landcover": tr("Land cover"),
        "photogrammetry": tr("Photogrammetry on HTCondor"),
        "cluster": tr("Cluster connection"),
        "change": tr("Change detection"),
    }


class GeomorphAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set ``ALG_ID``, ``GROUP_ID`` and ``REQUIRED_MODULES`` and implement
    ``display_name``, ``help_text``, ``initAlgorithm`` and ``process``.

    The hook is not called ``run``: that name belongs to ``QgsProcessingAlgorithm.run()``, which
    ``processing.run()`` calls from Python."""

    ALG_ID = ""
    GROUP_ID = ""
    REQUIRED_MODULES: tuple[str, ...] = ()

    def tr(self, text: str) -> str:
        return tr(text)

    def name(self) -> str:
        return self.ALG_ID

    def display_name(self) -> str:
        raise NotImplementedError

    def displayName(self) -> str:  # noqa: N802 - Qt API
        return self.display_name()

    def group(self) -> str:
        return group_names()[self.GROUP_ID]

    def groupId(self) -> str:  # noqa: N802 - Qt API
        return self.GROUP_ID

    def help_text(self) -> str:
        return ""

    def shortHelpString(self) -> str:  # noqa: N802 - Qt API
        return self.help_text()

    def icon(self) -> QIcon:
        return QIcon(str(icon_path()))

    def createInstance(self):  # noqa: N802 - Qt API
        return type(self)()

    def canExecute(self):  # noqa: N802 - Qt API
        message = missing_message(list(self.REQUIRED_MODULES))
        return (message is None, message or "")

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - Qt API
        # qgis_process and the modeler do not always ask canExecute() first.
        ok, message = self.canExecute()
        if not ok:
            raise QgsProcessingException(message)
        try:
            return self.process(parameters, context, feedback)
        except Exception as exc:  # noqa: BLE001 - mapped to a message, or re-raised as it is
            message = user_message(exc, parameter_files(parameters))
            if message is None:
                # A bug. Its traceback goes to a file the user can attach to a report, never to the
                # dialog, which should speak to a geomorphologist, not to a Python developer.
                message = bug_message(self.ALG_ID, exc)
            raise QgsProcessingException(message) from exc

    def process(self, parameters, context, feedback) -> dict:
        raise NotImplementedError


# --- what the user reads when something fails --------------------------------------------------------


def parameter_files(parameters: dict) -> list[str]:
    """The file paths among an algorithm's parameter values: inputs, outputs, layers' sources."""
    files = []
    for value in (parameters or {}).values():
        sink = getattr(value, "sink", None)
        if sink is not None and hasattr(sink, "staticValue"):
            value = sink.staticValue()
        elif hasattr(value, "source") and callable(value.source):
            value = value.source()
        if isinstance(value, str) and value and ("/" in value or "\\" in value):
            files.append(value.split("|", 1)[0])
    return files


def _named_file(text: str, files: list[str], fallback: str | None = None) -> str:
    """The parameter file a message is about (the longest one it mentions: a temporary name starts
    with its output's), else a path in the message, else ``fallback``."""
    hits = [f for f in files if f and f in text]
    if hits:
        return max(hits, key=len)
    match = re.search(r"(?:[A-Za-z]:\\|/)[^\s'`\",:;]+", text)
    if match:
        return match.group(0)
    return fallback or tr("one of the input or output files")


def _is_network_error(exc: BaseException) -> bool:
    paramiko = sys.modules.get("paramiko")
    if paramiko is not None and isinstance(exc, paramiko.SSHException):
        return True
    return isinstance(exc, (socket.timeout, socket.gaierror, socket.herror, ConnectionError, TimeoutError, EOFError))


def _from_gdal(exc: BaseException) -> bool:
    """GDAL raises plain RuntimeErrors from its bindings once exceptions are on (Processing turns them on)."""
    frames = traceback.extract_tb(exc.__traceback__)
    return isinstance(exc, RuntimeError) and bool(frames) and "osgeo" in frames[-1].filename.replace("\\", "/")


def bug_report_dir() -> Path:
    """Where tracebacks of unexpected errors are kept: the QGIS profile, else the temporary folder."""
    try:
        from qgis.core import QgsApplication

        base = Path(QgsApplication.qgisSettingsDirPath())
    except Exception:  # noqa: BLE001 - no QGIS application: still keep the report somewhere
        base = Path(tempfile.gettempdir())
    return base / "geomorph" / "error-reports"


def bug_message(alg_id: str, exc: BaseException) -> str:
    """Writes the traceback to a report file and returns the message that points to it."""
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    report = None
    try:
        folder = bug_report_dir()
        folder.mkdir(parents=True, exist_ok=True)
        report = folder / "{}-{}-{}.txt".format(time.strftime("%Y%m%d-%H%M%S"), alg_id or "geomorph", os.getpid())
        report.write_text(details, encoding="utf-8")
    except OSError:
        report = None
    summary = "{}: {}".format(type(exc).__name__, str(exc).strip().splitlines()[0] if str(exc).strip() else "")
    if report is None:
        return tr("Geomorph stopped on an unexpected error ({error}). This is a bug in Geomorph, not a problem "
                  "with your data: please report it with the steps that led to it.").format(error=summary)
    return tr("Geomorph stopped on an unexpected error ({error}). This is a bug in Geomorph, not a problem "
              "with your data: please report it and attach the file {file}, which holds the technical "
              "details.").format(error=summary, file=report)


def user_message(exc: BaseException, files: list[str]) -> str | None:
    """The message for a failure the user can act on, naming the file and the fix; None for a bug,
    whose traceback is worth more than any sentence."""
    if isinstance(exc, GeomorphError):
        return str(exc)
    if _is_network_error(exc):
        return tr("The connection to the cluster failed ({error}). Check the network and the cluster profile "
                  "(Test connection in the Geomorph cluster profiles); a job already submitted keeps running on the "
                  "cluster: follow it again with Resume an SfM job (geomorph:resumesfm).").format(
                      error=str(exc) or type(exc).__name__)
    if isinstance(exc, MemoryError):
        return tr("The computer ran out of memory. Lower the batch size, process a smaller extent, or close other "
                  "programs, then run again.")
    if isinstance(exc, OSError):
        name = exc.filename or _named_file(str(exc), files)
        reason = exc.strerror or str(exc)
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            fix = tr("Choose a folder you can write to (for example in your home folder), or fix its permissions.")
        elif exc.errno == errno.ENOSPC:
            fix = tr("The disk is full: free some space or choose a folder on another disk.")
        elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
            fix = tr("Check the path: a folder in it does not exist or is a file.")
        else:
            fix = tr("Check that the path is right, the file is complete and the folder is writable.")
        return tr("Geomorph could not use the file {file}: {reason}. {fix}").format(file=name, reason=reason,
                                                                                    fix=fix)
    if _from_gdal(exc):
        text = str(exc)
        name = _named_file(text, files)
        lower = text.lower()
        if any(k in lower for k in ("permission denied", "read-only", "attempt to create")):
            fix = tr("The output cannot be written there: choose a folder you can write to, or fix its permissions.")
        elif "no space" in lower:
            fix = tr("The disk is full: free some space or choose a folder on another disk.")
        elif any(k in lower for k in ("tiffread", "ireadblock", "truncat", "not recognized", "read error",
                                      "short read", "corrupt", "failed to read", "cannot read")):
            fix = tr("The file looks damaged or incomplete (a truncated copy or an interrupted download is the usual "
                     "cause): copy or export it again, and check that it opens in QGIS.")
        else:
            fix = tr("Check that the file is complete and readable, and that the output folder is writable.")
        return tr("GDAL failed on {file}: {error}. {fix}").format(file=name, error=text.strip().rstrip("."), fix=fix)
    return None
