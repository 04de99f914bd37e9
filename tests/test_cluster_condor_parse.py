"""Parsing DAGMan's NODE_STATUS_FILE (ClassAd text) without a cluster."""

from __future__ import annotations

from geomorph_plugin.cluster.condor import parse_classads, parse_node_status

# The sample node status file of the HTCondor manual (DAGMan, "Node Status File"), with the
# comments DAGMan writes after the codes.
MANUAL_SAMPLE = """
[
  Type = "DagStatus";
  DagFiles = {
    "job_dagman_node_status.dag"
  };
  Timestamp = 1399674138; /* "Fri May  9 17:22:18 2014" */
  DagStatus = 3; /* "STATUS_SUBMITTED ()" */
  NodesTotal = 12;
  NodesDone = 11;
  NodesPre = 0;
  NodesQueued = 1;
  NodesPost = 0;
  NodesReady = 0;
  NodesUnready = 0;
  NodesFailed = 0;
  JobProcsHeld = 0;
  JobProcsIdle = 1; /* includes held */
]
[
  Type = "NodeStatus";
  Node = "A";
  NodeStatus = 5; /* "STATUS_DONE" */
  StatusDetails = "";
  RetryCount = 0;
  JobProcsQueued = 0;
  JobProcsHeld = 0;
]
[
  Type = "NodeStatus";
  Node = "C";
  NodeStatus = 3; /* "STATUS_SUBMITTED" */
  StatusDetails = "idle";
  RetryCount = 2;
  JobProcsQueued = 1;
  JobProcsHeld = 0;
]
[
  Type = "NodeStatus";
  Node = "match \\"chunk\\" 7";
  NodeStatus = 6; /* "STATUS_ERROR" */
  StatusDetails = "Job proc (7.0.0) failed with status 1";
  RetryCount = 3;
  JobProcsQueued = 0;
  JobProcsHeld = 0;
]
[
  Type = "StatusEnd";
  EndTime = 1399674138; /* "Fri May  9 17:22:18 2014" */
  NextUpdate = 1399674141; /* "Fri May  9 17:22:21 2014" */
]
"""


def test_manual_sample():
    progress = parse_node_status(MANUAL_SAMPLE)
    assert progress.total == 12 and progress.done == 11 and progress.queued == 1
    assert progress.dag_status == "submitted"  # DagStatus 3 is STATUS_SUBMITTED, as the sample says
    assert progress.timestamp == 1399674138
    assert not progress.finished
    assert progress.nodes["A"].state == "done"
    assert progress.nodes["C"].state == "submitted" and progress.nodes["C"].details == "idle"
    assert progress.nodes["C"].retry_count == 2
    failed = progress.nodes['match "chunk" 7']
    assert failed.state == "error" and failed.retry_count == 3 and "status 1" in failed.details
    assert progress.failed_nodes == ['match "chunk" 7']
    assert abs(progress.fraction - 11 / 12) < 1e-9


def test_final_update_with_mytype_marks_finished():
    text = MANUAL_SAMPLE.replace('Type = ', 'MyType = ').replace("NextUpdate = 1399674141;", "NextUpdate = 0;")
    progress = parse_node_status(text)
    assert progress.finished and progress.failed and not progress.succeeded
    assert set(progress.nodes) == {"A", "C", 'match "chunk" 7'}


def test_file_cut_mid_rewrite_keeps_what_was_read():
    cut = MANUAL_SAMPLE[: MANUAL_SAMPLE.index('Node = "C"')]
    progress = parse_node_status(cut)
    assert list(progress.nodes) == ["A"] and progress.total == 12 and not progress.finished


def test_classad_values():
    ads = parse_classads('[ A = 1.5; B = true; C = { "x", "y" }; D = UNDEFINED; E = "a\\\\b"; ]')
    assert ads == [{"A": 1.5, "B": True, "C": ["x", "y"], "D": None, "E": "a\\b"}]
