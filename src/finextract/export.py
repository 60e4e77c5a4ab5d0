"""Interchange export: facts.jsonl, relations.jsonl, entities.jsonl (or CSV).

The export is all-or-nothing: every file is written to a temporary name in the
output folder first and renamed into place only when all are complete.
"""
from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Literal

from .errors import OutputError
from .models import ArticleResult, EntityRecord, Fact, Relation

FACT_FIELDS = ["id", "article_id", "entity", "entity_type", "metric", "metric_id", "metric_text", "value", "value_max",
               "unit", "qualifier", "value_text", "period", "period_start", "period_end", "change_pct", "change_abs",
               "change_pp", "change_basis", "forecast", "evidence", "rule", "confidence"]
RELATION_FIELDS = ["id", "article_id", "head", "head_type", "type", "tail", "tail_type", "role", "former", "evidence",
                   "rule", "confidence"]
ENTITY_FIELDS = ["article_id", "name", "type", "aliases", "parent", "known"]


def _num(v):
    if isinstance(v, Decimal):
        if v == v.to_integral_value():
            return int(v)
        return float(v)
    return v


def to_record(model) -> dict:
    """A model as an interchange record: Decimal -> JSON number, dates -> ISO strings."""
    data = model.model_dump(mode="python")
    out = {}
    for k, v in data.items():
        if isinstance(v, Decimal):
            out[k] = _num(v)
        elif hasattr(v, "isoformat"):
            out[k] = v.isoformat()
        else:
            out[k] = v
    return out


_RAW = re.compile(r'"\\u0000DEC:([-0-9.]+)\\u0000"')


def dumps_record(model) -> str:
    """One JSON line of a model; decimals are written as exact JSON numbers (never through float)."""
    data = model.model_dump(mode="python")

    def conv(v):
        if isinstance(v, Decimal):
            return int(v) if v == v.to_integral_value() else f"\x00DEC:{format(v, 'f')}\x00"
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        if hasattr(v, "isoformat"):
            return v.isoformat()
        return v

    return _RAW.sub(r"\1", json.dumps({k: conv(v) for k, v in data.items()}, ensure_ascii=False))


def _csv_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


class Exporter:
    """Collects results and writes the interchange files atomically."""

    def __init__(self, out_dir: Path, fmt: Literal["jsonl", "csv"] = "jsonl"):
        self.out_dir = Path(out_dir)
        self.fmt = fmt
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise OutputError(f"{self.out_dir}: cannot create output folder: {e.strerror}") from e
        if not os.access(self.out_dir, os.W_OK):
            raise OutputError(f"{self.out_dir}: output folder is not writable")
        self._tmp: dict[str, tuple[str, object, object]] = {}
        for name, fields in (("facts", FACT_FIELDS), ("relations", RELATION_FIELDS), ("entities", ENTITY_FIELDS)):
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.out_dir)
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
            writer = None
            if fmt == "csv":
                writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
                writer.writeheader()
            self._tmp[name] = (tmp, fh, writer)

    def _write(self, name: str, models: Iterable) -> None:
        _, fh, writer = self._tmp[name]
        for m in models:
            if writer is not None:
                writer.writerow({k: _csv_cell(v) for k, v in to_record(m).items()})  # type: ignore[attr-defined]
            else:
                fh.write(dumps_record(m) + "\n")  # type: ignore[attr-defined]

    def add(self, result: ArticleResult) -> None:
        self._write("facts", result.facts)
        self._write("relations", result.relations)
        self._write("entities", result.entities)

    def commit(self) -> list[Path]:
        ext = "csv" if self.fmt == "csv" else "jsonl"
        paths = []
        for name, (tmp, fh, _) in self._tmp.items():
            fh.close()  # type: ignore[attr-defined]
        for name, (tmp, _, _) in self._tmp.items():
            dest = self.out_dir / f"{name}.{ext}"
            os.replace(tmp, dest)
            paths.append(dest)
        self._tmp.clear()
        return paths

    def abort(self) -> None:
        for tmp, fh, _ in self._tmp.values():
            try:
                fh.close()  # type: ignore[attr-defined]
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        self._tmp.clear()


def read_facts(path: Path) -> list[Fact]:
    """Read a facts.jsonl back into models (the inverse of the export)."""
    out = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(Fact.model_validate(json.loads(line, parse_float=Decimal)))
    return out


def read_relations(path: Path) -> list[Relation]:
    with Path(path).open(encoding="utf-8") as fh:
        return [Relation.model_validate(json.loads(l)) for l in fh if l.strip()]


def read_entities(path: Path) -> list[EntityRecord]:
    with Path(path).open(encoding="utf-8") as fh:
        return [EntityRecord.model_validate(json.loads(l)) for l in fh if l.strip()]
