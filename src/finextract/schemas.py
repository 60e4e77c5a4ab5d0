"""JSON Schemas of the interchange records, generated from the pydantic models."""
from __future__ import annotations

import json
from pathlib import Path

from .models import Article, EntityRecord, Fact, NodeLinkGraph, Relation

MODELS = {"fact": Fact, "relation": Relation, "entity": EntityRecord, "article": Article,
          "graph.node-link": NodeLinkGraph}


def schema_texts() -> dict[str, str]:
    """JSON Schemas of the records and of the node-link graph, and the RDF vocabulary of the Turtle export."""
    from .exchange import vocabulary

    texts = {f"{name}.schema.json": json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2,
                                               sort_keys=True) + "\n" for name, model in MODELS.items()}
    texts["vocabulary.ttl"] = vocabulary().serialize(format="turtle")
    return texts


def write_schemas(out: Path) -> list[Path]:
    from .io import atomic_write

    paths = []
    for fname, text in schema_texts().items():
        p = Path(out) / fname
        with atomic_write(p) as fh:
            fh.write(text)
        paths.append(p)
    return paths
