"""Dependencies between the apps point one way (docs/architecture.md):

    lms <- workshops <- courses, sandbox_apa <- certificates

An app never imports a higher one, nor a sibling; lms/settings.py and lms/urls.py are the
composition root and may name every app. Read from the source (imports inside functions
included), so a reach-around in a function body is caught too."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# What each app may import of the portal's apps (itself always).
ALLOWED = {
    "lms": set(),
    "workshops": {"lms"},
    "courses": {"lms", "workshops"},
    "sandbox_apa": {"lms", "workshops"},
    "certificates": {"lms", "workshops", "courses", "sandbox_apa"},
}
COMPOSITION_ROOT = {ROOT / "lms" / "settings.py", ROOT / "lms" / "urls.py"}


def imported_apps(path: Path) -> set[str]:
    """The portal's apps that a module imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & set(ALLOWED)


def wrong_imports(app: str) -> list[str]:
    wrong = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if path in COMPOSITION_ROOT:
            continue
        for other in sorted(imported_apps(path) - ALLOWED[app] - {app}):
            wrong.append(f"{path.relative_to(ROOT)} imports {other}")
    return wrong


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_apps_below_it(app):
    assert wrong_imports(app) == []


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "reach.py"
    module.write_text("def f():\n    from certificates.models import Certificate\n")
    assert imported_apps(module) == {"certificates"}
