#!/usr/bin/env python3
"""Build dist/geomorph_plugin-<version>.zip following the plugins.qgis.org rules.

One top-level folder named like the plugin package, holding the code, metadata.txt, LICENSE,
resources/ and the compiled .qm translations; no .pyc, __pycache__ or .git; under 25 MB.
"""

from __future__ import annotations

import argparse
import configparser
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "geomorph_plugin"
MAX_BYTES = 25 * 1024 * 1024
EXCLUDED_PARTS = {"__pycache__", ".git", ".pytest_cache", ".ruff_cache"}
EXCLUDED_SUFFIXES = {".pyc", ".pyo", ".ts"}


def version() -> str:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(REPO / "metadata.txt", encoding="utf-8")
    return parser.get("general", "version")


def wanted(path: Path) -> bool:
    return path.is_file() and not (set(path.parts) & EXCLUDED_PARTS) and path.suffix not in EXCLUDED_SUFFIXES


def build(out_dir: Path) -> Path:
    # Compile only: packaging must not rewrite the tracked .ts files.
    subprocess.run([sys.executable, str(REPO / "scripts" / "update_translations.py"), "--compile-only"], check=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PACKAGE}-{version()}.zip"
    entries: list[tuple[Path, str]] = []
    for path in sorted((REPO / PACKAGE).rglob("*")):
        if wanted(path):
            entries.append((path, f"{PACKAGE}/{path.relative_to(REPO / PACKAGE).as_posix()}"))
    for name in ("metadata.txt", "LICENSE", "README.md"):
        if (REPO / name).exists():
            entries.append((REPO / name, f"{PACKAGE}/{name}"))
    for path in sorted((REPO / "resources").rglob("*")):
        if wanted(path):
            entries.append((path, f"{PACKAGE}/{path.relative_to(REPO).as_posix()}"))
    for path in sorted((REPO / "i18n").glob("*.qm")):
        entries.append((path, f"{PACKAGE}/i18n/{path.name}"))
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, arcname in entries:
            archive.write(path, arcname)
    size = partial.stat().st_size
    if size > MAX_BYTES:
        partial.unlink()
        raise SystemExit(f"{target.name} would be {size / 1e6:.1f} MB, over the 25 MB limit of plugins.qgis.org")
    partial.replace(target)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "dist")
    args = parser.parse_args()
    target = build(args.out)
    print(f"{target} ({target.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
