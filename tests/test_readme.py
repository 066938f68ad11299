"""The README stays true: its commands, and its error-handling examples, which are tests."""

from __future__ import annotations

import pathlib
import re

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
