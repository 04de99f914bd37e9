"""What the plain baseline scripts share (``sfm_plain_baseline.py``, ``micmac_plain_baseline.py``).

They run on a node, in a job directory the DAG ran in, with the worker code uploaded with the job
(``geomorph_remote/``) and a folder of their own beside the DAG's files. This module travels with
them: ``scripts/bench_sfm`` uploads it next to the baseline script.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace


def remote_modules(job_dir: Path, names) -> SimpleNamespace:
    """The modules ``names`` of the worker package uploaded with the job (``geomorph_remote/``)."""
    if str(job_dir) not in sys.path:
        sys.path.insert(0, str(job_dir))
    return SimpleNamespace(**{n: importlib.import_module(f"geomorph_remote.{n}") for n in names})


def fresh_baseline_dir(job_dir: Path, folder: str, links) -> Path:
    """``<job>/<folder>``, emptied of any earlier run, with links to the job's ``links`` (``photos``...)."""
    base = job_dir / folder
    if base.exists():
        shutil.rmtree(base)
    base.mkdir()
    for name in links:
        os.symlink(os.path.join("..", name), base / name)
    return base


def print_timings(summary: dict, width: int) -> None:
    """The time of each step and the total, one line each, the names padded to ``width``."""
    for row in summary["timings"]:
        print(f"{row['step']:<{width}} {row['seconds']:8.1f} s")
    print(f"{'total':<{width}} {summary['total_seconds']:8.1f} s")
