"""The zip built by scripts/package follows the plugins.qgis.org rules and loads in qgis_process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def plugin_zip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, str(REPO / "scripts" / "package.py"), "--out", str(out)], check=True)
    (zip_path,) = out.glob("geomorph_plugin-*.zip")
    return zip_path


def test_zip_follows_plugin_repository_rules(plugin_zip):
    assert plugin_zip.stat().st_size < 25 * 1024 * 1024
    with zipfile.ZipFile(plugin_zip) as archive:
        names = archive.namelist()
    assert {name.split("/")[0] for name in names} == {"geomorph_plugin"}
    for required in ("__init__.py", "metadata.txt", "LICENSE", "resources/icon.svg", "i18n/geomorph_it.qm"):
        assert f"geomorph_plugin/{required}" in names
    assert not [n for n in names if n.endswith((".pyc", ".pyo")) or "__pycache__" in n or ".git/" in n]


def test_metadata_has_required_fields():
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    parser.read(REPO / "metadata.txt", encoding="utf-8")
    general = parser["general"]
    for field in ("name", "description", "version", "qgisMinimumVersion", "author", "email", "about",
                  "tracker", "repository", "tags", "changelog"):
        assert general.get(field, "").strip(), field
    assert general["qgisMinimumVersion"] == "3.34"
    assert general["hasProcessingProvider"] == "yes"


def test_qgis_process_loads_plugin_from_zip(plugin_zip, tmp_path):
    plugins = tmp_path / "plugins"
    with zipfile.ZipFile(plugin_zip) as archive:
        archive.extractall(plugins)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=str(plugins),
               QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"))
    # The plugin must import with the venv's packages (onnxruntime, paramiko) visible.
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    enable = subprocess.run(["qgis_process", "plugins", "enable", "geomorph_plugin"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert enable.returncode == 0, enable.stdout + enable.stderr
    listing = subprocess.run(["qgis_process", "--json", "list"], env=env, capture_output=True, text=True,
                             timeout=120)
    assert listing.returncode == 0, listing.stderr
    data = json.loads(listing.stdout[listing.stdout.index("{"):])
    assert "geomorph" in data["providers"], sorted(data["providers"])
    algorithms = data["providers"]["geomorph"]["algorithms"]
    assert algorithms, "the geomorph provider lists no algorithms"
    assert all(alg_id.startswith("geomorph:") for alg_id in algorithms)
