"""The platform and the sandbox meet only over HTTP: neither imports the other."""

import ast
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import onedoor

PACKAGE_ROOT = Path(onedoor.__file__).parent
SANDBOX_ROOT = PACKAGE_ROOT / "sandbox"


def _package_of(path: Path) -> str:
    """The package a file's relative imports start from."""
    parts = path.relative_to(PACKAGE_ROOT.parent).parent.parts
    return ".".join(parts)


def imported_modules(source: str, package: str) -> Iterator[str]:
    """Every module ``source`` imports, relative imports resolved against ``package``, and
    ``import_module("...")`` / ``__import__("...")`` with a literal name."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and _dynamic_import(node) is not None:
            yield str(_dynamic_import(node))


def _dynamic_import(node: ast.Call) -> str | None:
    name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
    first = node.args[0] if node.args else None
    if name in {"import_module", "__import__"} and isinstance(first, ast.Constant):
        return str(first.value)
    return None


def _imports_of(path: Path) -> Iterator[str]:
    return imported_modules(path.read_text(encoding="utf-8"), _package_of(path))


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def _foreign_to_sandbox(module: str) -> bool:
    platform = _within(module, "onedoor") and module != "onedoor"
    return _within(module, "django") or (platform and not _within(module, "onedoor.sandbox"))


def _offenders(paths: list[Path], bad: Callable[[str], bool]) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE_ROOT.parent)} imports {module}"
        for path in paths
        for module in _imports_of(path)
        if bad(module)
    ]


def test_no_platform_module_imports_the_sandbox() -> None:
    platform_files = [p for p in PACKAGE_ROOT.rglob("*.py") if not p.is_relative_to(SANDBOX_ROOT)]

    assert len(platform_files) > 20  # the scan really sees the platform
    assert _offenders(platform_files, lambda m: _within(m, "onedoor.sandbox")) == []


def test_the_sandbox_imports_neither_django_nor_the_platform() -> None:
    sandbox_files = list(SANDBOX_ROOT.rglob("*.py"))

    assert _offenders(sandbox_files, _foreign_to_sandbox) == []


def test_the_sandbox_code_needs_only_the_standard_library() -> None:
    code = [
        p for p in SANDBOX_ROOT.rglob("*.py") if "tests" not in p.relative_to(SANDBOX_ROOT).parts
    ]

    def outside_standard_library(module: str) -> bool:
        top = module.partition(".")[0]
        return top not in sys.stdlib_module_names and not _within(module, "onedoor.sandbox")

    assert _offenders(code, outside_standard_library) == []


def test_the_scan_sees_every_kind_of_import() -> None:
    source = (
        "import onedoor.sandbox.app\n"
        "from ..sandbox import store\n"
        "importlib.import_module('onedoor.sandbox.server')\n"
        "subprocess.run(['python', '-m', 'onedoor.sandbox'])\n"
        "from django.conf import settings\n"
        "from onedoor.core import audit\n"
    )

    found = list(imported_modules(source, "onedoor.hall"))

    assert [m for m in found if _within(m, "onedoor.sandbox")] == [
        "onedoor.sandbox.app",
        "onedoor.sandbox",
        "onedoor.sandbox.store",
        "onedoor.sandbox.server",
    ]
    assert [m for m in found if _foreign_to_sandbox(m)] == [
        "django.conf",
        "django.conf.settings",
        "onedoor.core",
        "onedoor.core.audit",
    ]
