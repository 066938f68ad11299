"""What the package declares is what CI tests: bounds, Pythons, entry points, py.typed."""

from __future__ import annotations

import ast
import configparser
import pathlib
import re
import socket

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SETUP = configparser.ConfigParser()
SETUP.read(ROOT / "setup.cfg")


def _nox_constant(name: str) -> object:
    tree = ast.parse((ROOT / "noxfile.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == name:
            return ast.literal_eval(node.value)
    raise AssertionError(f"noxfile.py has no {name}")


def _requirements(section: str, key: str) -> dict[str, str]:
    lines = [line.split("#")[0].strip() for line in SETUP[section][key].splitlines()]
    found = {}
    for line in filter(None, lines):
        match = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+?)(?:\[[^\]]*\])?>=([0-9.]+)", line)
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def test_every_lower_bound_is_the_version_the_oldest_session_tests() -> None:
    oldest = dict(pin.split("==") for pin in _nox_constant("OLDEST"))  # type: ignore[attr-defined]
    declared = {
        **_requirements("options", "install_requires"),
        "boto3": _requirements("options.extras_require", "test")["boto3"],
    }
    assert declared == oldest


def test_the_supported_pythons_are_the_tested_ones() -> None:
    assert SETUP["options"]["python_requires"] == ">=3.10"
    classifiers = re.findall(r"Programming Language :: Python :: (3\.\d+)", SETUP["metadata"]["classifiers"])
    tested = {*_nox_session_pythons(), "3.11"}  # 3.11: the README's own test command
    assert set(classifiers) == tested == {"3.10", "3.11", "3.12", "3.13"}


def _nox_session_pythons() -> list[str]:
    tree = ast.parse((ROOT / "noxfile.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "tests":
            (decorator,) = node.decorator_list
            assert isinstance(decorator, ast.Call)
            (keyword,) = decorator.keywords
            return list(ast.literal_eval(keyword.value))
    raise AssertionError("noxfile.py has no tests session")


def test_the_entry_points_and_py_typed_are_declared() -> None:
    entry_points = SETUP["options.entry_points"]
    assert entry_points["pytest11"].strip() == "ssm_incidents = ssmincidents_stub.plugin"
    assert entry_points["console_scripts"].strip() == "ssm-incidents-fake = ssmincidents_stub.server:main"
    assert SETUP["options.package_data"]["ssmincidents_stub"].strip() == "py.typed"
    assert (ROOT / "ssmincidents_stub" / "py.typed").exists()


def test_the_installed_pytest_socket_blocks_dns_lookups_too() -> None:
    # pytest-socket 0.7 let getaddrinfo through: the suite's sockets-off promise needs 0.8.
    with pytest.raises(Exception, match=r"A test tried to use socket\.getaddrinfo"):
        socket.getaddrinfo("ssm-incidents.us-east-1.amazonaws.com", 443)


def test_every_public_name_at_the_root_resolves_and_a_misspelt_one_says_so() -> None:
    import ssmincidents_stub

    for name in ssmincidents_stub.__all__:
        value = getattr(ssmincidents_stub, name)
        assert getattr(value, "__module__", "ssmincidents_stub").startswith("ssmincidents_stub"), name
    with pytest.raises(AttributeError, match="module 'ssmincidents_stub' has no attribute 'IncidentStub'"):
        ssmincidents_stub.IncidentStub  # type: ignore[attr-defined]  # noqa: B018


@pytest.mark.parametrize("name", ["PayloadError", "BlockedRequestError"])
def test_public_errors_are_named_where_users_import_them(name: str) -> None:
    # A traceback names an error's module: the private one would send users to import it from there.
    import pickle

    import ssmincidents_stub

    error_type = getattr(ssmincidents_stub, name)
    assert f"{error_type.__module__}.{error_type.__qualname__}" == f"ssmincidents_stub.{name}"
    # An error raised in a worker process reaches its parent pickled: whole, and of its public type.
    if name == "PayloadError":
        error = error_type("incident record", ["title: too long", "impact: 9 is above 5"])
    else:
        error = error_type("GetIncidentRecord", "eu-west-1", "https://ssm-incidents.eu-west-1.amazonaws.com/x")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is error_type
    assert str(copy) == str(error) and copy.args == error.args
