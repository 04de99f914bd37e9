"""Load a job, connect to its cluster, act, close: the one way every caller opens a job.

    with open_job(job_id, registry) as (job, session, registry):
        follow.cancel(job, session, registry)
"""

from __future__ import annotations

from contextlib import contextmanager

from ..i18n import tr


@contextmanager
def open_job(job_id: str, registry=None, feedback=None, known_hosts_path=None):
    """Yield ``(job, session, registry)`` for the job ``job_id`` (GeomorphError when unknown),
    connected with its profile; the connection is closed after the block, whatever happens."""
    from ..cluster.profiles import load_profile
    from ..cluster.registry import JobRegistry
    from ..cluster.ssh import connect

    registry = registry if registry is not None else JobRegistry()
    job = registry.get(job_id)
    profile = load_profile(job.profile)
    if feedback is not None:
        feedback.pushInfo(tr("Connecting to {user}@{host}:{port}…").format(
            user=profile.user, host=profile.host, port=profile.port))
    session = connect(profile, known_hosts_path)
    try:
        yield job, session, registry
    finally:
        session.close()
