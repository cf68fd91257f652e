"""The README's promise: two commands to start and to test, and links that resolve."""

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
QUICK_START_COMMANDS = ["python3 infra/dev.py up", "python3 infra/dev.py test"]


def section(markdown: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def test_quick_start_is_exactly_the_two_commands():
    quick_start = section(README, "Quick start")
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", quick_start, re.M | re.S)
    assert len(blocks) == 1
    assert [line for line in blocks[0].splitlines() if line.strip()] == QUICK_START_COMMANDS
    prose = re.sub(r"^```.*?^```", "", quick_start, flags=re.M | re.S)
    assert not re.search(r"^(\s{4}|\t|\$ )\S", prose, re.M), "an indented or $ command line"
    assert all(" " not in span for span in re.findall(r"`([^`]+)`", prose))


def test_readme_covers_layout_configuration_production_and_docs():
    for title in ("Layout", "Configuration", "Production", "Documentation"):
        assert section(README, title).strip()


def test_relative_links_resolve():
    for document in (ROOT / "README.md", ROOT / "docs" / "RUNBOOK.md"):
        text = document.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            if "://" not in target:
                assert (document.parent / target).exists(), f"{document.name} -> {target}"
