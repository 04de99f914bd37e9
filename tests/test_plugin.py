"""The plugin foundation: provider, load/unload, dependencies, translation."""

from __future__ import annotations

from qgis.core import QgsApplication, QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication, QEvent

from geomorph_plugin import classFactory
from geomorph_plugin.plugin import gui_part_classes
from geomorph_plugin.processing.base import GeomorphAlgorithm, group_names
from geomorph_plugin.processing.provider import GeomorphProvider, algorithm_classes


def _geomorph_providers() -> list[QgsProcessingProvider]:
    return [p for p in QgsApplication.processingRegistry().providers() if p.id() == "geomorph"]


def test_provider_identity(qgis_app):
    provider = GeomorphProvider()
    assert provider.id() == "geomorph"
    assert provider.name() == "Geomorph"
    assert not provider.icon().isNull()


def test_algorithms_have_fixed_lowercase_ids_and_help(provider):
    algorithms = provider.algorithms()
    assert len(algorithms) == len(algorithm_classes())
    for alg in algorithms:
        assert alg.id() == f"geomorph:{alg.name()}"
        assert alg.name() == alg.name().lower() and alg.name().isidentifier()
        assert alg.groupId() in group_names()
        assert alg.displayName().strip()
        assert len(alg.shortHelpString()) > 80, f"{alg.id()} needs a help text that teaches"


def test_load_and_unload_twice_leaves_nothing(qgis_app, qgis_iface):
    assert _geomorph_providers() == []
    before_actions = len(qgis_iface.mainWindow().findChildren(object))
    for _ in range(2):
        plugin = classFactory(qgis_iface)
        plugin.initGui()
        assert len(_geomorph_providers()) == 1
        assert len(plugin.gui_parts) == len(gui_part_classes()) > 0
        assert len(qgis_iface.mainWindow().findChildren(object)) > before_actions
        plugin.unload()
        assert _geomorph_providers() == []
        assert plugin.gui_parts == []
    # Docks, menus and actions that initGui parented to the main window must be gone (once the
    # deleteLater() requests have been delivered, as the event loop would).
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert len(qgis_iface.mainWindow().findChildren(object)) == before_actions


def test_init_processing_alone_registers_provider_once(qgis_app):
    plugin = classFactory(None)
    plugin.initProcessing()
    plugin.initProcessing()
    assert len(_geomorph_providers()) == 1
    plugin.unload()
    assert _geomorph_providers() == []


class _NeedsMissingPackage(GeomorphAlgorithm):
    ALG_ID = "needsmissing"
    GROUP_ID = "landcover"
    REQUIRED_MODULES = ("geomorph_no_such_package",)


def test_can_execute_names_missing_package_and_fix(qgis_app):
    ok, message = _NeedsMissingPackage().canExecute()
    assert not ok
    assert "geomorph_no_such_package" in message
    assert "pip install" in message


def test_italian_translation_is_loaded(qgis_app):
    from geomorph_plugin.i18n import install_translator, remove_translator, tr

    assert install_translator("it")
    try:
        assert tr("Land cover") == "Copertura del suolo"
        assert group_names()["photogrammetry"] != "Photogrammetry on HTCondor"
    finally:
        remove_translator()
    assert tr("Land cover") == "Land cover"
