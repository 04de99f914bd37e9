"""The job registry on disk: survives a restart, writes atomically, refuses bad ids."""

from __future__ import annotations

import json

import pytest

from geomorph_plugin.cluster.registry import JobRegistry
from geomorph_plugin.errors import GeomorphError


def test_job_survives_a_new_registry_instance(tmp_path):
    reg = JobRegistry(tmp_path / "jobs")
    job = reg.new_job("uni cluster", "/photos/Basento 2024", "/out", remote_dir="geomorph-jobs/x")
    job.cluster_id = 4242
    job.set_state("running")
    job.nodes = {"done": 3, "total": 10, "nodes": {"match_001": {"state": "done", "retries": 1}}}
    reg.save(job)

    again = JobRegistry(tmp_path / "jobs").get(job.id)  # as after a QGIS restart
    assert again == job
    assert again.state == "running" and again.cluster_id == 4242
    assert again.nodes["nodes"]["match_001"]["retries"] == 1
    on_disk = json.loads((tmp_path / "jobs" / job.id / "job.json").read_text())
    assert on_disk["photo_dir"] == "/photos/Basento 2024"
    # Atomic writes leave no temporary file behind.
    assert [p.name for p in (tmp_path / "jobs" / job.id).iterdir()] == ["job.json"]


def test_jobs_lists_newest_first_and_skips_damaged(tmp_path):
    reg = JobRegistry(tmp_path)
    a = reg.new_job("p", "/a", "/o", job_id="a1")
    a.created = 100.0
    reg.save(a)
    b = reg.new_job("p", "/b", "/o", job_id="b2")
    b.created = 200.0
    reg.save(b)
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "job.json").write_text("{not json")
    assert [j.id for j in reg.jobs()] == ["b2", "a1"]
    reg.delete("a1")
    assert [j.id for j in reg.jobs()] == ["b2"]


def test_bad_state_and_ids_are_refused(tmp_path):
    reg = JobRegistry(tmp_path)
    job = reg.new_job("p", "/a", "/o")
    with pytest.raises(ValueError):
        job.set_state("exploded")
    with pytest.raises(GeomorphError):
        reg.get("../etc")
    with pytest.raises(GeomorphError, match="no job"):
        reg.get("missing-1")
    with pytest.raises(GeomorphError, match="already exists"):
        reg.new_job("p", "/a", "/o", job_id=job.id)
