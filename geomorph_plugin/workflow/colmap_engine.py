"""The COLMAP engine: the step graph of the SfM workflow, for ``dag.py``.

prepare -> features_NNN (per image chunk) -> merge_features -> match_NNN (per pair chunk)
-> merge_matches -> mapper -> georeference -> undistort -> [stereo -> fusion on GPU profiles]
-> points -> dsm_NNN (per tile) -> ortho_NNN (per tile) -> mosaic -> report

With ``fold_small_steps`` (default) the short steps run inside their chain neighbour, e.g.
``mapper`` runs ``merge_matches+mapper``, ``undistort`` runs ``georeference+undistort+points``,
``ortho_NNN`` runs ``dsm+ortho`` and ``mosaic`` runs ``mosaic+report``.

Outputs (relative to the job dir), see ``ColmapEngine.outputs``: ``outputs/result.json`` always;
the ortho/DSM/point cloud names carry ``fastpath``/``sparse`` when no dense matching ran.
"""

from __future__ import annotations

from . import pairs as pairs_mod
from .engine import Engine, Step, WorkflowPlan, fold_steps

SURFACE_DENSE = "dense"
SURFACE_FAST = "sparse-fast-path"


def surface_kind(plan: WorkflowPlan) -> str:
    return SURFACE_DENSE if plan.options.gpu else SURFACE_FAST


def output_paths(surface: str) -> dict[str, str]:
    tag = "" if surface == SURFACE_DENSE else "_fastpath"
    cloud = "dense" if surface == SURFACE_DENSE else "sparse"
    return {
        "ortho": f"outputs/orthomosaic{tag}.tif",
        "dsm": f"outputs/dsm{tag}.tif",
        "pointcloud_las": f"outputs/pointcloud_{cloud}.las",
        # Written by the points step when the nodes have PDAL or copclib (QGIS without PDAL reads only COPC).
        "pointcloud_copc": f"outputs/pointcloud_{cloud}.copc.laz",
        "pointcloud_ply": f"outputs/pointcloud_{cloud}.ply",
        "result": "outputs/result.json",
        "timings": "outputs/timings.json",
    }


class ColmapEngine(Engine):
    name = "colmap"
    # Seconds on the test photos and at most minutes on the users' 1,000-photo runs: cheap to
    # repeat when the node they are folded into is retried. A DSM tile is folded only into its
    # own ortho tile (its single child), which runs right after it anyway.
    foldable_categories = frozenset({"merge_features", "merge_matches", "georeference", "points", "dsm", "report"})

    def outputs(self, plan: WorkflowPlan) -> dict[str, str]:
        return output_paths(surface_kind(plan))

    def surface(self, plan: WorkflowPlan) -> str:
        return surface_kind(plan)

    def staged_files(self, plan: WorkflowPlan) -> dict[str, str]:
        # One pair list per matching node, and the whole list (the plain-COLMAP baseline uses it).
        files = {f"pairs/pairs_{i:03d}.txt": pairs_mod.colmap_pairs_text(chunk, plan.safe_names)
                 for i, chunk in enumerate(plan.pair_chunks)}
        files["pairs/pairs_all.txt"] = pairs_mod.colmap_pairs_text(plan.pairs, plan.safe_names)
        return files

    def steps(self, plan: WorkflowPlan) -> list[Step]:
        mk = self.make_step
        steps: list[Step] = [mk(plan, "prepare", "prepare", ["prepare"], inputs=("workflow.json", "photos/"),
                                outputs=("work/images/", "work/lists/"))]
        features = []
        for i, _ in enumerate(plan.feature_chunks):
            name = f"features_{i:03d}"
            features.append(name)
            steps.append(mk(plan, name, "features", ["features", "--chunk", str(i)], parents=["prepare"],
                            inputs=(f"work/lists/features_{i:03d}.txt",), outputs=(f"work/db/features_{i:03d}.db",)))
        steps.append(mk(plan, "merge_features", "merge_features", ["merge_features"], parents=features,
                        outputs=("work/db/features.db",)))
        matches = []
        for i, _ in enumerate(plan.pair_chunks):
            name = f"match_{i:03d}"
            matches.append(name)
            steps.append(mk(plan, name, "match", ["match", "--chunk", str(i)], parents=["merge_features"],
                            inputs=(f"pairs/pairs_{i:03d}.txt",), outputs=(f"work/db/match_{i:03d}.db",)))
        steps.append(mk(plan, "merge_matches", "merge_matches", ["merge_matches"], parents=matches,
                        outputs=("work/db/database.db",)))
        steps.append(mk(plan, "mapper", "mapper", ["mapper"], parents=["merge_matches"], outputs=("work/sparse/",)))
        steps.append(mk(plan, "georeference", "georeference", ["georeference"], parents=["mapper"],
                        outputs=("work/sparse_utm/",)))
        steps.append(mk(plan, "undistort", "undistort", ["undistort"], parents=["georeference"],
                        outputs=("work/dense/",)))
        last = "undistort"
        if surface_kind(plan) == SURFACE_DENSE:
            steps.append(mk(plan, "stereo", "stereo", ["stereo"], parents=["undistort"], gpus=1,
                            outputs=("work/dense/stereo/",)))
            steps.append(mk(plan, "fusion", "fusion", ["fusion"], parents=["stereo"],
                            outputs=("work/dense/fused.ply",)))
            last = "fusion"
        outs = self.outputs(plan)
        steps.append(mk(plan, "points", "points", ["points"], parents=[last],
                        outputs=("work/tiles/grid.json", outs["pointcloud_las"], outs["pointcloud_ply"])))
        ortho_nodes = []
        for t in range(plan.tile_total):
            dsm, ortho = f"dsm_{t:03d}", f"ortho_{t:03d}"
            ortho_nodes.append(ortho)
            steps.append(mk(plan, dsm, "dsm", ["dsm", "--tile", str(t)], parents=["points"],
                            outputs=(f"work/tiles/dsm_{t:03d}.tif",)))
            steps.append(mk(plan, ortho, "ortho", ["ortho", "--tile", str(t)], parents=[dsm],
                            outputs=(f"work/tiles/ortho_{t:03d}.tif",)))
        # Each ortho tile already waits for its DSM tile: the mosaic needs only the ortho tiles.
        steps.append(mk(plan, "mosaic", "mosaic", ["mosaic"], parents=ortho_nodes,
                        outputs=(outs["ortho"], outs["dsm"])))
        steps.append(mk(plan, "report", "report", ["report"], parents=["mosaic"],
                        outputs=(outs["result"], outs["timings"])))
        if plan.options.fold_small_steps:
            steps = fold_steps(steps, self.foldable_categories)
        return steps
