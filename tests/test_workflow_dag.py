"""The DAG writer: DAGMan features, resources per step, quoting, hostile photo names."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from geomorph_plugin.errors import GeomorphError
from geomorph_plugin.workflow.dag import (
    build_workflow,
    condor_arguments,
    dag_vars_value,
)
from geomorph_plugin.workflow.engine import WorkflowOptions
from geomorph_plugin.workflow.photos import scan_photos

HOSTILE = ["DJI 0018 it's.JPG", 'DJI_$(touch pwned)`id`.JPG', 'Brücke "0020" \\ x.jpg', "normal.jpg"]


@pytest.fixture(scope="module")
def photo_set(shared_data):
    return scan_photos(shared_data / "brighton_beach" / "images")


def parse_dag(text: str) -> dict:
    """JOB/VARS/RETRY/CATEGORY/PARENT lines, as DAGMan reads them (VARS values unescaped)."""
    nodes, parents, other = {}, {}, []
    for line in text.splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if words[0] == "JOB":
            nodes[words[1]] = {"submit": words[2]}
        elif words[0] == "VARS":
            m = re.fullmatch(r'VARS (\S+) (\w+)="((?:[^"\\]|\\.)*)"', line)
            assert m, line
            nodes[m.group(1)][m.group(2)] = re.sub(r"\\(.)", r"\1", m.group(3))
        elif words[0] in ("RETRY", "CATEGORY"):
            nodes[words[1]][words[0]] = words[2:]
        elif words[0] == "PARENT":
            k = words.index("CHILD")
            for child in words[k + 1:]:
                parents.setdefault(child, set()).update(words[1:k])
        else:
            other.append(words)
    return {"nodes": nodes, "parents": parents, "other": other}


def parse_condor_arguments(value: str) -> list[str]:
    """HTCondor's new-syntax arguments (manual, condor_submit 'arguments'), $(DOLLAR) expanded."""
    assert value.startswith('"') and value.endswith('"')
    body = value[1:-1].replace('""', '"').replace("$(DOLLAR)", "$")
    args, cur, quoted, i, has = [], "", False, 0, False
    while i < len(body):
        c = body[i]
        if c == "'":
            if quoted and body[i + 1:i + 2] == "'":
                cur += "'"
                i += 2
                continue
            quoted, has = not quoted, True
        elif c.isspace() and not quoted:
            if cur or has:
                args.append(cur)
            cur, has = "", False
        else:
            cur += c
        i += 1
    if cur or has:
        args.append(cur)
    return args


@pytest.mark.parametrize("argv", [
    ["node.sh", "features", "--chunk", "3"],
    ["a b", "it's", 'say "hi"', "$(HOME)", "`id`", "$$x", "back\\slash", "", "Brücke"],
])
def test_quoting_round_trips(argv):
    value = condor_arguments(argv)
    assert "\n" not in value
    assert "$(" not in value.replace("$(DOLLAR)", ""), "a $ left alone would be expanded by condor_submit"
    assert parse_condor_arguments(value) == argv
    line = f"VARS n nodeargs={dag_vars_value(value)}"
    assert parse_dag(f"JOB n x.sub\n{line}\n")["nodes"]["n"]["nodeargs"] == value


def test_quoting_literals():
    assert condor_arguments(["a b", "it's", 'q"q']) == "\"'a b' 'it''s' q\"\"q\""
    assert dag_vars_value('say "x" \\ y') == '"say \\"x\\" \\\\ y"'
    with pytest.raises(ValueError):
        condor_arguments(["two\nlines"])


def test_dag_uses_dagman_features(photo_set, tmp_path):
    # The full graph, one node per step (see the next test for short steps folded into neighbours).
    opts = WorkflowOptions(chunk_size=20, images_per_feature_job=6, max_jobs=7, retries=3, tile_count=4,
                           max_cpus_per_job=4, status_interval=15, fold_small_steps=False)
    files = build_workflow(photo_set, opts, tmp_path)
    dag = parse_dag(files.dag.read_text(encoding="utf-8"))
    nodes = dag["nodes"]
    assert files.nodes_by_step["features"] == ["features_000", "features_001", "features_002"]
    assert len(files.nodes_by_step["match"]) == -(-files.extra["pairs"] // 20) >= 4
    assert len(files.nodes_by_step["dsm"]) == len(files.nodes_by_step["ortho"]) == 4
    assert set(nodes) == {s.name for s in files.steps}
    for name, node in nodes.items():
        assert node["RETRY"] == ["3", "UNLESS-EXIT", "3"], name
        assert node["CATEGORY"][0] == name.rsplit("_", 1)[0] if name[-1].isdigit() else name
        assert (tmp_path / node["submit"]).is_file()
        argv = parse_condor_arguments(node["nodeargs"])
        assert argv[0] == "geomorph_remote/node.sh"
    assert nodes["match_002"]["nodeargs"] == '"geomorph_remote/node.sh match --chunk 2 --threads 4"'
    # The graph: everything hangs off prepare, report is last, tiles depend on their own DSM.
    parents = dag["parents"]
    assert "prepare" not in parents
    assert parents["merge_features"] == set(files.nodes_by_step["features"])
    assert parents["merge_matches"] == set(files.nodes_by_step["match"])
    assert parents["ortho_002"] == {"dsm_002"}
    assert parents["report"] == {"mosaic"}
    order = [s.name for s in files.steps]
    for child, ps in parents.items():
        assert all(order.index(p) < order.index(child) for p in ps)
    other = {w[0]: w for w in dag["other"]}
    maxjobs = [w for w in dag["other"] if w[0] == "MAXJOBS"]
    assert {w[1] for w in maxjobs} == set(files.nodes_by_step) and all(w[2] == "7" for w in maxjobs)
    assert other["NODE_STATUS_FILE"] == ["NODE_STATUS_FILE", files.status_file, "15", "ALWAYS-UPDATE"]
    assert other["CONFIG"][1] == "geomorph.dag.config"
    config = (tmp_path / "geomorph.dag.config").read_text()
    assert "DAGMAN_MAX_JOBS_SUBMITTED = 7" in config and "DAGMAN_MAX_RESCUE_NUM = 100" in config
    assert "DAGMAN_USER_LOG_SCAN_INTERVAL = 1" in config
    assert "JOBSTATE_LOG" in other and "DOT" in other


def _critical_path(parents: dict, nodes) -> int:
    depth: dict = {}

    def d(n):
        if n not in depth:
            depth[n] = 1 + max((d(p) for p in parents.get(n, ())), default=0)
        return depth[n]

    return max(d(n) for n in nodes)


def test_short_steps_fold_into_their_neighbours(photo_set, tmp_path):
    opts = WorkflowOptions(chunk_size=20, images_per_feature_job=6, tile_count=4, max_cpus_per_job=6, retries=3)
    full = build_workflow(photo_set, WorkflowOptions(**{**opts.__dict__, "fold_small_steps": False}), tmp_path / "a")
    files = build_workflow(photo_set, opts, tmp_path / "b")
    dag = parse_dag(files.dag.read_text(encoding="utf-8"))
    nodes, parents = dag["nodes"], dag["parents"]
    argv = {n: parse_condor_arguments(node["nodeargs"])[1:] for n, node in nodes.items()}
    # Merges and georeferencing run at the start of the next node, so that a retry of that node
    # repeats only them; points and report, with no single next node, at the end of the previous.
    assert argv["mapper"] == ["merge_matches+mapper", "--threads", "6"]
    assert argv["undistort"] == ["georeference+undistort+points", "--threads", "2"]
    assert argv["ortho_002"] == ["dsm+ortho", "--tile", "2", "--threads", "2"]
    assert argv["mosaic"] == ["mosaic+report", "--threads", "2"]
    assert "merge_features" in nodes, "a fan-in/fan-out node is never folded"
    assert parents["mapper"] == set(files.nodes_by_step["match"])
    assert parents["ortho_002"] == {"undistort"} and parents["mosaic"] == set(files.nodes_by_step["ortho"])
    assert set(files.nodes_by_step) == {"prepare", "features", "merge_features", "match", "mapper", "undistort",
                                        "ortho", "mosaic"}
    # The same work: every step of the full graph runs in exactly one node, with the same chunk/tile.
    done = sorted((step, tuple(a[1:-2])) for a in argv.values() for step in a[0].split("+"))
    want = sorted((s.argv[0], tuple(s.argv[1:-2])) for s in full.steps)
    assert done == want
    full_parents = parse_dag(full.dag.read_text(encoding="utf-8"))["parents"]
    assert _critical_path(parents, nodes) == 8 < _critical_path(full_parents, {s.name for s in full.steps}) == 13
    for node in nodes.values():
        assert node["RETRY"] == ["3", "UNLESS-EXIT", "3"]
    # One photo chunk: its merge folds into the feature node.
    one = build_workflow(photo_set, WorkflowOptions(images_per_feature_job=100), tmp_path / "c")
    assert [s.argv[0] for s in one.steps if s.category == "features"] == ["features+merge_features"]


def _submit(tmp_path, category):
    text = (tmp_path / "submit" / f"{category}.sub").read_text(encoding="utf-8")
    return dict(line.split(" = ", 1) for line in text.splitlines() if " = " in line and not line.startswith("#"))


def test_submit_files_request_resources_per_step(photo_set, tmp_path):
    opts = WorkflowOptions(max_cpus_per_job=6, max_memory_mb=12000, gpu=True, requirements='(OpSysMajorVer >= 9)',
                           accounting_group="group_geo.alice", container_image="/gpfs/images/colmap.sif")
    files = build_workflow(photo_set, opts, tmp_path)
    mapper, features, report, stereo = (_submit(tmp_path, c) for c in ("mapper", "features", "mosaic", "stereo"))
    assert mapper["request_cpus"] == "6" and mapper["request_memory"] == "8192"
    assert features["request_cpus"] == "4" and report["request_cpus"] == "2"
    assert stereo["request_gpus"] == "1" and stereo["request_memory"] == "12000"
    assert "request_gpus" not in mapper
    for sub in (mapper, features, report):
        assert sub["should_transfer_files"] == "NO"
        assert sub["executable"] == "/bin/sh"
        assert sub["arguments"] == "$(nodeargs)"
        assert sub["error"] == "logs/$(JOB).err" and sub["output"] == "logs/$(JOB).out"
        assert sub["requirements"] == "(OpSysMajorVer >= 9)"
        assert sub["+AccountingGroup"] == '"group_geo.alice"'
        assert sub["+SingularityImage"] == '"/gpfs/images/colmap.sif"'
    assert files.surface == "dense"
    assert files.outputs["ortho"] == "outputs/orthomosaic.tif"
    assert files.nodes_by_step["stereo"] == ["stereo"] and files.nodes_by_step["fusion"] == ["fusion"]
    assert "--threads 6" in parse_dag(files.dag.read_text())["nodes"]["mapper"]["nodeargs"]


def test_cpu_only_profile_takes_the_labelled_fast_path(photo_set, tmp_path):
    files = build_workflow(photo_set, WorkflowOptions(), tmp_path)
    assert files.surface == "sparse-fast-path"
    assert "stereo" not in files.nodes_by_step
    assert files.outputs["ortho"] == "outputs/orthomosaic_fastpath.tif"
    assert files.outputs["pointcloud_las"] == "outputs/pointcloud_sparse.las"
    assert "request_gpus" not in (tmp_path / "submit" / "undistort.sub").read_text()
    assert not (tmp_path / "geomorph_setup.sh").exists()


def test_setup_command_goes_to_a_file_and_bad_profile_values_are_refused(photo_set, tmp_path):
    setup = 'module load colmap/3.10 && export PATH="$HOME/bin:$PATH"'
    files = build_workflow(photo_set, WorkflowOptions(setup_command=setup), tmp_path)
    assert setup in (tmp_path / "geomorph_setup.sh").read_text()
    assert ("geomorph_setup.sh" in {rel for _p, rel in files.upload})
    with pytest.raises(GeomorphError, match="one line"):
        build_workflow(photo_set, WorkflowOptions(requirements="true\nqueue 1000"), tmp_path / "x")


def test_upload_list_is_the_staging_folder_plus_the_remote_package(photo_set, tmp_path):
    files = build_workflow(photo_set, WorkflowOptions(), tmp_path)
    rels = {rel for _p, rel in files.upload}
    assert {"geomorph.dag", "workflow.json", "submit/prepare.sub", "logs/.keep", "pairs/pairs_000.txt",
            "geomorph_remote/geomorph_node.py", "geomorph_remote/node.sh", "geomorph_remote/surface.py"} <= rels
    for local, rel in files.upload:
        assert local == tmp_path / rel and local.is_file()
    assert all(rel.startswith("photos/") for _p, rel in files.photos) and len(files.photos) == 18
    # Re-staging into the same folder is clean (no stale chunk files from a larger chunk count).
    build_workflow(photo_set, WorkflowOptions(chunk_size=10), tmp_path)
    build_workflow(photo_set, WorkflowOptions(chunk_size=1000), tmp_path)
    assert sorted(p.name for p in (tmp_path / "pairs").glob("pairs_0*.txt")) == ["pairs_000.txt"]


def test_hostile_photo_names_stay_out_of_dag_and_submit_files(shared_data, tmp_path):
    src = shared_data / "brighton_beach" / "images"
    photos = tmp_path / "photos"
    photos.mkdir()
    for name, real in zip(HOSTILE, sorted(src.iterdir())):
        shutil.copy(real, photos / name)
    files = build_workflow(scan_photos(photos), WorkflowOptions(), tmp_path / "stage")
    workflow = json.loads((tmp_path / "stage" / "workflow.json").read_text(encoding="utf-8"))
    assert sorted(img["photo"] for img in workflow["images"]) == sorted(f"photos/{n}" for n in HOSTILE)
    assert sorted(rel for _p, rel in files.photos) == sorted(f"photos/{n}" for n in HOSTILE)
    names = [img["name"] for img in workflow["images"]]
    assert all(re.fullmatch(r"img_\d{5}\.jpg", n) for n in names)
    for path in [files.dag, *(tmp_path / "stage" / "submit").iterdir(), *(tmp_path / "stage" / "pairs").iterdir()]:
        text = path.read_text(encoding="utf-8")
        for fragment in ("touch", "`", "Brücke", "it's"):
            assert fragment not in text, (path, fragment)


def test_feature_extraction_is_spread_over_the_pool(photo_set, tmp_path):
    from geomorph_plugin.workflow.engine import MAX_PHOTOS_PER_FEATURE_JOB, WorkflowPlan, feature_chunk_size

    def chunks(**kw):
        return WorkflowPlan.from_photos(photo_set, WorkflowOptions(**kw)).feature_chunks

    # 18 photos used to be one feature job (20 per job): now about 16 jobs, never fewer photos per
    # job than its threads, every photo exactly once, in order.
    two = chunks(max_cpus_per_job=2)
    assert [len(c) for c in two] == [2] * 9
    assert [i for c in two for i in c] == list(range(18))
    assert [len(c) for c in chunks()] == [4, 4, 4, 4, 2]  # 4 threads per feature job by default
    # A profile's job limit is the pool to fill; an explicit size is kept as it is.
    assert [len(c) for c in chunks(max_jobs=3, max_cpus_per_job=2)] == [6, 6, 6]
    assert [len(c) for c in chunks(images_per_feature_job=7)] == [7, 7, 4]
    # Large surveys keep 20 photos per job (1,139 photos: 57 jobs).
    assert feature_chunk_size(1139, WorkflowOptions()) == MAX_PHOTOS_PER_FEATURE_JOB == 20
    files = build_workflow(photo_set, WorkflowOptions(max_cpus_per_job=2), tmp_path)
    assert files.nodes_by_step["features"] == [f"features_{i:03d}" for i in range(9)]
    assert json.loads((tmp_path / "workflow.json").read_text())["feature_chunks"] == two
    with pytest.raises(GeomorphError):
        build_workflow(photo_set, WorkflowOptions(images_per_feature_job=-1), tmp_path / "bad")
