"""Where the plugin's files are, in the repository layout and in the packaged zip.

In the zip, ``resources/``, ``i18n/`` and ``metadata.txt`` sit inside the plugin folder; in a
source checkout they sit beside it. Every lookup goes through here so both layouts work.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _first_existing(name: str) -> Path:
    for base in (PACKAGE_DIR, PACKAGE_DIR.parent):
        candidate = base / name
        if candidate.exists():
            return candidate
    return PACKAGE_DIR / name


def resources_dir() -> Path:
    return _first_existing("resources")


def i18n_dir() -> Path:
    return _first_existing("i18n")


def metadata_file() -> Path:
    return _first_existing("metadata.txt")


def icon_path(name: str = "icon.svg") -> Path:
    return resources_dir() / name


def models_dir() -> Path:
    return PACKAGE_DIR / "models"


def plugin_version() -> str:
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    parser.read(metadata_file(), encoding="utf-8")
    return parser.get("general", "version", fallback="0")
