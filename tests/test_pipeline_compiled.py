"""The mypyc build of the pipeline: the same answers as the sources, never stale.

``make install`` compiles ``pipeline.compiled.COMPILED_MODULES`` (setup.py). These tests
check that the compiled build is what runs, that it extracts exactly what the Python
sources extract from every replica page, labelled text and seed, and that a source edited
after the build runs as source. Without
a compiled build (``BSMU_PURE_PYTHON=1`` at install, or no C compiler) they skip with that
reason, except under CI, where the build is required: the speed the README quotes is the
compiled build's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import compiled
from tests.conftest import skip_unless_ci

ROOT = Path(__file__).resolve().parent.parent


def _require_compiled_build() -> None:
    if compiled.extension_paths():
        return
    skip_unless_ci(
        "the pipeline is not compiled here (installed with BSMU_PURE_PYTHON=1 or without mypyc)",
        "the compiled build is",
    )


def _run(code_or_module: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != compiled.PURE_ENV}
    environment.update(env)
    return subprocess.run(
        [sys.executable, *code_or_module], cwd=cwd, env=environment, capture_output=True, text=True, timeout=600
    )


def test_this_process_runs_the_compiled_build() -> None:
    _require_compiled_build()
    import importlib

    assert compiled.state == "compiled"
    for name in compiled.COMPILED_MODULES:
        module = importlib.import_module(f"pipeline.{name}")
        assert module.__file__ is not None and not module.__file__.endswith(".py"), name


@pytest.mark.slow
def test_compiled_and_pure_builds_extract_the_same_from_every_page_and_text() -> None:
    _require_compiled_build()
    native = _run(["-m", "tests.extraction_dump"], ROOT)
    pure = _run(["-m", "tests.extraction_dump"], ROOT, **{compiled.PURE_ENV: "1"})
    assert native.returncode == 0, native.stderr[-2000:]
    assert pure.returncode == 0, pure.stderr[-2000:]
    native_lines, pure_lines = native.stdout.splitlines(), pure.stdout.splitlines()
    assert json.loads(native_lines[0]) == {"state": "compiled"}
    assert json.loads(pure_lines[0]) == {"state": "forced-pure"}
    # the comparison covers real findings of every kind, not empty lists
    outputs = [json.loads(line) for line in native_lines[1:]]
    records = [o["record"] for o in outputs if o["record"]]
    assert len(outputs) > 750 and len(records) > 650
    assert sum(1 for r in records if r["partners"]) > 200 and sum(1 for r in records if r["people"]) > 100
    assert sum(1 for r in records if r["translators"]) > 100
    assert {o["failure"] for o in outputs} >= {None, "no_date"}
    assert any(o["source"].startswith("seed:") for o in outputs)
    for compiled_line, source_line in zip(native_lines[1:], pure_lines[1:], strict=True):
        assert compiled_line == source_line


def _package_copy(tmp_path: Path) -> Path:
    """The pipeline package with its compiled modules, importable from ``tmp_path``."""
    shutil.copytree(ROOT / "pipeline", tmp_path / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    for shared in ROOT.glob("*__mypyc*"):  # mypyc's library of the group, beside the package
        shutil.copy2(shared, tmp_path / shared.name)
    return tmp_path


_REPORT = (
    "import json, pipeline.compiled as c, pipeline.entities as e, pipeline.people as p;"
    "print(json.dumps([c.state, e.__file__, p.__file__]))"
)


def _report(where: Path, **env: str) -> tuple[list[str], str]:
    result = _run(["-c", _REPORT], where, PYTHONPATH=str(where), **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_a_source_edited_after_the_build_runs_as_source_with_a_warning(tmp_path: Path) -> None:
    _require_compiled_build()
    where = _package_copy(tmp_path)
    (state, entities_file, _), stderr = _report(where)
    assert state == "compiled" and entities_file.startswith(str(where)) and not entities_file.endswith(".py")
    assert "RuntimeWarning" not in stderr

    people = where / "pipeline" / "people.py"
    people.write_text(people.read_text() + "\n# edited after the build\n")
    (state, entities_file, people_file), stderr = _report(where)
    assert state == "stale"
    # all of them go back to source, not only the edited one: they are one compiled group
    assert entities_file == str(where / "pipeline" / "entities.py")
    assert people_file == str(where / "pipeline" / "people.py")
    assert "make compiled" in stderr and "RuntimeWarning" in stderr


def test_pure_python_can_be_forced_and_runs_without_any_build(tmp_path: Path) -> None:
    _require_compiled_build()
    where = _package_copy(tmp_path)
    (state, entities_file, _), _ = _report(where, **{compiled.PURE_ENV: "1"})
    assert (state, entities_file) == ("forced-pure", str(where / "pipeline" / "entities.py"))

    for extension in compiled.extension_paths(where / "pipeline"):
        extension.unlink()
    (state, entities_file, _), stderr = _report(where)
    assert (state, entities_file) == ("pure", str(where / "pipeline" / "entities.py"))
    assert "RuntimeWarning" not in stderr


def test_no_compiled_function_reuses_an_exception_name_for_another_type() -> None:
    """Compiled, a name keeps one type for its whole function: ``except A as exc`` then
    ``except B as exc`` raises TypeError when B is caught (mypy cannot object when B comes
    from an untyped library such as lxml). Pure Python never notices, so check the sources."""
    import ast

    reused = []
    for name in compiled.COMPILED_MODULES:
        tree = ast.parse((compiled.PACKAGE_DIR / f"{name}.py").read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            caught: dict[str, set[str]] = {}
            for node in ast.walk(function):
                if isinstance(node, ast.ExceptHandler) and node.name and node.type is not None:
                    caught.setdefault(node.name, set()).add(ast.unparse(node.type))
            reused += [f"{name}.{function.name}: {var} for {sorted(types)}" for var, types in caught.items() if len(types) > 1]
    assert reused == []
