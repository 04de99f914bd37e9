"""The SfM jobs dock, headless: listing from a registry folder, buttons by state, unload."""

from __future__ import annotations

import time

import pytest

from tests.sfm_fixtures import saved_profile  # noqa: F401 - fixture


@pytest.fixture
def registry_with_jobs(tmp_path):
    from geomorph_plugin.cluster.registry import JobRegistry

    registry = JobRegistry(tmp_path / "jobs")
    running = registry.new_job("cluster-a", "/data/photos", "/data/out", job_id="20260101-120000-aaaaaa")
    running.set_state("running")
    running.cluster_id = 42
    running.created = 3000.0
    running.extra = {"nodes_by_step": {"features": ["features_000", "features_001"], "match": ["match_000"]},
                     "status": {"total": 3, "done": 1, "held": 0, "failed_nodes": {},
                                "steps": [{"step": "features", "total": 2, "done": 1, "running": 1, "failed": 0},
                                          {"step": "match", "total": 1, "done": 0, "running": 0, "failed": 0}]}}
    registry.save(running)
    failed = registry.new_job("cluster-a", "/data/photos2", "/data/out2", job_id="20260101-110000-bbbbbb")
    failed.set_state("failed", "The workflow failed at the node(s) mapper.")
    failed.created = 2000.0
    failed.extra = {"status": {"total": 2, "done": 1, "held": 0, "failed_nodes": {"mapper": "colmap: no good pair"},
                               "steps": [{"step": "mapper", "total": 1, "done": 0, "running": 0, "failed": 1}]}}
    registry.save(failed)
    done = registry.new_job("cluster-b", "/data/photos3", "/data/out3", job_id="20260101-100000-cccccc")
    done.set_state("completed")
    done.created = 1000.0
    registry.save(done)
    return registry


def _buttons(widget):
    return (widget.load_button.isEnabled(), widget.resume_button.isEnabled(), widget.cancel_button.isEnabled())


@pytest.fixture
def answers(monkeypatch):
    """The answers the confirmation boxes get (the real QMessageBox would wait for a click)."""
    from qgis.PyQt.QtWidgets import QMessageBox

    from geomorph_plugin.gui import jobs_panel

    asked = {"answer": QMessageBox.No, "questions": []}

    def question(_parent, title, text, *_args):
        asked["questions"].append((title, text))
        return asked["answer"]

    monkeypatch.setattr(jobs_panel.QMessageBox, "question", question)
    return asked


def _idle_job(registry):
    """A job whose mapper asks for more CPUs than any slot has (issue 9 item 9), as poll saves it."""
    job = registry.new_job("cluster-a", "/data/photos4", "/data/out4", job_id="20260101-130000-dddddd")
    job.set_state("idle", "The node(s) mapper cannot start: no slot of the cluster can run them.")
    job.cluster_id = 77
    job.created = 4000.0
    job.extra = {"nodes_by_step": {"features": ["features_000"], "mapper": ["mapper"]},
                 "status": {"total": 2, "done": 1, "held": 0, "failed_nodes": {},
                            "idle_nodes": {"mapper": {"job": "78.0", "waited_s": 960, "cpus": 64, "memory_mb": 4096,
                                                      "reason": "no match found", "unmatchable": True,
                                                      "analysis": "no slot meets TARGET.Cpus >= 64"}},
                            "steps": [{"step": "features", "total": 1, "done": 1},
                                      {"step": "mapper", "total": 1, "idle": 1}]}}
    registry.save(job)
    return job


def test_panel_lists_jobs_and_enables_buttons_by_state(qgis_iface, registry_with_jobs):
    from qgis.PyQt.QtWidgets import QDockWidget

    from geomorph_plugin.gui.jobs_panel import JobsPanel

    panel = JobsPanel(qgis_iface, registry_root=registry_with_jobs.root)
    panel.add()
    try:
        widget = panel.widget
        tree = widget.tree
        ids = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
        assert ids == ["20260101-120000-aaaaaa", "20260101-110000-bbbbbb", "20260101-100000-cccccc"]
        running = tree.topLevelItem(0)
        assert running.text(1) == "running" and running.text(2) == "1/3"
        assert [(running.child(i).text(0), running.child(i).text(2), running.child(i).text(1))
                for i in range(running.childCount())] == [("features", "1/2", "1 running"), ("match", "0/1", "")]
        assert _buttons(widget) == (False, False, False)  # nothing selected

        widget.select_job("20260101-120000-aaaaaa")
        assert _buttons(widget) == (False, False, True)
        widget.select_job("20260101-110000-bbbbbb")
        assert _buttons(widget) == (False, True, False)
        assert "colmap: no good pair" in widget.details.toPlainText()
        widget.select_job("20260101-100000-cccccc")
        assert _buttons(widget) == (True, False, False)

        # A state change on disk (e.g. by the background poll) shows after a reload.
        job = registry_with_jobs.get("20260101-120000-aaaaaa")
        job.set_state("cancelled")
        registry_with_jobs.save(job)
        widget.reload()
        widget.select_job("20260101-120000-aaaaaa")
        assert tree.topLevelItem(0).text(1) == "cancelled"
        assert _buttons(widget) == (False, True, False)
        assert widget.timer.isActive()
        dock = panel.dock
        assert isinstance(dock, QDockWidget) and dock.widget() is widget
    finally:
        panel.remove()
    assert panel.dock is None and panel.widget is None
    qgis_iface.removePluginMenu.assert_called()
    names = [d.objectName() for d in qgis_iface.mainWindow().findChildren(QDockWidget)]
    assert "GeomorphSfmJobsDock" not in names


def test_panel_is_a_gui_part_of_the_plugin():
    from geomorph_plugin.gui.jobs_panel import JobsPanel
    from geomorph_plugin.plugin import gui_part_classes

    assert JobsPanel in gui_part_classes()


def test_waiting_and_unmatchable_nodes_show_as_such_with_the_reason(qgis_iface, registry_with_jobs):
    from geomorph_plugin.gui.jobs_panel import JobsWidget

    _idle_job(registry_with_jobs)
    widget = JobsWidget(registry_with_jobs)
    top = widget.tree.topLevelItem(0)
    assert top.text(0) == "20260101-130000-dddddd"
    assert top.text(1) == "cannot start" and "running" not in top.text(1)
    mapper = top.child(1)
    assert (mapper.text(0), mapper.text(1)) == ("mapper", "1 waiting for a slot")
    node = mapper.child(0)
    assert node.text(0) == "mapper" and node.text(1) == "cannot start: no slot can run it"
    assert "TARGET.Cpus >= 64" in node.toolTip(1)
    widget.select_job("20260101-130000-dddddd")
    assert _buttons(widget) == (False, False, True)  # still in the queue: it can be cancelled
    details = widget.details.toPlainText()
    assert "waiting for a slot" in details and "TARGET.Cpus >= 64" in details

    # A node that merely waits (no analysis yet) says for how long, with HTCondor's last reason.
    job = registry_with_jobs.get("20260101-130000-dddddd")
    job.extra["status"]["idle_nodes"]["mapper"].update(unmatchable=False, analysis="")
    registry_with_jobs.save(job)
    widget.reload()
    node = widget.tree.topLevelItem(0).child(1).child(0)
    assert widget.tree.topLevelItem(0).text(1) == "waiting for a slot"
    assert node.text(1) == "waiting for a slot for 16 min" and node.toolTip(1) == "no match found"
    # Under two minutes it says the seconds: "for 0 min" read as if it had not waited at all.
    job.extra["status"]["idle_nodes"]["mapper"]["waited_s"] = 70
    registry_with_jobs.save(job)
    widget.reload()
    assert widget.tree.topLevelItem(0).child(1).child(0).text(1) == "waiting for a slot for 70 s"


def test_each_job_shows_its_engine_and_why(qgis_iface, registry_with_jobs):
    """The Engine column says what runs (as prepare records it); the details say why. Jobs recorded
    before the engine choice are named from their engine and surface."""
    from geomorph_plugin.gui.jobs_panel import JobsWidget

    reason = "MicMac (Auto): the profile has no GPU nodes, so the dense DSM comes from MicMac on CPU nodes."
    job = registry_with_jobs.get("20260101-120000-aaaaaa")
    job.extra.update(engine="micmac", engine_label="MicMac", surface="dense-micmac", engine_reason=reason)
    registry_with_jobs.save(job)
    old = registry_with_jobs.get("20260101-110000-bbbbbb")
    old.extra.update(engine="colmap", surface="sparse-fast-path")
    registry_with_jobs.save(old)
    widget = JobsWidget(registry_with_jobs)
    tree = widget.tree
    column = [tree.headerItem().text(i) for i in range(tree.columnCount())].index("Engine")
    engines = {tree.topLevelItem(i).text(0): tree.topLevelItem(i).text(column)
               for i in range(tree.topLevelItemCount())}
    assert engines == {"20260101-120000-aaaaaa": "MicMac", "20260101-110000-bbbbbb": "COLMAP sparse fast path",
                       "20260101-100000-cccccc": ""}
    assert tree.topLevelItem(0).toolTip(column) == reason
    widget.select_job("20260101-120000-aaaaaa")
    assert "Engine: " + reason in widget.details.toPlainText().splitlines()


def test_states_are_translated(qgis_iface, registry_with_jobs):
    from geomorph_plugin.gui.jobs_panel import JobsWidget
    from geomorph_plugin.i18n import install_translator, remove_translator

    job = registry_with_jobs.get("20260101-120000-aaaaaa")
    job.set_state("cancelled")
    registry_with_jobs.save(job)
    _idle_job(registry_with_jobs)
    assert install_translator("it")
    try:
        widget = JobsWidget(registry_with_jobs)
        states = {widget.tree.topLevelItem(i).text(0): widget.tree.topLevelItem(i).text(1)
                  for i in range(widget.tree.topLevelItemCount())}
        widget.select_job("20260101-120000-aaaaaa")
        details = widget.details.toPlainText()
    finally:
        remove_translator()
    assert states["20260101-120000-aaaaaa"] == "annullato"
    assert states["20260101-100000-cccccc"] == "completato"
    assert states["20260101-130000-dddddd"] not in ("cannot start", "idle")
    assert "cancelled" not in details and "annullato" in details


def test_remove_and_cancel_ask_first(qgis_iface, registry_with_jobs, answers):
    from qgis.PyQt.QtWidgets import QMessageBox

    from geomorph_plugin.gui.jobs_panel import JobsWidget

    widget = JobsWidget(registry_with_jobs)
    widget.select_job("20260101-120000-aaaaaa")  # running: cannot be removed, only cancelled
    assert not widget.remove_button.isEnabled() and not widget.remove_selected()
    assert not widget.cancel_selected()  # answered No
    assert widget.task is None and registry_with_jobs.get("20260101-120000-aaaaaa").state == "running"
    assert "20260101-120000-aaaaaa" in answers["questions"][-1][1]

    widget.select_job("20260101-110000-bbbbbb")  # failed
    assert widget.remove_button.isEnabled()
    assert not widget.remove_selected()  # No
    assert "20260101-110000-bbbbbb" in [j.id for j in registry_with_jobs.jobs()]
    answers["answer"] = QMessageBox.Yes
    assert widget.remove_selected()
    assert "/data/out2" in answers["questions"][-1][1]
    assert "20260101-110000-bbbbbb" not in [j.id for j in registry_with_jobs.jobs()]
    ids = [widget.tree.topLevelItem(i).text(0) for i in range(widget.tree.topLevelItemCount())]
    assert ids == ["20260101-120000-aaaaaa", "20260101-100000-cccccc"]


def _until(predicate, timeout_s: float) -> bool:
    """Run the event loop (the task manager's signals arrive through it) until ``predicate()``."""
    from qgis.PyQt.QtCore import QCoreApplication

    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.cluster
def test_a_job_no_slot_can_run_waits_then_cancels_in_the_panel(qgis_iface, saved_profile, cluster_session, tmp_path,  # noqa: F811
                                                               test_cluster, answers):
    """Issue 9 item 9 from the panel's side, on the real cluster: a node asking for more CPUs than
    the pool has is shown waiting (never "running"), and after Cancel nothing shows as running."""
    from qgis.PyQt.QtWidgets import QMessageBox

    from geomorph_plugin.cluster.registry import JobRegistry
    from geomorph_plugin.gui.jobs_panel import JobsWidget
    from tests.sfm_dag_helpers import submit_test_dag

    registry = JobRegistry(tmp_path / "registry")
    job = submit_test_dag(cluster_session, registry, saved_profile, tmp_path,
                          cpus={"prepare": int(test_cluster["slots"]) * 16})
    try:
        widget = JobsWidget(registry)
        top = widget.tree.topLevelItem(0)
        assert top.text(0) == job.id

        def waiting_shown():
            if widget.task is not None:
                return False
            item = widget.tree.topLevelItem(0)
            if item.text(1) == "waiting for a slot":
                return True
            assert widget.poll_active(), widget.errors
            return False

        assert _until(waiting_shown, 120), (widget.tree.topLevelItem(0).text(1), widget.errors)
        top = widget.tree.topLevelItem(0)
        prepare = next(top.child(i) for i in range(top.childCount()) if top.child(i).text(0) == "prepare")
        assert prepare.text(1) == "1 waiting for a slot"
        assert prepare.child(0).text(0) == "prepare" and prepare.child(0).text(1).startswith("waiting for a slot")
        assert prepare.child(0).toolTip(1)  # HTCondor's reason, or that it has not tried yet

        widget.select_job(job.id)
        answers["answer"] = QMessageBox.Yes
        assert widget.cancel_selected()
        assert _until(lambda: widget.task is None, 120), "the cancel task did not finish"
        assert not widget.errors, widget.errors
        top = widget.tree.topLevelItem(0)
        assert top.text(1) == "cancelled"
        texts = [top.child(i).text(1) for i in range(top.childCount())]
        assert not any("running" in t or "waiting" in t for t in texts), texts
        assert registry.get(job.id).state == "cancelled"
        assert widget.remove_button.isEnabled()  # now it can go from the list
    finally:
        cluster_session.run(["condor_rm", str(job.cluster_id)], check=False)
        cluster_session.run(["rm", "-rf", "--", job.remote_dir], check=False)
