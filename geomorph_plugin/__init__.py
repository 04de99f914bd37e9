"""Geomorph: UAV photogrammetry on HTCondor and ONNX land-cover classification for QGIS."""


def classFactory(iface):  # noqa: N802 - name required by QGIS
    from .plugin import GeomorphPlugin

    return GeomorphPlugin(iface)
