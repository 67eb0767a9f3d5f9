"""The stored values sites/permissions.py compares are values of the models above it.

The permissions module sits below the reviews parts and cannot import
Review.Status, Review.Kind or Report.Status, so it writes their stored values
("planned", "external", "signed", ...) as text. This test reads the module's
source and holds every such text to the choices, so a renamed or removed
status cannot leave a rule quietly comparing against a value that no longer
exists.
"""

import ast
import inspect

from reviews.rating.models import Review
from reviews.reports.models import Report
from sites import permissions

REVIEW_STATUSES = set(Review.Status.values)
REVIEW_KINDS = set(Review.Kind.values)
REPORT_STATUSES = set(Report.Status.values)


def _strings(node: ast.AST, constants: dict[str, ast.AST]) -> list[str]:
    """The texts a comparison or filter value stands for: a literal, a tuple or
    list of them, or the name of a module-level constant holding them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [text for element in node.elts for text in _strings(element, constants)]
    if isinstance(node, ast.Name) and node.id in constants:
        return _strings(constants[node.id], constants)
    return []


def _lookup_field(key: ast.AST) -> str | None:
    """The ORM lookup a keyword or `**{...}` key names: "reports__status", "status__in"."""
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return key.value
    if isinstance(key, ast.JoinedStr):  # f"{prefix}status": the text after the prefix
        tail = key.values[-1]
        if isinstance(tail, ast.Constant) and isinstance(tail.value, str):
            return tail.value
    return None


def stored_values_used() -> list[tuple[str, str, str, int]]:
    """(model, field, value, line) for every status or kind text the module compares.

    The model is Report where the object is named `report`, where the lookup goes
    through `reports__`, or inside a function whose filter is on reports (its
    name starts with "report"); Review everywhere else.
    """
    tree = ast.parse(inspect.getsource(permissions))
    constants = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found: list[tuple[str, str, str, int]] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef):
            function = node.name
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            for side in sides:
                if isinstance(side, ast.Attribute) and side.attr in ("status", "kind"):
                    owner = side.value.id if isinstance(side.value, ast.Name) else ""
                    model = "Report" if owner == "report" else "Review"
                    for other in sides:
                        for text in _strings(other, constants):
                            found.append((model, side.attr, text, node.lineno))
        pairs: list[tuple[ast.AST | None, ast.AST]] = []
        if isinstance(node, ast.Call):
            pairs += [(ast.Constant(kw.arg), kw.value) for kw in node.keywords if kw.arg]
        if isinstance(node, ast.Dict):
            pairs += list(zip(node.keys, node.values, strict=True))
        for key, value in pairs:
            lookup = _lookup_field(key) if key is not None else None
            if lookup is None:
                continue
            parts = [part for part in lookup.split("__") if part not in ("in", "exact")]
            if not parts or parts[-1] not in ("status", "kind"):
                continue
            on_reports = "reports" in parts or (len(parts) == 1 and function.startswith("report"))
            model = "Report" if on_reports else "Review"
            for text in _strings(value, constants):
                found.append((model, parts[-1], text, getattr(value, "lineno", 0)))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "")
    return found


def test_every_status_and_kind_the_permissions_module_compares_is_a_stored_value():
    allowed = {
        ("Review", "status"): REVIEW_STATUSES,
        ("Review", "kind"): REVIEW_KINDS,
        ("Report", "status"): REPORT_STATUSES,
    }
    used = stored_values_used()
    unknown = [
        f"line {line}: {model}.{field} == {value!r}"
        for model, field, value, line in used
        if value not in allowed[(model, field)]
    ]
    assert not unknown, "values that are not choices of the model: " + "; ".join(unknown)
    # The scan itself still finds the module's comparisons (a rewrite it no longer
    # understands would pass the check above by finding nothing).
    seen = {(model, field, value) for model, field, value, _line in used}
    assert {
        ("Review", "status", "planned"),
        ("Review", "status", "consensus"),
        ("Review", "status", "published"),
        ("Review", "kind", "external"),
        ("Review", "kind", "self_assessment"),
        ("Report", "status", "signed"),
    } <= seen


def test_the_scan_catches_a_value_that_is_not_a_choice(monkeypatch):
    source = inspect.getsource(permissions) + (
        "\n\ndef report_example(user):\n    return Q(status='sigend')\n"
        "\n\ndef example(review):\n    return review.status in ('planed', 'rating')\n"
    )
    monkeypatch.setattr(inspect, "getsource", lambda _module: source)
    bad = {
        (model, value)
        for model, _field, value, _line in stored_values_used()
        if value in ("sigend", "planed")
    }
    assert bad == {("Report", "sigend"), ("Review", "planed")}
