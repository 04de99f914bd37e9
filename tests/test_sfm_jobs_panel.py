"""The SfM jobs dock, headless: listing from a registry folder, buttons by state, unload."""

from __future__ import annotations

import pytest


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
