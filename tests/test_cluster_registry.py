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


def test_a_slow_poll_does_not_undo_a_fetch_or_a_cancel(tmp_path):
    reg = JobRegistry(tmp_path)
    job = reg.new_job("p", "/a", "/o", job_id="j1")
    job.set_state("running")
    reg.save(job)
    poller, fetcher = reg.get("j1"), reg.get("j1")  # the panel's task and an algorithm read it at once
    fetcher.set_state("fetched", "")
    fetcher.extra["products"] = {"ortho": "/o/ortho.tif"}
    reg.save(fetcher)
    poller.set_state("completed", "")  # what the poll saw on the cluster before the fetch
    poller.extra["status"] = {"state": "completed", "done": 6, "total": 6}
    poller.cluster_id = 77
    reg.save(poller)
    on_disk = reg.get("j1")
    assert on_disk.state == "fetched" and poller.state == "fetched"
    assert on_disk.extra["products"] == {"ortho": "/o/ortho.tif"}
    assert on_disk.cluster_id == 77  # a field only the poll changed is kept

    canceller, waiter = reg.get("j1"), reg.get("j1")
    canceller.set_state("cancelled", "Cancelled by the user")
    reg.save(canceller)
    waiter.set_state("failed", "The workflow failed at the node(s) mapper")  # the removal made it fail
    reg.save(waiter)
    assert reg.get("j1").state == "cancelled" and reg.get("j1").message == "Cancelled by the user"
    # refresh() shows the waiting side what happened meanwhile.
    late = JobRegistry(tmp_path).get("j1")
    other = reg.get("j1")
    other.set_state("submitted", "")
    reg.save(other)
    assert reg.refresh(late).state == "submitted"


_WRITER = """
import sys
sys.path.insert(0, {repo!r})
from geomorph_plugin.cluster.registry import JobRegistry
reg = JobRegistry({root!r})
for _ in range({n}):
    job = reg.get("shared")
    key = "count_" + sys.argv[1]
    job.extra[key] = job.extra.get(key, 0) + 1
    reg.save(job)
"""


def test_two_processes_saving_at_once_lose_nothing(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    reg = JobRegistry(tmp_path / "jobs")
    reg.new_job("p", "/a", "/o", job_id="shared")
    script = tmp_path / "writer.py"
    n = 150
    script.write_text(_WRITER.format(repo=str(Path(__file__).resolve().parents[1]), root=str(tmp_path / "jobs"), n=n))
    procs = [subprocess.Popen([sys.executable, str(script), name]) for name in ("a", "b", "c")]
    assert [p.wait(timeout=300) for p in procs] == [0, 0, 0]
    extra = reg.get("shared").extra
    assert (extra["count_a"], extra["count_b"], extra["count_c"]) == (n, n, n)


def test_the_lock_of_a_killed_process_is_released(tmp_path):
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from geomorph_plugin.cluster.registry import file_lock

    reg = JobRegistry(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", (
        f"import sys, time; sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})\n"
        "from pathlib import Path\n"
        "from geomorph_plugin.cluster.registry import file_lock\n"
        f"with file_lock(Path({str(reg.lock_path)!r})):\n"
        "    print('locked', flush=True); time.sleep(600)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(GeomorphError, match="locked"):
            with file_lock(reg.lock_path, timeout=0.5):
                pass
        holder.send_signal(signal.SIGKILL)  # a QGIS that crashed while saving
        holder.wait(timeout=30)
        started = time.monotonic()
        job = reg.new_job("p", "/a", "/o", job_id="after-crash")
        assert time.monotonic() - started < 5 and reg.get(job.id).profile == "p"
    finally:
        holder.kill()
