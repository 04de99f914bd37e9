"""What Geomorph needs beyond QGIS, checked without installing anything.

Algorithms call ``missing_message`` from ``canExecute()`` so that the toolbox explains what
to install instead of failing with an ImportError half-way through a run.
"""

from __future__ import annotations

import importlib
import importlib.util
import shlex
import subprocess
import sys
import sysconfig
from pathlib import Path

from .i18n import tr

# The pip requirement to suggest for each importable module.
REQUIREMENTS = {
    "onnxruntime": "onnxruntime",  # or onnxruntime-gpu on a machine with an NVIDIA GPU
    "paramiko": "paramiko",
    "requests": "requests",
    "numpy": "numpy<2",
}
# Debian and Ubuntu package the same modules for their system Python (none for onnxruntime in
# Debian 12 or copclib): the distribution package is the cleanest fix where there is one.
DEBIAN_PACKAGES = {
    "paramiko": "python3-paramiko",
    "requests": "python3-requests",
    "numpy<2": "python3-numpy",
    "laspy": "python3-laspy",
}


def qgis_python() -> Path:
    """The Python interpreter that QGIS runs, as a path a user can type.

    Inside the QGIS application ``sys.executable`` is QGIS itself (``/usr/bin/qgis``,
    ``qgis-bin.exe``, ``QGIS.app/Contents/MacOS/QGIS``), and a bare ``python3`` on the
    user's PATH may be another Python altogether (a pyenv shim, Homebrew's, a conda one).
    The embedded interpreter's own prefix says where its executable is.
    """
    exe = Path(sys.executable) if sys.executable else None
    if exe is not None and exe.name.lower().startswith("python") and exe.exists():
        return exe
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    prefixes = [Path(p) for p in dict.fromkeys((sys.prefix, sys.exec_prefix, sys.base_prefix)) if p]
    if sys.platform == "win32":
        names = ["python.exe", "python3.exe"]
        candidates = [prefix / name for prefix in prefixes for name in names]
    else:
        names = ["python3", f"python{version}"]
        candidates = [prefix / "bin" / name for prefix in prefixes for name in names]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return Path("python.exe" if sys.platform == "win32" else f"python{version}")


def externally_managed() -> bool:
    """PEP 668: the distribution manages this Python (Debian 12, Ubuntu 23.04+), so plain
    ``pip install`` is refused."""
    if sys.prefix != sys.base_prefix:  # a virtual environment is never externally managed
        return False
    return (Path(sysconfig.get_paths()["stdlib"]) / "EXTERNALLY-MANAGED").is_file()


def pip_command(requirement: str) -> list[str]:
    """The ``pip install`` command line that works for the Python QGIS runs, as arguments."""
    command = [str(qgis_python()), "-m", "pip", "install"]
    in_venv = sys.prefix != sys.base_prefix
    if sys.platform != "win32" and not in_venv:
        # The system or application Python's own folders need admin rights: install for the user,
        # whose site-packages QGIS's Python also reads.
        command.append("--user")
        if externally_managed():
            command.append("--break-system-packages")
    return command + [requirement]


def _quoted(args: list[str]) -> str:
    if sys.platform == "win32":
        return subprocess.list2cmdline(args)
    return " ".join(shlex.quote(a) for a in args)


def install_hint(requirement: str) -> str:
    """How to install ``requirement`` into the Python QGIS runs, for this operating system."""
    pip = _quoted(pip_command(requirement))
    python = qgis_python()
    if sys.platform == "win32":
        how = tr("Install it into the Python that QGIS uses ({python}): open the OSGeo4W Shell from the Start menu "
                 "and run:").format(python=python)
    elif sys.platform == "darwin":
        how = tr("Install it into the Python that QGIS uses ({python}): in Terminal run:").format(python=python)
    else:
        how = tr("Install it into the Python that QGIS uses ({python}): in a terminal run:").format(python=python)
        package = DEBIAN_PACKAGES.get(requirement)
        if package and externally_managed() and Path("/etc/debian_version").exists():
            how = tr("Install it into the Python that QGIS uses ({python}) with your distribution's package: "
                     "sudo apt install {package}\nor for your user only, in a terminal:").format(
                python=python, package=package)
    return "\n".join((how, pip, tr("Then restart QGIS.")))


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
