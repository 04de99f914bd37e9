"""Where the model comes from: a local path, an https URL (downloaded once into a cache), or the default.

Downloads stream with progress, can be cancelled, are checked against an optional
``#sha256=<hex>`` fragment, and land in a ``.part`` file that is renamed only when complete
and verified, so a broken download never poses as a model.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import CancelledError, GeomorphError
from ..i18n import tr
from ..paths import models_dir

DEFAULT_MODEL_NAME = "eurosat_rgb.onnx"
CHUNK = 1 << 20


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


def split_url(url: str) -> tuple[str, str | None]:
    """The URL without fragment, and the expected sha256 from ``#sha256=<hex>`` (lowercase) or None."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http"):
        raise GeomorphError(tr("The model URL {url} is not an https URL.").format(url=url))
    # Plain http only on the loopback (a local model server); anywhere else a model could be
    # swapped in transit.
    if parts.scheme == "http" and not _loopback(parts.hostname or ""):
        raise GeomorphError(tr("The model URL {url} uses plain http: use https so that the download cannot be "
                               "tampered with.").format(url=url))
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


def download(url: str, cache_dir: Path, feedback=None, timeout: float = 30.0) -> Path:
    """The cached copy of ``url``, downloading it first when it is not there (or no longer matches)."""
    import requests

    bare, expected = split_url(url)
    target = cache_path(url, cache_dir)
    if target.is_file() and (expected is None or sha256_of(target) == expected):
        if feedback is not None:
            feedback.pushInfo(tr("Using the cached model {path}.").format(path=target))
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    h = hashlib.sha256()
    try:
        if feedback is not None:
            feedback.pushInfo(tr("Downloading the model from {url}").format(url=bare))
        with requests.get(bare, stream=True, timeout=timeout) as response:
            if response.status_code != 200:
                raise GeomorphError(tr("Downloading the model from {url} failed: the server answered {code} {reason}. "
                                       "Check the URL, or download the file and give its path.").format(
                                           url=bare, code=response.status_code, reason=response.reason))
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            with part.open("wb") as handle:
                for block in response.iter_content(CHUNK):
                    if feedback is not None and feedback.isCanceled():
                        raise CancelledError(tr("Model download cancelled."))
                    handle.write(block)
                    h.update(block)
                    done += len(block)
                    if feedback is not None and total:
                        feedback.setProgress(100.0 * done / total)
            if total and done != total:
                raise GeomorphError(tr("Downloading the model from {url} stopped after {done} of {total} bytes. Try "
                                       "again.").format(url=bare, done=done, total=total))
    except requests.RequestException as exc:
        part.unlink(missing_ok=True)
        raise GeomorphError(tr("Downloading the model from {url} failed: {error}. Check the URL and the network, or "
                               "download the file and give its path.").format(url=bare, error=exc)) from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    actual = h.hexdigest()
    if expected is not None and actual != expected:
        part.unlink(missing_ok=True)
        raise GeomorphError(tr("The model downloaded from {url} has sha256 {actual}, not the {expected} given in the "
                               "URL: the file changed or was corrupted. Check the URL's #sha256= value.").format(
                                   url=bare, actual=actual, expected=expected))
    part.replace(target)
    return target


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
        raise GeomorphError(tr("The model file {path} does not exist. Give the path of an .onnx file, an https URL, "
                               "or leave MODEL empty for the bundled model.").format(path=path))
    return path
