"""Which pipeline modules run as C extensions, and when their Python sources run instead.

The pipeline's hot modules (``COMPILED_MODULES``) are plain, type-hinted Python that
``setup.py`` also compiles with mypyc when the project is installed: the same source, a
tenth cheaper per page (the entity finders a quarter), which is what keeps the whole
pipeline clearly above its speed target instead of on the line. The compiled modules sit beside their sources, and Python's import system prefers them. That is
a trap for whoever edits a source afterwards: the edit would silently not run. So the build
writes the SHA-256 of every source it compiled into ``SOURCES_STAMP``, and
:func:`prefer_current_sources` (called by ``pipeline/__init__.py`` before anything imports
these modules) loads the sources instead of the extensions when

- ``BSMU_PURE_PYTHON=1`` is set (tests comparing both builds, debugging), or
- a source no longer matches the stamp (edited or checked out after the build).

All of them go one way together: mypyc links them into one group that calls across modules
natively, so half-compiled is not a state worth supporting.

This module must import nothing but the standard library: ``setup.py`` loads it by path in
a build environment where the project's dependencies are not installed.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGE_DIR = Path(__file__).resolve().parent
#: Everything on the hot path; not the record types (the archive builds, compares and
#: serialises them, and they cost nothing here), the site profiles or this module.
COMPILED_MODULES = (
    "blocks", "countries", "credits", "dates", "decoding", "entities", "extract",
    "organisations", "people", "text", "urls",
)
SOURCES_STAMP = "compiled-sources.sha256"
PURE_ENV = "BSMU_PURE_PYTHON"

#: How the modules were loaded in this process: "compiled", "pure" (nothing compiled is
#: installed), "forced-pure" (BSMU_PURE_PYTHON=1) or "stale" (sources changed since the build).
state = "pure"


def source_digests(directory: Path = PACKAGE_DIR) -> dict[str, str]:
    """SHA-256 of each compiled module's source, by module name."""
    return {
        name: hashlib.sha256((directory / f"{name}.py").read_bytes()).hexdigest() for name in COMPILED_MODULES
    }


def write_stamp(directory: Path, digests: dict[str, str]) -> Path:
    """Record which sources an extension build came from (called by ``setup.py``)."""
    path = directory / SOURCES_STAMP
    path.write_text("".join(f"{digest}  {name}.py\n" for name, digest in sorted(digests.items())))
    return path


def read_stamp(directory: Path = PACKAGE_DIR) -> dict[str, str]:
    """The digests a build recorded; empty when there is no stamp."""
    try:
        lines = (directory / SOURCES_STAMP).read_text().splitlines()
    except OSError:
        return {}
    stamp = {}
    for line in lines:
        digest, _, filename = line.partition("  ")
        stamp[filename.removesuffix(".py")] = digest
    return stamp


def extension_paths(directory: Path = PACKAGE_DIR) -> list[Path]:
    """The compiled modules installed beside their sources."""
    found = []
    for name in COMPILED_MODULES:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = directory / f"{name}{suffix}"
            if path.exists():
                found.append(path)
                break
    return found


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the compiled modules' ``.py`` files ahead of the extensions beside them."""

    def __init__(self, package: str, names: Sequence[str]) -> None:
        self._names = {f"{package}.{name}": name for name in names}

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        name = self._names.get(fullname)
        if name is None:
            return None
        return importlib.util.spec_from_file_location(fullname, PACKAGE_DIR / f"{name}.py")


def prefer_current_sources(package: str = "pipeline") -> str:
    """Decide, once per process, whether the compiled modules or their sources run.

    Returns (and records in :data:`state`) what was decided. Must run before the first
    import of any of :data:`COMPILED_MODULES`; later calls return the first answer.
    """
    global state, _decided
    if _decided:
        return state
    _decided = True
    if not extension_paths():
        state = "pure"
    elif os.environ.get(PURE_ENV) == "1":
        state = "forced-pure"
    elif read_stamp() != source_digests():
        state = "stale"
        warnings.warn(
            "pipeline: the compiled modules were built from other sources than the ones on "
            "disk; running the sources (slower). `make compiled` rebuilds them.",
            RuntimeWarning,
            stacklevel=2,
        )
    else:
        state = "compiled"
    if state in ("forced-pure", "stale"):
        sys.meta_path.insert(0, _SourceFinder(package, COMPILED_MODULES))
    return state


_decided = False


def rebuild_if_stale(project: Path = PACKAGE_DIR.parent) -> int:
    """Recompile the pipeline's modules in place when their sources changed since the last build.

    What ``make`` runs before every target: a no-op in a few milliseconds when the build is
    current; without a compiler or with ``BSMU_PURE_PYTHON=1``, nothing to do either.
    """
    if os.environ.get(PURE_ENV) == "1" or read_stamp() == source_digests():
        return 0
    if not extension_paths() and not (project / "setup.py").exists():
        return 0
    import subprocess

    print("pipeline: sources changed since the compiled build; recompiling (mypyc)", file=sys.stderr)
    command = [sys.executable, "setup.py", "-q", "build_ext", "--inplace"]
    result = subprocess.run(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        print(result.stderr[-4000:], file=sys.stderr)
    return result.returncode


if __name__ == "__main__":  # run by path (python -P pipeline/compiled.py): see rebuild_if_stale
    sys.exit(rebuild_if_stale())
