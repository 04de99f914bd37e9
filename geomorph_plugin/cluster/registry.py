"""The on-disk registry of SfM jobs, so that a 25-hour job survives a QGIS restart.

Public API::

    JOB_STATES                                  # the allowed Job.state values (sfm.states.JobState)
    Job                                         # dataclass: one job (see fields)
    JobRegistry(root=None)                      # root defaults to <QGIS profile>/geomorph/jobs
        .new_job(profile_name, photo_dir, output_dir, remote_dir="", job_id=None) -> Job
        .save(job) -> None                      # locked, merged with what others saved, atomic
        .refresh(job) -> Job                    # merge what others saved into ``job`` (no write)
        .get(job_id) -> Job                     # GeomorphError when unknown
        .jobs() -> list[Job]                    # newest first; unreadable entries are skipped
        .delete(job_id) -> None
        .job_dir(job_id) -> Path                # <root>/<job_id>/ for job-local files (reports, logs)

Each job is ``<root>/<job_id>/job.json``. Only the registry writes there; the file holds no
secret (the profile is referred to by name).

Several writers share a job: two QGIS instances, the jobs panel's poll in a background task
while an algorithm fetches. ``save`` therefore holds a lock (``<root>/.registry.lock``, locked
with ``fcntl.flock`` or, on Windows, ``msvcrt.locking``: the operating system drops the lock
when its process dies, so a crash never leaves a stale lock) and merges: a field that this
``Job`` object did not change since it was read keeps what another writer saved meanwhile, and
when both changed the state, the later stage of the lifecycle wins (``sfm.states.rank``), so a
slow poll never turns "fetched" back into "completed" or a cancelled job into "failed".
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import shutil
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from ..errors import GeomorphError
from ..i18n import tr
from ..sfm.states import JobState, rank

JOB_STATES = tuple(s.value for s in JobState)
LOCK_TIMEOUT_S = 30.0
# The fields that change together when a job's state changes: merged as one unit.
_STATE_GROUP = ("state", "message", "nodes")
_ID_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


@dataclass
class Job:
    id: str
    profile: str
    photo_dir: str
    output_dir: str
    remote_dir: str = ""
    cluster_id: int | None = None
    state: str = JobState.UPLOADING.value
    dag_file: str = ""
    nodes: dict = field(default_factory=dict)  # last per-node progress snapshot (DagProgress.to_dict())
    message: str = ""  # the last error or note shown to the user
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)
    extra: dict = field(default_factory=dict)  # free room for the workflow's own settings

    def set_state(self, state: str, message: str | None = None) -> None:
        if state not in JOB_STATES:
            raise ValueError(f"unknown job state {state!r}")
        self.state = JobState(state).value
        if message is not None:
            self.message = message

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Job:
        names = {f.name for f in fields(cls)}
        job = cls(**{k: v for k, v in data.items() if k in names})
        job._base = copy.deepcopy(job.to_dict())
        return job

    def _assign(self, data: dict) -> None:
        for f in fields(self):
            if f.name in data:
                setattr(self, f.name, copy.deepcopy(data[f.name]))
        self._base = copy.deepcopy(self.to_dict())


def _state_part(data: dict) -> dict:
    part = {key: data.get(key) for key in _STATE_GROUP}
    part["status"] = (data.get("extra") or {}).get("status")
    return part


def merge(base: dict | None, ours: dict, theirs: dict | None) -> dict:
    """Three-way merge of job dicts: ``base`` as this writer read it, ``ours`` as it is now,
    ``theirs`` as another writer saved it since."""
    if theirs is None or base is None or theirs == base:
        return copy.deepcopy(ours)
    merged = copy.deepcopy(theirs)
    for key, value in ours.items():
        if key in _STATE_GROUP or key in ("extra", "updated"):
            continue
        if value != base.get(key):
            merged[key] = copy.deepcopy(value)
    extra_base, extra_ours = base.get("extra") or {}, ours.get("extra") or {}
    merged_extra = merged.setdefault("extra", {})
    for key in set(extra_base) | set(extra_ours):
        if key == "status" or extra_ours.get(key, ...) == extra_base.get(key, ...):
            continue
        if key in extra_ours:
            merged_extra[key] = copy.deepcopy(extra_ours[key])
        else:
            merged_extra.pop(key, None)
    mine, old, other = _state_part(ours), _state_part(base), _state_part(theirs)
    if mine != old and (other == old or rank(mine["state"]) >= rank(other["state"])):
        for key in _STATE_GROUP:
            merged[key] = copy.deepcopy(mine[key])
        if mine["status"] is None:
            merged_extra.pop("status", None)
        else:
            merged_extra["status"] = copy.deepcopy(mine["status"])
    merged["updated"] = ours.get("updated", time.time())
    return merged


@contextlib.contextmanager
def file_lock(path: Path, timeout: float = LOCK_TIMEOUT_S):
    """An exclusive lock between processes and threads (each call opens its own handle)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+b")  # noqa: SIM115 - closed in finally
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(handle):
            if time.monotonic() > deadline:
                raise GeomorphError(tr("The job registry {path} stayed locked for {s} s by another QGIS or task. "
                                       "Try again; if it persists, close the other QGIS.")
                                    .format(path=path, s=int(timeout)))
            time.sleep(0.05)
        try:
            yield
        finally:
            _unlock(handle)
    finally:
        handle.close()


def _try_lock(handle) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(handle) -> None:
    if os.name == "nt":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def default_root() -> Path:
    from qgis.core import QgsApplication

    return Path(QgsApplication.qgisSettingsDirPath()) / "geomorph" / "jobs"


def new_job_id() -> str:
    # Sortable by creation time, unique without coordination, safe in any file system or shell.
    return time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]


class JobRegistry:
    def __init__(self, root: str | Path | None = None):
        self.root = Path(root) if root is not None else default_root()

    def job_dir(self, job_id: str) -> Path:
        if not job_id or not set(job_id) <= _ID_OK:
            raise GeomorphError(tr("\"{id}\" is not a valid job id.").format(id=job_id))
        return self.root / job_id

    def new_job(self, profile_name: str, photo_dir, output_dir, remote_dir: str = "",
                job_id: str | None = None) -> Job:
        job = Job(id=job_id or new_job_id(), profile=profile_name, photo_dir=str(photo_dir),
                  output_dir=str(output_dir), remote_dir=remote_dir)
        if (self.job_dir(job.id) / "job.json").exists():
            raise GeomorphError(tr("A job with the id {id} already exists.").format(id=job.id))
        self.save(job)
        return job

    @property
    def lock_path(self) -> Path:
        return self.root / ".registry.lock"

    def _read(self, job_id: str) -> dict | None:
        try:
            return json.loads((self.job_dir(job_id) / "job.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None

    def refresh(self, job: Job) -> Job:
        """Bring ``job`` up to date with what other writers saved, keeping its own unsaved changes."""
        theirs = self._read(job.id)
        if theirs is not None:
            job._assign(merge(getattr(job, "_base", None), job.to_dict(), theirs))
            job._base = theirs
        return job

    def save(self, job: Job) -> None:
        folder = self.job_dir(job.id)
        folder.mkdir(parents=True, exist_ok=True)
        job.updated = time.time()
        with file_lock(self.lock_path):
            merged = merge(getattr(job, "_base", None), job.to_dict(), self._read(job.id))
            self._write(folder, merged)
            job._assign(merged)

    def _write(self, folder: Path, data: dict) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".job.", suffix=".json", dir=str(folder))
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=2, ensure_ascii=False)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, folder / "job.json")
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def get(self, job_id: str) -> Job:
        path = self.job_dir(job_id) / "job.json"
        try:
            return Job.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise GeomorphError(tr("There is no job with the id {id} in {root}.").format(id=job_id, root=self.root)) \
                from None
        except (ValueError, TypeError) as exc:
            raise GeomorphError(tr("The job file {path} is damaged: {error}").format(path=path, error=exc)) from exc

    def jobs(self) -> list[Job]:
        if not self.root.is_dir():
            return []
        result = []
        for entry in self.root.iterdir():
            if (entry / "job.json").is_file():
                try:
                    result.append(self.get(entry.name))
                except GeomorphError:
                    continue
        return sorted(result, key=lambda j: j.created, reverse=True)

    def delete(self, job_id: str) -> None:
        folder = self.job_dir(job_id)
        with file_lock(self.lock_path):
            shutil.rmtree(folder, ignore_errors=True)
