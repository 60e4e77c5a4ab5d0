import json
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev"


def load_cases(name: str) -> dict:
    return yaml.safe_load((ROOT / "tests" / "cases" / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def pipeline():
    from finextract.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def dev_articles():
    path = DEV / "articles.jsonl"
    if not path.exists():
        pytest.skip("../shared/eval/dev is not present")
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
