"""The job report from a real DAG run on the test cluster: steps, jobs, hosts, retries, Gantt bars."""

from __future__ import annotations

import json
import re

import pytest

from tests.sfm_dag_helpers import STEPS, submit_test_dag

pytestmark = pytest.mark.cluster


def test_report_from_a_real_dag_run(cluster_session, cluster_profile, tmp_path):
    from geomorph_plugin.cluster import transfer
    from geomorph_plugin.cluster.registry import JobRegistry
    from geomorph_plugin.sfm import follow, report

    registry = JobRegistry(tmp_path / "registry")
    job = submit_test_dag(cluster_session, registry, cluster_profile, tmp_path, markers=["fail_once_match_002"])
    try:
        status = follow.wait(job, cluster_session, registry, interval=1, timeout=180)
        assert status.state == "completed"
        # DAGMan writes its metrics file as it exits, just after leaving the queue.
        names = cluster_session.sftp.listdir(job.remote_dir)
        wanted = {n: f"{job.remote_dir}/{n}" for n in names
                  if n.startswith("geomorph.dag") or n == "geomorph.status"}
        transfer.download(cluster_session, wanted, tmp_path / "dag")
    finally:
        cluster_session.run(["rm", "-rf", "--", job.remote_dir], check=False)

    runs = report.parse_node_log((tmp_path / "dag" / "geomorph.dag.nodes.log").read_text())
    assert sorted({r.node for r in runs}) == sorted(n for nodes in STEPS.values() for n in nodes)
    failed = [r for r in runs if r.state == "failed"]
    assert [(r.node, r.exit_code) for r in failed] == [("match_002", 1)]
    assert all(r.host and r.started and r.ended and r.ended >= r.started for r in runs)

    rows = {row.step: row for row in report.summarize(runs, report.parse_dag_categories(
        (tmp_path / "dag" / "geomorph.dag").read_text()))}
    assert list(rows) == ["prepare", "match", "merge", "mosaic"]  # in the order they ran
    assert (rows["match"].nodes, rows["match"].runs, rows["match"].failed_runs) == (3, 4, 1)
    assert rows["match"].hosts == 1
    # MAXJOBS match 2 over three 1-second nodes + a retry: the step takes longer than one node.
    assert rows["match"].wall_seconds >= max(r.seconds for r in runs if r.node.startswith("match"))
    assert rows["prepare"].first_start <= rows["match"].first_start <= rows["merge"].first_start

    # result.json as the last node writes it (remote/report_step.py), beside the report.
    (tmp_path / "result.json").write_text(json.dumps({
        "format": "geomorph-sfm-result", "version": 1, "engine": "colmap", "surface": "dense",
        "images_total": 18, "images_registered": 17, "unregistered_photos": ["IMG_0007.JPG"], "points": 120345,
        "crs": "EPSG:32615", "ortho_resolution": 0.05, "dsm_resolution": 0.1, "gsd": 0.0412,
        "gps_residual_median_m": 1.234}))
    out = report.write_report(tmp_path / "dag", tmp_path / "report.html", title="test run")
    html = out.read_text()
    for label, value in (("Photos registered", "17 / 18 (not registered: IMG_0007.JPG)"), ("Engine", "colmap"),
                         ("Surface path", "dense"), ("GSD of the photos", "4.1 cm"), ("Orthomosaic GSD", "5.0 cm"),
                         ("DSM GSD", "10.0 cm"), ("GPS residual (median)", "1.23 m"), ("CRS", "EPSG:32615")):
        assert f"<tr><th>{label}</th><td>{value}</td></tr>" in html
    assert "<svg" in html and "<script" not in html
    assert len(re.findall(r"<rect ", html)) == len(runs)  # one bar per HTCondor job, retries included
    assert html.count('fill="#e15759"') == 1  # the failed first attempt of match_002 is red
    assert "6 DAG nodes, 7 HTCondor jobs" in html and "1 execute hosts" in html
    for step in STEPS:
        assert f"</span>{step}</td>" in html
