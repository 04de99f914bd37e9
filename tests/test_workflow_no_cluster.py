"""``geomorph_plugin.workflow`` only plans the DAG: no module there may import the cluster side
(SSH, transfers, HTCondor, the registry) or the job lifecycle, so that planning runs and is tested
without any cluster, and a second engine needs no cluster code."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import sys
from pathlib import Path

import geomorph_plugin.workflow as workflow

FORBIDDEN = ("geomorph_plugin.cluster", "geomorph_plugin.sfm")


def _imported_modules(path: Path) -> set[str]:
    """Every module an import statement in ``path`` names, resolved to an absolute name
    (also the imports inside functions, which a module-globals check would miss)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = "geomorph_plugin.workflow".split(".")[: 2 - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _workflow_files() -> list[Path]:
    return sorted(Path(workflow.__file__).parent.glob("*.py"))


def test_no_workflow_module_imports_the_cluster_side():
    files = _workflow_files()
    assert len(files) >= 6, files  # the package really was found
    offenders = {f.name: sorted(m for m in _imported_modules(f) if m.startswith(FORBIDDEN)) for f in files}
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_the_import_check_sees_relative_imports(tmp_path):
    # A check that cannot fail is no check: the parser must resolve "from ..cluster import x"
    # (what workflow/jobs.py had) and imports inside functions.
    probe = tmp_path / "probe.py"
    probe.write_text("from ..cluster import transfer\n\ndef f():\n    from ..sfm.follow import wait\n"
                     "    from .dag import build_workflow\n", encoding="utf-8")
    names = _imported_modules(probe)
    assert {"geomorph_plugin.cluster.transfer", "geomorph_plugin.sfm.follow.wait",
            "geomorph_plugin.workflow.dag"} <= names


def test_importing_every_workflow_module_loads_no_cluster_module():
    # The module globals after a real import, in a fresh interpreter state for these packages.
    saved = {name: mod for name, mod in sys.modules.items() if name.startswith(("geomorph_plugin.cluster",
                                                                                 "geomorph_plugin.sfm",
                                                                                 "geomorph_plugin.workflow"))}
    for name in saved:
        del sys.modules[name]
    try:
        for info in pkgutil.iter_modules(workflow.__path__):
            module = importlib.import_module(f"geomorph_plugin.workflow.{info.name}")
            for value in vars(module).values():
                origin = getattr(value, "__module__", None) or getattr(value, "__name__", "")
                assert not str(origin).startswith(FORBIDDEN), (info.name, origin)
        loaded = sorted(name for name in sys.modules if name.startswith(FORBIDDEN))
        assert loaded == []
    finally:
        for name in [n for n in sys.modules if n.startswith(("geomorph_plugin.cluster", "geomorph_plugin.sfm",
                                                              "geomorph_plugin.workflow"))]:
            del sys.modules[name]
        sys.modules.update(saved)
