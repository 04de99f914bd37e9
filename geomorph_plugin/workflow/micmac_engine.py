"""The MicMac engine: the source workflow's step graph, with the DEM step tiled across nodes.

mm_prepare -> tapioca_NNN (``Tapioca File`` per chunk of GPS pairs) -> tapas (merge the Homol
folders, ``Tapas``, ``CenterBascule``, ``Campari`` with GPS weights, tie points, ground tiles)
-> malt_NNN (``Malt Ortho`` on one ground tile, ``Tawny``, georeferenced tile + depth-map
points) -> pims_NNN and cross_NNN side by side (``PIMs Forest`` + ``PIMs2Mnt`` on the same tile
where Malt interpolated a tenth of it or more: the vegetation; pairs along, then across the
flight lines, ``remote/micmac_pims.py``) -> mm_mosaic (GDAL mosaics, the fill, COGs, COPC) -> mm_report

Why the DEM is tiled: in the source, ``Malt`` ran on one node and took 151 minutes on both 56
and 103 nodes, the longest serial step of the whole run. Each ``malt_NNN`` node correlates one
ground tile (``BoxTerrain``) with only the photos that see it, so the DEM step scales with the
nodes. Tiles overlap (``TILE_OVERLAP`` in ``remote/micmac_steps.py``, 10%) so that
correlation windows and the regularisation have context at tile borders; the mosaic cuts each
tile back to its own cell.

The GPS positions go to MicMac already in the photos' UTM zone, minus the job's round local
offset (``workflow.json``), so ``CenterBascule`` and ``Campari`` put the block straight into
local UTM: MicMac needs no projection library, and ``ChgSysCo``'s UTM step is done by the offset.
"""

from __future__ import annotations

from . import pairs as pairs_mod
from .engine import Engine, Step, WorkflowPlan, fold_steps

SURFACE = "dense-micmac"


def output_paths() -> dict[str, str]:
    return {
        "ortho": "outputs/orthomosaic.tif",
        "dsm": "outputs/dsm.tif",
        "pointcloud_las": "outputs/pointcloud_dense.las",
        "pointcloud_copc": "outputs/pointcloud_dense.copc.laz",
        "pointcloud_ply": "outputs/pointcloud_dense.ply",
        "result": "outputs/result.json",
        "timings": "outputs/timings.json",
    }


class MicmacEngine(Engine):
    name = "micmac"
    foldable_categories = frozenset({"report"})

    def outputs(self, plan: WorkflowPlan) -> dict[str, str]:
        return output_paths()

    def surface(self, plan: WorkflowPlan) -> str:
        return SURFACE

    def staged_files(self, plan: WorkflowPlan) -> dict[str, str]:
        return {f"pairs/micmac_{i:03d}.xml": pairs_mod.micmac_pairs_xml(chunk, plan.safe_names)
                for i, chunk in enumerate(plan.pair_chunks)}

    def steps(self, plan: WorkflowPlan) -> list[Step]:
        mk = self.make_step
        steps: list[Step] = [mk(plan, "prepare", "prepare", ["mm_prepare"], inputs=("workflow.json", "photos/"),
                                outputs=("work/micmac/",))]
        tapioca = []
        for i, _ in enumerate(plan.pair_chunks):
            name = f"tapioca_{i:03d}"
            tapioca.append(name)
            steps.append(mk(plan, name, "tapioca", ["tapioca", "--chunk", str(i)], parents=["prepare"],
                            inputs=(f"pairs/micmac_{i:03d}.xml",), outputs=(f"work/homol/chunk_{i:03d}/",)))
        steps.append(mk(plan, "tapas", "tapas", ["tapas"], parents=tapioca,
                        outputs=("work/micmac/Ori-Ground/", "work/malt/tiles.json")))
        malt = []
        for t in range(plan.tile_total):
            name = f"malt_{t:03d}"
            malt.append(name)
            steps.append(mk(plan, name, "malt", ["malt", "--tile", str(t)], parents=["tapas"],
                            outputs=(f"work/malt/tile_{t:03d}.json",)))
        fill = []
        if plan.options.pims_zoom > 0:
            # After its Malt tile: the fill runs only where Malt interpolated. The pass across the
            # flight lines (cross_NNN) is a node of its own beside the pass along them (pims_NNN):
            # the two run at once.
            for category, command in (("pims", "mm_pims"), ("cross", "mm_cross")):
                for t in range(plan.tile_total):
                    name = f"{category}_{t:03d}"
                    fill.append(name)
                    out = f"work/pims/{'tile' if category == 'pims' else 'cross'}_{t:03d}.json"
                    steps.append(mk(plan, name, category, [command, "--tile", str(t)], parents=[f"malt_{t:03d}"],
                                    outputs=(out,)))
        outs = self.outputs(plan)
        steps.append(mk(plan, "mosaic", "mosaic", ["mm_mosaic"], parents=malt + fill,
                        outputs=(outs["ortho"], outs["dsm"], outs["pointcloud_las"])))
        steps.append(mk(plan, "report", "report", ["mm_report"], parents=["mosaic"],
                        outputs=(outs["result"], outs["timings"])))
        if plan.options.fold_small_steps:
            steps = fold_steps(steps, self.foldable_categories)
        return steps
