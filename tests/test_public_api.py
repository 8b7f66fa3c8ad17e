"""The public API: one import point, typed, every name documented with an example."""

from __future__ import annotations

import inspect
import subprocess
import sys
from importlib.resources import files

import cleaner
from tests.conftest import ROOT


def test_all_lists_every_public_name_once_and_each_resolves() -> None:
    assert len(cleaner.__all__) == len(set(cleaner.__all__))
    for name in cleaner.__all__:
        assert getattr(cleaner, name).__module__.startswith("cleaner.")
    exported = {name for name in vars(cleaner) if not name.startswith("_") and not inspect.ismodule(getattr(cleaner, name))}
    assert exported == set(cleaner.__all__)


def test_every_public_name_has_a_docstring_with_an_example() -> None:
    for name in cleaner.__all__:
        obj = getattr(cleaner, name)
        assert inspect.getdoc(obj), name
        module = inspect.getmodule(obj)
        # Integrations show their library in action once, in the module docstring.
        assert ">>>" in (obj.__doc__ or "") or ">>>" in (module.__doc__ or ""), name


def test_the_package_is_typed() -> None:
    assert files("cleaner").joinpath("py.typed").is_file()
    assert 'cleaner = ["py.typed"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_importing_cleaner_loads_no_heavy_library() -> None:
    code = (
        "import sys, cleaner; print(sorted(m for m in ('spacy', 'datasets', 'pandas', 'pyarrow', 'numpy') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert proc.stdout.strip() == "[]"
