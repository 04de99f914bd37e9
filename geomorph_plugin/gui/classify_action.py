"""Layer-tree action "Classify land cover…" for raster layers: opens the algorithm dialog, prefilled."""

from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsCoordinateTransform,
    QgsMapLayer,
    QgsProject,
    QgsRasterLayer,
    QgsReferencedRectangle,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QLocale
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from ..i18n import tr
from ..paths import icon_path

ALGORITHM_ID = "geomorph:classifylandcover"


def _raster_layer_type():
    # Qgis.LayerType arrived in 3.30; the plugin supports 3.34+, but keep the old name working.
    layer_type = getattr(Qgis, "LayerType", None)
    return layer_type.Raster if layer_type is not None else QgsMapLayer.RasterLayer


def visible_extent_in_layer_crs(canvas, layer) -> QgsReferencedRectangle:
    """The canvas's visible extent, transformed to the layer's CRS (a bounding box of the result)."""
    settings = canvas.mapSettings()
    extent = canvas.extent()
    source = settings.destinationCrs()
    if source.isValid() and layer.crs().isValid() and source != layer.crs():
        transform = QgsCoordinateTransform(source, layer.crs(), QgsProject.instance())
        extent = transform.transformBoundingBox(extent)
    return QgsReferencedRectangle(extent, layer.crs())


def dialog_parameters(canvas, layer) -> dict:
    """INPUT, and EXTENT only when the map shows part of the layer.

    The Extent field reads "empty: the whole layer": when the whole layer is in view the field
    stays empty and means just that, instead of holding a canvas rectangle larger than the layer.
    """
    params = {"INPUT": layer.id() if layer.id() else layer.source()}
    if canvas is not None and not canvas.extent().isEmpty():
        rect = visible_extent_in_layer_crs(canvas, layer)
        if rect.contains(layer.extent()):
            return params
        authid = layer.crs().authid()
        # The dialog's extent widget keeps the CRS of a "xmin,xmax,ymin,ymax [CRS]" string, so the
        # algorithm never mistakes layer coordinates for project ones.
        params["EXTENT"] = (f"{rect.xMinimum()!r},{rect.xMaximum()!r},{rect.yMinimum()!r},{rect.yMaximum()!r} "
                            f"[{authid}]") if authid else rect
    return params


# The bundled EuroSAT model's ground resolution: layers with pixels this much finer are drone imagery it
# cannot map (it looks at 640 m patches).
BUNDLED_RESOLUTION_M = 10.0
DRONE_PIXEL_M = 1.0


def pixel_size_m(layer) -> float | None:
    """The layer's pixel width in metres; None in a geographic or unknown CRS."""
    from qgis.core import QgsUnitTypes

    crs = layer.crs()
    if not crs.isValid() or crs.isGeographic():
        return None
    factor = QgsUnitTypes.fromUnitToUnitFactor(crs.mapUnits(), Qgis.DistanceUnit.Meters)
    size = layer.rasterUnitsPerPixelX() * factor
    return size if size > 0 else None


def bundled_model_hint(layer, installed: list[str]) -> str | None:
    """What to say when the dialog opens with the bundled satellite model on drone imagery, else None.

    The dialog's ONNX model field starts empty, i.e. the bundled 10 m EuroSAT model, which refuses any
    extent under 640 m: on a drone orthomosaic the default run can only fail. Installed models are named
    only in the field's tooltip, where a user does not look."""
    size = pixel_size_m(layer)
    if size is None or size >= DRONE_PIXEL_M:
        return None
    # In the user's locale: "1,6 cm" in Italian.
    cm = QLocale().toString(size * 100, "g", 3)
    text = tr("This layer has {size} cm pixels: the bundled EuroSAT model (used when \"ONNX model\" is empty) is "
              "made for 10 m satellite imagery and refuses extents under 640 m.").format(size=cm)
    if installed:
        return text + " " + tr("Type an installed model's name in \"ONNX model\": {names}.").format(
            names=", ".join(installed))
    return text + " " + tr("Train one on this orthomosaic with \"Train a land-cover model on the cluster\" "
                           "(its help says how to draw the training polygons), or choose an .onnx file.")


class ClassifyLandCoverAction:
    """GUI part: one QAction shown in the context menu of every raster layer."""

    def __init__(self, iface):
        self.iface = iface
        self.action: QAction | None = None
        self.dialogs: list = []

    def add(self) -> None:
        self.action = QAction(QIcon(str(icon_path())), tr("Classify land cover…"), self.iface.mainWindow())
        self.action.setToolTip(tr("Run an ONNX land-cover model over this layer's visible extent"))
        self.action.triggered.connect(self.open_for_current_layer)
        self.iface.addCustomActionForLayerType(self.action, tr("Geomorph"), _raster_layer_type(), True)

    def remove(self) -> None:
        if self.action is None:
            return
        self.iface.removeCustomActionForLayerType(self.action)
        self.action.triggered.disconnect(self.open_for_current_layer)
        # Unparent now (deleteLater would leave it among the main window's children until the
        # event loop runs) and let Python delete it.
        self.action.setParent(None)
        self.action = None
        # A closed AlgorithmDialog deletes itself (WA_DeleteOnClose): only close the live ones.
        for dialog in self._live_dialogs():
            dialog.close()
        self.dialogs.clear()

    def _live_dialogs(self) -> list:
        return [d for d in self.dialogs if not sip.isdeleted(d)]

    def current_layer(self):
        view = self.iface.layerTreeView() if hasattr(self.iface, "layerTreeView") else None
        layer = view.currentLayer() if view is not None and hasattr(view, "currentLayer") else None
        if not isinstance(layer, QgsRasterLayer):
            layer = self.iface.activeLayer()
        return layer if isinstance(layer, QgsRasterLayer) else None

    def open_for_current_layer(self, _checked: bool = False):
        layer = self.current_layer()
        if layer is None:
            return None
        return self.open_dialog(layer)

    def open_dialog(self, layer):
        """Open the algorithm dialog (not modal) for ``layer`` and the visible extent; returns it."""
        import processing

        params = dialog_parameters(self.iface.mapCanvas(), layer)
        dialog = processing.createAlgorithmDialog(ALGORITHM_ID, params)
        if dialog is None:
            return None
        if "EXTENT" in params:
            push_wrapped(dialog, tr("Extent: the part of the layer visible on the map. Clear the field to classify "
                                    "the whole layer."), Qgis.Info)
        hint = bundled_model_hint(layer, _installed_model_names())
        if hint:
            push_wrapped(dialog, hint, Qgis.Warning)
        # Keep a reference: a non-modal dialog without one is garbage-collected at once.
        self.dialogs = [d for d in self._live_dialogs() if d.isVisible()] + [dialog]
        dialog.show()
        return dialog


def push_wrapped(dialog, text: str, level) -> None:
    """A message on the dialog's bar, wrapped over as many lines as it needs: the bar's own text box is
    about a line and a half high in the algorithm dialog and cut longer messages off mid-sentence."""
    if not hasattr(dialog, "messageBar"):
        return
    from qgis.gui import QgsMessageBarItem
    from qgis.PyQt.QtWidgets import QLabel

    bar = dialog.messageBar()
    # Parented from the start, so that Qt owns it: a parentless label is deleted with its Python wrapper.
    label = QLabel(text, bar)
    label.setWordWrap(True)
    bar.pushItem(QgsMessageBarItem(label, level, 0, bar))


def _installed_model_names() -> list[str]:
    try:
        from ..landcover.installed_models import installed_models

        return list(installed_models())
    except Exception:  # noqa: BLE001 - a hint must never keep the dialog from opening
        return []
