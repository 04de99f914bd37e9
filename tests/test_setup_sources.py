"""scripts/apt_sources.py, which scripts/setup runs before anything else on a fresh machine.

Each case is a fixture apt folder written here: deb822 only (as a fresh Debian 12 cloud
machine ships it, with snapshot URLs in comments), legacy ``sources.list`` only, both,
commented and disabled entries, ``[options]`` in one-line entries and no folder at all.
The command line is run as setup runs it (``/usr/bin/python3``-style, exit codes).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "apt_sources.py"

# Byte for byte what a fresh Debian 12 machine of this kind has in
# /etc/apt/sources.list.d/debian.sources (and no /etc/apt/sources.list).
DEBIAN_SOURCES = """\
Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
# http://snapshot.debian.org/archive/debian-security/20250520T000000Z
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""

LEGACY_LIST = """\
# See sources.list(5). A commented mirror must never be picked:
# deb http://snapshot.debian.org/archive/debian/20250520T000000Z bookworm main
deb http://ftp.it.debian.org/debian bookworm main contrib   # the Italian mirror
deb-src http://ftp.it.debian.org/debian bookworm main
deb http://security.debian.org/debian-security bookworm-security main
"""


def _apt_sources():
    spec = importlib.util.spec_from_file_location("apt_sources", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


apt_sources = _apt_sources()


def _apt_dir(tmp_path: Path, files: dict[str, str]) -> Path:
    apt = tmp_path / "etc" / "apt"
    (apt / "sources.list.d").mkdir(parents=True)
    for name, text in files.items():
        (apt / name).write_text(text)
    return apt


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60)


def test_deb822_only_fresh_debian12(tmp_path):
    apt = _apt_dir(tmp_path, {"sources.list.d/debian.sources": DEBIAN_SOURCES})
    assert not (apt / "sources.list").exists()
    found = apt_sources.entries(apt)
    assert [e["uris"] for e in found] == [["http://deb.debian.org/debian"], ["http://deb.debian.org/debian-security"]]
    assert found[0]["suites"] == ["bookworm", "bookworm-updates"]
    # The snapshot URL in the comment line is not the mirror.
    assert apt_sources.mirror(apt) == "http://deb.debian.org/debian"
    assert apt_sources.has_suite("bookworm-security", apt)
    assert not apt_sources.has_suite("bookworm-backports", apt)


def test_legacy_sources_list_only(tmp_path):
    apt = _apt_dir(tmp_path, {"sources.list": LEGACY_LIST})
    found = apt_sources.entries(apt)
    assert [(e["types"], e["uris"], e["suites"]) for e in found] == [
        (["deb"], ["http://ftp.it.debian.org/debian"], ["bookworm"]),
        (["deb-src"], ["http://ftp.it.debian.org/debian"], ["bookworm"]),
        (["deb"], ["http://security.debian.org/debian-security"], ["bookworm-security"]),
    ]
    assert apt_sources.mirror(apt) == "http://ftp.it.debian.org/debian"
    assert not any("snapshot" in uri for e in found for uri in e["uris"])


def test_both_formats_are_read_and_backports_found_in_either(tmp_path):
    apt = _apt_dir(tmp_path, {
        "sources.list": "deb http://ftp.de.debian.org/debian/ bookworm-backports main\n",
        "sources.list.d/debian.sources": DEBIAN_SOURCES,
    })
    assert apt_sources.has_suite("bookworm-backports", apt)
    assert apt_sources.has_suite("bookworm-updates", apt)
    # sources.list comes first, and a trailing slash does not matter.
    assert apt_sources.mirror(apt) == "http://ftp.de.debian.org/debian"

    apt2 = _apt_dir(tmp_path / "b", {
        "sources.list.d/debian.sources": DEBIAN_SOURCES,
        "sources.list.d/backports.list": "deb http://deb.debian.org/debian bookworm-backports main\n",
    })
    assert apt_sources.has_suite("bookworm-backports", apt2)


def test_commented_and_disabled_entries_do_not_count(tmp_path):
    apt = _apt_dir(tmp_path, {
        "sources.list": "#deb http://deb.debian.org/debian bookworm-backports main\n"
                        "# deb http://snapshot.debian.org/archive/debian/20250520T000000Z bookworm main\n",
        "sources.list.d/backports.sources": "Types: deb\nURIs: http://ftp.fr.debian.org/debian\n"
                                            "Suites: bookworm-backports\nComponents: main\nEnabled: no\n",
        "sources.list.d/commented.sources": "# Types: deb\n# URIs: http://ftp.nl.debian.org/debian\n"
                                            "# Suites: bookworm-backports\n",
        # Not a source file at all (a renamed-away repository, as on this machine).
        "sources.list.d/nodesource.sources.disabled-by-farm": "Types: deb\nURIs: https://deb.nodesource.com/node\n"
                                                              "Suites: bookworm-backports\n",
    })
    assert apt_sources.entries(apt) == []
    assert not apt_sources.has_suite("bookworm-backports", apt)
    assert apt_sources.mirror(apt) == apt_sources.DEFAULT_MIRROR


def test_one_line_options_and_third_party_repositories(tmp_path):
    apt = _apt_dir(tmp_path, {
        "sources.list.d/qgis.list": "deb [arch=amd64 signed-by=/etc/apt/keyrings/qgis.gpg] "
                                    "https://qgis.org/debian-ltr bookworm main\n",
        "sources.list.d/debian.list": "deb [ arch=amd64,arm64 signed-by=/usr/share/keyrings/debian.gpg ] "
                                      "http://ftp.at.debian.org/debian bookworm-backports main\n",
    })
    found = apt_sources.entries(apt)
    assert sorted(uri for e in found for uri in e["uris"]) == ["http://ftp.at.debian.org/debian",
                                                               "https://qgis.org/debian-ltr"]
    assert apt_sources.has_suite("bookworm-backports", apt)
    # The QGIS repository (read first: debian.list sorts before qgis.list anyway) is never the Debian mirror.
    assert apt_sources.mirror(apt) == "http://ftp.at.debian.org/debian"


def test_security_only_falls_back_to_the_default_mirror(tmp_path):
    security = "deb http://security.debian.org/debian-security bookworm-security main\n"
    apt = _apt_dir(tmp_path, {"sources.list": security})
    assert apt_sources.mirror(apt) == apt_sources.DEFAULT_MIRROR


def test_missing_apt_folder_is_not_an_error(tmp_path):
    missing = tmp_path / "no" / "etc" / "apt"
    assert apt_sources.entries(missing) == []
    assert apt_sources.mirror(missing) == apt_sources.DEFAULT_MIRROR
    assert not apt_sources.has_suite("bookworm", missing)


@pytest.mark.parametrize("files, suite, code", [
    ({"sources.list.d/debian.sources": DEBIAN_SOURCES}, "bookworm-updates", 0),
    ({"sources.list.d/debian.sources": DEBIAN_SOURCES}, "bookworm-backports", 1),
    ({"sources.list": LEGACY_LIST}, "bookworm-security", 0),
    ({}, "bookworm", 1),
])
def test_cli_has_suite_exit_codes(tmp_path, files, suite, code):
    apt = _apt_dir(tmp_path, files)
    result = _cli("has-suite", suite, "--apt-dir", str(apt))
    assert result.returncode == code, result.stderr
    assert result.stdout == ""


def test_cli_mirror_prints_the_active_uri(tmp_path):
    apt = _apt_dir(tmp_path, {"sources.list.d/debian.sources": DEBIAN_SOURCES})
    result = _cli("mirror", "--apt-dir", str(apt))
    assert (result.returncode, result.stdout) == (0, "http://deb.debian.org/debian\n")
    missing = _cli("mirror", "--apt-dir", str(tmp_path / "nowhere"))
    assert (missing.returncode, missing.stdout) == (0, apt_sources.DEFAULT_MIRROR + "\n")


def test_cli_refuses_has_suite_without_a_suite_and_unknown_commands(tmp_path):
    assert _cli("has-suite", "--apt-dir", str(tmp_path)).returncode == 2
    assert _cli("frobnicate").returncode == 2


WRAPPED_WITH_KEY = """\
Types: deb
URIs: http://security.debian.org/debian-security
 http://ftp.it.debian.org/debian
Suites: bookworm
 bookworm-backports
Components: main
Signed-By:
 -----BEGIN PGP PUBLIC KEY BLOCK-----
 Comment: http://keys.example.org/debian
 .
 mQINBGPL0BUBEADmW5NGTT0sQnDq
 -----END PGP PUBLIC KEY BLOCK-----
"""


def test_deb822_continuation_lines_belong_to_the_field_above(tmp_path):
    # A wrapped URIs list and Suites list are read whole; a "Comment: http://..." inside an
    # embedded key block is part of Signed-By, never a field or a mirror.
    apt = _apt_dir(tmp_path, {"sources.list.d/wrapped.sources": WRAPPED_WITH_KEY})
    (entry,) = apt_sources.entries(apt)
    assert entry["uris"] == ["http://security.debian.org/debian-security", "http://ftp.it.debian.org/debian"]
    assert entry["suites"] == ["bookworm", "bookworm-backports"]
    assert apt_sources.mirror(apt) == "http://ftp.it.debian.org/debian"
    assert apt_sources.has_suite("bookworm-backports", apt)
