"""The README and docs/ stay true: their commands, and their examples, which are tests."""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys

import pytest

from ssmincidents_stub import IncidentsServer
from tests.external_clients import aws_cli, node_modules

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
COURSE = (ROOT / "docs" / "error-handling.md").read_text()
MAIN_COMMAND = (
    "python3.11 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest examples "
    "--ssm-incidents-error-coverage"
)


def test_readme_starts_with_the_two_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    assert blocks[:2] == [
        MAIN_COMMAND,
        "python3.11 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest",
    ]
    assert README.index("```bash") < README.index("\n## ")
    # Then the pitch, a first example and the contents, in that order.
    assert README.index("\n## A first example") < README.index("\n## Contents") < README.index("\n## Fixtures")


def test_the_readme_links_every_page_of_the_docs_and_each_exists() -> None:
    linked = set(re.findall(r"\]\((docs/[\w-]+\.md)", README))
    assert linked == {f"docs/{page.name}" for page in (ROOT / "docs").glob("*.md")}


def _regions(path: pathlib.Path) -> dict[str, str]:
    """The marked regions of an example file: ``# --8<-- [start:name]`` to ``[end:name]``."""
    found = re.findall(r"# --8<-- \[start:([\w-]+)\]\n(.*?)# --8<-- \[end:\1\]", path.read_text(), re.S)
    return {name: body.strip() for name, body in found}


def _python_blocks(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```python\n(.*?)```", text, re.S)]


def _part(text: str, start: str, end: str | None = None) -> str:
    first = text.index(start)
    return text[first : text.index(end, first) if end else len(text)]


def test_every_error_example_of_the_course_is_a_test_in_examples() -> None:
    marked = _regions(ROOT / "examples" / "test_error_handling.py")
    chapter = _part(COURSE, "## One error at a time", "## Prove your code handles every error")
    assert len(marked) == 11
    assert sorted(_python_blocks(chapter)) == sorted(marked.values())


def test_the_proof_chapter_shows_the_example_files() -> None:
    chapter = _part(COURSE, "## Prove your code handles every error")
    fetcher = _regions(ROOT / "examples" / "record_fetcher.py")
    prop = _regions(ROOT / "examples" / "test_record_fetcher.py")
    assert _python_blocks(chapter) == [
        fetcher["naive"],
        prop["imports"],
        prop["property"],
        prop["naive-property"],
        fetcher["fixed"],
        prop["regression"],
    ]


NAIVE_COMMAND = ".venv/bin/pytest examples/test_record_fetcher.py --runxfail -k naive"


def _shown_in(output: list[str], shown: str) -> None:
    text = "\n".join(line.removeprefix("E").strip() for line in output)
    text = text.replace("Falsifying example:", "Failing test case:")  # older Hypothesis says "Falsifying example"
    for line in shown.strip().splitlines():
        assert line.strip() in text, line


def test_the_naive_fetcher_fails_as_the_chapter_says() -> None:
    # The command the chapter gives, run where it says (the project's conftest derandomizes Hypothesis).
    (shown,) = re.findall(r"```text\n(AssertionError.*?)```", COURSE, re.S)
    assert f"```bash\n{NAIVE_COMMAND}\n```" in COURSE
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *NAIVE_COMMAND.split()[1:], "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout[-3000:]
    _shown_in(done.stdout.splitlines(), shown)


def test_the_naive_fetcher_fails_so_in_a_project_of_ones_own(downstream: pytest.Pytester) -> None:
    # The example files copied into a project with no conftest, as a user would (seeded, so stable).
    (shown,) = re.findall(r"```text\n(AssertionError.*?)```", COURSE, re.S)
    downstream.makepyfile(
        record_fetcher=(ROOT / "examples" / "record_fetcher.py").read_text(),
        test_record_fetcher=(ROOT / "examples" / "test_record_fetcher.py").read_text(),
    )
    result = downstream.runpytest_subprocess("--hypothesis-seed=0")
    result.assert_outcomes(passed=2, xfailed=1)  # as in examples/: the naive property is an expected failure
    result = downstream.runpytest_subprocess("--hypothesis-seed=0", "--runxfail", "-k", "naive")
    result.assert_outcomes(failed=1, deselected=2)
    _shown_in(result.outlines, shown)


def test_the_coverage_table_is_what_the_main_command_prints() -> None:
    (shown,) = re.findall(r"```text\n(Operation .*?)```", COURSE, re.S)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "examples", "--ssm-incidents-error-coverage", "-p", "no:cacheprovider", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    printed = done.stdout[done.stdout.index("Operation ") :]
    assert printed.startswith(shown.strip())


def _section(title: str) -> str:
    start = README.index(f"\n## {title}")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def test_the_property_example_is_the_example_file() -> None:
    (block,) = _python_blocks(_section("Property-based contract testing"))
    assert block == _regions(ROOT / "examples" / "test_incident_report_properties.py")["contract"]


def test_the_newcomer_traps_are_tests_in_examples() -> None:
    marked = _regions(ROOT / "examples" / "test_newcomer_traps.py")
    assert _python_blocks(_section("What newcomers trip on")) == [
        marked["retry-mode"],
        marked["exception-classes"],
        marked["threads"],
    ]


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
    block, _ = re.findall(r"```javascript\n(.*?)```", OTHER, re.S)
    (tmp_path / "node_modules").symlink_to(node_modules(), target_is_directory=True)
    (tmp_path / "example.mjs").write_text(block)
    with IncidentsServer() as server:
        record = server.put_incident_record(title="Checkout down")
        env = server.environment(os.environ)
        done = subprocess.run(
            ["node", str(tmp_path / "example.mjs"), record["arn"]], capture_output=True, text=True, env=env, timeout=120
        )
    assert done.stdout.strip() == "Checkout down", done.stderr


@pytest.mark.usefixtures("plain_aws_setup")  # the SDK reads no AWS file of the machine's
def test_the_javascript_suite_example_starts_a_server_that_stops_with_it(tmp_path: pathlib.Path) -> None:
    _, block = re.findall(r"```javascript\n(.*?)```", OTHER, re.S)
    (tmp_path / "node_modules").symlink_to(node_modules(), target_is_directory=True)
    (tmp_path / "suite.mjs").write_text(block)
    path = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])  # ssm-incidents-fake
    done = subprocess.run(
        ["node", str(tmp_path / "suite.mjs")],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path},
        timeout=120,
    )
    # It exited: node waits for its child, so the server stopped when its stdin closed.
    assert (done.returncode, done.stdout.strip()) == (0, "3"), done.stderr


@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_the_shell_recipe_starts_a_server_and_stops_it(tmp_path: pathlib.Path) -> None:
    (block,) = re.findall(r"```bash\n(# Start a fake for a shell script.*?)```", OTHER, re.S)
    path = os.pathsep.join([str(aws_cli().parent), os.path.dirname(sys.executable), os.environ.get("PATH", "")])
    env = {**os.environ, "PATH": path, "AWS_PROFILE": "prod"}  # a profile of the user's, which the recipe unsets
    done = subprocess.run(["bash", "-euc", block], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"responsePlanSummaries": []}


@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_the_curl_examples_of_the_control_api_run() -> None:
    (block,) = re.findall(r"```bash\n(# Seed an incident.*?)```", OTHER, re.S)
    with IncidentsServer(assert_all_responses_used=False) as server:
        done = subprocess.run(
            ["bash", "-euc", block], capture_output=True, text=True, env={**os.environ, "ENDPOINT": server.endpoint_url}
        )
        assert done.returncode == 0, done.stderr  # --fail-with-body: any 4xx or 5xx would have stopped it
        answers = [json.loads(line) for line in done.stdout.replace("}{", "}\n{").splitlines() if line.strip()]
        assert len(answers) == block.count("curl ")
        assert answers[0]["title"] == "Checkout down"
        assert answers[-1] == {"reset": True}
        assert server.calls == [] and server.pending == []  # the last command reset it
