#!/usr/bin/env python3
"""Dev evaluation gate: extract ../shared/eval/dev/articles.jsonl, score it, fail below the floors.

The floors (.ci/eval-floor.json) sit just under the current scores so accuracy cannot silently regress.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def main() -> int:
    if not (EVAL / "dev" / "articles.jsonl").exists():
        print("eval gate: ../shared/eval/dev not present; skipped")
        return 0
    floors = json.loads((ROOT / ".ci" / "eval-floor.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, "-m", "finextract", "extract", str(EVAL / "dev" / "articles.jsonl"), "--out", out],
                       check=True)
        res = subprocess.run([sys.executable, str(EVAL / "score.py"), str(EVAL / "dev" / "gold.jsonl"), out, "--json"],
                             check=True, capture_output=True, text=True)
    summary = json.loads(res.stdout)["summary"]
    failed = []
    for key, floor in floors.items():
        got = summary[key]["f1"]
        status = "ok" if got >= floor else "BELOW FLOOR"
        print(f"eval gate: {key:18} F1 {got:.3f} (floor {floor:.3f}) {status}")
        if got < floor:
            failed.append(key)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
