"""geomorph:sfmjobstatus: the state, per-step progress, waiting and failed nodes of a job."""

from __future__ import annotations

import json

from qgis.core import QgsProcessingOutputNumber, QgsProcessingOutputString

from ..sfm.states import ACTIVE_STATES
from . import sfm_common as common
from .base import GeomorphAlgorithm


class SfmJobStatusAlgorithm(GeomorphAlgorithm):
    ALG_ID = "sfmjobstatus"
    GROUP_ID = "photogrammetry"
    REQUIRED_MODULES = common.REQUIRED

    PROGRESS = "PROGRESS"
    STEPS = "STEPS"
    FAILED_NODES = "FAILED_NODES"
    IDLE_NODES = "IDLE_NODES"
    RUNNING_NODES = "RUNNING_NODES"
    MESSAGE = "MESSAGE"

    def display_name(self) -> str:
        return self.tr("SfM job status")

    def help_text(self) -> str:
        return self.tr(
            "Asks the cluster where an SfM job is: its state (submitted, running, waiting for a slot, completed, "
            "failed, cancelled, fetched), the progress of each workflow step from DAGMan's node status file, the "
            "nodes that wait for a slot with HTCondor's reason (a node that no slot of the cluster can run is "
            "named as such), and for failed nodes the end of their error output and log. For each running node it "
            "says how long it has run and shows the last lines of its log; a node whose log has not grown for the "
            "stall threshold (15 min, or stall_after_s in the cluster profile's extra settings) is shown as stalled "
            "for that long, not as running. A stalled node is not stopped: read its log on the cluster, and cancel "
            "the job if it is stuck."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        common.add_job_parameter(self, ACTIVE_STATES)
        self.addOutput(QgsProcessingOutputString(common.STATE, self.tr("State")))
        self.addOutput(QgsProcessingOutputNumber(self.PROGRESS, self.tr("Nodes done (%)")))
        self.addOutput(QgsProcessingOutputString(self.STEPS, self.tr("Per-step progress (JSON)")))
        self.addOutput(QgsProcessingOutputString(self.FAILED_NODES, self.tr("Failed nodes and their stderr (JSON)")))
        self.addOutput(QgsProcessingOutputString(self.IDLE_NODES, self.tr("Nodes waiting for a slot, and why (JSON)")))
        self.addOutput(QgsProcessingOutputString(
            self.RUNNING_NODES, self.tr("Running nodes: time running, end of the log, stalled or not (JSON)")))
        self.addOutput(QgsProcessingOutputString(self.MESSAGE, self.tr("Message")))

    def process(self, parameters, context, feedback) -> dict:
        from ..sfm import follow
        from ..sfm.node_watch import stall_message
        from ..sfm.status import describe

        with common.job_session(self, parameters, context, feedback) as (job, session, reg):
            status = follow.poll(job, session, reg)
        feedback.pushInfo(describe(status))
        for node, tail in status.failed_nodes.items():
            if tail.strip():
                feedback.reportError(self.tr("Node {node} failed; the end of its error output:").format(node=node),
                                     False)
                feedback.pushInfo(tail.strip())
            else:
                feedback.reportError(self.tr("Node {node} failed and wrote no error output.").format(node=node), False)
            if status.node_logs.get(node, "").strip():
                feedback.pushInfo(self.tr("The end of its log:") + "\n" + status.node_logs[node].strip())
        stall = stall_message(status.node_runs)
        if stall:
            feedback.reportError(stall, False)
        if status.message and status.message != stall:
            feedback.pushInfo(status.message)
        return {
            common.STATE: status.state,
            self.PROGRESS: round(100.0 * status.fraction, 1),
            self.STEPS: json.dumps(status.to_dict()["steps"]),
            self.FAILED_NODES: json.dumps(status.failed_nodes),
            self.IDLE_NODES: json.dumps(status.idle_nodes),
            self.RUNNING_NODES: json.dumps(status.node_runs),
            self.MESSAGE: status.message,
        }
