"""Models installed in the QGIS profile's model folder (``<profile>/geomorph/models``), by name.

``geomorph:trainlandcover`` installs its models there as ``<name>.onnx``; downloaded models are
cached there too. ``classifylandcover``'s model may be given as such a name instead of a path.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import GeomorphError
from ..i18n import tr

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def models_root() -> Path:
    from .model_source import default_cache_dir

    return default_cache_dir()


def installed_models(root: Path | None = None) -> dict[str, Path]:
    """Name (the file name without .onnx) -> path, sorted by name; hidden and partial files left out."""
    folder = Path(root) if root is not None else models_root()
    if not folder.is_dir():
        return {}
    found = {p.stem: p for p in folder.iterdir()
             if p.is_file() and p.suffix.lower() == ".onnx" and not p.name.startswith(".")}
    return dict(sorted(found.items(), key=lambda item: item[0].casefold()))


def installed_model(name: str, root: Path | None = None) -> Path | None:
    """The installed model called ``name`` (with or without .onnx), or None."""
    name = (name or "").strip()
    if name.lower().endswith(".onnx"):
        name = name[:-5]
    return installed_models(root).get(name) if name and NAME_PATTERN.match(name) else None


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not NAME_PATTERN.match(name) or name.lower().endswith(".onnx"):
        raise GeomorphError(tr("\"{name}\" cannot be a model name: use letters, digits, '.', '_' and '-' (up to 100, "
                               "starting with a letter or digit, without .onnx).").format(name=name))
    return name


def model_file(name: str, root: Path | None = None) -> Path:
    """Where the model ``name`` is (or will be) installed."""
    return (Path(root) if root is not None else models_root()) / f"{check_name(name)}.onnx"
