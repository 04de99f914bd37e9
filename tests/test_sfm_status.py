"""How a job's end is told: "cancelled" for a cancel, a node's stderr and log only when it wrote one."""

from __future__ import annotations

from geomorph_plugin.sfm.status import JobStatus, StepProgress, describe, outcome_message


def test_a_cancel_is_told_as_a_cancel():
    status = JobStatus("j1", "cancelled", total=6, done=2, message="Cancelled by the user; run \"Resume SfM job\".",
                       failed_nodes={"mapper": ""})
    text = outcome_message(status)
    assert text.startswith("The job j1 was cancelled") and "Resume SfM job" in text
    assert "failed" not in text and "error output" not in text


def test_a_failure_shows_only_the_output_the_node_wrote():
    status = JobStatus("j2", "failed", message="The workflow failed at the node(s) mapper, merge.",
                       failed_nodes={"mapper": "", "merge": "merge: input tiles missing\n"},
                       node_logs={"mapper": "Elapsed time: 12 min\n", "merge": "  "})
    text = outcome_message(status)
    assert "--- merge: end of its error output ---\nmerge: input tiles missing" in text
    assert "--- mapper: end of its log ---\nElapsed time: 12 min" in text
    assert "mapper: end of its error output" not in text and "merge: end of its log" not in text


def test_waiting_nodes_are_not_counted_as_running():
    status = JobStatus("j3", "idle", total=3, steps=[StepProgress("mapper", 1, idle=1)],
                       idle_nodes={"mapper": {"unmatchable": True, "analysis": "no slot meets TARGET.Cpus >= "
                                              "RequestCpus, 0 of 1 slots can run it"}})
    text = describe(status)
    assert "running" not in text and "1 waiting for a slot" in text
    assert "mapper: cannot start, no slot can run it (no slot meets TARGET.Cpus >= RequestCpus" in text
