"""What a photogrammetry engine must provide to run as an HTCondor DAG.

An engine turns a ``WorkflowPlan`` (the photos, the options, the chunks decided on the client)
into a graph of ``Step`` objects. ``dag.py`` writes that graph as DAGMan files; each step runs
``geomorph_remote/geomorph_node.py <argv...>`` on a worker node, from the job directory.
COLMAP implements it today (``colmap_engine.py``). A second engine (MicMac: ``Tapioca File``
per pair chunk, ``Tapas``, ``Malt`` tiles, ``Tawny``...) is a module beside it that subclasses
``Engine`` and is registered in ``engines.py`` (one line); ``dag.py`` and the lifecycle in
``geomorph_plugin/sfm/`` only ever call the interface below, never an engine by name.

Public API:

- ``WorkflowOptions``: every knob the algorithms expose or take from the cluster profile.
- ``WorkflowPlan.from_photos(photo_set, options)``: safe names, local offset, chunks, tiles.
- ``Step``: one DAG node. ``Engine.steps(plan)`` returns them in a topological order.
- ``Engine.outputs(plan)``: the products, as paths relative to the remote job directory.
- ``Engine.surface(plan)``: what the DSM is made from (``dense``, ``sparse-fast-path``...).
- ``Engine.staged_files(plan)``: the engine's own input files (pair lists...), relative path -> text.
- ``fold_steps(steps, foldable)``: merge short steps into their neighbour in a chain (one node
  runs ``step1+step2``), so that the critical path has fewer DAG nodes to wait for.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from . import pairs as pairs_mod
from .photos import PhotoSet

# Defaults per step category: (cpus, memory MB). The threads a step uses follow request_cpus,
# so that two multithreaded steps never share cores they both think they own.
DEFAULT_RESOURCES: dict[str, tuple[int, int]] = {
    "prepare": (4, 2048),
    "features": (4, 4096),
    "merge_features": (1, 2048),
    "match": (4, 4096),
    "merge_matches": (1, 2048),
    "mapper": (8, 8192),
    "georeference": (1, 2048),
    "undistort": (2, 4096),
    "stereo": (4, 16384),
    "fusion": (8, 16384),
    "points": (1, 4096),
    "dsm": (1, 4096),
    "ortho": (2, 4096),
    "mosaic": (2, 4096),
    "report": (1, 512),
    # MicMac: Tapioca chunks are the source's many small jobs; Tapas is serial but threads
    # nothing, Malt tiles use NbProc processes.
    "tapioca": (2, 4096),
    "tapas": (2, 8192),
    "malt": (4, 8192),
    "pims": (4, 8192),
    "cross": (4, 8192),
}


@dataclass
class WorkflowOptions:
    """Options of one SfM run. Sizes are counts, resolutions metres (0 = automatic).

    chunk_size: image pairs per matching job (the users' main lever: small and many).
    images_per_feature_job: photos per feature-extraction job (0 = automatic: enough jobs to
        spread extraction over the pool, see ``feature_chunk_size``).
    max_image_size: downscale photos so their longest side is at most this (0 = keep), for
        tests and demos.
    max_num_features: SIFT features per image.
    gpu: the profile has GPU nodes: dense stereo (``patch_match_stereo``, CUDA) runs there with
        ``request_gpus``; without it the DSM and ortho come from the sparse cloud (fast path).
    max_jobs: MAXJOBS for each parallel category and DAGMAN_MAX_JOBS_SUBMITTED (0 = no limit).
    requirements, accounting_group: added to every submit file.
    container_image: Apptainer/Singularity image (``container_image``) for every node.
    setup_command: shell commands run before each step (``module load colmap``...).
    retries: RETRY per node.
    max_cpus_per_job, max_memory_mb: caps on request_cpus/request_memory (slot sizes).
    neighbours, radius_factor: pair selection, see ``pairs.gps_pairs``.
    tile_count: DSM/ortho tiles (0 = about one per 25 photos).
    ortho_resolution, dsm_resolution: metres per pixel (0 = from the ground sampling distance).
    alignment_max_error: metres, the GPS error tolerated when georeferencing.
    status_interval: seconds between NODE_STATUS_FILE updates.
    fold_small_steps: run short steps (merges, georeferencing, point export, DSM tile, report)
        inside the neighbouring node of a chain instead of as nodes of their own.
    engine: the name of a registered engine (``engines.ENGINES``).
    calibration_model: MicMac ``Tapas`` camera model (``RadialStd``, ``RadialExtended``,
        ``FraserBasic``, ``Fraser``).
    tapioca_size: MicMac ``Tapioca`` image size for tie points, pixels (-1 = full size).
    malt_zoom: MicMac ``Malt`` ``ZoomF``: the DSM is this many times coarser than the photos (1, 2, 4, 8).
    pims_zoom: MicMac ``PIMs Forest`` ``ZoomF`` for the depth maps that fill the cells Malt
        interpolated (tree crowns), one ``pims`` node (pairs along the flight lines) and one ``cross``
        node (pairs across them) per Malt tile; 0 = no fill.
    gps_accuracy: metres, the weight of the GPS positions in ``Campari``.
    """

    chunk_size: int = 50
    images_per_feature_job: int = 0
    max_image_size: int = 0
    max_num_features: int = 8192
    gpu: bool = False
    max_jobs: int = 0
    requirements: str = ""
    accounting_group: str = ""
    container_image: str = ""
    setup_command: str = ""
    retries: int = 2
    max_cpus_per_job: int = 8
    max_memory_mb: int = 16384
    neighbours: int = 8
    radius_factor: float = 2.5
    tile_count: int = 0
    ortho_resolution: float = 0.0
    dsm_resolution: float = 0.0
    alignment_max_error: float = 10.0
    status_interval: int = 10
    fold_small_steps: bool = True
    engine: str = "colmap"
    calibration_model: str = "RadialStd"
    tapioca_size: int = 1000
    malt_zoom: int = 2
    pims_zoom: int = 4
    gps_accuracy: float = 5.0
    resources: dict = field(default_factory=dict)  # category -> (cpus, memory MB) overrides

    def resources_for(self, category: str) -> tuple[int, int]:
        cpus, memory = self.resources.get(category, DEFAULT_RESOURCES.get(category, (1, 2048)))
        return max(1, min(int(cpus), self.max_cpus_per_job)), max(128, min(int(memory), self.max_memory_mb))


@dataclass(frozen=True)
class Step:
    """One DAG node. ``argv`` follows ``geomorph_node.py``; paths are relative to the job dir."""

    name: str
    category: str
    argv: tuple[str, ...]
    cpus: int = 1
    memory_mb: int = 1024
    gpus: int = 0
    parents: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()


def _split_argv(argv: tuple[str, ...]) -> tuple[list[str], list[str], int]:
    """(step names, options other than --threads, threads) of a node's argv."""
    steps, rest, threads = argv[0].split("+"), [], 1
    i = 1
    while i < len(argv):
        if argv[i] == "--threads":
            threads = int(argv[i + 1])
        else:
            rest += [argv[i], argv[i + 1]]
        i += 2
    return steps, rest, threads


def _merge(first: Step, second: Step, foldable: frozenset) -> Step:
    """One node running ``first`` then ``second``; it keeps the name and category of the step
    that is not a short one (the step table and the progress read by category)."""
    s1, o1, _ = _split_argv(first.argv)
    s2, o2, _ = _split_argv(second.argv)
    main = first if second.category in foldable and first.category not in foldable else second
    cpus = max(first.cpus, second.cpus)
    options = list(o1)
    for k in range(0, len(o2), 2):
        if o2[k] not in options[0::2]:
            options += o2[k:k + 2]
    return Step(name=main.name, category=main.category,
                argv=("+".join(s1 + s2), *options, "--threads", str(cpus)), cpus=cpus,
                memory_mb=max(first.memory_mb, second.memory_mb), gpus=max(first.gpus, second.gpus),
                parents=first.parents, inputs=tuple(dict.fromkeys(first.inputs + second.inputs)),
                outputs=tuple(dict.fromkeys(first.outputs + second.outputs)))


def fold_steps(steps: list[Step], foldable) -> list[Step]:
    """Merge every chain link A -> B (A's only child is B, B's only parent is A) where A or B is in
    ``foldable`` into one node. A link in a chain loses no parallelism when folded; what folding
    saves is the scheduling latency of one node (seconds on any pool), which dominates for steps
    that take less than that. Only short steps are folded, so that a retry repeats little."""
    foldable = frozenset(foldable)
    steps = list(steps)
    while True:
        children: dict[str, list[str]] = {}
        for s in steps:
            for p in s.parents:
                children.setdefault(p, []).append(s.name)
        by_name = {s.name: s for s in steps}
        links = [(a, by_name[children[a.name][0]]) for a in steps
                 if len(children.get(a.name, [])) == 1 and by_name[children[a.name][0]].parents == (a.name,)
                 and not (a.gpus or by_name[children[a.name][0]].gpus)]
        # A short step goes into the node after it where it can: a retry of that node then repeats
        # only the short step, never a long one before it (the mapper).
        link = next((ln for ln in links if ln[0].category in foldable), None) or next(
            (ln for ln in links if ln[1].category in foldable), None)
        if link is None:
            return steps
        a, b = link
        merged = _merge(a, b, foldable)
        out = []
        for s in steps:
            if s.name == b.name:
                continue
            if s.name == a.name:
                out.append(merged)
                continue
            if b.name in s.parents or a.name in s.parents:
                parents = tuple(dict.fromkeys(merged.name if p in (a.name, b.name) else p for p in s.parents))
                s = Step(s.name, s.category, s.argv, s.cpus, s.memory_mb, s.gpus, parents, s.inputs, s.outputs)
            out.append(s)
        steps = out


# Automatic feature chunking: about this many feature jobs when the profile sets no job limit.
# One feature job per 20 photos left a small survey (brighton's 18 photos) on one node, 62% of its
# wall time, while the other slots idled; extraction has no shared state, so more jobs only cost
# each one's start (seconds) and one more database merge (a second).
FEATURE_JOBS_TARGET = 16
# Large surveys keep the old chunk size: 1,000 photos are already 50 jobs.
MAX_PHOTOS_PER_FEATURE_JOB = 20


def feature_chunk_size(photo_count: int, options: WorkflowOptions) -> int:
    """Photos per feature job: ``images_per_feature_job`` when set, else enough jobs to fill the pool
    (``max_jobs`` when the profile has a limit, ``FEATURE_JOBS_TARGET`` otherwise), never fewer photos
    than the job's threads (COLMAP extracts one photo per thread) nor more than 20."""
    if options.images_per_feature_job > 0:
        return options.images_per_feature_job
    threads = options.resources_for("features")[0]
    target = options.max_jobs if options.max_jobs > 0 else FEATURE_JOBS_TARGET
    return max(threads, min(MAX_PHOTOS_PER_FEATURE_JOB, math.ceil(photo_count / target)))


def tile_layout(count: int, width: float, height: float) -> tuple[int, int]:
    """nx * ny >= count tiles, shaped like the area so that tiles stay roughly square."""
    count = max(1, count)
    width, height = max(width, 1e-6), max(height, 1e-6)
    nx = max(1, round(math.sqrt(count * width / height)))
    nx = min(nx, count)
    ny = math.ceil(count / nx)
    return nx, ny


@dataclass
class WorkflowPlan:
    photo_set: PhotoSet
    options: WorkflowOptions
    safe_names: list[str]
    offset: tuple[float, float, float]
    feature_chunks: list[list[int]]
    pairs: list[tuple[int, int]]
    pair_chunks: list[list[tuple[int, int]]]
    tiles: tuple[int, int]

    @property
    def tile_total(self) -> int:
        return self.tiles[0] * self.tiles[1]

    @classmethod
    def from_photos(cls, photo_set: PhotoSet, options: WorkflowOptions) -> WorkflowPlan:
        photos = photo_set.photos
        # COLMAP's list and pair files are split at spaces and the names reach shell-free but
        # fragile tools (MicMac patterns are regular expressions), so the nodes work on plain
        # ASCII names; workflow.json maps them back to the uploaded originals.
        safe_names = []
        for i, p in enumerate(photos):
            ext = ".jpg" if options.max_image_size else p.path.suffix.lower()
            safe_names.append(f"img_{i:05d}{ext}")
        xs = [p.x for p in photos]
        ys = [p.y for p in photos]
        # COLMAP stores doubles but PLY/LAS and the tile maths use floats: a round local
        # origin near the photos keeps centimetres exact.
        offset = (round(sum(xs) / len(xs), -2), round(sum(ys) / len(ys), -2), 0.0)
        xy = list(zip(xs, ys))
        pairs = pairs_mod.gps_pairs(xy, options.neighbours, options.radius_factor)
        if not pairs:
            pairs = [(i, j) for i in range(len(photos)) for j in range(i + 1, len(photos))]
        feature_chunks = pairs_mod.chunk(list(range(len(photos))), feature_chunk_size(len(photos), options))
        pair_chunks = pairs_mod.chunk(pairs, max(1, options.chunk_size))
        count = options.tile_count or max(1, min(256, round(len(photos) / 25)))
        tiles = tile_layout(count, max(xs) - min(xs), max(ys) - min(ys))
        return cls(photo_set, options, safe_names, offset, feature_chunks, pairs, pair_chunks, tiles)


class Engine(ABC):
    name = "engine"
    # Categories short enough to run inside a neighbouring node (see ``fold_steps``).
    foldable_categories: frozenset = frozenset()

    @abstractmethod
    def steps(self, plan: WorkflowPlan) -> list[Step]:
        """The DAG nodes, parents before children."""

    @abstractmethod
    def outputs(self, plan: WorkflowPlan) -> dict[str, str]:
        """Product name -> path relative to the job dir (ortho, dsm, pointcloud_las, ...)."""

    @abstractmethod
    def surface(self, plan: WorkflowPlan) -> str:
        """What the DSM is made from, recorded in workflow.json and the job (the nodes read it)."""

    def staged_files(self, plan: WorkflowPlan) -> dict[str, str]:
        """The engine's own input files, path relative to the job dir -> text (pair lists...)."""
        return {}

    def make_step(
        self, plan: WorkflowPlan, name: str, category: str, argv: list[str], parents=(), gpus=0, **kw
    ) -> Step:
        cpus, memory = plan.options.resources_for(category)
        return Step(name=name, category=category, argv=tuple(argv) + ("--threads", str(cpus)), cpus=cpus,
                    memory_mb=memory, gpus=gpus, parents=tuple(parents), **kw)
