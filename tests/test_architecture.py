"""The conventions every feature follows, checked on the source so that a slip fails the suite:
writes go through operations, which name who acted; views only call them; forms live in
forms.py."""
import ast
import inspect
import pathlib

from lending.audit import log

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "lending"
AUDIT_WRITER = "lending.audit.log"


def _modules():
    """(dotted name, parsed source) of every module of the app."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path, ast.parse(path.read_text(), str(path))


def _imported(name: str, tree: ast.AST, path: pathlib.Path) -> set[str]:
    """Every module (and module.name) this module imports, as absolute dotted names."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _is_operation(name: str) -> bool:
    """Operations live in a module named operations, or in an operations package."""
    return "operations" in name.split(".")


def _is_view(name: str) -> bool:
    """Views live in a module named routes, or in a routes package."""
    return "routes" in name.split(".")


def test_only_operations_import_the_audit_writer():
    writers = sorted(name for name, path, tree in _modules()
                     if name != AUDIT_WRITER and AUDIT_WRITER in _imported(name, tree, path))
    assert writers, "the audit writer is used somewhere"
    assert [name for name in writers if not _is_operation(name)] == []


def test_the_audit_writer_never_guesses_who_acted():
    for function in (log.record, log.record_created, log.insert_created, log.apply_changes):
        by = inspect.signature(function).parameters["by"]
        assert by.kind is inspect.Parameter.KEYWORD_ONLY, function.__name__
        assert by.default is inspect.Parameter.empty, function.__name__
    source = inspect.getsource(log)
    assert "current_user" not in source and "flask_login" not in source


def test_operations_are_told_who_acts_and_never_look_it_up():
    for name, path, tree in _modules():
        if _is_operation(name):
            imported = _imported(name, tree, path)
            assert "flask_login" not in {module.split(".")[0] for module in imported}, name
            assert not any(module.endswith("signed_in_user") for module in imported), name


def _session_calls(tree: ast.AST) -> list[str]:
    """Calls such as db.session.add(...) in a module: (what was called)."""
    return [node.func.attr for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "session"]


def test_views_write_nothing_themselves():
    for name, _path, tree in _modules():
        if _is_view(name):
            writes = [call for call in _session_calls(tree)
                      if call in ("add", "add_all", "delete", "merge", "flush")]
            assert writes == [], name
            assert not any(isinstance(node, ast.Call) and getattr(node.func, "id", "") ==
                           "setattr" for node in ast.walk(tree)), name


def _defines_a_form(tree: ast.AST) -> list[str]:
    """Classes in a module that derive from a form class."""
    return [node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef) and any(
        (getattr(base, "id", "") or getattr(base, "attr", "")).endswith("Form")
        or (getattr(base, "id", "") or "").endswith("Fields") for base in node.bases)]


def test_forms_live_in_forms_modules():
    misplaced = {name: forms for name, path, tree in _modules()
                 if path.name != "forms.py" and (forms := _defines_a_form(tree))}
    assert misplaced == {}


def test_code_points_to_the_projects_own_domain_document():
    # DOMAIN.md is outside the repository; docs/domain.md is the project's own.
    assert [path.name for path in PACKAGE.rglob("*.py") if "DOMAIN.md" in path.read_text()] == []
    assert (PACKAGE.parent / "docs" / "domain.md").exists()


def test_one_module_decides_what_a_funder_sees_of_a_count_of_people():
    # The portal, the PDF and the workbook all take their numbers through
    # reporting/disclosure.py (withhold); nothing else reads the threshold or compares a count
    # to it.
    readers = sorted(name for name, path, _tree in _modules()
                     if "SUPPRESSION_THRESHOLD" in path.read_text()
                     and name not in ("lending.config", "lending.reporting.disclosure"))
    assert readers == []
    assert 'kind == "peer_served"' not in "".join(
        path.read_text() for path in PACKAGE.rglob("*.py"))
