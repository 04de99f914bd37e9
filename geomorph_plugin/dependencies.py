"""What Geomorph needs beyond QGIS, checked without installing anything.

Algorithms call ``missing_message`` from ``canExecute()`` so that the toolbox explains what
to install instead of failing with an ImportError half-way through a run.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

from .i18n import tr

# The pip requirement to suggest for each importable module.
REQUIREMENTS = {
    "onnxruntime": "onnxruntime",  # or onnxruntime-gpu on a machine with an NVIDIA GPU
    "paramiko": "paramiko",
    "requests": "requests",
    "numpy": "numpy<2",
}


def _python_command() -> str:
    exe = Path(sys.executable or "python3")
    if exe.name.lower().startswith("python"):
        return f'"{exe}"'
    # Inside the QGIS application sys.executable is QGIS itself.
    return "python3"


def install_hint(requirement: str) -> str:
    return tr(
        "Install it into the Python that QGIS uses: on Windows open the OSGeo4W Shell and run "
        "python -m pip install \"{req}\"; on macOS and Linux run {py} -m pip install \"{req}\"."
    ).format(req=requirement, py=_python_command())


def numpy_problem() -> str | None:
    """numpy 2 breaks GDAL's gdal_array when GDAL was built against numpy 1.x (Debian, OSGeo4W)."""
    try:
        import numpy
    except ImportError:
        return tr("The Python package numpy is missing.") + " " + install_hint("numpy<2")
    try:
        from osgeo import gdal_array  # noqa: F401
    except ImportError as exc:
        return tr(
            "GDAL's numpy bindings (osgeo.gdal_array) do not load with numpy {version}: {error}. "
            "This usually means numpy 2 was installed over a GDAL built for numpy 1.x."
        ).format(version=numpy.__version__, error=exc) + " " + install_hint("numpy<2")
    return None


def missing_modules(modules: list[str]) -> list[str]:
    return [name for name in modules if importlib.util.find_spec(name) is None]


def missing_message(modules: list[str]) -> str | None:
    """A translated explanation of what is missing, or None when everything is there."""
    problems = []
    for name in missing_modules(modules):
        requirement = REQUIREMENTS.get(name, name)
        problems.append(
            tr("The Python package {name} is missing.").format(name=name) + " " + install_hint(requirement)
        )
    if "numpy" in modules and not problems:
        numpy_issue = numpy_problem()
        if numpy_issue:
            problems.append(numpy_issue)
    return "\n".join(problems) or None
