"""Command line: thin wrappers over importable functions.

    finextract extract INPUT... [--out DIR] [--format jsonl|csv] [--lexicon PATH]
    finextract schemas [--out DIR]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional

from .errors import FinextractError


def run_extract(inputs: list[str], out: Path, fmt: str = "jsonl", lexicons: tuple[str, ...] = (), stderr=None):
    """Extract every article of ``inputs`` into ``out``; returns the run summary."""
    stderr = stderr if stderr is not None else sys.stderr
    from .export import Exporter
    from .io import iter_articles
    from .models import ArticleError, RunSummary
    from .pipeline import Pipeline

    pipe = Pipeline(lexicons)
    summary = RunSummary()
    exporter = Exporter(out, fmt)  # type: ignore[arg-type]
    try:
        for item in iter_articles(inputs):
            if isinstance(item, ArticleError):
                summary.errors.append(item)
                where = f"{item.source}:{item.line}" if item.line is not None else item.source
                print(f"finextract: error: {where}: {item.message}", file=stderr)
                continue
            try:
                result = pipe.extract(item)
            except FinextractError as e:
                summary.errors.append(ArticleError(source=item.origin or item.id, message=str(e)))
                print(f"finextract: error: {item.origin or item.id}: {e}", file=stderr)
                continue
            exporter.add(result)
            summary.articles += 1
            summary.facts += len(result.facts)
            summary.relations += len(result.relations)
            summary.entities += len(result.entities)
    except BaseException:
        exporter.abort()
        raise
    exporter.commit()
    return summary


def _cmd_extract(args) -> int:
    summary = run_extract(args.inputs, Path(args.out), args.format, tuple(args.lexicon or ()))
    print(f"finextract: {summary.articles} articles, {summary.facts} facts, {summary.relations} relations, "
          f"{summary.entities} entities, {len(summary.errors)} errors -> {args.out}", file=sys.stderr)
    return 1 if summary.errors else 0


def _cmd_schemas(args) -> int:
    from .schemas import write_schemas

    paths = write_schemas(Path(args.out))
    print(f"finextract: wrote {len(paths)} schemas to {args.out}", file=sys.stderr)
    return 0


def _cmd_conformance(args) -> int:
    import json

    from .conformance import run

    reports = run(Path(args.dir), args.suite or None)
    if args.json:
        print(json.dumps({r.suite: {"pass": r.count("pass"), "fail": r.count("fail"),
                                    "out_of_scope": r.count("out_of_scope"), "pass_rate": round(r.pass_rate, 4)}
                          for r in reports}, ensure_ascii=False, indent=2))
        return 0
    print(f"{'suite':44} {'pass':>5} {'fail':>5} {'scope-':>6} {'rate':>6}")
    for r in reports:
        print(f"{r.suite:44} {r.count('pass'):5} {r.count('fail'):5} {r.count('out_of_scope'):6} {r.pass_rate:6.1%}")
    for r in reports:
        if args.show_out_of_scope:
            for c in r.results:
                if c.status == "out_of_scope":
                    print(f"  out of scope  {r.suite} {c.case} {c.input!r}: {c.reason}")
        shown = 0
        for c in r.results:
            if c.status == "fail" and shown < args.show_failures:
                print(f"  FAIL {r.suite} {c.case} {c.input!r}: expected {c.expected!r}, got {c.got!r}")
                shown += 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="finextract", description="Chinese financial news to verifiable facts")
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract facts from articles (.txt, .jsonl, folders, - for stdin)")
    ex.add_argument("inputs", nargs="+")
    ex.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    ex.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    ex.add_argument("--lexicon", action="append", metavar="PATH", help="extra lexicon YAML (repeatable)")
    ex.set_defaults(func=_cmd_extract)
    cf = sub.add_parser("conformance", help="run third-party number/money/percent/date suites through the parsers")
    cf.add_argument("dir", nargs="?", default="../shared/conformance", help="folder of suite .jsonl files")
    cf.add_argument("--suite", action="append", help="run only this suite (file stem; repeatable)")
    cf.add_argument("--show-failures", type=int, default=0, metavar="N", help="print N failures per suite")
    cf.add_argument("--show-out-of-scope", action="store_true", help="list every case set aside, with its reason")
    cf.add_argument("--json", action="store_true", help="pass rates as JSON")
    cf.set_defaults(func=_cmd_conformance)
    sc = sub.add_parser("schemas", help="regenerate the JSON Schemas from the models")
    sc.add_argument("--out", default="schemas")
    sc.set_defaults(func=_cmd_schemas)
    return ap


def main(argv: Optional[list[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except FinextractError as e:
        print(f"finextract: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("finextract: interrupted; no output was written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
