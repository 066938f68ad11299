"""The house's floors, enforced: each module names its floor on its first line and imports only what that floor may.

``[is]`` (what the service is: the model, facts, payloads) imports nothing above it;
``[does]`` (``service/``) adds only itself; ``[delivers]`` adds the deliveries' shared
modules, and the three deliveries (stub, fake, server) never import one another;
``[tools]`` (the plugin, the strategies, the package root) may use anything.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

import ssmincidents_stub

PACKAGE = pathlib.Path(ssmincidents_stub.__file__).parent
FLOORS = ("is", "does", "delivers", "tools")
DELIVERIES = {"ssmincidents_stub.stub", "ssmincidents_stub.fake", "ssmincidents_stub.server"}


def _module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _floor(path: pathlib.Path) -> str:
    docstring = ast.get_docstring(ast.parse(path.read_text()), clean=False) or ""
    first = docstring.splitlines()[0] if docstring else ""
    tag = first[1 : first.find("]")] if first.startswith("[") else ""
    assert tag in FLOORS, f"{path.name}: the first line should open with one of {FLOORS} in brackets, got {first!r}"
    return tag


def _imports(path: pathlib.Path) -> set[str]:
    """The package's modules this one imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            # `from ssmincidents_stub import gate` imports the module ssmincidents_stub.gate;
            # `from ssmincidents_stub.gate import acquire`, the module ssmincidents_stub.gate.
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in MODULES else node.module)
    return {name for name in found if name in MODULES and name != _module_name(path)}


def _allowed(floor: str) -> set[str]:
    return set(FLOORS[: FLOORS.index(floor) + 1])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_imports_only_its_own_floor_and_those_below(name: str) -> None:
    floor = _floor(MODULES[name])
    for imported in sorted(_imports(MODULES[name])):
        imported_floor = _floor(MODULES[imported])
        assert imported_floor in _allowed(floor), f"{name} [{floor}] imports {imported} [{imported_floor}]"
        if floor == "delivers":
            assert imported not in DELIVERIES, f"{name} imports the delivery {imported}: deliveries share only floors"


def test_every_floor_is_inhabited_and_the_deliveries_are_where_the_readme_says() -> None:
    floors = {name: _floor(path) for name, path in MODULES.items()}
    assert set(floors.values()) == set(FLOORS)
    assert {name for name in DELIVERIES if floors[name] == "delivers"} == DELIVERIES
    assert {name for name, floor in floors.items() if floor == "does"} == {
        name for name in MODULES if name.startswith("ssmincidents_stub.service")
    }


def test_the_check_sees_an_import_inside_a_function() -> None:
    # The plugin imports lazily, inside fixtures: the check must read those imports too.
    assert "ssmincidents_stub.fake" in _imports(MODULES["ssmincidents_stub.plugin"])
    assert "ssmincidents_stub.clients" in _imports(MODULES["ssmincidents_stub.stub"])


def test_a_suite_of_stubbed_tests_loads_no_fake_server_codec_or_service(pytester: pytest.Pytester) -> None:
    # The commonest use pays only for what it uses: about 6 ms of imports (the fault and wire
    # modules) came back once through a message that only a misused add_error needs.
    pytester.makepyfile(
        """
        import sys

        def test_stubbed(ssm_incidents_stub):
            record = ssm_incidents_stub.add_incident_record()
            ssm_incidents_stub.add_error("get_timeline_event", "ThrottlingException")
            ssm_incidents_stub.client.get_incident_record(arn=record["arn"])
            try:
                ssm_incidents_stub.client.get_timeline_event(incidentRecordArn=record["arn"], eventId="e")
            except ssm_incidents_stub.client.exceptions.ThrottlingException:
                pass
            loaded = sorted(name for name in sys.modules if name.startswith("ssmincidents_stub."))
            print("LOADED", loaded)
            unwanted = {"fake", "server", "wire", "faults", "responder", "service", "strategies"}
            assert not [name for name in loaded if name.split(".")[1] in unwanted], loaded
        """
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly").assert_outcomes(passed=1)
