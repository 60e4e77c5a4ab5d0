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

DEFAULT_DB = "outputs/finextract.db"


def _progress(outcomes, stderr, what: str):
    """A progress counter on a terminal (tqdm); nothing when stderr is not a terminal."""
    if not (hasattr(stderr, "isatty") and stderr.isatty()):
        return outcomes
    from tqdm import tqdm

    return tqdm(outcomes, unit=" articles", desc=what, file=stderr, mininterval=0.5)


def _report_error(item, stderr) -> None:
    where = f"{item.source}:{item.line}" if item.line is not None else item.source
    print(f"finextract: error: {where}: {item.message}", file=stderr)


def run_extract(inputs: list[str], out: Path, fmt: str = "jsonl", lexicons: tuple[str, ...] = (), stderr=None,
                workers: int = 1, pipeline=None, segmenter: str = "jieba"):
    """Extract every article of ``inputs`` into ``out``; returns the run summary."""
    stderr = stderr if stderr is not None else sys.stderr
    from .export import Exporter
    from .io import iter_articles
    from .models import ArticleError, RunSummary
    from .parallel import extract_stream
    from .pipeline import Pipeline

    pipe = pipeline or Pipeline(lexicons, segmenter)
    summary = RunSummary()
    exporter = Exporter(out, fmt)  # type: ignore[arg-type]
    try:
        for item in _progress(extract_stream(iter_articles(inputs), pipe, workers), stderr, "extract"):
            if isinstance(item, ArticleError):
                summary.errors.append(item)
                _report_error(item, stderr)
                continue
            _, result = item
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


def run_ingest(inputs: list[str], db: Path, lexicons: tuple[str, ...] = (), batch_size: int = 50, stderr=None,
               pipeline=None, workers: int = 1, segmenter: str = "jieba"):
    """Add the articles of ``inputs`` to the store at ``db``: unchanged ones are skipped, changed ones replaced.

    Extraction may run on several workers; this process is the one writer, a batch per transaction, so an
    interrupted run leaves every article either fully stored or absent.
    """
    stderr = stderr if stderr is not None else sys.stderr
    from .io import iter_articles
    from .models import Article, ArticleError
    from .parallel import extract_stream
    from .pipeline import Pipeline
    from .store import Store, WriteReport

    pipe = pipeline or Pipeline(lexicons, segmenter)
    report = WriteReport()
    errors: list[ArticleError] = []
    with Store.open(db, pipe.lexicon) as store:
        batch = []
        seen: dict[str, str] = {}

        def flush():
            r = store.write(batch)
            report.added.extend(r.added)
            report.replaced.extend(r.replaced)
            report.unchanged.extend(r.unchanged)
            batch.clear()

        def todo():
            for item in iter_articles(inputs):
                if isinstance(item, Article):
                    if item.id in seen:
                        print(f"finextract: warning: {item.origin or item.id}: article id {item.id!r} already read in "
                              f"this run from {seen[item.id]}; this copy is skipped", file=stderr)
                        continue
                    seen[item.id] = item.origin or item.id
                    if store.unchanged(item):
                        report.unchanged.append(item.id)
                        continue
                yield item

        for item in _progress(extract_stream(todo(), pipe, workers), stderr, "ingest"):
            if isinstance(item, ArticleError):
                errors.append(item)
                _report_error(item, stderr)
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
    return report, errors


def _workers(n: Optional[int]) -> int:
    from .parallel import default_workers

    return default_workers() if n is None else max(1, n)


def _cmd_ingest(args) -> int:
    report, errors = run_ingest(args.inputs, Path(args.db), tuple(args.lexicon or ()), args.batch_size,
                                workers=_workers(args.workers), segmenter=args.segmenter)
    print(f"finextract: {len(report.added)} added, {len(report.replaced)} replaced, {len(report.unchanged)} unchanged, "
          f"{len(errors)} errors -> {args.db}", file=sys.stderr)
    return 1 if errors else 0


def _cmd_extract(args) -> int:
    summary = run_extract(args.inputs, Path(args.out), args.format, tuple(args.lexicon or ()),
                          workers=_workers(args.workers), segmenter=args.segmenter)
    print(f"finextract: {summary.articles} articles, {summary.facts} facts, {summary.relations} relations, "
          f"{summary.entities} entities, {len(summary.errors)} errors -> {args.out}", file=sys.stderr)
    return 1 if summary.errors else 0


def _table(rows: list[list], header: list[str]) -> str:
    """A plain text table (width by characters; CJK counted double)."""
    def width(s: str) -> int:
        return sum(2 if "\u2e80" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef" else 1 for ch in s)

    cells = [[("" if c is None else str(c)) for c in r] for r in [header, *rows]]
    widths = [max(width(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c + " " * (w - width(c)) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _fact_row(f) -> list:
    change = ""
    if f.change_pct is not None:
        change = f"{f.change_pct:+}% {f.change_basis or ''}".strip()
    elif f.change_pp is not None:
        change = f"{f.change_pp:+}pp {f.change_basis or ''}".strip()
    value = "" if f.value is None else format(f.value.normalize(), "f")
    return [f.period or "", f.metric, value, f.unit or "", change,
            "forecast" if f.forecast else "", f.article_id, f.evidence.text]


_FACT_HEADER = ["period", "metric", "value", "unit", "change", "", "article", "evidence"]


def _cmd_query(args) -> int:
    import json

    from . import query as q
    from .lexicon import Lexicon
    from .store import Store

    def out(obj, text: str) -> None:
        if args.json:
            data = [o.model_dump(mode="json") for o in obj] if isinstance(obj, list) else obj.model_dump(mode="json")
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print(text)

    with Store.open(args.db, create=False) as store:
        what = args.what
        if what == "entity":
            info = q.store_entity(store, args.name)
            rel = lambda rs: ", ".join(r.name + (f" ({r.role}{', former' if r.former else ''})" if r.role else "")
                                       for r in rs) or "-"
            text = "\n".join([f"{info.name}  [{info.type}{', lexicon' if info.known else ''}]  id {info.id}",
                              f"aliases:     {', '.join(info.aliases) or '-'}",
                              f"parent:      {info.parent or '-'}",
                              f"units:       {rel(info.units)}", f"products:    {rel(info.products)}",
                              f"people:      {rel(info.people)}", f"competitors: {rel(info.competitors)}",
                              f"other:       {', '.join(f'{r.relation} {r.name}' for r in info.relations) or '-'}",
                              f"articles:    {', '.join(info.articles) or '-'}", "latest values:",
                              _table([_fact_row(f) for f in info.latest], _FACT_HEADER) if info.latest else "  -"])
            out(info, text)
        elif what == "competitors":
            rs = q.store_competitors(store, args.name)
            out(rs, _table([[r.name, r.type, ", ".join(r.articles)] for r in rs], ["competitor", "type", "articles"]))
        elif what == "facts":
            metric = q.metric_names(Lexicon.load(), args.metric) if args.metric else None
            fs = q.store_facts(store, args.entity, metric=metric, period=args.period, start=args.start, end=args.end)
            out(fs, _table([_fact_row(f) for f in fs], _FACT_HEADER))
        elif what == "path":
            steps = q.store_path(store, args.a, args.b)
            out(steps, " ".join([steps[0].source] + [(f"<-[{s.relation}]- " if s.reversed else f"-[{s.relation}]-> ")
                                                      + s.target for s in steps]) if steps else "no path")
        elif what == "neighbors":
            ns = q.store_neighbors(store, args.name, args.depth)
            out(ns, _table([[x.distance, x.name, x.type] for x in ns], ["depth", "entity", "type"]))
        elif what == "conflicts":
            cs = q.store_conflicts(store)
            rows = [[c.entity, c.metric, c.period, "; ".join(f"{f.value} {f.unit or ''} ({f.article_id})"
                                                          for f in c.facts)] for c in cs]
            out(cs, _table(rows, ["entity", "metric", "period", "values (article)"]))
    return 0


def _cmd_export(args) -> int:
    from . import exchange
    from .graph import build_graph
    from .store import Store

    with Store.open(args.db, create=False) as store:
        if args.format in exchange.FACT_FORMATS:
            path = exchange.write_facts((f for _, f in store.iter_facts()), Path(args.out), args.format)
        else:
            path = exchange.export(build_graph(store), args.format, Path(args.out))
    print(f"finextract: wrote {args.format} -> {path}", file=sys.stderr)
    return 0


def _cmd_benchmark(args) -> int:
    from .benchmark import iter_default_sources, run, table

    sources = args.sources or list(iter_default_sources(Path.cwd()))
    result = run(sources, args.size_mb, args.runs, args.stream, Path(args.out),
                 log=lambda m: print(m, file=sys.stderr))
    print(table(result))
    print(f"finextract: results -> {args.out}", file=sys.stderr)
    return 0


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
    ex.add_argument("--workers", type=int, metavar="N", help="processes for extraction (default: all cores)")
    ex.add_argument("--segmenter", choices=["jieba", "rjieba"], default="jieba",
                    help="jieba (default) or rjieba, native and faster (pip install 'finextract[fast]')")
    ex.set_defaults(func=_cmd_extract)
    cf = sub.add_parser("conformance", help="run third-party number/money/percent/date suites through the parsers")
    cf.add_argument("dir", nargs="?", default="../shared/conformance", help="folder of suite .jsonl files")
    cf.add_argument("--suite", action="append", help="run only this suite (file stem; repeatable)")
    cf.add_argument("--show-failures", type=int, default=0, metavar="N", help="print N failures per suite")
    cf.add_argument("--show-out-of-scope", action="store_true", help="list every case set aside, with its reason")
    cf.add_argument("--json", action="store_true", help="pass rates as JSON")
    cf.set_defaults(func=_cmd_conformance)
    ig = sub.add_parser("ingest", help="add articles to the store (incremental; unchanged articles are skipped)")
    ig.add_argument("inputs", nargs="+")
    ig.add_argument("--db", default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
    ig.add_argument("--lexicon", action="append", metavar="PATH", help="extra lexicon YAML (repeatable)")
    ig.add_argument("--batch-size", type=int, default=50, help="articles per transaction (default: 50)")
    ig.add_argument("--workers", type=int, metavar="N", help="processes for extraction (default: all cores)")
    ig.add_argument("--segmenter", choices=["jieba", "rjieba"], default="jieba",
                    help="jieba (default) or rjieba, native and faster (pip install 'finextract[fast]')")
    ig.set_defaults(func=_cmd_ingest)
    qp = sub.add_parser("query", help="ask the store: entity, competitors, facts, path, neighbors, conflicts")
    qs = qp.add_subparsers(dest="what", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
    common.add_argument("--json", action="store_true", help="answer as JSON")
    qs.add_parser("entity", parents=[common], help="type, aliases, parent, units, products, people, "
                  "competitors, latest values").add_argument("name")
    qs.add_parser("competitors", parents=[common], help="who competes with NAME").add_argument("name")
    qf = qs.add_parser("facts", parents=[common], help="time series of an entity's facts, with sources")
    qf.add_argument("--entity", required=True)
    qf.add_argument("--metric", help="metric name, id or synonym (收入, revenue, 營收)")
    grp = qf.add_mutually_exclusive_group()
    grp.add_argument("--period", help="canonical period label (2025Q3, FY2026Q2 ...)")
    grp.add_argument("--from", dest="start", help="periods starting on or after (YYYY, YYYY-MM or a date)")
    qf.add_argument("--to", dest="end", help="periods ending on or before (YYYY, YYYY-MM or a date)")
    qpath = qs.add_parser("path", parents=[common], help="shortest chain of relations between two entities")
    qpath.add_argument("a")
    qpath.add_argument("b")
    qn = qs.add_parser("neighbors", parents=[common], help="entities within N relations")
    qn.add_argument("name")
    qn.add_argument("--depth", type=int, default=1)
    qs.add_parser("conflicts", parents=[common], help="one metric and period reported with different values")
    qp.set_defaults(func=_cmd_query)
    xp = sub.add_parser("export", help="export facts (jsonl, csv, parquet) or the graph (graphml, node-link, "
                        "turtle, neo4j)")
    from .exchange import FORMATS
    xp.add_argument("--format", required=True, choices=FORMATS)
    xp.add_argument("--out", required=True, help="output file (a folder for neo4j)")
    xp.add_argument("--db", default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
    xp.set_defaults(func=_cmd_export)
    bp = sub.add_parser("benchmark", help="throughput, stages, baseline ratio, workers, cold start, queries")
    bp.add_argument("sources", nargs="*", help="articles to build the corpus from (default: corpus/ and the dev set)")
    bp.add_argument("--size-mb", type=float, default=20, help="corpus size (default: 20 MB)")
    bp.add_argument("--runs", type=int, default=3, help="rounds; medians are reported (default: 3)")
    bp.add_argument("--stream", type=int, default=0, metavar="N", help="also ingest N generated articles")
    bp.add_argument("--out", default="benchmarks/results/benchmark.json", help="JSON results file")
    bp.set_defaults(func=_cmd_benchmark)
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
