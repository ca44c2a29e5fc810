"""The scheduled capture workflow: off the hour, allowed to push, capturing the listed URLs."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "capture.yml"
URLS = ROOT / "capture-urls.txt"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def runs(workflow: dict) -> list[str]:
    return [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]


def test_it_runs_hourly_off_the_hour_and_by_hand(workflow):
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    [schedule] = triggers["schedule"]
    minute, hour, *_ = schedule["cron"].split()
    assert minute.isdigit() and int(minute) != 0, "GitHub's scheduler is crowded on the hour"
    assert hour == "*"
    assert "workflow_dispatch" in triggers


def test_it_may_push_and_start_the_publish_workflow(workflow):
    assert workflow["permissions"]["contents"] == "write"
    assert workflow["permissions"]["actions"] == "write"
    assert any("gh workflow run publish.yml" in run for run in runs(workflow))
    assert (ROOT / ".github" / "workflows" / "publish.yml").exists()


def test_it_captures_the_listed_urls_into_the_example_snapshots(workflow):
    [command] = [run for run in runs(workflow) if "python -m generator capture" in run]
    assert "capture-urls.txt" in command
    assert re.search(r"python -m generator capture \$\(.*capture-urls\.txt\) --into snapshots", command)
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(step.get("uses", "").startswith("actions/setup-python") and step["with"]["python-version"] == "3.11"
               for step in steps)
    assert any("pip install -e ." in step.get("run", "") or ".venv/bin/.installed" in step.get("run", "")
               for step in steps)


def test_it_commits_only_new_snapshots_with_a_bot_identity(workflow):
    [commit] = [run for run in runs(workflow) if "git push" in run]
    assert "git diff --cached" in commit and "exit 0" in commit.split("git commit")[0]
    assert 'git config user.name "github-actions[bot]"' in commit


def test_the_url_list_holds_only_comments_and_http_urls():
    lines = [line.strip() for line in URLS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines and lines[0].startswith("#")
    assert all(line.startswith("#") or re.match(r"https?://\S+$", line) for line in lines)
