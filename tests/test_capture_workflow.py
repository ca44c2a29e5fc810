"""The scheduled capture workflow: off the hour, capturing read-only, committing in a job of its own."""
from __future__ import annotations

import re
import subprocess

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


def job_steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def test_only_the_commit_job_may_push_and_start_the_publish_workflow(workflow):
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["capture"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["commit"]["permissions"] == {"contents": "write", "actions": "write"}
    commit_runs = "\n".join(step.get("run", "") for step in job_steps(workflow, "commit"))
    assert "gh workflow run publish.yml" in commit_runs and "git push" in commit_runs
    assert "pip install" not in commit_runs  # the job that may write installs nothing
    assert (ROOT / ".github" / "workflows" / "publish.yml").exists()


def test_the_capture_job_hands_what_it_saved_to_the_commit_job(workflow):
    def step(job: str, action: str) -> dict:
        return next(s for s in job_steps(workflow, job) if s.get("uses", "").startswith(f"actions/{action}@"))

    upload, download = step("capture", "upload-artifact"), step("commit", "download-artifact")
    assert upload["with"]["name"] == download["with"]["name"] == "captured"
    assert workflow["jobs"]["commit"]["needs"] == "capture"
    assert "!cancelled()" in workflow["jobs"]["commit"]["if"]  # commits after a partial failure too


def test_it_captures_the_listed_urls_from_the_url_file(workflow):
    [command] = [run for run in runs(workflow) if "python -m generator capture" in run]
    assert "python -m generator capture --urls-file capture-urls.txt --into snapshots" in command
    [line] = [line for line in command.splitlines() if "python -m generator capture" in line]
    assert "$(" not in line  # no URL list spliced unquoted into the command line
    steps = job_steps(workflow, "capture")
    assert any(step.get("uses", "").startswith("actions/setup-python") and step["with"]["python-version"] == "3.11"
               for step in steps)
    assert any(step.get("run", "").strip() == "python -m pip install --quiet ." for step in steps)


def run_capture_step(workflow: dict, tmp_path, log: str, status: int) -> tuple[str, str, bool]:
    """Run the capture step with a stand-in generator printing `log`: the summary, outputs, and all-failed flag."""
    step = next(s for s in job_steps(workflow, "capture") if s.get("id") == "capture")
    (tmp_path / "capture-urls.txt").write_text("# pages\nhttps://example.org/a\nhttps://example.org/b\n")
    (tmp_path / "python").write_text(f"#!/bin/sh\nprintf '%s' '{log}'\nexit {status}\n")
    (tmp_path / "python").chmod(0o755)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"),
           "GITHUB_OUTPUT": str(tmp_path / "output"), "HOME": str(tmp_path)}
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, check=True, capture_output=True)
    return ((tmp_path / "summary").read_text(), (tmp_path / "output").read_text(), (tmp_path / "all-failed").exists())


def test_a_run_where_some_urls_fail_lists_them_in_the_summary_and_goes_on(workflow, tmp_path):
    log = ("saved https://example.org/a -> 2026-01-01T100000Z-abc.html.gz (HTTP 200, 5 bytes)\n"
           "failed https://example.org/b (HTTP 404)\n")
    summary, _, all_failed = run_capture_step(workflow, tmp_path, log, 1)
    assert "1 captured or unchanged, 1 failed." in summary
    assert "- https://example.org/b (HTTP 404)" in summary
    assert not all_failed


def test_a_run_where_every_url_fails_fails(workflow, tmp_path):
    summary, output, all_failed = run_capture_step(workflow, tmp_path, "failed https://example.org/a (HTTP 500)\n", 1)
    assert "0 captured or unchanged, 1 failed." in summary and all_failed
    assert "saved=false" in output
    last = job_steps(workflow, "capture")[-1]
    assert last["run"] == "! test -e all-failed" and "if" not in last


def test_it_commits_only_new_snapshots_with_a_bot_identity(workflow):
    [commit] = [run for run in runs(workflow) if "git push" in run]
    assert "git diff --cached" in commit and "exit 0" in commit.split("git commit")[0]
    assert r"\.(html?|txt)(\.gz)?$" in commit  # compressed captures count as new snapshots
    assert 'git config user.name "github-actions[bot]"' in commit


def test_the_url_list_says_where_the_snapshots_go():
    assert "into snapshots/" in URLS.read_text(encoding="utf-8").splitlines()[0]


def test_the_url_list_holds_only_comments_and_http_urls():
    lines = [line.strip() for line in URLS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines and lines[0].startswith("#")
    assert all(line.startswith("#") or re.match(r"https?://\S+$", line) for line in lines)
