"""The README stays true: its commands, and its error-handling examples, which are tests."""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess

import pytest

from ssmincidents_stub import IncidentsServer
from tests.external_clients import aws_cli, node_modules

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_readme_starts_with_the_two_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    assert blocks[:2] == [
        "python3.11 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest examples",
        "python3.11 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest",
    ]
    assert README.index("```bash") < README.index("\n## ")


def test_every_error_example_in_the_readme_is_a_test_in_examples() -> None:
    source = (ROOT / "examples" / "test_error_handling.py").read_text()
    marked = dict(re.findall(r"# --8<-- \[start:([\w-]+)\]\n(.*?)# --8<-- \[end:\1\]", source, re.S))
    chapter = README[README.index("## Handling Incident Manager errors") : README.index("## Development")]
    shown = re.findall(r"```python\n(.*?)```", chapter, re.S)
    assert len(marked) == 7
    assert sorted(block.strip() for block in shown) == sorted(block.strip() for block in marked.values())


def _section(title: str) -> str:
    start = README.index(f"\n## {title}")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def test_the_property_example_is_the_example_file() -> None:
    (block,) = re.findall(r"```python\n(.*?)```", _section("Property-based contract testing"), re.S)
    assert block == (ROOT / "examples" / "test_incident_report_properties.py").read_text()


@pytest.mark.parametrize("title", ["A first example", "The wire-level fake"])
def test_readme_examples_run_as_a_user_would_run_them(downstream: pytest.Pytester, title: str) -> None:
    (block,) = re.findall(r"```python\n(.*?)```", _section(title), re.S)
    downstream.makepyfile(test_readme_example=block)
    result = downstream.runpytest()
    assert result.ret == 0, result.stdout.str()
    assert result.parseoutcomes()["passed"] == block.count("\ndef test_") + block.startswith("def test_")


# ---------------------------------------------------------------- other processes and languages

OTHER = (
    _section("Testing subprocesses, the AWS CLI and other languages") if "\n## Testing subprocesses" in README else ""
)


@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
@pytest.mark.parametrize("index", [0, 1], ids=["subprocess", "aws-cli"])
def test_the_python_examples_for_other_processes_run(
    downstream: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, index: int
) -> None:
    blocks = re.findall(r"```python\n(.*?)```", OTHER, re.S)
    assert len(blocks) == 2
    if index == 1:  # the AWS CLI example needs `aws` on PATH: the pinned one the suite installs
        monkeypatch.setenv("PATH", f"{aws_cli().parent}{os.pathsep}{os.environ['PATH']}")
    downstream.makepyfile(test_readme_example=blocks[index])
    result = downstream.runpytest_subprocess()
    result.assert_outcomes(passed=1)


@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
@pytest.mark.usefixtures("plain_aws_setup")
def test_the_javascript_example_runs(tmp_path: pathlib.Path) -> None:
    (block,) = re.findall(r"```javascript\n(.*?)```", OTHER, re.S)
    (tmp_path / "node_modules").symlink_to(node_modules(), target_is_directory=True)
    (tmp_path / "example.mjs").write_text(block)
    with IncidentsServer() as server:
        record = server.put_incident_record(title="Checkout down")
        env = {**os.environ, **server.environment()}
        done = subprocess.run(
            ["node", str(tmp_path / "example.mjs"), record["arn"]], capture_output=True, text=True, env=env, timeout=120
        )
    assert done.stdout.strip() == "Checkout down", done.stderr


@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_the_curl_examples_of_the_control_api_run() -> None:
    (block,) = re.findall(r"```bash\n(# Seed an incident.*?)```", OTHER, re.S)
    with IncidentsServer(assert_all_responses_used=False) as server:
        done = subprocess.run(
            ["bash", "-euc", block], capture_output=True, text=True, env={**os.environ, "ENDPOINT": server.endpoint_url}
        )
        assert done.returncode == 0, done.stderr  # curl -f: any 4xx or 5xx would have stopped it
        answers = [json.loads(line) for line in done.stdout.replace("}{", "}\n{").splitlines() if line.strip()]
        assert len(answers) == block.count("curl ")
        assert answers[0]["title"] == "Checkout down"
        assert answers[-1] == {"reset": True}
        assert server.calls == [] and server.pending == []  # the last command reset it
