"""Build step beyond pyproject.toml: compile the pipeline's hot modules with mypyc.

Everything else about the package is declared in pyproject.toml. The modules listed in
``pipeline/compiled.py`` are compiled to C extensions when mypyc and a C compiler are at
hand; the build then records the digests of the sources it compiled, so that a source
edited later runs as source instead of being shadowed by a stale extension. Without a
compiler, or with ``BSMU_PURE_PYTHON=1``, the package installs as pure Python and behaves
the same, only slower.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent


def _load_compiled_module():
    """pipeline/compiled.py by path: the package's dependencies are not installed here."""
    spec = importlib.util.spec_from_file_location("_bsmu_compiled", HERE / "pipeline" / "compiled.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


compiled = _load_compiled_module()


class BuildAndStamp(build_ext):
    """build_ext that also writes the digests of the compiled sources beside the output."""

    def run(self) -> None:
        super().run()
        if not self.extensions:
            return
        digests = compiled.source_digests(HERE / "pipeline")
        targets = {HERE / "pipeline"} if self.inplace else {Path(self.build_lib) / "pipeline"}
        for target in targets:
            target.mkdir(parents=True, exist_ok=True)
            compiled.write_stamp(target, digests)

    def get_outputs(self) -> list[str]:
        outputs = super().get_outputs()
        if self.extensions and not self.inplace:
            outputs.append(str(Path(self.build_lib) / "pipeline" / compiled.SOURCES_STAMP))
        return outputs


def extensions() -> list:
    if os.environ.get(compiled.PURE_ENV) == "1":
        print("BSMU_PURE_PYTHON=1: installing the pipeline as pure Python", file=sys.stderr)
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("mypyc is not available: installing the pipeline as pure Python", file=sys.stderr)
        return []
    sources = [f"pipeline/{name}.py" for name in compiled.COMPILED_MODULES]
    # The modules they import (lxml, dateparser, the rest of the pipeline) are type-checked
    # only as far as the compiled code needs their signatures: that is what "silent" means.
    flags = ["--ignore-missing-imports", "--follow-imports=silent"]
    built = mypycify([*flags, *sources], opt_level="3", separate=False)
    for extension in built:
        extension.optional = True  # no C compiler: a warning and pure Python, not a failed install
    return built


setup(ext_modules=extensions(), cmdclass={"build_ext": BuildAndStamp})
