"""glue_providers imports neither glue_api nor Dagster (dlt only inside sources); glue_api never imports Dagster."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_after(code: str) -> set[str]:
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_the_registry_and_every_declaration_import_neither_glue_api_nor_dagster_nor_dlt():
    loaded = imported_after("from glue_providers import registry\n"
                            "specs = registry.all_specs()\nassert len(specs) == 18, len(specs)")
    assert not loaded & {"glue_api", "glue_pipelines", "dagster", "dlt", "glue_emulators"}


def test_the_api_never_imports_dagster():
    loaded = imported_after("from glue_api.main import create_app\nfrom glue_api.config import Settings\n"
                            "create_app(Settings(database_url='sqlite://'))")
    assert "dagster" not in loaded and "glue_pipelines" not in loaded
