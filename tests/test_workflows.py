"""The GitHub Actions workflows: CI runs the tests, Publish rebuilds and deploys the site to Pages."""
from __future__ import annotations

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    on = workflow[True] if True in workflow else workflow["on"]
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def uses(workflow: dict, job: str) -> list[str]:
    return [step["uses"] for step in steps(workflow, job) if "uses" in step]


def runs(workflow: dict, job: str) -> str:
    return "\n".join(step["run"] for step in steps(workflow, job) if "run" in step)


@pytest.fixture(scope="module")
def ci():
    return load("ci.yml")


@pytest.fixture(scope="module")
def publish():
    return load("publish.yml")


def test_ci_runs_on_push_and_pull_request(ci):
    assert set(triggers(ci)) >= {"push", "pull_request"}


def test_ci_installs_chromium_and_runs_make_test(ci):
    (job,) = ci["jobs"]
    assert ci["jobs"][job]["runs-on"] == "ubuntu-latest"
    assert uses(ci, job)[:2] == ["actions/checkout@v4", "actions/setup-python@v5"]
    setup = next(s for s in steps(ci, job) if s.get("uses") == "actions/setup-python@v5")
    assert str(setup["with"]["python-version"]) == "3.11"
    commands = runs(ci, job)
    assert "apt-get install -y chromium" in commands
    assert any(line.strip() == "make test" for line in commands.splitlines())
    assert commands.index("chromium") < commands.index("make test")


def test_publish_triggers(publish):
    on = triggers(publish)
    assert set(on) == {"push", "schedule", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    (entry,) = on["schedule"]
    minute, hour, day, month, weekday = entry["cron"].split()
    assert minute.isdigit() and 1 <= int(minute) <= 59, "schedule off the hour, not at minute 0"
    assert hour.isdigit() and (day, month, weekday) == ("*", "*", "*"), "once a day"


def test_publish_permissions_and_concurrency(publish):
    assert publish["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert publish["concurrency"]["group"] == "pages"


def test_publish_builds_the_site_and_uploads_it(publish):
    build = publish["jobs"]["build"]
    assert build["runs-on"] == "ubuntu-latest"
    used = uses(publish, "build")
    for action in ("actions/checkout@v4", "actions/setup-python@v5", "actions/configure-pages@v5",
                   "actions/upload-pages-artifact@v3"):
        assert action in used, action
    assert "actions/deploy-pages@v4" not in used
    build_step = next(s["run"] for s in steps(publish, "build") if "make site" in s.get("run", ""))
    assert 'make site SNAPSHOTS="$folder"' in build_step and "folder=examples/snapshots" in build_step
    upload = next(s for s in steps(publish, "build") if s.get("uses") == "actions/upload-pages-artifact@v3")
    assert upload["with"]["path"] == "site"
    # the artifact is uploaded after the site is built
    order = [s.get("uses") or s.get("run") for s in steps(publish, "build")]
    assert order.index(build_step) < order.index("actions/upload-pages-artifact@v3")


def test_scheduled_runs_only_publish_the_default_branch(publish):
    condition = publish["jobs"]["build"]["if"]
    assert "github.event_name != 'schedule'" in condition
    assert "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)" in condition


def test_publish_deploys_to_pages(publish):
    deploy = publish["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    (step,) = [s for s in deploy["steps"] if "uses" in s]
    assert step["uses"] == "actions/deploy-pages@v4"
    assert step["id"] == "deployment"
