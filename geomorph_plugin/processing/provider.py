"""The Geomorph Processing provider: a stable id and an explicit list of algorithms."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..i18n import tr
from ..paths import icon_path, plugin_version


def algorithm_classes() -> list[type]:
    # Imported here so that loading the provider never fails on a half-installed optional
    # dependency: algorithms import their heavy modules inside run().
    classes: list[type] = []
    from .classify_landcover import ClassifyLandCover

    classes.append(ClassifyLandCover)
    from .create_cluster_profile import CreateClusterProfileAlgorithm
    from .trust_host_key import TrustHostKeyAlgorithm

    classes += [CreateClusterProfileAlgorithm, TrustHostKeyAlgorithm]
    from .sfm_cancel import CancelSfmAlgorithm
    from .sfm_fetch import FetchSfmResultsAlgorithm
    from .sfm_resume import ResumeSfmAlgorithm
    from .sfm_run import RunSfmAlgorithm
    from .sfm_status import SfmJobStatusAlgorithm
    from .sfm_submit import SubmitSfmAlgorithm

    classes += [RunSfmAlgorithm, SubmitSfmAlgorithm, SfmJobStatusAlgorithm, FetchSfmResultsAlgorithm,
                ResumeSfmAlgorithm, CancelSfmAlgorithm]
    from .change_coregister import CoregisterDemAlgorithm
    from .change_dod import DemOfDifferenceAlgorithm
    from .change_landcover import LandCoverChangeAlgorithm

    classes += [CoregisterDemAlgorithm, DemOfDifferenceAlgorithm, LandCoverChangeAlgorithm]
    from .accuracy_assess import AssessAccuracyAlgorithm
    from .accuracy_sample import StratifiedSampleAlgorithm
    from .training_export import ExportTrainingDataAlgorithm

    classes += [ExportTrainingDataAlgorithm, StratifiedSampleAlgorithm, AssessAccuracyAlgorithm]
    from .training_train import FetchTrainedModelAlgorithm, TrainLandCoverAlgorithm

    classes += [TrainLandCoverAlgorithm, FetchTrainedModelAlgorithm]
    return classes


class GeomorphProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "geomorph"

    def name(self) -> str:
        return "Geomorph"

    def longName(self) -> str:  # noqa: N802 - Qt API
        return tr("Geomorph {version}: UAV photogrammetry and land cover").format(version=plugin_version())

    def icon(self) -> QIcon:
        return QIcon(str(icon_path()))

    def loadAlgorithms(self) -> None:  # noqa: N802 - Qt API
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
