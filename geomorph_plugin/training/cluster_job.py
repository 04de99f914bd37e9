"""Training a land-cover model on the cluster, without any GUI: check → preflight → upload → submit →
follow → fetch and install. ``geomorph:trainlandcover`` and ``geomorph:fetchtrainedmodel`` are thin
layers over these functions.

Public API::

    TrainingOptions                                       # epochs, batch, learning rate, resources...
    check_dataset(folder) -> dict                         # the manifest; GeomorphError when it cannot train
    prepare(profile, dataset, name, options, registry, replace=False, job_id=None, models_root=None)
        -> (Job, list[(local, remote rel)])               # stages a one-node DAG; nothing sent yet
    preflight(session, profile) -> str                    # torch and onnx on the nodes: their versions
    upload(job, files, session, registry, feedback=None) -> TransferStats
    fetch(job, session, registry, feedback=None, replace=False, models_root=None) -> TrainedModel

    # the lifecycle is the SfM jobs' own (geomorph_plugin.sfm.follow): submit, poll, wait, cancel, resume

The training job is an HTCondor DAG of one node (``train``), so that it is followed, cancelled
and resumed exactly as SfM jobs are: DAGMan's rescue DAG runs the node again, and the node
continues after the last epoch of its checkpoint. Its progress file
(``training/progress.json``) is read at each poll: the jobs panel and the log show the epochs.
Job files: ``dataset/`` (the uploaded dataset), ``workflow.json`` (``training`` options),
``geomorph_remote/`` (the node code), ``training/`` (progress, checkpoint, model, reports).
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from ..cluster import transfer
from ..errors import GeomorphError
from ..i18n import tr
from ..landcover import installed_models
from ..sfm.states import FETCHABLE_STATES, JobState

FORMAT = "geomorph-training-dataset"
STEP = "train"
PROGRESS_FILE = "training/progress.json"
RESULT_FILES = ("model.onnx", "report.json", "report.html", "progress.json")
# What the preflight runs on the login node, after the profile's node setup command. It finds the
# modules without importing them: importing torch takes 3-10 s on a busy login node, every run.
PREFLIGHT = """
import importlib.metadata, importlib.util, sys
missing = [m for m in ("torch", "onnx") if importlib.util.find_spec(m) is None]
if missing:
    sys.exit("No module named " + " or ".join(repr(m) for m in missing))
def version(name):
    try:
        return importlib.metadata.version(name)
    except Exception:
        return "?"
print("torch", version("torch"), "onnx", version("onnx"))
"""


@dataclass
class TrainingOptions:
    epochs: int = 20
    batch_size: int = 16
    learning_rate: float = 1e-3
    base_filters: int = 16
    seed: int = 0
    augment: bool = True
    brightness: float = 0.2
    cpus: int = 4
    memory_mb: int = 8192
    retries: int = 1  # a node killed by the host (out of memory) starts again from its checkpoint


@dataclass
class TrainedModel:
    model: Path  # the installed model
    name: str
    report_html: Path
    report_json: Path
    report: dict


def check_dataset(folder) -> dict:
    """The dataset's manifest, when the folder is a dataset that can train a classifier."""
    folder = Path(folder)
    path = folder / "manifest.json"
    fix = tr("Make one with \"Export training data\" (geomorph:exporttrainingdata) and give that folder.")
    if not path.is_file():
        raise GeomorphError(tr("{folder} is not a training dataset: it has no manifest.json.").format(folder=folder)
                            + " " + fix)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GeomorphError(tr("The dataset manifest {path} cannot be read ({error}).").format(path=path, error=exc)
                            + " " + fix) from exc
    if manifest.get("format") != FORMAT or int(manifest.get("format_version") or 0) != 1:
        raise GeomorphError(tr("{path} is not a Geomorph training dataset manifest (format {format} version 1).")
                            .format(path=path, format=FORMAT) + " " + fix)
    names = manifest.get("class_names") or []
    if len(names) < 2:
        raise GeomorphError(tr("The dataset {folder} has {n} class(es); a classifier needs at least two. Label at "
                               "least two classes and export again.").format(folder=folder, n=len(names)))
    tiles = manifest.get("tiles") or {}
    for side, label in (("train", tr("training")), ("val", tr("validation"))):
        if not int(tiles.get(side) or 0):
            raise GeomorphError(tr("The dataset {folder} has no {side} tiles. Export it again with polygons in more "
                                   "places.").format(folder=folder, side=label))
    if not (folder / "tiles.csv").is_file():
        raise GeomorphError(tr("The dataset {folder} has no tiles.csv.").format(folder=folder) + " " + fix)
    return manifest


def _dataset_files(folder: Path) -> dict[str, Path]:
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            files["dataset/" + path.relative_to(folder).as_posix()] = path
    return files


def _workflow_options(profile, options: TrainingOptions):
    from ..workflow.engine import WorkflowOptions

    wf = WorkflowOptions(requirements=profile.extra_requirements, accounting_group=profile.accounting_group,
                         container_image=profile.container_image, setup_command=profile.setup_command,
                         retries=options.retries, status_interval=5, gpu=bool(profile.has_gpu),
                         resources={STEP: (options.cpus, options.memory_mb)})
    for key in ("max_cpus_per_job", "max_memory_mb"):
        if key in (profile.extra or {}):
            setattr(wf, key, type(getattr(wf, key))(profile.extra[key]))
    return wf


def _stage(staging: Path, manifest: dict, name: str, options: TrainingOptions, wf) -> list[tuple[Path, str]]:
    from ..workflow import dag
    from ..workflow.engine import Step

    cpus, memory = wf.resources_for(STEP)
    step = Step(name=STEP, category=STEP, argv=(STEP, "--threads", str(cpus)), cpus=cpus, memory_mb=memory,
                gpus=1 if wf.gpu else 0)
    training = {k: v for k, v in asdict(options).items() if k not in ("cpus", "memory_mb", "retries")}
    training.update(dataset="dataset", model_name=name, device="cuda" if wf.gpu else "cpu")
    texts = {
        dag.DAG_NAME: dag.dag_text([step], wf, dot=False),
        dag.CONFIG_FILE: dag.dag_config_text(wf),
        f"submit/{STEP}.sub": dag.submit_text(step, wf),
        dag.WORKFLOW_JSON: json.dumps({"format": "geomorph-training-job", "version": 1, "training": training,
                                       "model_type": manifest["model_type"], "outputs": {
                                           "model": "training/model.onnx", "report": "training/report.json",
                                           "report_html": "training/report.html", "progress": PROGRESS_FILE}},
                                      indent=1),
        "logs/.keep": "",
    }
    if (wf.setup_command or "").strip():
        texts[dag.SETUP_FILE] = "# Run by geomorph_remote/node.sh before the step (from the cluster profile).\n" + \
            wf.setup_command.strip() + "\n"
    files = []
    for rel, text in texts.items():
        path = staging / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        files.append((path, rel))
    files += [(src, f"{dag.REMOTE_DIR}/{src.name}") for src in dag.remote_sources()]
    return files


def prepare(profile, dataset, name: str, options: TrainingOptions, registry, replace: bool = False,
            job_id: str | None = None, models_root: Path | None = None):
    """Check the dataset and the model name, and stage the job. Nothing is sent to the cluster."""
    dataset = Path(dataset)
    manifest = check_dataset(dataset)
    target = installed_models.model_file(name, models_root)
    if target.exists() and not replace:
        raise GeomorphError(tr("A model called \"{name}\" is already installed ({path}). Choose another name, or "
                               "tick \"Replace an installed model of the same name\".").format(name=name, path=target))
    if options.epochs < 1 or options.batch_size < 1:
        raise GeomorphError(tr("The number of epochs and the batch size must be at least 1."))
    if manifest["model_type"] == "segmentation" and int(manifest["tile_size"]) % 8:
        raise GeomorphError(tr("The U-Net needs tiles whose size is a multiple of 8, not {size}: export the dataset "
                               "again with another tile size.").format(size=manifest["tile_size"]))
    job = registry.new_job(profile.name, dataset, "", job_id=job_id)
    job.output_dir = str(registry.job_dir(job.id) / "results")
    try:
        files = _stage(registry.job_dir(job.id) / "staging", manifest, name, options, _workflow_options(profile,
                                                                                                        options))
    except Exception:
        registry.delete(job.id)
        raise
    files += [(path, rel) for rel, path in _dataset_files(dataset).items()]
    job.dag_file = "geomorph.dag"
    job.extra.update({"kind": "training", "status_file": "geomorph.status", "nodes_by_step": {STEP: [STEP]},
                      "progress_file": PROGRESS_FILE, "model_name": name, "model_type": manifest["model_type"],
                      "classes": manifest["class_names"], "epochs": options.epochs, "runs": 0,
                      "gpu": bool(profile.has_gpu)})
    registry.save(job)
    return job, files


def preflight(session, profile) -> str:
    """Run the profile's node setup command and look for torch and onnx with the nodes' Python,
    before anything is uploaded. With a container image the nodes run inside it, which the login
    node cannot try: the check is then left to the job."""
    if (profile.container_image or "").strip():
        return ""
    script = (profile.setup_command or "").strip() + "\n" + '"${GEOMORPH_PYTHON:-python3}" -c "$1"'
    result = session.run(["sh", "-c", script, "sh", PREFLIGHT], check=False, timeout=300)
    if result.exit_code != 0:
        tail = (result.stderr.strip() or result.stdout.strip())[-800:]
        raise GeomorphError(tr(
            "PyTorch (torch) and onnx cannot be imported on {where} after the cluster profile's node setup command "
            "({setup}): {error}. Install them on the nodes (Debian/Ubuntu: python3-torch python3-onnx; or pip "
            "install torch onnx), or put what makes them available (module load, conda activate...) into the "
            "profile's \"Node setup command\" field in Plugins > Geomorph > Cluster profiles. Nothing was uploaded.")
            .format(where=session.where, setup=(profile.setup_command or "").strip() or tr("empty"), error=tail))
    return result.stdout.strip()


def upload(job, files, session, registry, feedback=None):
    remote = transfer.ensure_remote_dir(session, session.profile.remote_dir(job.id))
    job.remote_dir = remote
    job.set_state(JobState.UPLOADING)
    registry.save(job)

    def progress(p):
        if feedback is not None:
            feedback.setProgress(p.percent)

    return transfer.upload(session, {rel: Path(local) for local, rel in files}, remote, progress=progress,
                           is_cancelled=(feedback.isCanceled if feedback is not None else None))


def _install(source: Path, target: Path, replace: bool) -> Path:
    if target.exists() and not replace:
        raise GeomorphError(tr("A model called \"{name}\" is already installed ({path}): the trained model stays in "
                               "{source}. Fetch again with \"Replace an installed model of the same name\", or copy it "
                               "yourself.").format(name=target.stem, path=target, source=source))
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f".{target.name}.part-{uuid.uuid4().hex[:8]}")
    try:
        part.write_bytes(Path(source).read_bytes())
        os.replace(part, target)
    finally:
        if part.exists():
            part.unlink()
    return target


def check_model(path: Path):
    """The model contract as classifylandcover will read it (fails when the node exported a bad file)."""
    import onnxruntime

    from ..landcover.contract import contract_from_session

    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return contract_from_session(session)


def fetch(job, session, registry, feedback=None, replace: bool = False, models_root: Path | None = None):
    """Download the model and the reports into the job's results folder, check the model against
    the contract, and install it as ``<models folder>/<name>.onnx``."""
    if job.extra.get("kind") != "training":
        raise GeomorphError(tr("The job {id} is not a training job.").format(id=job.id))
    if job.state not in FETCHABLE_STATES:
        raise GeomorphError(tr("The job {id} is {state}, not completed: there is no model to fetch yet.")
                            .format(id=job.id, state=job.state))
    out = Path(job.output_dir)
    wanted = {name: f"{job.remote_dir}/training/{name}" for name in RESULT_FILES}
    transfer.download(session, wanted, out, is_cancelled=(feedback.isCanceled if feedback is not None else None))
    check_model(out / "model.onnx")
    name = job.extra["model_name"]
    installed = _install(out / "model.onnx", installed_models.model_file(name, models_root), replace)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    job.extra["products"] = {"model": str(installed), "report": str(out / "report.html")}
    job.set_state(JobState.FETCHED, "")
    registry.save(job)
    return TrainedModel(installed, name, out / "report.html", out / "report.json", report)
