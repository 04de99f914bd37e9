"""Where the model comes from: a local path, an https URL (downloaded once into a cache), or the default.

Downloads follow redirects only to https (plain http only on the loopback), stream with
progress under a size cap, can be cancelled, are checked against an optional
``#sha256=<hex>`` fragment, and land in a ``.part`` file of their own that is renamed only
when complete, verified and loadable by onnxruntime, so a broken download (an HTML page, a
truncated file) never poses as a model.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
import uuid
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..errors import CancelledError, GeomorphError
from ..i18n import tr
from ..paths import models_dir

DEFAULT_MODEL_NAME = "eurosat_rgb.onnx"
CHUNK = 1 << 20
# ONNX files above 2 GB need external data files, which a single download cannot carry.
MAX_MODEL_BYTES = 2 * 1024 ** 3
MAX_REDIRECTS = 10


def default_model() -> Path:
    return models_dir() / DEFAULT_MODEL_NAME


def default_cache_dir() -> Path:
    from qgis.core import QgsApplication

    return Path(QgsApplication.qgisSettingsDirPath()) / "geomorph" / "models"


def is_url(spec: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", spec.strip()))


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_scheme(url: str, redirected_from: str | None = None) -> None:
    parts = urlsplit(url.strip())
    # Plain http only on the loopback (a local model server); anywhere else a model could be
    # swapped in transit.
    if parts.scheme == "https" or (parts.scheme == "http" and _loopback(parts.hostname or "")):
        return
    if redirected_from is not None:
        raise GeomorphError(tr("The model URL {url} redirects to {target}, which is not https: the download could be "
                               "tampered with there, so it was not followed. Ask the model's publisher for an https "
                               "link, or download the file yourself and give its path.").format(
                                   url=redirected_from, target=url))
    if parts.scheme not in ("https", "http"):
        raise GeomorphError(tr("The model URL {url} is not an https URL.").format(url=url))
    raise GeomorphError(tr("The model URL {url} uses plain http: use https so that the download cannot be "
                           "tampered with.").format(url=url))


def split_url(url: str) -> tuple[str, str | None]:
    """The URL without fragment, and the expected sha256 from ``#sha256=<hex>`` (lowercase) or None."""
    parts = urlsplit(url.strip())
    _check_scheme(url)
    expected = None
    if parts.fragment:
        match = re.fullmatch(r"sha256=([0-9a-fA-F]{64})", parts.fragment)
        if not match:
            raise GeomorphError(tr("The model URL's fragment #{frag} is not #sha256= followed by 64 hex "
                                   "digits.").format(frag=parts.fragment))
        expected = match.group(1).lower()
    return url.strip().split("#", 1)[0], expected


def cache_path(url: str, cache_dir: Path) -> Path:
    bare, _ = split_url(url)
    name = Path(urlsplit(bare).path).name or "model.onnx"
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    if not name.lower().endswith(".onnx"):
        name += ".onnx"
    digest = hashlib.sha256(bare.encode("utf-8")).hexdigest()[:16]
    return Path(cache_dir) / f"{digest}-{name}"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def _open_following_redirects(session, url: str, timeout: float):
    """The response for ``url``, following at most MAX_REDIRECTS redirects, each checked before it is followed."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        response = session.get(current, stream=True, timeout=timeout, allow_redirects=False)
        location = response.headers.get("Location")
        if response.status_code not in (301, 302, 303, 307, 308) or not location:
            return response
        response.close()
        target = urljoin(current, location)
        _check_scheme(target, redirected_from=url)
        current = target
    raise GeomorphError(tr("The model URL {url} redirects more than {n} times. Check the URL, or download the file "
                           "and give its path.").format(url=url, n=MAX_REDIRECTS))


def _too_big(url: str, size: int, limit: int) -> GeomorphError:
    return GeomorphError(tr("The model at {url} is larger than {limit} MB ({size} MB so far): that is not a model "
                            "Geomorph can load in one file. Check the URL, or download the file and give its "
                            "path.").format(url=url, limit=limit // 2 ** 20, size=size // 2 ** 20))


def check_loadable(path: Path, url: str, content_type: str = "") -> None:
    """Raise unless onnxruntime can load ``path``: what is cached must be a model."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    options.log_severity_level = 4
    try:
        onnxruntime.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # noqa: BLE001 - onnxruntime's own Fail/InvalidProtobuf types
        raise GeomorphError(tr(
            "The file downloaded from {url} is not an ONNX model that onnxruntime can load (the server sent "
            "{type}): {error}. Check that the URL points to the .onnx file itself, not to a web page about it, "
            "then run again; nothing was cached.").format(
                url=url, type=content_type or tr("no content type"), error=str(exc)[:200])) from exc


def download(url: str, cache_dir: Path, feedback=None, timeout: float = 30.0,
             max_bytes: int = MAX_MODEL_BYTES) -> Path:
    """The cached copy of ``url``, downloading it first when it is not there (or no longer matches)."""
    import requests

    bare, expected = split_url(url)
    target = cache_path(url, cache_dir)
    if target.is_file() and (expected is None or sha256_of(target) == expected):
        if feedback is not None:
            feedback.pushInfo(tr("Using the cached model {path}.").format(path=target))
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own: two downloads of one URL at once (two QGIS, a batch) never share a file.
    part = target.with_name(f"{target.name}.{os.getpid()}-{uuid.uuid4().hex[:12]}.part")
    h = hashlib.sha256()
    try:
        if feedback is not None:
            feedback.pushInfo(tr("Downloading the model from {url}").format(url=bare))
        with requests.Session() as session, _open_following_redirects(session, bare, timeout) as response:
            if response.status_code != 200:
                raise GeomorphError(tr("Downloading the model from {url} failed: the server answered {code} {reason}. "
                                       "Check the URL, or download the file and give its path.").format(
                                           url=bare, code=response.status_code, reason=response.reason))
            total = int(response.headers.get("Content-Length") or 0)
            if total > max_bytes:
                raise _too_big(bare, total, max_bytes)
            content_type = response.headers.get("Content-Type", "")
            done = 0
            with part.open("wb") as handle:
                for block in response.iter_content(CHUNK):
                    if feedback is not None and feedback.isCanceled():
                        raise CancelledError(tr("Model download cancelled."))
                    done += len(block)
                    if done > max_bytes:
                        raise _too_big(bare, done, max_bytes)
                    handle.write(block)
                    h.update(block)
                    if feedback is not None and total:
                        feedback.setProgress(100.0 * done / total)
            if total and done != total:
                raise GeomorphError(tr("Downloading the model from {url} stopped after {done} of {total} bytes. Try "
                                       "again.").format(url=bare, done=done, total=total))
        actual = h.hexdigest()
        if expected is not None and actual != expected:
            raise GeomorphError(tr(
                "The model downloaded from {url} has sha256 {actual}, not the {expected} given in the URL: the file "
                "changed or was corrupted. Check the URL's #sha256= value.").format(
                    url=bare, actual=actual, expected=expected))
        check_loadable(part, bare, content_type)
        part.replace(target)
    except requests.RequestException as exc:
        part.unlink(missing_ok=True)
        raise GeomorphError(tr("Downloading the model from {url} failed: {error}. Check the URL and the network, or "
                               "download the file and give its path.").format(url=bare, error=exc)) from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return target


def is_cached(path: Path, cache_dir: Path | None = None) -> bool:
    """Whether ``path`` is a downloaded copy in the model cache (not a file the user gave)."""
    try:
        folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        return Path(path).resolve().parent == folder.resolve()
    except (OSError, RuntimeError):
        return False


def forget(path: Path, cache_dir: Path | None = None) -> bool:
    """Remove a cached download that failed to load, so that the next run downloads it again."""
    if not is_cached(path, cache_dir):
        return False
    Path(path).unlink(missing_ok=True)
    return True


def resolve_model(spec: str | None, feedback=None, cache_dir: Path | None = None) -> Path:
    """The local .onnx file for the MODEL parameter: empty = bundled default, path, or URL."""
    spec = (spec or "").strip()
    if not spec:
        path = default_model()
        if not path.is_file():
            raise GeomorphError(tr("The bundled default model {path} is missing: reinstall the plugin, or give a "
                                   "model in MODEL.").format(path=path))
        return path
    if is_url(spec) and not spec.lower().startswith("file://"):
        return download(spec, cache_dir or default_cache_dir(), feedback)
    path = Path(spec[7:] if spec.lower().startswith("file://") else spec).expanduser()
    if not path.is_file():
        from .installed_models import installed_model, installed_models

        # A bare name: a model installed by trainlandcover in the profile's model folder.
        named = installed_model(spec, cache_dir) if "/" not in spec and "\\" not in spec else None
        if named is not None:
            return named
        names = ", ".join(installed_models(cache_dir)) or tr("none")
        raise GeomorphError(tr("The model file {path} does not exist and no installed model has that name "
                               "(installed: {names}). Give the path of an .onnx file, an https URL, the name of an "
                               "installed model, or leave MODEL empty for the bundled model.").format(
                                   path=path, names=names))
    return path
