#!/usr/bin/env python3
"""Reads a machine's apt sources, legacy one-line (`sources.list`) and deb822 (`*.sources`).

Used by `scripts/setup` (is bookworm-backports there? which mirror?) and by the test cluster's
debootstrap. Only active entries count: a URL in a comment (`# http://snapshot...`) or in a
disabled file is not a source. Stdlib only, because it runs before the venv exists.

    apt_sources.py mirror [--apt-dir /etc/apt]         print the Debian mirror to use
    apt_sources.py has-suite SUITE [--apt-dir /etc/apt]  exit 0 when SUITE is configured
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_MIRROR = "http://deb.debian.org/debian"


def _active_lines(text: str) -> list[str]:
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def _deb822_stanzas(text: str) -> list[dict[str, list[str]]]:
    """Stanzas of a deb822 file as {field (lowercase): words}. A line starting with white space
    continues the field above it (a wrapped URIs list, an embedded Signed-By key block), so a
    "Comment: ..." inside a key block is never read as a field."""
    stanzas: list[dict[str, list[str]]] = []
    fields: dict[str, list[str]] = {}
    current = None
    for raw in text.splitlines() + [""]:
        if raw.startswith("#"):
            continue
        if not raw.strip():
            if fields:
                stanzas.append(fields)
            fields, current = {}, None
            continue
        if raw[0] in " \t":
            if current is not None:
                fields[current].extend(raw.split("#", 1)[0].split())
            continue
        key, sep, value = raw.partition(":")
        if not sep:
            continue
        current = key.strip().lower()
        fields[current] = value.split("#", 1)[0].split()
    return stanzas


def entries(apt_dir: Path = Path("/etc/apt")) -> list[dict]:
    """One dict per active source: {"uris": [...], "suites": [...]}. Missing files are fine."""
    apt_dir = Path(apt_dir)
    found: list[dict] = []
    files = [apt_dir / "sources.list"] + sorted((apt_dir / "sources.list.d").glob("*"))
    for path in files:
        try:
            text = path.read_text(errors="replace")
        except OSError:
            continue
        if path.name.endswith(".list"):
            for line in _active_lines(text):
                kind, _, rest = line.partition(" ")
                if kind not in ("deb", "deb-src"):
                    continue
                if rest.lstrip().startswith("["):  # options such as [arch=amd64 signed-by=...]
                    rest = rest.split("]", 1)[1]
                words = rest.split()
                if len(words) >= 2:
                    found.append({"uris": [words[0]], "suites": [words[1]], "types": [kind]})
        elif path.name.endswith(".sources"):
            for fields in _deb822_stanzas(text):
                if fields.get("enabled", ["yes"])[0].lower() == "no":
                    continue
                if fields.get("uris") and fields.get("suites"):
                    found.append({"uris": fields["uris"], "suites": fields["suites"],
                                  "types": fields.get("types", ["deb"])})
    return found


def has_suite(suite: str, apt_dir: Path = Path("/etc/apt")) -> bool:
    return any(suite in e["suites"] for e in entries(apt_dir))


def mirror(apt_dir: Path = Path("/etc/apt")) -> str:
    """The first active Debian archive (not security, not a third-party repository)."""
    for e in entries(apt_dir):
        for uri in e["uris"]:
            uri = uri.rstrip("/")
            if "security" not in uri and uri.endswith("/debian"):
                return uri
    return DEFAULT_MIRROR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["mirror", "has-suite"])
    parser.add_argument("suite", nargs="?")
    parser.add_argument("--apt-dir", default="/etc/apt", type=Path)
    args = parser.parse_args(argv)
    if args.command == "mirror":
        print(mirror(args.apt_dir))
        return 0
    if not args.suite:
        parser.error("has-suite needs SUITE")
    return 0 if has_suite(args.suite, args.apt_dir) else 1


if __name__ == "__main__":
    sys.exit(main())
