"""Send a staged SfM job to the cluster: the DAG files, the worker code and the photos.

    upload(job, files, session, registry, feedback=None, checked=False) -> TransferStats
    check_nodes_first(job, files, session, registry, feedback=None)   # the preflight alone

The job dir on the cluster is ``<profile work root>/<job id>`` (mode 0700). Files already
there with the same size are skipped, so an interrupted upload resumes.

First, before anything is sent, ``check_nodes_first`` (``preflight.check_staged``) asks whether
the nodes can run the job's engine. When they cannot, the job's record is removed (nothing
reached the cluster, as when staging fails in ``prepare``) and the GeomorphError names the
profile field to fill in.
"""

from __future__ import annotations

from pathlib import Path

from ..cluster import transfer
from ..errors import GeomorphError
from . import preflight
from .states import JobState


def transfer_callbacks(feedback):
    """(progress, is_cancelled) for ``cluster.transfer`` from a Processing feedback (or None)."""
    if feedback is None:
        return None, None

    def progress(p):
        feedback.setProgress(p.percent if hasattr(p, "percent") else 0.0)

    return progress, feedback.isCanceled


def check_nodes_first(job, files, session, registry, feedback=None):
    """The preflight of a staged job; when the nodes cannot run its engine, the job's record goes
    (nothing reached the cluster) and the GeomorphError says which profile field to fill in."""
    try:
        return preflight.check_staged(session, files, feedback)
    except GeomorphError as exc:
        from ..cluster.ssh import ConnectionLostError

        if not isinstance(exc, ConnectionLostError):
            registry.delete(job.id)
        raise


def upload(job, files, session, registry, feedback=None, checked: bool = False):
    """Send the staged DAG files, the worker code and the photos; skips what is already there.
    ``checked``: the caller ran ``check_nodes_first`` already (to log it before the upload line)."""
    if not checked:
        check_nodes_first(job, files, session, registry, feedback)
    remote = transfer.ensure_remote_dir(session, session.profile.remote_dir(job.id))
    job.remote_dir = remote
    job.set_state(JobState.UPLOADING)
    registry.save(job)
    mapping = {rel: Path(local) for local, rel in list(files.upload) + list(files.photos)}
    progress, is_cancelled = transfer_callbacks(feedback)
    return transfer.upload(session, mapping, remote, progress=progress, is_cancelled=is_cancelled)
