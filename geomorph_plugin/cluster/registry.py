"""The on-disk registry of SfM jobs, so that a 25-hour job survives a QGIS restart.

Public API::

    JOB_STATES                                  # the allowed Job.state values
    Job                                         # dataclass: one job (see fields)
    JobRegistry(root=None)                      # root defaults to <QGIS profile>/geomorph/jobs
        .new_job(profile_name, photo_dir, output_dir, remote_dir="", job_id=None) -> Job
        .save(job) -> None                      # atomic: temp file + os.replace
        .get(job_id) -> Job                     # GeomorphError when unknown
        .jobs() -> list[Job]                    # newest first; unreadable entries are skipped
        .delete(job_id) -> None
        .job_dir(job_id) -> Path                # <root>/<job_id>/ for job-local files (reports, logs)

Each job is ``<root>/<job_id>/job.json``. Only the registry writes there; the file holds no
secret (the profile is referred to by name).
"""

from __future__ import annotations

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

JOB_STATES = ("uploading", "submitted", "running", "failed", "completed", "cancelled", "fetched")
_ID_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


@dataclass
class Job:
    id: str
    profile: str
    photo_dir: str
    output_dir: str
    remote_dir: str = ""
    cluster_id: int | None = None
    state: str = "uploading"
    dag_file: str = ""
    nodes: dict = field(default_factory=dict)  # last per-node progress snapshot (DagProgress.to_dict())
    message: str = ""  # the last error or note shown to the user
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)
    extra: dict = field(default_factory=dict)  # free room for the workflow's own settings

    def set_state(self, state: str, message: str | None = None) -> None:
        if state not in JOB_STATES:
            raise ValueError(f"unknown job state {state!r}")
        self.state = state
        if message is not None:
            self.message = message

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Job:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


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

    def save(self, job: Job) -> None:
        folder = self.job_dir(job.id)
        folder.mkdir(parents=True, exist_ok=True)
        job.updated = time.time()
        fd, tmp = tempfile.mkstemp(prefix=".job.", suffix=".json", dir=str(folder))
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(job.to_dict(), f, indent=2, ensure_ascii=False)
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
        shutil.rmtree(self.job_dir(job_id), ignore_errors=True)
