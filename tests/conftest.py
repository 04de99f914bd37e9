"""Shared test set-up: headless Qt, the repository on sys.path, the shared data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def shared_data_dir() -> Path:
    return Path(os.environ.get("GEOMORPH_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if not path.is_dir():
        pytest.fail(f"The shared data folder {path} is missing: set GEOMORPH_SHARED_DATA to it.")
    return path


@pytest.fixture
def provider(qgis_app, qgis_processing):
    """The Geomorph provider, registered for one test and removed after it, as unload() would."""
    from qgis.core import QgsApplication

    from geomorph_plugin.processing.provider import GeomorphProvider

    registry = QgsApplication.processingRegistry()
    prov = GeomorphProvider()
    assert registry.addProvider(prov), "another geomorph provider is still registered"
    yield prov
    registry.removeProvider(prov)

from tests.cluster_fixtures import *  # noqa: E402,F401,F403 - the test-cluster fixtures


def pytest_collection_modifyitems(config, items):
    # The MicMac tests need mm3d, which a fresh machine builds in the background while the other
    # tests run (scripts/run-tests): they go last, so that the build overlaps everything else.
    items.sort(key=lambda item: item.get_closest_marker("micmac") is not None)

# pytest-qgis calls exitQgis() when the session's fixtures end; Python objects that still wrap QGIS
# objects (layers or tasks kept by a failed test's traceback, Qt objects of paramiko's worker
# threads) are destroyed later, at interpreter exit, after QGIS is gone, and that can end the
# process with SIGSEGV although every test passed. Exit with pytest's own status once everything is
# reported, so the run's result is the tests' result.
_EXIT_STATUS: list[int] = []


def pytest_sessionfinish(session, exitstatus):
    _EXIT_STATUS.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    if _EXIT_STATUS and os.environ.get("GEOMORPH_TESTS_NORMAL_EXIT") != "1":
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS[-1])
