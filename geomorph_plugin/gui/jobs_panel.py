"""The SfM jobs dock: every job of the registry with its state and per-step progress.

A ``QgsTask`` polls the cluster for the active jobs in the background (no widget is touched
from its thread: it saves to the registry and the widget re-reads it in ``finished()``, which
runs on the main thread). Load runs ``geomorph:fetchsfmresults`` so that the layers arrive
styled through Processing; Resume and Cancel call the plain job module in a task.

Under each step, its running node jobs say for how long they have run ("running for 12 min"),
or "stalled for 17 min" when their log has not grown for the stall threshold; the tooltip and
the details pane show the end of the log and where it is on the cluster.
"""

from __future__ import annotations

import time

from qgis.core import QgsApplication, QgsTask
from qgis.PyQt.QtCore import Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..errors import GeomorphError
from ..i18n import tr
from ..sfm.states import ACTIVE_STATES, FETCHABLE_STATES, RESUMABLE_STATES, JobState, state_label

POLL_INTERVAL_MS = 60_000
ACTIVE = tuple(str(s) for s in ACTIVE_STATES)
LOADABLE = tuple(str(s) for s in FETCHABLE_STATES)
RESUMABLE = tuple(str(s) for s in RESUMABLE_STATES)
WARNING_COLOUR = QColor("#b00020")
WAITING_COLOUR = QColor("#8a6d00")


def confirm(parent, title: str, text: str) -> bool:
    """A Yes/No question whose default is No."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes


def step_text(step) -> str:
    """What a step's node jobs do now: "1 running, 2 waiting for a slot", translated."""
    parts = []
    stalled = getattr(step, "stalled", 0)
    for count, text in ((step.running - stalled, tr("{n} running")), (stalled, tr("{n} stalled")),
                        (step.idle, tr("{n} waiting for a slot")), (step.held, tr("{n} held")),
                        (step.failed, tr("{n} failed"))):
        if count:
            parts.append(text.format(n=count))
    return ", ".join(parts)


def idle_node_text(info: dict) -> str:
    """One waiting node job: for how long, or that no slot can ever run it."""
    from ..sfm.node_watch import duration_text

    if info.get("unmatchable"):
        return tr("cannot start: no slot can run it")
    # Seconds under two minutes: "for 0 min" read as if it had not waited at all.
    return tr("waiting for a slot for {duration}").format(duration=duration_text(info.get("waited_s", 0)))


def engine_text(job) -> str:
    """What the job runs, as the ENGINE parameter says it ("MicMac", "COLMAP dense", "COLMAP sparse fast
    path"); jobs recorded before the engine choice existed are named from their engine and surface."""
    from ..workflow.engine_choice import engine_label

    extra = job.extra or {}
    if extra.get("engine_label"):
        return str(extra["engine_label"])
    if extra.get("engine"):
        return engine_label(str(extra["engine"]), str(extra.get("surface", "")).startswith("dense"))
    return ""


def idle_node_reason(info: dict) -> str:
    return info.get("analysis") or info.get("reason") or tr("HTCondor has not tried to match it yet.")


def job_state_text(status, state: str) -> str:
    """The job's state column: "stalled for 17 min" when every watched running node is silent."""
    from ..sfm.node_watch import run_text

    stalled = status.stalled_nodes
    if not stalled or str(state) != JobState.RUNNING:
        return state_label(state)
    busy = sum(s.running - s.stalled for s in status.steps)
    if busy <= 0 and len(stalled) == len(status.node_runs):
        return run_text(status.node_runs[stalled[0]])
    return tr("running, {n} stalled").format(n=len(stalled))


def node_run_tooltip(info: dict) -> str:
    """A running node's tooltip: how long it has run, the end of its log, and where that log is."""
    from ..sfm.node_watch import duration_text

    lines = [tr("Running for {elapsed}; last output {quiet} ago.").format(
        elapsed=duration_text(info.get("elapsed_s", 0)), quiet=duration_text(info.get("quiet_s", 0)))]
    lines += list(info.get("tail") or [])
    lines.append(tr("Log on the cluster: {path}").format(path=info.get("log", "")))
    return "\n".join(lines)


class JobActionTask(QgsTask):
    """Runs ``action(job, session, registry)`` for each job id with a fresh SSH session.

    ``action`` is ``follow.poll``, ``follow.resume`` or ``follow.cancel``. Errors are collected as
    text and shown by the widget after ``finished()``; nothing here touches widgets.
    """

    def __init__(self, description: str, registry, job_ids: list[str], action):
        super().__init__(description, QgsTask.CanCancel)
        self.registry = registry
        self.job_ids = list(job_ids)
        self.action = action
        self.errors: dict[str, str] = {}

    def run(self) -> bool:
        from ..sfm.session import open_job

        for i, job_id in enumerate(self.job_ids):
            if self.isCanceled():
                return False
            try:
                with open_job(job_id, self.registry) as (job, session, registry):
                    self.action(job, session, registry)
            except Exception as exc:  # noqa: BLE001 - shown to the user, the task goes on
                self.errors[job_id] = str(exc)
            self.setProgress(100.0 * (i + 1) / max(1, len(self.job_ids)))
        return True


class JobsWidget(QWidget):
    jobsChanged = pyqtSignal()  # noqa: N815 - Qt signal naming

    def __init__(self, registry, parent=None):
        super().__init__(parent)
        self.registry = registry
        self.task: QgsTask | None = None
        self.errors: dict[str, str] = {}

        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([tr("Job"), tr("State"), tr("Progress"), tr("Engine"), tr("Profile")])
        self.tree.setRootIsDecorated(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumBlockCount(2000)

        self.refresh_button = QPushButton(tr("Refresh"))
        self.load_button = QPushButton(tr("Load"))
        self.resume_button = QPushButton(tr("Resume"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.remove_button = QPushButton(tr("Remove"))
        self.refresh_button.setToolTip(tr("Ask the cluster now where the running jobs are (also done every minute)"))
        self.remove_button.setToolTip(tr("Remove a finished, failed or cancelled job from this list; its results "
                                         "and its folder on the cluster are kept"))
        self.load_button.setToolTip(tr("Download the results and load them as layers"))
        self.resume_button.setToolTip(tr("Resubmit the job: only the unfinished nodes run"))
        self.cancel_button.setToolTip(tr("Remove the job from the cluster queue; your photos are not touched"))
        buttons = QHBoxLayout()
        for button in (self.refresh_button, self.load_button, self.resume_button, self.cancel_button,
                       self.remove_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.details, 2)

        self.refresh_button.clicked.connect(self.poll_active)
        self.load_button.clicked.connect(self.load_selected)
        self.resume_button.clicked.connect(self.resume_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.tree.itemSelectionChanged.connect(self.update_buttons)

        self.timer = QTimer(self)
        self.timer.setInterval(POLL_INTERVAL_MS)
        self.timer.timeout.connect(self.poll_active)
        self.reload()

    # ------------------------------------------------------------------ list

    def selected_job_id(self) -> str | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        item = items[0]
        while item.parent() is not None:
            item = item.parent()
        return item.data(0, Qt.UserRole)

    def select_job(self, job_id: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, Qt.UserRole) == job_id:
                self.tree.setCurrentItem(item)
                return

    def reload(self) -> None:
        """Re-read the registry (main thread only)."""
        from ..sfm.node_watch import NodeRun, run_text
        from ..sfm.status import JobStatus

        selected = self.selected_job_id()
        self.tree.clear()
        for job in self.registry.jobs():
            status = JobStatus.from_job(job)
            state = job_state_text(status, job.state)
            if status.unmatchable_nodes:
                state = tr("cannot start")
            item = QTreeWidgetItem([job.id, state, f"{status.done}/{status.total}", engine_text(job), job.profile])
            item.setData(0, Qt.UserRole, job.id)
            item.setData(1, Qt.UserRole, str(job.state))
            item.setToolTip(0, time.strftime("%Y-%m-%d %H:%M", time.localtime(job.created)))
            if job.message:
                item.setToolTip(1, job.message)
            if (job.extra or {}).get("engine_reason"):
                item.setToolTip(3, job.extra["engine_reason"])
            if status.unmatchable_nodes or str(job.state) == JobState.FAILED or status.stalled_nodes:
                item.setForeground(1, WARNING_COLOUR)
            elif str(job.state) == JobState.IDLE:
                item.setForeground(1, WAITING_COLOUR)
            step_of = {node: step for step, nodes in (job.extra or {}).get("nodes_by_step", {}).items()
                       for node in nodes}
            for step in status.steps:
                child = QTreeWidgetItem([step.step, step_text(step), f"{step.done}/{step.total}", "", ""])
                if step.failed:
                    child.setForeground(1, WARNING_COLOUR)
                for node, info in status.idle_nodes.items():
                    if step_of.get(node, step.step) != step.step:
                        continue
                    waiting = QTreeWidgetItem([node, idle_node_text(info), "", "", ""])
                    waiting.setToolTip(1, idle_node_reason(info))
                    waiting.setForeground(1, WARNING_COLOUR if info.get("unmatchable") else WAITING_COLOUR)
                    child.addChild(waiting)
                for node, info in status.node_runs.items():
                    if (info.get("step") or step_of.get(node, step.step)) != step.step:
                        continue
                    running = QTreeWidgetItem([node, run_text(info), "", "", ""])
                    running.setToolTip(1, node_run_tooltip(info))
                    if info.get("state") == NodeRun.STALLED:
                        running.setForeground(1, WARNING_COLOUR)
                    child.addChild(running)
                if step.stalled:
                    child.setForeground(1, WARNING_COLOUR)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            if status.idle_nodes or status.stalled_nodes:  # open down to those nodes (only items in a tree expand)
                item.setExpanded(True)
                for k in range(item.childCount()):
                    item.child(k).setExpanded(item.child(k).childCount() > 0)
        if selected:
            self.select_job(selected)
        self.update_buttons()
        self.jobsChanged.emit()

    def update_buttons(self) -> None:
        job_id = self.selected_job_id()
        state = None
        if job_id:
            try:
                job = self.registry.get(job_id)
                state = str(job.state)
                self.show_details(job)
            except Exception:  # noqa: BLE001 - a job deleted meanwhile
                state = None
        busy = self.task is not None
        self.load_button.setEnabled(state in LOADABLE)
        self.resume_button.setEnabled(state in RESUMABLE and not busy)
        self.cancel_button.setEnabled(state in ACTIVE and not busy)
        self.remove_button.setEnabled(state is not None and state not in ACTIVE and state != JobState.UPLOADING
                                      and not busy)
        self.refresh_button.setEnabled(not busy)

    def show_details(self, job) -> None:
        from ..sfm.status import JobStatus, describe

        status = JobStatus.from_job(job)
        lines = [job.id, tr("Photos: {path}").format(path=job.photo_dir),
                 tr("Results: {path}").format(path=job.output_dir)]
        # The reason names the engine ("MicMac (Auto): the profile has no GPU nodes, …"), as in the run's log.
        engine = (job.extra or {}).get("engine_reason") or engine_text(job)
        if engine:
            lines.append(tr("Engine: {reason}").format(reason=engine))
        lines.append(describe(status))
        if job.message:
            lines.append(job.message)
        # A node's error output and log only when it wrote some.
        for node, tail in status.failed_nodes.items():
            if tail.strip():
                lines.append(tr("--- {node}: end of its error output ---").format(node=node))
                lines.append(tail.strip())
        for node, tail in status.node_logs.items():
            if tail.strip():
                lines.append(tr("--- {node}: end of its log ---").format(node=node))
                lines.append(tail.strip())
        if job.id in self.errors:
            lines.append(self.errors[job.id])
        self.details.setPlainText("\n".join(lines))

    # ------------------------------------------------------------------ actions

    def _start(self, description: str, job_ids: list[str], action) -> bool:
        if self.task is not None or not job_ids:
            return False
        task = JobActionTask(description, self.registry, job_ids, action)
        task.taskCompleted.connect(lambda: self._done(task))
        task.taskTerminated.connect(lambda: self._done(task))
        self.task = task
        self.update_buttons()
        QgsApplication.taskManager().addTask(task)
        return True

    def _done(self, task) -> None:
        # Runs on the main thread: the task's results are read here, never from its thread.
        self.errors.update(task.errors)
        for job_id in task.job_ids:
            if job_id not in task.errors:
                self.errors.pop(job_id, None)
        self.task = None
        self.reload()

    def poll_active(self) -> bool:
        from ..sfm import follow

        active = [job.id for job in self.registry.jobs() if job.state in ACTIVE]
        return self._start(tr("Geomorph: polling SfM jobs"), active, follow.poll)

    def resume_selected(self) -> bool:
        from ..sfm import follow

        job_id = self.selected_job_id()
        return bool(job_id) and self._start(tr("Geomorph: resuming SfM job"), [job_id], follow.resume)

    def cancel_selected(self) -> bool:
        from ..sfm import follow

        job_id = self.selected_job_id()
        if not job_id or not confirm(self, tr("Cancel SfM job"), tr(
                "Cancel the job {id}? Its node jobs are removed from the cluster queue; your photos and what the "
                "nodes finished are kept, and Resume continues it later.").format(id=job_id)):
            return False
        return self._start(tr("Geomorph: cancelling SfM job"), [job_id], follow.cancel)

    def remove_selected(self) -> bool:
        """Forget a job that no longer runs (after asking); its results and cluster folder stay."""
        job_id = self.selected_job_id()
        if not job_id or self.task is not None:
            return False
        job = self.registry.get(job_id)
        if str(job.state) in ACTIVE or str(job.state) == JobState.UPLOADING:
            return False
        if not confirm(self, tr("Remove SfM job"), tr(
                "Remove the job {id} ({state}) from this list? Its results in {path} and its folder on the cluster "
                "are not deleted, but it can no longer be fetched or resumed from QGIS.").format(
                id=job_id, state=state_label(job.state), path=job.output_dir)):
            return False
        self.registry.delete(job_id)
        self.errors.pop(job_id, None)
        self.details.clear()
        self.reload()
        return True

    def load_selected(self) -> None:
        """Open the fetch algorithm's dialog, filled in: its results load styled into the project."""
        job_id = self.selected_job_id()
        if not job_id:
            return
        import processing

        try:
            kind = self.registry.get(job_id).extra.get("kind")
        except GeomorphError:
            kind = None
        # A training job's result is a model to install, not layers.
        algorithm = "geomorph:fetchtrainedmodel" if kind == "training" else "geomorph:fetchsfmresults"
        dialog = processing.createAlgorithmDialog(algorithm, {"JOB_ID": job_id})
        if dialog is not None:
            dialog.show()


class JobsPanel:
    """GUI part: the dock, added by ``initGui`` and removed by ``unload``."""

    def __init__(self, iface, registry_root=None):
        self.iface = iface
        self.registry_root = registry_root
        self.dock: QDockWidget | None = None
        self.widget: JobsWidget | None = None
        self.action = None

    def add(self) -> None:
        from ..cluster.registry import JobRegistry

        self.widget = JobsWidget(JobRegistry(self.registry_root))
        self.dock = QDockWidget(tr("Geomorph SfM jobs"), self.iface.mainWindow())
        self.dock.setObjectName("GeomorphSfmJobsDock")
        self.dock.setWidget(self.widget)
        self.iface.addDockWidget(Qt.RightDockWidgetArea, self.dock)
        # Open only for someone who has SfM jobs: otherwise it takes a third of the window on every
        # start from a user who only classifies (Plugins > Geomorph > SfM jobs panel opens it).
        self.dock.setVisible(bool(self.widget.registry.jobs()))
        self.action = self.dock.toggleViewAction()
        self.action.setText(tr("SfM jobs panel"))
        self.iface.addPluginToMenu(tr("&Geomorph"), self.action)
        self.widget.timer.start()

    def remove(self) -> None:
        if self.widget is not None:
            self.widget.timer.stop()
            if self.widget.task is not None:
                self.widget.task.cancel()
        if self.action is not None:
            self.iface.removePluginMenu(tr("&Geomorph"), self.action)
            self.action = None
        if self.dock is not None:
            self.iface.removeDockWidget(self.dock)
            self.dock.setParent(None)
            self.dock.deleteLater()
            self.dock = None
        self.widget = None
