#!/usr/bin/env python3
"""Keep i18n/geomorph_<lang>.ts in step with the code, then compile the .qm files.

Every user-facing string goes through ``tr("literal")`` with the single context "Geomorph"
(geomorph_plugin/i18n.py), so collecting the literals with ``ast`` finds all of them, in
modules and classes alike. Existing translations are kept; strings that left the code are
marked obsolete rather than lost. ``lrelease`` (Qt's own compiler) writes the .qm.

    python3 scripts/update_translations.py            # update .ts and compile .qm
    python3 scripts/update_translations.py --check    # exit 1 if a string is missing or untranslated
    python3 scripts/update_translations.py --add it.json   # merge {"source": "traduzione"} pairs

Writes are serialised by a lock file, so two people (or two sessions) adding translations at
once do not drop each other's entries.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "geomorph_plugin"
I18N = REPO / "i18n"
CONTEXT = "Geomorph"
LANGUAGES = ["it"]


def extract_strings() -> dict[str, str]:
    """Map each literal passed to tr() to the first file:line that uses it."""
    found: dict[str, str] = {}
    for path in sorted(SOURCES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name != "tr":
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, f"{path.relative_to(REPO).as_posix()}:{node.lineno}")
    return found


def load_ts(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    translations = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        text = translation.text if translation is not None and translation.text else ""
        if text:
            translations[source] = text
    return translations


def write_ts(path: Path, lang: str, strings: dict[str, str], translations: dict[str, str]) -> list[str]:
    root = ET.Element("TS", version="2.1", language=lang)
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    missing = []
    for source, where in sorted(strings.items(), key=lambda kv: kv[1]):
        message = ET.SubElement(context, "message")
        file_name, line = where.rsplit(":", 1)
        ET.SubElement(message, "location", filename=f"../{file_name}", line=line)
        ET.SubElement(message, "source").text = source
        translation = ET.SubElement(message, "translation")
        if translations.get(source):
            translation.text = translations[source]
        else:
            translation.set("type", "unfinished")
            missing.append(source)
    for source in sorted(set(translations) - set(strings)):
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = source
        ET.SubElement(message, "translation", type="vanished").text = translations[source]
    ET.indent(root)
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(root, encoding="unicode") + "\n",
        encoding="utf-8",
    )
    return missing


def lrelease_binary() -> str:
    for name in ("lrelease", "lrelease-qt5", "/usr/lib/qt5/bin/lrelease"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("lrelease not found: install Qt's linguist tools (Debian: qttools5-dev-tools).")


def compile_qm(ts: Path) -> Path:
    qm = ts.with_suffix(".qm")
    subprocess.run([lrelease_binary(), "-silent", str(ts), "-qm", str(qm)], check=True)
    return qm


@contextlib.contextmanager
def _locked():
    try:
        import fcntl
    except ImportError:  # Windows: no concurrent sessions to guard against
        yield
        return
    I18N.mkdir(exist_ok=True)
    with open(I18N / ".update.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def main() -> int:
    with _locked():
        return _main()


def _main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="report missing translations, write nothing")
    parser.add_argument("--no-compile", action="store_true", help="update the .ts files only")
    parser.add_argument("--compile-only", action="store_true", help="compile the .qm files only")
    parser.add_argument("--add", type=Path, action="append", default=[],
                        help="JSON file of {source: translation} to merge (Italian)")
    args = parser.parse_args()
    if args.compile_only:
        for ts in sorted(I18N.glob("geomorph_*.ts")):
            compile_qm(ts)
        return 0
    strings = extract_strings()
    status = 0
    for lang in LANGUAGES:
        ts = I18N / f"geomorph_{lang}.ts"
        translations = load_ts(ts)
        for extra in args.add:
            translations.update({k: v for k, v in json.loads(extra.read_text(encoding="utf-8")).items() if v})
        missing = [s for s in strings if not translations.get(s)]
        if args.check:
            for source in missing:
                print(f"{lang}: untranslated: {source!r} ({strings[source]})")
            status |= bool(missing)
            continue
        I18N.mkdir(exist_ok=True)
        write_ts(ts, lang, strings, translations)
        print(f"{ts.relative_to(REPO)}: {len(strings)} strings, {len(missing)} untranslated")
        if not args.no_compile:
            print(f"compiled {compile_qm(ts).relative_to(REPO)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
