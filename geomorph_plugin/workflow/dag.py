"""Write the SfM workflow as HTCondor DAGMan files into a local staging folder.

Public API:

    files = build_workflow(photo_set, WorkflowOptions(...), staging_dir)

``files`` (``WorkflowFiles``) tells the caller what to upload and how to follow the run:

- ``files.upload``: (local path, path relative to the remote job dir) for every staged file:
  ``geomorph.dag``, ``geomorph.dag.config``, ``submit/*.sub``, ``workflow.json``,
  ``pairs/*``, ``logs/.keep``, ``geomorph_setup.sh`` and ``geomorph_remote/*`` (the worker code).
- ``files.photos``: (local photo, ``photos/<original name>``): upload them under those names.
- ``files.dag_name``: submit it from the job dir: ``condor_submit_dag geomorph.dag``. A second
  submission of the same file runs the newest rescue DAG, i.e. only the unfinished nodes.
- ``files.status_file``: the NODE_STATUS_FILE (ClassAds, rewritten every ``status_interval`` s).
- ``files.nodes_by_step``: step category -> node names, in order, for per-step progress.
- ``files.outputs``: product -> path relative to the job dir (``ortho``, ``dsm``,
  ``pointcloud_las``, ``pointcloud_ply``, ``result``, ``timings``); ``files.surface`` says
  whether they come from dense matching or the sparse fast path.
- Node stdout/stderr/user log: ``logs/<node>.out``, ``logs/<node>.err``, ``logs/<node>.log``;
  per-node timings: ``timings/<node>.json``.

Everything is a pure function of (photos, options): no cluster is needed to build or test it.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ..errors import GeomorphError
from ..i18n import tr
from .engine import Engine, Step, WorkflowOptions, WorkflowPlan
from .engines import engine_for
from .photos import PhotoSet

DAG_NAME = "geomorph.dag"
STATUS_FILE = "geomorph.status"
JOBSTATE_LOG = "geomorph.jobstate.log"
DOT_FILE = "geomorph.dot"
CONFIG_FILE = "geomorph.dag.config"
SETUP_FILE = "geomorph_setup.sh"
REMOTE_DIR = "geomorph_remote"
WORKFLOW_JSON = "workflow.json"
# A node exits with this code when retrying cannot help (bad input): RETRY ... UNLESS-EXIT.
EXIT_NO_RETRY = 3

REMOTE_SOURCE = Path(__file__).resolve().parent.parent / "remote"



@dataclass
class WorkflowFiles:
    staging_dir: Path
    dag: Path
    dag_name: str
    status_file: str
    upload: list[tuple[Path, str]]
    photos: list[tuple[Path, str]]
    nodes_by_step: dict[str, list[str]]
    steps: list[Step]
    outputs: dict[str, str]
    surface: str
    epsg: int
    engine: str = ""
    extra: dict = field(default_factory=dict)


# ----------------------------------------------------------------------------- quoting

def condor_arguments(argv: list[str]) -> str:
    """The submit-file ``arguments`` value in HTCondor's "new syntax" for ``argv``.

    Inside the double quotes, an argument with white space or a quote is wrapped in single
    quotes, and ``'``/``"`` are doubled; ``$`` becomes ``$(DOLLAR)`` because condor_submit
    expands macros in the value.
    """
    parts = []
    for arg in argv:
        if "\n" in arg or "\r" in arg:
            raise ValueError("an HTCondor argument cannot hold a line break")
        text = arg.replace("$", "$(DOLLAR)").replace('"', '""')
        if not text or any(c.isspace() for c in text) or "'" in text:
            text = "'" + text.replace("'", "''") + "'"
        parts.append(text)
    return '"' + " ".join(parts) + '"'


def dag_vars_value(value: str) -> str:
    """A DAG ``VARS`` value: double-quoted, with ``\\`` and ``"`` backslash-escaped."""
    if "\n" in value or "\r" in value:
        raise ValueError("a DAG VARS value cannot hold a line break")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def classad_string(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("a ClassAd string cannot hold a line break")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _single_line(value: str, what: str) -> str:
    value = (value or "").strip()
    if "\n" in value or "\r" in value:
        raise GeomorphError(tr("The cluster profile's {} must fit on one line.").format(what))
    return value


# ----------------------------------------------------------------------------- DAG text

def submit_text(step: Step, options: WorkflowOptions) -> str:
    """One submit file per step category; the node's own arguments come from VARS."""
    lines = [
        f"# Geomorph SfM step '{step.category}' (generated; paths are relative to the job dir).",
        "universe = vanilla",
        # /bin/sh exists on every node and in every container; the uploaded script needs no
        # executable bit, which SFTP uploads do not always keep.
        "executable = /bin/sh",
        "transfer_executable = false",
        "arguments = $(nodeargs)",
        # The job dir is on the shared file system (GPFS on the users' cluster, the one disk on
        # the test cluster): steps read and write it in place instead of shipping databases
        # and image folders back and forth.
        "should_transfer_files = NO",
        "output = logs/$(JOB).out",
        "error = logs/$(JOB).err",
        "log = logs/$(JOB).log",
        'environment = "GEOMORPH_NODE=$(JOB) GEOMORPH_RETRY=$(RETRY)"',
        f"request_cpus = {step.cpus}",
        f"request_memory = {step.memory_mb}",
        f"+GeomorphStep = {classad_string(step.category)}",
    ]
    if step.gpus:
        lines.append(f"request_gpus = {step.gpus}")
    requirements = _single_line(options.requirements, "extra requirements")
    if requirements:
        lines.append(f"requirements = {requirements}")
    group = _single_line(options.accounting_group, "accounting group")
    if group:
        lines.append(f"+AccountingGroup = {classad_string(group)}")
    image = _single_line(options.container_image, "container image")
    if image:
        lines.append(f"+SingularityImage = {classad_string(image)}")
    lines.append("queue")
    return "\n".join(lines) + "\n"


def node_argv(step: Step) -> list[str]:
    return [f"{REMOTE_DIR}/node.sh", *step.argv]


def dag_text(steps: list[Step], options: WorkflowOptions, jobstate_log: bool = True, dot: bool = True) -> str:
    lines = [f"# Geomorph SfM workflow: {len(steps)} nodes (generated).", f"CONFIG {CONFIG_FILE}", ""]
    for s in steps:
        lines.append(f"JOB {s.name} submit/{s.category}.sub")
        lines.append(f"VARS {s.name} nodeargs={dag_vars_value(condor_arguments(node_argv(s)))}")
        lines.append(f"RETRY {s.name} {max(0, options.retries)} UNLESS-EXIT {EXIT_NO_RETRY}")
        lines.append(f"CATEGORY {s.name} {s.category}")
    lines.append("")
    for s in steps:
        if s.parents:
            lines.append(f"PARENT {' '.join(s.parents)} CHILD {s.name}")
    lines.append("")
    if options.max_jobs > 0:
        for category in dict.fromkeys(s.category for s in steps):
            lines.append(f"MAXJOBS {category} {options.max_jobs}")
        lines.append("")
    lines.append(f"NODE_STATUS_FILE {STATUS_FILE} {max(1, options.status_interval)} ALWAYS-UPDATE")
    if jobstate_log:
        lines.append(f"JOBSTATE_LOG {JOBSTATE_LOG}")
    if dot:
        lines.append(f"DOT {DOT_FILE} UPDATE")
    return "\n".join(lines) + "\n"


def dag_config_text(options: WorkflowOptions) -> str:
    lines = ["# DAGMan configuration for the Geomorph workflow (generated)."]
    if options.max_jobs > 0:
        lines.append(f"DAGMAN_MAX_JOBS_SUBMITTED = {options.max_jobs}")
    # Rescue DAGs are how a failed or cancelled run resumes: keep them.
    lines.append("DAGMAN_MAX_RESCUE_NUM = 100")
    # The critical path is a chain of nodes, each waiting for DAGMan to notice that its parent
    # ended (the node log is scanned every 5 s by default) and then to submit it: scan every
    # second and submit ready nodes at once. One log file read per second costs nothing, also
    # on a large pool, and saves seconds per link of the chain.
    lines.append("DAGMAN_USER_LOG_SCAN_INTERVAL = 1")
    lines.append("DAGMAN_AGGRESSIVE_SUBMIT = True")
    return "\n".join(lines) + "\n"


def workflow_json(plan: WorkflowPlan, engine: Engine) -> dict:
    ps = plan.photo_set
    images = [
        {
            "name": safe,
            "photo": f"photos/{p.name}",
            "x": p.x,
            "y": p.y,
            "z": p.z,
            "lat": p.lat,
            "lon": p.lon,
            "camera": p.camera,
            "width": p.width,
            "height": p.height,
        }
        for p, safe in zip(ps.photos, plan.safe_names)
    ]
    opts = plan.options
    return {
        "format": "geomorph-workflow",
        "version": 1,
        "engine": engine.name,
        "epsg": ps.epsg,
        "offset": list(plan.offset),
        "single_camera": ps.single_camera,
        "images": images,
        "feature_chunks": plan.feature_chunks,
        "pair_chunk_count": len(plan.pair_chunks),
        "tiles": list(plan.tiles),
        "surface": engine.surface(plan),
        "outputs": engine.outputs(plan),
        "options": {
            "max_image_size": opts.max_image_size,
            "max_num_features": opts.max_num_features,
            "gpu": opts.gpu,
            "ortho_resolution": opts.ortho_resolution,
            "dsm_resolution": opts.dsm_resolution,
            "alignment_max_error": opts.alignment_max_error,
        },
        "workflow_options": {k: v for k, v in asdict(opts).items() if k != "resources"},
    }


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(path)


def remote_sources() -> list[Path]:
    return sorted(p for p in REMOTE_SOURCE.iterdir() if p.is_file() and (p.suffix in (".py", ".sh")))


def build_workflow(
    photo_set: PhotoSet, options: WorkflowOptions, staging_dir, engine: Engine | None = None
) -> WorkflowFiles:
    """Stage every file of the run in ``staging_dir`` (created; stale DAG files are replaced).
    The engine is ``options.engine`` unless one is given."""
    engine = engine or engine_for(options.engine)
    staging = Path(staging_dir)
    if options.chunk_size < 1 or options.images_per_feature_job < 0:
        raise GeomorphError(tr("The chunk sizes must be at least 1."))
    plan = WorkflowPlan.from_photos(photo_set, options)
    steps = engine.steps(plan)
    for sub in ("submit", "pairs", REMOTE_DIR):
        if (staging / sub).exists():
            shutil.rmtree(staging / sub)
    staging.mkdir(parents=True, exist_ok=True)

    written: list[str] = []

    def put(rel: str, text: str) -> None:
        _write(staging / rel, text)
        written.append(rel)

    put(DAG_NAME, dag_text(steps, options))
    put(CONFIG_FILE, dag_config_text(options))
    by_category: dict[str, Step] = {}
    for s in steps:
        # Nodes of one category share a submit file: it asks what the largest of them needs
        # (folded nodes may need more than the plain ones).
        seen = by_category.get(s.category)
        by_category[s.category] = s if seen is None else replace(
            seen, cpus=max(seen.cpus, s.cpus), memory_mb=max(seen.memory_mb, s.memory_mb), gpus=max(seen.gpus, s.gpus))
    for category, step in by_category.items():
        put(f"submit/{category}.sub", submit_text(step, options))
    for rel, text in engine.staged_files(plan).items():
        put(rel, text)
    put(WORKFLOW_JSON, json.dumps(workflow_json(plan, engine), indent=1, ensure_ascii=False))
    setup = (options.setup_command or "").strip()
    if setup:
        # A file rather than a submit-file value: the profile's command needs no quoting at all.
        header = "# Run by geomorph_remote/node.sh before each step (from the cluster profile).\n"
        put(SETUP_FILE, header + setup + "\n")
    elif (staging / SETUP_FILE).exists():
        (staging / SETUP_FILE).unlink()
    put("logs/.keep", "")
    for src in remote_sources():
        rel = f"{REMOTE_DIR}/{src.name}"
        (staging / REMOTE_DIR).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, staging / rel)
        written.append(rel)

    nodes_by_step: dict[str, list[str]] = {}
    for s in steps:
        nodes_by_step.setdefault(s.category, []).append(s.name)
    return WorkflowFiles(
        staging_dir=staging,
        dag=staging / DAG_NAME,
        dag_name=DAG_NAME,
        status_file=STATUS_FILE,
        upload=[(staging / rel, rel) for rel in written],
        photos=[(p.path, f"photos/{p.name}") for p in photo_set.photos],
        nodes_by_step=nodes_by_step,
        steps=steps,
        outputs=engine.outputs(plan),
        surface=engine.surface(plan),
        engine=engine.name,
        epsg=photo_set.epsg,
        extra={"pairs": len(plan.pairs), "pair_chunks": len(plan.pair_chunks), "tiles": list(plan.tiles)},
    )
