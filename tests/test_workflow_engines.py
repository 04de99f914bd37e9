"""A second engine is a module with an ``Engine`` subclass, registered in ``workflow/engines.py``:
the DAG writer stages its steps, its own files and its surface without knowing its name."""

from __future__ import annotations

import json

import pytest

from geomorph_plugin.errors import GeomorphError
from geomorph_plugin.workflow import engines
from geomorph_plugin.workflow.dag import build_workflow
from geomorph_plugin.workflow.engine import Engine, WorkflowOptions
from geomorph_plugin.workflow.photos import scan_photos


class TwoStepEngine(Engine):
    name = "twostep"

    def steps(self, plan):
        first = self.make_step(plan, "tiepoints_000", "tiepoints", ["tiepoints", "--chunk", "0"])
        return [first, self.make_step(plan, "dem", "dem", ["dem"], parents=[first.name])]

    def outputs(self, plan):
        return {"ortho": "outputs/ortho_twostep.tif", "dsm": "outputs/dsm_twostep.tif"}

    def surface(self, plan):
        return "twostep-dense"

    def staged_files(self, plan):
        return {"pairs/twostep.txt": f"{len(plan.pairs)} pairs\n"}


@pytest.fixture(scope="module")
def photo_set(shared_data):
    return scan_photos(shared_data / "brighton_beach" / "images")


def test_a_registered_engine_is_chosen_by_name(photo_set, tmp_path, monkeypatch):
    monkeypatch.setitem(engines.ENGINES, TwoStepEngine.name, TwoStepEngine)
    files = build_workflow(photo_set, WorkflowOptions(engine="twostep"), tmp_path)
    assert files.engine == "twostep" and files.surface == "twostep-dense"
    assert files.nodes_by_step == {"tiepoints": ["tiepoints_000"], "dem": ["dem"]}
    assert files.outputs["dsm"] == "outputs/dsm_twostep.tif"
    staged = {rel for _, rel in files.upload}
    assert "pairs/twostep.txt" in staged and not any(r.startswith("pairs/pairs_") for r in staged)
    workflow = json.loads((tmp_path / "workflow.json").read_text(encoding="utf-8"))
    assert (workflow["engine"], workflow["surface"]) == ("twostep", "twostep-dense")
    assert "PARENT tiepoints_000 CHILD dem" in (tmp_path / "geomorph.dag").read_text(encoding="utf-8")


def test_colmap_is_the_default_and_stages_its_pair_lists(photo_set, tmp_path):
    files = build_workflow(photo_set, WorkflowOptions(chunk_size=40), tmp_path)
    assert files.engine == "colmap" and files.surface == "sparse-fast-path"
    staged = {rel for _, rel in files.upload}
    chunks = files.extra["pair_chunks"]
    assert {f"pairs/pairs_{i:03d}.txt" for i in range(chunks)} | {"pairs/pairs_all.txt"} <= staged


def test_an_unknown_engine_names_the_known_ones():
    with pytest.raises(GeomorphError, match="colmap"):
        engines.engine_for("nosuch")
