"""The README stays true: its commands, and its error-handling examples, which are tests."""

from __future__ import annotations

import pathlib
import re

import pytest

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
