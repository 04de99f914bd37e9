"""Stage an SfM job locally: check the photos, write the DAG, record the job. Nothing is sent.

    prepare(profile, photo_dir, output_dir, options, registry, feedback=None, job_id=None, engine_choice=None)
        -> (Job, WorkflowFiles)

With ``engine_choice`` (``workflow.engine_choice.EngineChoice``, the ENGINE parameter) the engine
and ``options.gpu`` follow ``decide_engine(choice, profile.has_gpu)``, and the job records the
engine and why (``extra["engine_reason"]``). Without it, ``options.engine`` is used as given.

The job record lives in ``<registry root>/<job id>/`` (``job.json``, ``staging/``); the products
go to the job's ``output_dir``. The DAG itself is planned by ``workflow.dag`` (no cluster there).
"""

from __future__ import annotations

from pathlib import Path

# Profile fields that fill the options the user left unset.
_PROFILE_DEFAULTS = (("requirements", "extra_requirements"), ("accounting_group", "accounting_group"),
                     ("container_image", "container_image"), ("setup_command", "setup_command"))
# Slot sizes differ per cluster (a small pool may offer 2-4 cores in all): a profile's ``extra``
# may cap the requests with WorkflowOptions names, e.g. {"max_cpus_per_job": 2, "max_memory_mb": 4000}.
_PROFILE_EXTRA_KEYS = ("max_cpus_per_job", "max_memory_mb", "retries", "status_interval", "tile_count",
                       "pims_zoom")


def apply_profile(options, profile):
    """Fill ``options`` from the cluster profile where the user left them unset; returns them."""
    options.gpu = bool(options.gpu or profile.has_gpu)
    for attr, field in _PROFILE_DEFAULTS:
        value = getattr(profile, field)
        if value and not getattr(options, attr):
            setattr(options, attr, value)
    if profile.max_jobs and not options.max_jobs:
        options.max_jobs = int(profile.max_jobs)
    for key in _PROFILE_EXTRA_KEYS:
        if key in (profile.extra or {}):
            setattr(options, key, type(getattr(options, key))(profile.extra[key]))
    return options


def prepare(profile, photo_dir, output_dir, options, registry, feedback=None, job_id: str | None = None,
            engine_choice=None):
    """Check the photos and stage the DAG locally. Nothing is sent to the cluster: a folder
    without geotagged photos is refused here, before any upload."""
    from ..workflow.dag import build_workflow
    from ..workflow.engine_choice import decide_engine, engine_label
    from ..workflow.photos import scan_photos

    # First, so that a choice the profile cannot run is refused before the photos are read.
    decision = decide_engine(engine_choice, profile.has_gpu) if engine_choice is not None else None
    photo_set = scan_photos(Path(photo_dir), feedback)
    apply_profile(options, profile)
    if decision is not None:
        # The choice overrides the profile's GPU flag: the sparse fast path on a GPU profile asks no GPU.
        options.engine, options.gpu = decision.engine, decision.gpu
    job = registry.new_job(profile.name, photo_dir, output_dir, job_id=job_id)
    try:
        files = build_workflow(photo_set, options, registry.job_dir(job.id) / "staging")
    except Exception:
        registry.delete(job.id)
        raise
    job.dag_file = files.dag_name
    job.extra.update({
        "status_file": files.status_file,
        "nodes_by_step": files.nodes_by_step,
        "outputs": files.outputs,
        "surface": files.surface,
        "engine": files.engine,
        "engine_label": engine_label(files.engine, options.gpu),
        "engine_choice": decision.choice.value if decision else "",
        "engine_reason": decision.reason if decision else "",
        "epsg": files.epsg,
        "photos": len(photo_set.photos),
        "skipped_photos": [str(p) for p in photo_set.skipped],
        "max_image_size": options.max_image_size,
        "chunk_size": options.chunk_size,
        "runs": 0,
    })
    registry.save(job)
    return job, files
