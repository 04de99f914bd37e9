"""Parallel, pipelined, resumable SFTP transfers of many files (photos up, rasters down).

Public API::

    upload(session, local_files, remote_dir, progress=None, is_cancelled=None,
           workers=DEFAULT_WORKERS, connections=DEFAULT_CONNECTIONS) -> TransferStats
    download(session, remote_files, local_dir, progress=None, is_cancelled=None,
             workers=DEFAULT_WORKERS, connections=DEFAULT_CONNECTIONS) -> TransferStats
    is_safe_name(name) -> bool                                     # relative, no "..", on any OS
    ensure_remote_dir(session, remote_dir, mode=0o700) -> str      # absolute path
    list_remote(session, remote_dir) -> dict[str, int]             # file name -> size
    read_tail(session, path, max_bytes) -> RemoteTail | None        # the end of a file, with its size and mtime
    remote_sha256(session, remote_dir, names) -> dict[str, str]
    local_sha256(path) -> str                                      # cached by (path, size, mtime)
    TransferProgress, TransferStats

``local_files`` is a list of paths (stored under their base names) or a mapping
``remote relative name -> local path``; ``remote_files`` is a list of remote paths or a mapping
``local relative name -> remote path``.

Local names in a download come from the cluster (``listdir``): a name that is absolute or
climbs out with ``..`` (with ``/`` or, for Windows, ``\\`` as separator) is refused, and every
resolved target must stay inside ``local_dir``, so a compromised server cannot write elsewhere.

``progress(TransferProgress)`` and ``is_cancelled()`` are called in the caller's thread only
(several times a second and after every file), so they may touch QGIS feedback objects.

Resume: a file whose destination exists with the same size and the same SHA-256 is skipped.
Data is written to ``<name>.part`` and renamed when complete, so an interrupted transfer
never leaves a truncated file under the final name. Local source files are only ever read.
"""

from __future__ import annotations

import hashlib
import os
import queue
import re
import stat
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import CancelledError, GeomorphError
from ..i18n import tr

DEFAULT_WORKERS = 4
DEFAULT_CONNECTIONS = 2
CHUNK = 1024 * 1024
# OpenSSH's sftp-server accepts messages up to 256 KiB; paramiko's default is 32 KiB.
REQUEST_SIZE = 128 * 1024
PREFETCH_REQUESTS = 64
CHECKSUM_BATCH = 200
PART_SUFFIX = ".part"

_hash_cache: dict[tuple[str, int, int], str] = {}
_hash_lock = threading.Lock()


@dataclass
class TransferProgress:
    bytes_done: int
    bytes_total: int
    files_done: int
    files_total: int
    mb_per_s: float

    @property
    def percent(self) -> float:
        return 100.0 * self.bytes_done / self.bytes_total if self.bytes_total else 100.0


@dataclass
class TransferStats:
    files_total: int = 0
    files_transferred: int = 0
    files_skipped: int = 0
    bytes_total: int = 0
    bytes_transferred: int = 0
    seconds: float = 0.0

    @property
    def mb_per_s(self) -> float:
        return self.bytes_transferred / 1e6 / self.seconds if self.seconds > 0 else 0.0



def _copy(src, dst, digest, run) -> None:
    """Copy one open file to another, hashing and counting as it goes; stops when the run stops."""
    while block := src.read(CHUNK):
        if run.stop.is_set():
            raise _StoppedError
        dst.write(block)
        digest.update(block)
        run.counter.add(len(block))

def _key(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return (str(path.resolve()), st.st_size, st.st_mtime_ns)


def local_sha256(path: str | Path) -> str:
    path = Path(path)
    key = _key(path)
    with _hash_lock:
        if key in _hash_cache:
            return _hash_cache[key]
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    value = digest.hexdigest()
    with _hash_lock:
        _hash_cache[key] = value
    return value


def _remember_hash(path: Path, value: str) -> None:
    with _hash_lock:
        _hash_cache[_key(path)] = value


def _lost(session, exc) -> GeomorphError:
    return GeomorphError(
        tr("The connection to {where} was lost during the transfer ({error}). Run it again: the files that were "
           "complete are kept and will not be sent again.").format(where=session.where, error=exc or "closed")
    )


def ensure_remote_dir(session, remote_dir: str, mode: int = 0o700) -> str:
    """Create ``remote_dir`` and missing parents with ``mode``; the last one always gets ``mode``."""
    sftp = session.sftp
    path = PurePosixPath(remote_dir)
    if not path.is_absolute():
        path = PurePosixPath(sftp.normalize(".")) / path
    current = PurePosixPath("/")
    for part in path.parts[1:]:
        current = current / part
        try:
            sftp.stat(str(current))
        except FileNotFoundError:
            sftp.mkdir(str(current), mode)
    # mkdir is subject to the server's umask and the directory may predate us.
    sftp.chmod(str(path), mode)
    return str(path)


def list_remote(session, remote_dir: str) -> dict[str, int]:
    """Regular files directly inside ``remote_dir``: name -> size (empty when it does not exist)."""
    try:
        entries = session.sftp.listdir_attr(remote_dir)
    except FileNotFoundError:
        return {}
    return {e.filename: e.st_size for e in entries if stat.S_ISREG(e.st_mode or 0)}


@dataclass
class RemoteTail:
    """The end of a remote file as it was when read."""

    data: bytes  # at most the max_bytes asked for
    size: int  # the file's size
    mtime: int  # its last change, in the cluster's clock (seconds since the epoch)
    start: int  # the offset of data[0]: > 0 when the file was longer than max_bytes


def read_tail(session, path: str, max_bytes: int) -> RemoteTail | None:
    """The last ``max_bytes`` of a remote file, read from its end: a log of gigabytes costs no
    more than a small one. None when it does not exist or is not a regular file (a folder, or a
    link to a device that never ends)."""
    max_bytes = max(0, int(max_bytes))
    try:
        with session.sftp.open(path, "rb") as handle:
            attrs = handle.stat()
            if not stat.S_ISREG(attrs.st_mode or 0):
                return None
            size = max(0, int(attrs.st_size or 0))
            start = max(0, size - max_bytes)
            if start:
                handle.seek(start)
            # The file may grow between the stat and the read: never more than asked.
            data = handle.read(max_bytes)[:max_bytes] if max_bytes else b""
    except (FileNotFoundError, PermissionError, IsADirectoryError):
        return None
    return RemoteTail(data=data, size=size, mtime=int(attrs.st_mtime or 0), start=start)


def remote_sha256(session, remote_dir: str, names) -> dict[str, str]:
    """SHA-256 of files under ``remote_dir`` with the coreutils ``sha256sum`` of the login node."""
    names = list(names)
    result: dict[str, str] = {}
    for start in range(0, len(names), CHECKSUM_BATCH):
        batch = names[start:start + CHECKSUM_BATCH]
        run = session.run(["sha256sum", "--", *batch], cwd=remote_dir, check=False, timeout=3600)
        lines = [line for line in run.stdout_bytes.split(b"\n") if line]
        if run.exit_code == 0 and len(lines) == len(batch):
            # Names with a newline or backslash are escaped and the line starts with "\": read by position.
            for name, line in zip(batch, lines):
                result[name] = line.lstrip(b"\\")[:64].decode("ascii")
        elif len(batch) > 1:
            # One file vanished or is unreadable: fall back to one call each.
            for name in batch:
                result.update(remote_sha256(session, remote_dir, [name]))
    return result


class _StoppedError(Exception):
    """Another worker failed or the user cancelled: leave the current file as .part."""


class _Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.bytes = 0

    def add(self, n: int) -> None:
        with self.lock:
            self.bytes += n


class _Run:
    """Shared state of one transfer: a queue of jobs served by worker threads."""

    def __init__(self, session, jobs, work, workers, connections, is_cancelled, progress, stats):
        self.session = session
        self.jobs = jobs
        self.work = work
        self.workers = max(1, min(workers, len(jobs))) if jobs else 0
        self.connections = max(1, min(connections, self.workers or 1))
        self.is_cancelled = is_cancelled or (lambda: False)
        self.progress = progress
        self.stats = stats
        self.stop = threading.Event()
        self.counter = _Counter()
        self.events: queue.Queue = queue.Queue()

    def _worker(self, sftp):
        while not self.stop.is_set():
            try:
                job = self.tasks.get_nowait()
            except queue.Empty:
                break
            try:
                self.work(sftp, job, self)
                self.events.put(("done", job))
            except _StoppedError:
                return
            except BaseException as exc:  # noqa: BLE001 - reported to the caller's thread
                self.stop.set()
                self.events.put(("error", exc))
                return

    def _emit(self, files_done, started):
        if self.progress is None:
            return
        elapsed = max(time.monotonic() - started, 1e-6)
        done = self.counter.bytes
        self.progress(TransferProgress(
            bytes_done=done + self.stats.bytes_total - self._bytes_to_send, bytes_total=self.stats.bytes_total,
            files_done=files_done + self.stats.files_skipped, files_total=self.stats.files_total,
            mb_per_s=done / 1e6 / elapsed,
        ))

    def execute(self, job_size) -> None:
        started = time.monotonic()
        self._bytes_to_send = sum(job_size(j) for j in self.jobs)
        self.tasks: queue.Queue = queue.Queue()
        # Largest first, so that no big file starts last and leaves the other workers idle.
        for job in sorted(self.jobs, key=job_size, reverse=True):
            self.tasks.put(job)
        sessions = [self.session]
        threads = []
        error = None
        try:
            for _ in range(self.connections - 1):
                sessions.append(self.session.clone())
            for i in range(self.workers):
                sftp = sessions[i % len(sessions)].open_sftp()
                thread = threading.Thread(target=self._worker, args=(sftp,), daemon=True,
                                          name=f"geomorph-transfer-{i}")
                thread.sftp = sftp
                threads.append(thread)
            for thread in threads:
                thread.start()
            files_done = 0
            last_emit = 0.0
            while any(t.is_alive() for t in threads) or not self.events.empty():
                try:
                    kind, payload = self.events.get(timeout=0.2)
                except queue.Empty:
                    kind, payload = None, None
                if kind == "done":
                    files_done += 1
                elif kind == "error" and error is None:
                    error = payload
                if self.is_cancelled() and not self.stop.is_set():
                    self.stop.set()
                    error = error or CancelledError(tr("The transfer was cancelled. Run it again to resume: "
                                                       "complete files are kept."))
                now = time.monotonic()
                if self.progress and (kind == "done" or now - last_emit > 0.25):
                    last_emit = now
                    self._emit(files_done, started)
            self.stats.files_transferred = files_done
        finally:
            self.stop.set()
            for thread in threads:
                thread.join(timeout=30)
                try:
                    thread.sftp.close()
                except Exception:  # noqa: BLE001,S110 - the channel may already be dead
                    pass
            for extra in sessions[1:]:
                extra.close()
                if extra in self.session._clones:
                    self.session._clones.remove(extra)
            self.stats.bytes_transferred = self.counter.bytes
            self.stats.seconds = time.monotonic() - started
        if error is not None:
            if isinstance(error, GeomorphError):
                raise error
            raise _lost(self.session, error) from error
        if self.progress:
            self._emit(self.stats.files_transferred, started)


def _normalize_uploads(local_files) -> dict[str, Path]:
    if isinstance(local_files, Mapping):
        items = {str(PurePosixPath(k)): Path(v) for k, v in local_files.items()}
    else:
        items = {}
        for path in map(Path, local_files):
            if path.name in items:
                raise GeomorphError(tr("Two files are both named {name} ({a} and {b}): rename one of them before "
                                       "the upload.").format(name=path.name, a=items[path.name], b=path))
            items[path.name] = path
    for name, path in items.items():
        if not path.is_file():
            raise GeomorphError(tr("The file {path} does not exist or is not a file.").format(path=path))
        if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
            raise GeomorphError(tr("The remote name {name} must be a relative path inside the job folder.")
                                .format(name=name))
    return items


def upload(session, local_files, remote_dir: str, progress=None, is_cancelled=None,
           workers: int = DEFAULT_WORKERS, connections: int = DEFAULT_CONNECTIONS) -> TransferStats:
    """Upload files into ``remote_dir`` (created with mode 0700), skipping complete ones."""
    items = _normalize_uploads(local_files)
    remote_dir = ensure_remote_dir(session, remote_dir)
    subdirs = sorted({str(PurePosixPath(n).parent) for n in items} - {"."})
    for sub in subdirs:
        ensure_remote_dir(session, f"{remote_dir}/{sub}")
    stats = TransferStats(files_total=len(items), bytes_total=sum(p.stat().st_size for p in items.values()))

    existing: dict[str, int] = {}
    for folder in ["."] + subdirs:
        for name, size in list_remote(session, f"{remote_dir}/{folder}").items():
            existing[name if folder == "." else f"{folder}/{name}"] = size
    same_size = [n for n, p in items.items() if existing.get(n) == p.stat().st_size]
    todo = set(items)
    if same_size:
        remote_hashes = remote_sha256(session, remote_dir, same_size)
        for name in same_size:
            if remote_hashes.get(name) == local_sha256(items[name]):
                todo.discard(name)
    stats.files_skipped = len(items) - len(todo)

    def work(sftp, name, run):
        local = items[name]
        target = f"{remote_dir}/{name}"
        part = target + PART_SUFFIX
        digest = hashlib.sha256()
        key_before = _key(local)
        with open(local, "rb") as src, sftp.open(part, "wb") as dst:
            dst.set_pipelined(True)
            dst.MAX_REQUEST_SIZE = REQUEST_SIZE
            _copy(src, dst, digest, run)
        sftp.posix_rename(part, target)
        if _key(local) == key_before:
            _remember_hash(local, digest.hexdigest())

    _Run(session, sorted(todo), work, workers, connections, is_cancelled, progress, stats).execute(
        lambda n: items[n].stat().st_size)
    return stats


def is_safe_name(name: str) -> bool:
    """A relative name that stays inside its folder on POSIX and on Windows."""
    if not name or "\0" in name:
        return False
    windows = PureWindowsPath(name)
    if PurePosixPath(name).is_absolute() or windows.drive or windows.root:
        return False
    return ".." not in re.split(r"[\\/]", name)


def _local_targets(local_dir: Path, names) -> dict[str, Path]:
    """Each name's target under ``local_dir``; refuses any that would land outside it (also
    through a symbolic link already in the folder)."""
    base = local_dir.resolve()
    targets = {}
    for name in names:
        target = (base / name).resolve() if is_safe_name(name) else None
        if target is None or target == base or not target.is_relative_to(base):
            raise GeomorphError(
                tr("The cluster listed a file named \"{name}\", which would be written outside {folder}: nothing "
                   "was downloaded. A file name from the cluster must be relative and must not contain \"..\"; "
                   "check the job folder on the cluster for files that you did not create.")
                .format(name=name, folder=local_dir))
        targets[name] = target
    return targets


def download(session, remote_files, local_dir: str | Path, progress=None, is_cancelled=None,
             workers: int = DEFAULT_WORKERS, connections: int = DEFAULT_CONNECTIONS) -> TransferStats:
    """Download remote files into ``local_dir``, skipping local copies that are already complete."""
    local_dir = Path(local_dir)
    local_dir.mkdir(parents=True, exist_ok=True)
    if isinstance(remote_files, Mapping):
        items = {str(k): str(v) for k, v in remote_files.items()}
    else:
        items = {PurePosixPath(r).name: str(r) for r in remote_files}
    targets = _local_targets(local_dir, items)
    sizes: dict[str, int] = {}
    for name, remote in items.items():
        try:
            sizes[name] = session.sftp.stat(remote).st_size
        except FileNotFoundError:
            raise GeomorphError(tr("The file {path} does not exist on the cluster: the step that makes it has not "
                                   "finished or has failed.").format(path=remote)) from None
        except OSError as exc:
            raise _lost(session, exc) from exc
    stats = TransferStats(files_total=len(items), bytes_total=sum(sizes.values()))

    todo = set(items)
    same = [n for n in items if targets[n].is_file() and targets[n].stat().st_size == sizes[n]]
    by_dir: dict[str, list[str]] = {}
    for name in same:
        remote = PurePosixPath(items[name])
        by_dir.setdefault(str(remote.parent), []).append(name)
    for folder, names in by_dir.items():
        hashes = remote_sha256(session, folder, [PurePosixPath(items[n]).name for n in names])
        for name in names:
            if hashes.get(PurePosixPath(items[name]).name) == local_sha256(targets[name]):
                todo.discard(name)
    stats.files_skipped = len(items) - len(todo)

    def work(sftp, name, run):
        target = targets[name]
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(target.name + PART_SUFFIX)
        digest = hashlib.sha256()
        with sftp.open(items[name], "rb") as src, open(part, "wb") as dst:
            src.MAX_REQUEST_SIZE = REQUEST_SIZE
            src.prefetch(sizes[name], PREFETCH_REQUESTS)
            _copy(src, dst, digest, run)
        if part.stat().st_size != sizes[name]:
            raise GeomorphError(tr("{path} changed on the cluster while it was downloaded: run the download again.")
                                .format(path=items[name]))
        os.replace(part, target)
        _remember_hash(target, digest.hexdigest())

    _Run(session, sorted(todo), work, workers, connections, is_cancelled, progress, stats).execute(
        lambda n: sizes[n])
    return stats
