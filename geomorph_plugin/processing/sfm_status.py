"""geomorph:sfmjobstatus: the state, per-step progress and failed nodes (with their stderr) of a job."""

from __future__ import annotations

import json

from qgis.core import QgsProcessingOutputNumber, QgsProcessingOutputString

from . import sfm_common as common
from .base import GeomorphAlgorithm


class SfmJobStatusAlgorithm(GeomorphAlgorithm):
    ALG_ID = "sfmjobstatus"
    GROUP_ID = "photogrammetry"
    REQUIRED_MODULES = common.REQUIRED

    PROGRESS = "PROGRESS"
    STEPS = "STEPS"
    FAILED_NODES = "FAILED_NODES"
    MESSAGE = "MESSAGE"

    def display_name(self) -> str:
        return self.tr("SfM job status")

    def help_text(self) -> str:
        return self.tr(
            "Asks the cluster where an SfM job is: its state (submitted, running, completed, failed, cancelled, "
            "fetched), the progress of each workflow step from DAGMan's node status file, and for failed nodes the "
            "end of their error output."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        common.add_job_parameter(self)
        self.addOutput(QgsProcessingOutputString(common.STATE, self.tr("State")))
        self.addOutput(QgsProcessingOutputNumber(self.PROGRESS, self.tr("Nodes done (%)")))
        self.addOutput(QgsProcessingOutputString(self.STEPS, self.tr("Per-step progress (JSON)")))
        self.addOutput(QgsProcessingOutputString(self.FAILED_NODES, self.tr("Failed nodes and their stderr (JSON)")))
        self.addOutput(QgsProcessingOutputString(self.MESSAGE, self.tr("Message")))

    def process(self, parameters, context, feedback) -> dict:
        from ..workflow import jobs

        reg = common.registry()
        job = common.load_job(self.parameterAsString(parameters, common.JOB_ID, context))
        _profile, session = common.connect_profile(job.profile, feedback)
        try:
            status = jobs.poll(job, session, reg)
        finally:
            session.close()
        feedback.pushInfo(jobs.describe(status))
        for node, tail in status.failed_nodes.items():
            feedback.reportError(self.tr("Node {node} failed; the end of its error output:").format(node=node), False)
            feedback.pushInfo(tail.strip())
        if status.message:
            feedback.pushInfo(status.message)
        return {
            common.STATE: status.state,
            self.PROGRESS: round(100.0 * status.fraction, 1),
            self.STEPS: json.dumps(status.to_dict()["steps"]),
            self.FAILED_NODES: json.dumps(status.failed_nodes),
            self.MESSAGE: status.message,
        }
