"""Long-running nodes without a cluster: the log tail as shown (from untrusted bytes), the stall
threshold's sources, and how a running or stalled node reads in the log and the jobs panel."""

from __future__ import annotations

import random

import pytest

from geomorph_plugin.sfm.node_watch import (
    LINE_CHARS,
    TAIL_LINES,
    NodeRun,
    duration_text,
    run_text,
    stall_after_for,
    stall_message,
    tail_lines,
)
from geomorph_plugin.sfm.status import JobStatus, StepProgress, describe


def test_a_plain_tail_keeps_its_last_lines_in_order():
    data = b"".join(f"Registering image #{i} (3 models)\n".encode() for i in range(1, 40))
    assert tail_lines(data, partial_first=False) == [f"Registering image #{i} (3 models)" for i in range(35, 40)]
    assert len(tail_lines(data, False, lines=2)) == 2


def test_a_tail_read_from_inside_the_file_drops_its_cut_first_line():
    assert tail_lines(b"ge #12\nBundle adjustment\nmapper: 40 images\n", partial_first=True) == [
        "Bundle adjustment", "mapper: 40 images"]
    assert tail_lines(b"ge #12\nBundle adjustment\n", partial_first=False)[0] == "ge #12"


def test_binary_garbage_becomes_a_few_short_printable_lines():
    rng = random.Random(7)
    garbage = bytes(rng.randrange(256) for _ in range(8192))
    lines = tail_lines(garbage, partial_first=True)
    assert len(lines) <= TAIL_LINES
    for line in lines:
        assert len(line) <= LINE_CHARS
        assert all(ch.isprintable() for ch in line), repr(line)
        assert "\x1b" not in line and "\x00" not in line
        assert "\ufffd\ufffd" not in line  # runs of undecodable bytes collapse to one mark


def test_terminal_escapes_progress_bars_and_bidi_tricks_are_removed():
    data = (b"\x1b[1;32mTapas: iteration 12\x1b[0m residual 0.41\n"
            b"\x1b]0;evil title\x07matching 10%\rmatching 55%\rmatching 90%\r\n"
            + "file \u202egpj.exe\u202c done\tok\x07\n".encode())
    assert tail_lines(data, partial_first=False) == [
        "Tapas: iteration 12 residual 0.41", "matching 90%", "file gpj.exe done ok"]


def test_huge_lines_are_cut_and_a_single_huge_line_keeps_its_end():
    huge = b"x" * 100_000
    lines = tail_lines(b"start\n" + huge + b"\nend\n", partial_first=False)
    assert lines[0] == "start" and lines[-1] == "end"
    assert len(lines[1]) == LINE_CHARS and lines[1].endswith("…")
    # Read from the end of one endless line (no newline in the tail): its end is shown, cut.
    only = tail_lines(b"a" * 5000 + b"LAST", partial_first=True)
    assert len(only) == 1 and only[0].startswith("…") and only[0].endswith("aLAST")
    assert len(only[0]) == LINE_CHARS


def test_empty_and_blank_logs_give_no_lines():
    assert tail_lines(b"", partial_first=False) == []
    assert tail_lines(b"\n\n  \r\n\t\n", partial_first=True) == []


def test_durations_read_as_people_say_them():
    assert duration_text(-5) == "0 s"
    assert duration_text(45) == "45 s"
    assert duration_text(119) == "119 s"
    assert duration_text(17 * 60 + 30) == "17 min"
    assert duration_text(3 * 3600 + 5 * 60) == "3 h 05 min"


class _Job:
    def __init__(self, extra):
        self.extra = extra


class _Session:
    def __init__(self, extra):
        self.profile = type("P", (), {"extra": extra})()


def test_the_stall_threshold_comes_from_the_call_then_the_job_then_the_profile():
    assert stall_after_for(_Job({}), None) == 15 * 60
    assert stall_after_for(_Job({}), _Session({"stall_after_s": 1800})) == 1800
    assert stall_after_for(_Job({"stall_after_s": 600}), _Session({"stall_after_s": 1800})) == 600
    assert stall_after_for(_Job({"stall_after_s": 600}), _Session({}), override=5) == 5
    assert stall_after_for(_Job({"stall_after_s": "junk"}), _Session({})) == 15 * 60
    assert stall_after_for(_Job({"stall_after_s": -3}), None) == 0  # 0: never stalled


def _runs():
    return {
        "mapper": {"job": "12.0", "step": "mapper", "state": "stalled", "elapsed_s": 47 * 60, "quiet_s": 17 * 60,
                   "tail": ["Initializing with image pair #3 and #7", "Bundle adjustment report"],
                   "log": "/home/u/geomorph-jobs/j1/logs/mapper.out", "bytes": 5120},
        "features_001": {"job": "13.0", "step": "features", "state": "running", "elapsed_s": 75, "quiet_s": 4,
                         "tail": ["Processed file [12/20]"], "log": "/home/u/geomorph-jobs/j1/logs/features_001.out",
                         "bytes": 900},
    }


def test_the_log_says_stalled_with_the_time_the_tail_and_the_log_path():
    assert NodeRun("stalled") is NodeRun.STALLED and NodeRun.STALLED == "stalled"
    status = JobStatus("j1", "running", total=5, done=1, node_runs=_runs(),
                       steps=[StepProgress("features", 2, done=1, running=1),
                              StepProgress("mapper", 1, running=1, stalled=1)])
    text = describe(status)
    assert "mapper: 1/1 (1 stalled)" in text.replace("0/1", "1/1") and "1 running" in text
    assert "mapper: stalled for 17 min, no output (running for 47 min); its log: " \
           "/home/u/geomorph-jobs/j1/logs/mapper.out" in text
    assert "    > Bundle adjustment report" in text
    assert "features_001: running for 75 s, last output 4 s ago" in text
    assert status.stalled_nodes == ["mapper"]
    assert run_text(_runs()["mapper"]) == "stalled for 17 min"
    message = stall_message(_runs())
    assert "mapper" in message and "17 min" in message and "Cancel SfM job" in message
    assert "/home/u/geomorph-jobs/j1/logs/mapper.out" in message and "not stop" in message
    # Saved in the registry and read back by the panel without a connection.
    assert JobStatus.from_job(type("J", (), {"id": "j1", "state": "running", "message": "",
                                             "extra": {"status": status.to_dict()}})()).node_runs == _runs()


@pytest.fixture
def stalled_registry(tmp_path):
    from geomorph_plugin.cluster.registry import JobRegistry

    registry = JobRegistry(tmp_path / "jobs")
    job = registry.new_job("cluster-a", "/data/photos", "/data/out", job_id="20260101-140000-eeeeee")
    job.set_state("running", stall_message({"mapper": _runs()["mapper"]}))
    job.cluster_id = 11
    job.extra = {"nodes_by_step": {"features": ["features_000", "features_001"], "mapper": ["mapper"]},
                 "status": {"total": 3, "done": 2, "held": 0, "failed_nodes": {},
                            "node_runs": {"mapper": _runs()["mapper"]},
                            "steps": [{"step": "features", "total": 2, "done": 2},
                                      {"step": "mapper", "total": 1, "running": 1, "stalled": 1}]}}
    registry.save(job)
    return registry


def test_the_panel_shows_a_stalled_node_instead_of_running(qgis_iface, stalled_registry):
    from geomorph_plugin.gui.jobs_panel import JobsWidget

    widget = JobsWidget(stalled_registry)
    top = widget.tree.topLevelItem(0)
    assert top.text(1) == "stalled for 17 min"
    mapper = top.child(1)
    assert (mapper.text(0), mapper.text(1)) == ("mapper", "1 stalled")
    node = mapper.child(0)
    assert (node.text(0), node.text(1)) == ("mapper", "stalled for 17 min")
    tip = node.toolTip(1)
    assert "Running for 47 min" in tip and "Bundle adjustment report" in tip and "logs/mapper.out" in tip
    widget.select_job("20260101-140000-eeeeee")
    details = widget.details.toPlainText()
    assert "stalled for 17 min" in details and "Cancel SfM job" in details

    # Once it writes again, the next look shows it running, with its own elapsed time.
    job = stalled_registry.get("20260101-140000-eeeeee")
    job.extra["status"]["node_runs"]["mapper"].update(state="running", quiet_s=3)
    job.extra["status"]["steps"][1]["stalled"] = 0
    stalled_registry.save(job)
    widget.reload()
    top = widget.tree.topLevelItem(0)
    assert top.text(1) == "running"
    assert top.child(1).text(1) == "1 running" and top.child(1).child(0).text(1) == "running for 47 min"


def test_stalled_strings_are_translated(qgis_iface, stalled_registry):
    from geomorph_plugin.gui.jobs_panel import JobsWidget
    from geomorph_plugin.i18n import install_translator, remove_translator

    assert install_translator("it")
    try:
        widget = JobsWidget(stalled_registry)
        top = widget.tree.topLevelItem(0)
        job_state, step_state, tip = top.text(1), top.child(1).text(1), top.child(1).child(0).toolTip(1)
    finally:
        remove_translator()
    assert job_state == "fermo da 17 min" and step_state == "1 fermi"
    assert "In esecuzione da 47 min" in tip and "Log sul cluster" in tip
