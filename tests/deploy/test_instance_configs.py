"""The example instance files in deploy/ pass Dagster's own validation: the instance schema, then each configured
class's schema (run launcher, compute logs, run coordinator, storage), as Dagster checks them when it loads them.

Dagster has no public call that validates an instance file without building the instance (which would reach
for a Kubernetes cluster or S3): its own validation functions are imported from where Dagster keeps them."""

import importlib
from pathlib import Path

import pytest
import yaml
from dagster._config import validate_config
from dagster._core.errors import DagsterInvalidConfigError
from dagster._core.instance.config import dagster_instance_config

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
FILES = ["dagster.docker.yaml", "dagster.k8s.yaml"]
LAUNCHERS = {"dagster.docker.yaml": "DockerRunLauncher", "dagster.k8s.yaml": "K8sRunLauncher"}


def class_errors(section: dict) -> list[str]:
    """Errors of a ``{module, class, config}`` section against the config schema of the class it names."""
    cls = getattr(importlib.import_module(section["module"]), section["class"])
    result = validate_config(cls.config_type(), section.get("config") or {})
    return [error.message for error in result.errors or []]


def configured_classes(config: dict) -> dict[str, dict]:
    sections = {key: value for key, value in config.items() if isinstance(value, dict) and "class" in value}
    return sections | {"storage.postgres": {"module": "dagster_postgres", "class": "DagsterPostgresStorage",
                                            "config": config["storage"]["postgres"]}}


@pytest.mark.parametrize("name", FILES)
def test_instance_file_is_valid(name):
    dagster_instance_config(str(DEPLOY), name)  # raises DagsterInvalidConfigError on a wrong key or type
    config = yaml.safe_load((DEPLOY / name).read_text())
    classes = configured_classes(config)
    assert classes["run_launcher"]["class"] == LAUNCHERS[name]
    assert classes["compute_logs"]["class"] == "S3ComputeLogManager"
    assert config["run_retries"] == {"enabled": True, "max_retries": 2, "retry_on_asset_or_op_failure": False}
    for key, section in classes.items():
        assert class_errors(section) == [], key


@pytest.mark.parametrize("name", FILES)
def test_a_misspelt_launcher_setting_is_refused(name):
    config = yaml.safe_load((DEPLOY / name).read_text())
    config["run_launcher"]["config"]["imagee"] = "glue:latest"
    assert any("imagee" in error for error in class_errors(config["run_launcher"]))
    config["compute_logs"]["config"].pop("bucket")
    assert any("bucket" in error for error in class_errors(config["compute_logs"]))


def test_an_unknown_instance_key_is_refused(tmp_path):
    (tmp_path / "dagster.yaml").write_text((DEPLOY / FILES[0]).read_text() + "\nrun_launchr: {}\n")
    with pytest.raises(DagsterInvalidConfigError):
        dagster_instance_config(str(tmp_path), "dagster.yaml")


# What an off-one-host file may change from the repository's dagster.yaml: where runs execute and where their
# logs go, how long a run may take to start, and how many run at once.
OWN_SECTIONS = {"run_launcher", "compute_logs", "run_monitoring"}


@pytest.mark.parametrize("name", FILES)
def test_instance_file_keeps_the_repository_limits(name):
    """Queueing, limits, pools, retries and retention are dagster.yaml's: a deploy file must not drift from it."""
    repository = yaml.safe_load((DEPLOY.parent / "dagster.yaml").read_text())
    deployed = yaml.safe_load((DEPLOY / name).read_text())
    for section in (repository.keys() | deployed.keys()) - OWN_SECTIONS:
        if section == "concurrency":
            deployed[section]["runs"].pop("max_concurrent_runs")
            repository[section]["runs"].pop("max_concurrent_runs")
        assert deployed.get(section) == repository.get(section), section
