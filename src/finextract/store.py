"""The store of record: an embedded SQLite database of articles, entities, facts and relations.

    store = Store.open("outputs/finextract.db")
    report = store.write([(article, result), ...])   # one transaction per batch
    store.entity_ids("阿里雲")                          # any alias, either script, tickers

Guarantees:
- the same article twice changes nothing (content hash; ``unchanged``);
- a changed article with the same id replaces its facts, relations and mentions in
  the transaction that writes the new ones, so a reader never sees a mix;
- a crash or Ctrl-C mid-write leaves no partial article (transactions, WAL journal);
- readers may query while a writer ingests (WAL; busy timeout).

Entity resolution: every name is reduced to an alias key (traditional -> simplified,
case-folded, spaces removed; tickers without leading zeros). Lexicon entities are
seeded with all their names and tickers, so 阿里 / 阿里巴巴集團 / 09988.HK reach one
entity. An entity first seen in an article gets an id from its name (a business unit
the lexicon does not know is scoped by its parent, since 即时零售业务 of one company is
not that of another). When a later article shows that two entities are one (an alias
of one names the other), the newer unknown entity is merged into the older or known
one, and its old id keeps resolving.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from . import __version__
from .errors import StoreError
from .lexicon import Lexicon
from .models import Article, ArticleResult, Fact, Relation

SCHEMA_VERSION = "1"

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, extractor TEXT NOT NULL,
    title TEXT, date TEXT, source TEXT, script TEXT, locale TEXT, origin TEXT,
    n_facts INTEGER NOT NULL, n_relations INTEGER NOT NULL, ingested_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, parent_id TEXT, known INTEGER NOT NULL,
    fiscal_year_end TEXT, merged_into TEXT, seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS entities_seq ON entities(seq);
CREATE INDEX IF NOT EXISTS entities_parent ON entities(parent_id);
CREATE TABLE IF NOT EXISTS aliases (
    key TEXT NOT NULL, entity_id TEXT NOT NULL, surface TEXT NOT NULL, PRIMARY KEY (key, entity_id));
CREATE INDEX IF NOT EXISTS aliases_entity ON aliases(entity_id);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, entity_id TEXT NOT NULL,
    surface TEXT NOT NULL, PRIMARY KEY (article_id, entity_id, surface));
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
CREATE TABLE IF NOT EXISTS facts (
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL, metric TEXT NOT NULL, metric_id TEXT, period TEXT, period_start TEXT,
    period_end TEXT, value TEXT, unit TEXT, forecast INTEGER NOT NULL, record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS facts_entity ON facts(entity_id, metric, period);
CREATE INDEX IF NOT EXISTS facts_article ON facts(article_id);
CREATE TABLE IF NOT EXISTS relations (
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    head_id TEXT NOT NULL, type TEXT NOT NULL, tail_id TEXT NOT NULL, role TEXT, former INTEGER NOT NULL,
    record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS relations_head ON relations(head_id);
CREATE INDEX IF NOT EXISTS relations_tail ON relations(tail_id);
CREATE INDEX IF NOT EXISTS relations_article ON relations(article_id);
"""

TABLES = ("articles", "entities", "aliases", "mentions", "facts", "relations")
_TICKER = re.compile(r"^(?:(?:HK|SH|SZ|TW|TWO|NASDAQ|NYSE)[:.])?0*(\d{1,6})(?:\.(HK|SH|SZ|SS|BJ|TW|TWO))?$", re.I)


def content_hash(article: Article) -> str:
    """What makes an article 'the same': its text and metadata (not where it was read from)."""
    payload = json.dumps([article.text, article.title, article.date.isoformat() if article.date else None,
                          article.source, article.script], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def entity_id(name: str, parent: Optional[str] = None) -> str:
    """Stable id of an entity from its canonical name (and parent, for unknown business units)."""
    basis = f"{parent}/{name}" if parent else name
    return "E" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:15]


class AliasKeys:
    """Alias keys: traditional -> simplified, case-folded, no spaces; tickers without leading zeros."""

    def __init__(self):
        import opencc

        self._t2s = opencc.OpenCC("t2s")

    def __call__(self, surface: str) -> str:
        s = re.sub(r"\s+", "", self._t2s.convert(surface)).casefold()
        m = _TICKER.match(s)
        if m and (m.group(2) or not s.isdigit() or len(s) >= 4):
            return f"{int(m.group(1))}.{m.group(2).casefold()}" if m.group(2) else s.lstrip("0") or s
        return s


@dataclass
class WriteReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


class Store:
    """One SQLite database file. Not shared between threads; open one per process."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lexicon: Optional[Lexicon]):
        self.path = path
        self.conn = conn
        self.keys = AliasKeys()
        self.lexicon = lexicon

    # -- opening ---------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, lexicon: Optional[Lexicon] = None, create: bool = True) -> "Store":
        """Open (or create) the store at ``path``. A file that is not a finextract store is refused."""
        path = Path(path)
        if not create and not path.exists():
            raise StoreError(f"{path}: no such database (run 'finextract ingest' first)")
        if path.exists() and path.is_dir():
            raise StoreError(f"{path}: is a folder, not a database file")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"{path}: cannot open database: {e}") from e
        try:
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA foreign_keys = ON")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if tables and "meta" not in tables:
                raise StoreError(f"{path}: not a finextract database (tables: {', '.join(sorted(tables))})")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if not tables:
                conn.executescript("BEGIN;" + _DDL + "COMMIT;")
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
            version = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if not version or version[0] != SCHEMA_VERSION:
                raise StoreError(f"{path}: database schema version {version[0] if version else '?'} is not "
                                 f"{SCHEMA_VERSION}; re-ingest into a new database")
        except sqlite3.DatabaseError as e:
            conn.close()
            raise StoreError(f"{path}: corrupt or not a SQLite database: {e}") from e
        except StoreError:
            conn.close()
            raise
        store = cls(path, conn, lexicon)
        if lexicon is not None:
            store._seed_lexicon(lexicon)
        return store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- lexicon ---------------------------------------------------------------------------------
    def _seed_lexicon(self, lexicon: Lexicon) -> None:
        """Known entities with every name and ticker, once per lexicon version."""
        entries = lexicon.entities.entities
        fp = hashlib.sha1(json.dumps([e.model_dump() for e in entries], ensure_ascii=False,
                                     sort_keys=True).encode("utf-8")).hexdigest()
        row = self.conn.execute("SELECT value FROM meta WHERE key='lexicon'").fetchone()
        if row and row[0] == fp:
            return
        with self._transaction():
            for e in entries:
                eid = entity_id(e.name)
                self._upsert_entity(eid, e.name, e.type, entity_id(e.parent) if e.parent else None, True,
                                    e.fiscal_year_end)
                for s in {e.name, *e.aliases, *e.traditional, *e.tickers}:
                    self._add_alias(s, eid)
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('lexicon', ?)", (fp,))

    # -- writing ---------------------------------------------------------------------------------
    def _transaction(self):
        return _Transaction(self.conn)

    def _stored(self, article_id: str) -> Optional[tuple[str, str]]:
        """(content hash, extractor version) of the stored article with this id, or None."""
        return self.conn.execute("SELECT content_hash, extractor FROM articles WHERE id=?", (article_id,)).fetchone()

    def unchanged(self, article: Article) -> bool:
        """True when this exact article (same content, same extractor) is already stored."""
        return self._stored(article.id) == (content_hash(article), __version__)

    def write(self, batch: Iterable[tuple[Article, ArticleResult]]) -> WriteReport:
        """Write a batch of extracted articles in one transaction (all of it or none of it)."""
        report = WriteReport()
        with self._transaction():
            for article, result in batch:
                h = content_hash(article)
                row = self._stored(article.id)
                if row == (h, __version__):
                    report.unchanged.append(article.id)
                    continue
                if row is not None:
                    self.conn.execute("DELETE FROM articles WHERE id=?", (article.id,))  # cascades
                    report.replaced.append(article.id)
                else:
                    report.added.append(article.id)
                self._write_article(article, result, h)
            if report.replaced:
                self._collect_orphans()
        return report

    def _write_article(self, article: Article, result: ArticleResult, h: str) -> None:
        c = self.conn
        c.execute("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                  (article.id, h, __version__, article.title, article.date.isoformat() if article.date else None,
                   article.source, article.script, result.locale, article.origin, len(result.facts),
                   len(result.relations), dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))
        ids: dict[str, str] = {}
        records = sorted(result.entities, key=lambda r: r.parent is not None)  # parents before their units
        for rec in records:
            ids[rec.name] = self._resolve_record(rec.canonical or rec.name, rec.type, rec.aliases, rec.parent, ids)
            for s in {rec.name, *rec.aliases}:
                c.execute("INSERT OR IGNORE INTO mentions VALUES (?,?,?)", (article.id, ids[rec.name], s))
        for f in result.facts:
            eid = ids.get(f.entity) or self._resolve_record(f.entity, f.entity_type, [], None, ids)
            c.execute("INSERT OR REPLACE INTO facts VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                      (f.id, article.id, eid, f.metric, f.metric_id, f.period,
                       f.period_start.isoformat() if f.period_start else None,
                       f.period_end.isoformat() if f.period_end else None,
                       str(f.value) if f.value is not None else None, f.unit, int(f.forecast), f.model_dump_json()))
        for r in result.relations:
            head = ids.get(r.head) or self._resolve_record(r.head, r.head_type or "company", [], None, ids)
            tail = ids.get(r.tail) or self._resolve_record(r.tail, r.tail_type or "company", [], None, ids)
            c.execute("INSERT OR REPLACE INTO relations VALUES (?,?,?,?,?,?,?,?)",
                      (r.id, article.id, head, r.type, tail, r.role, int(r.former), r.model_dump_json()))

    def _resolve_record(self, name: str, etype: str, aliases: list[str], parent: Optional[str],
                        ids: dict[str, str]) -> str:
        """The entity a name (with the aliases an article shows for it) stands for; merges when two are shown one."""
        c = self.conn
        parent_id = ids.get(parent) if parent else None
        if parent and parent_id is None:
            parent_id = self._first(self._lookup(parent)) or self._resolve_record(parent, "company", [], None, ids)
        scoped = etype == "business" and parent_id is not None
        found: list[str] = []
        for s in [name, *aliases]:
            for eid in self._lookup(s):
                if scoped and eid != entity_id(name, parent_id):
                    # an unknown unit name is only the same entity under the same parent
                    known, p = c.execute("SELECT known, parent_id FROM entities WHERE id=?", (eid,)).fetchone()
                    if not known and p != parent_id:
                        continue
                if eid not in found:
                    found.append(eid)
        if not found:
            eid = entity_id(name, parent_id if scoped else None)
            self._upsert_entity(eid, name, etype, parent_id, False, None)
        else:
            eid = self._merge(found)
            if parent_id and parent_id != eid:
                c.execute("UPDATE entities SET parent_id=? WHERE id=? AND parent_id IS NULL AND known=0",
                          (parent_id, eid))
        if eid == parent_id:  # never a parent of itself
            c.execute("UPDATE entities SET parent_id=NULL WHERE id=? AND parent_id=id", (eid,))
        for s in {name, *aliases}:
            self._add_alias(s, eid)
        return eid

    def _merge(self, found: list[str]) -> str:
        """Several entities shown to be one: unknown ones merge into the known (or oldest) one."""
        if len(found) == 1:
            return found[0]
        rows = {r[0]: r for r in self.conn.execute(
            f"SELECT id, known, seq FROM entities WHERE id IN ({','.join('?' * len(found))})", found)}
        known = [e for e in found if rows[e][1]]
        target = known[0] if known else min(found, key=lambda e: rows[e][2])
        for e in found:
            if e == target or rows[e][1]:
                continue  # lexicon entities are authoritative and never merged
            self._redirect(e, target)
        return target

    def _redirect(self, old: str, new: str) -> None:
        c = self.conn
        for sql in ("UPDATE facts SET entity_id=:n WHERE entity_id=:o",
                    "UPDATE relations SET head_id=:n WHERE head_id=:o",
                    "UPDATE relations SET tail_id=:n WHERE tail_id=:o",
                    "UPDATE entities SET parent_id=:n WHERE parent_id=:o",
                    "UPDATE OR IGNORE mentions SET entity_id=:n WHERE entity_id=:o",
                    "DELETE FROM mentions WHERE entity_id=:o",
                    "UPDATE OR IGNORE aliases SET entity_id=:n WHERE entity_id=:o",
                    "DELETE FROM aliases WHERE entity_id=:o",
                    "UPDATE entities SET merged_into=:n WHERE id=:o OR merged_into=:o"):
            c.execute(sql, {"n": new, "o": old})

    def _collect_orphans(self) -> None:
        """Unknown entities no article mentions any more (after a replacement) are removed."""
        self.conn.execute("""DELETE FROM aliases WHERE entity_id IN (SELECT id FROM entities WHERE known=0 AND
                             merged_into IS NULL AND id NOT IN (SELECT entity_id FROM mentions)
                             AND id NOT IN (SELECT entity_id FROM facts) AND id NOT IN (SELECT head_id FROM relations)
                             AND id NOT IN (SELECT tail_id FROM relations)
                             AND id NOT IN (SELECT parent_id FROM entities WHERE parent_id IS NOT NULL))""")
        self.conn.execute("""DELETE FROM entities WHERE known=0 AND merged_into IS NULL
                             AND id NOT IN (SELECT entity_id FROM aliases)""")

    def _upsert_entity(self, eid: str, name: str, etype: str, parent_id: Optional[str], known: bool,
                       fye: Optional[str]) -> None:
        seq = self.conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM entities").fetchone()[0]
        self.conn.execute("""INSERT INTO entities VALUES (?,?,?,?,?,?,NULL,?) ON CONFLICT(id) DO UPDATE SET
                             name=CASE WHEN excluded.known THEN excluded.name ELSE name END,
                             type=CASE WHEN excluded.known THEN excluded.type ELSE type END,
                             parent_id=CASE WHEN excluded.known THEN excluded.parent_id ELSE parent_id END,
                             known=MAX(known, excluded.known),
                             fiscal_year_end=COALESCE(excluded.fiscal_year_end, fiscal_year_end)""",
                          (eid, name, etype, parent_id, int(known), fye, seq))

    def _add_alias(self, surface: str, eid: str) -> None:
        key = self.keys(surface)
        if key:
            self.conn.execute("INSERT OR IGNORE INTO aliases VALUES (?,?,?)", (key, eid, surface))

    # -- reading ---------------------------------------------------------------------------------
    def _lookup(self, surface: str) -> list[str]:
        rows = self.conn.execute("""SELECT COALESCE(e.merged_into, e.id), e.known FROM aliases a
                                    JOIN entities e ON e.id = a.entity_id WHERE a.key=?
                                    ORDER BY e.known DESC, e.seq""", (self.keys(surface),)).fetchall()
        out: list[str] = []
        for eid, _ in rows:
            if eid not in out:
                out.append(eid)
        return out

    @staticmethod
    def _first(ids: list[str]) -> Optional[str]:
        return ids[0] if ids else None

    def entity_ids(self, name: str) -> list[str]:
        """Entities a name stands for (any alias, either script, ticker, or an id), known ones first."""
        row = self.conn.execute("SELECT COALESCE(merged_into, id) FROM entities WHERE id=?", (name,)).fetchone()
        if row:
            return [row[0]]
        return self._lookup(name)

    def alias_keys(self) -> list[tuple[str, str]]:
        """Every (surface, entity name) known: for suggestions."""
        return list(self.conn.execute("""SELECT a.surface, e.name FROM aliases a JOIN entities e
                                         ON e.id = a.entity_id WHERE e.merged_into IS NULL"""))

    def counts(self) -> dict[str, int]:
        return {t: self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}

    def check(self) -> list[str]:
        """Consistency problems (empty when the store is sound)."""
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        for aid, n_f, n_r, got_f, got_r in self.conn.execute(
                """SELECT a.id, a.n_facts, a.n_relations,
                          (SELECT COUNT(*) FROM facts f WHERE f.article_id=a.id),
                          (SELECT COUNT(*) FROM relations r WHERE r.article_id=a.id) FROM articles a"""):
            if (n_f, n_r) != (got_f, got_r):
                problems.append(f"article {aid}: {got_f}/{n_f} facts, {got_r}/{n_r} relations")
        for (fid,) in self.conn.execute("""SELECT f.id FROM facts f LEFT JOIN entities e ON e.id=f.entity_id
                                           WHERE e.id IS NULL"""):
            problems.append(f"fact {fid}: entity missing")
        return problems

    def iter_facts(self, entity_ids: Optional[Iterable[str]] = None, metrics: Optional[Iterable[str]] = None,
                   period: Optional[str] = None, latest: bool = False) -> Iterator[tuple[str, Fact]]:
        """(entity id, fact) pairs, all or of the given entities, filtered in SQL (indexed by entity).

        ``metrics``: canonical names or ids; ``latest``: per entity, metric and forecast flag only one fact of
        the latest period (what ``query entity`` shows).
        """
        where, args = [], []
        if entity_ids is not None:
            ids = list(entity_ids)
            where.append(f"entity_id IN ({','.join('?' * len(ids))})")
            args += ids
        if metrics is not None:
            ms = list(metrics)
            marks = ",".join("?" * len(ms))
            where.append(f"(metric IN ({marks}) OR metric_id IN ({marks}))")
            args += ms + ms
        if period is not None:
            where.append("period = ?")
            args.append(period)
        cond = " AND ".join(where) or "1"
        if latest:
            sql = f"""SELECT entity_id, record FROM (SELECT entity_id, record, COALESCE(period_end, period_start, '') AS pe,
                      ROW_NUMBER() OVER (PARTITION BY entity_id, COALESCE(metric_id, metric), forecast
                                         ORDER BY COALESCE(period_end, period_start, '') DESC, id) AS rn
                      FROM facts WHERE {cond}) WHERE rn = 1 ORDER BY entity_id, pe"""
        else:
            sql = f"SELECT entity_id, record FROM facts WHERE {cond} ORDER BY entity_id, period_start, id"
        for eid, rec in self.conn.execute(sql, args):
            yield eid, Fact.model_validate_json(rec)

    def iter_relations(self, entity_ids: Optional[Iterable[str]] = None,
                       evidence: Optional[int] = None) -> Iterator[tuple[str, str, str, Optional[str], bool, str,
                                                                   Optional[Relation]]]:
        """(head id, tail id, type, role, former, article id, relation) of all relations or those touching
        the given entities. With ``evidence`` = K, only the first K statements of each (head, type, tail, role)
        come with their parsed relation (the rest give their article only): a hub stays fast to query."""
        sql = "SELECT head_id, tail_id, type, role, former, article_id, record FROM relations"
        args: list[str] = []
        if entity_ids is not None:
            args = list(entity_ids)
            marks = ",".join("?" * len(args))
            sql += f" WHERE head_id IN ({marks}) OR tail_id IN ({marks})"
            args = args + args
        counts: dict[tuple, int] = {}
        for head, tail, rtype, role, former, aid, rec in self.conn.execute(sql + " ORDER BY id", args):
            key = (head, rtype, tail, role)
            counts[key] = counts.get(key, 0) + 1
            rel = Relation.model_validate_json(rec) if evidence is None or counts[key] <= evidence else None
            yield head, tail, rtype, role, bool(former), aid, rel

    def relation_groups(self, entity_ids: Iterable[str], evidence: int
                        ) -> Iterator[tuple[str, str, str, Optional[str], bool, list[str], list[Relation]]]:
        """Per (head, type, tail, role) touching the given entities: the former flag, every source article in
        statement order, and the first ``evidence`` statements parsed. The statements are grouped in SQL, so a
        hub with thousands of statements costs one row per relation, not one per statement."""
        ids = list(entity_ids)
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        sep = "\x1f"
        groups = self.conn.execute(
            f"""SELECT head_id, tail_id, type, role, MAX(former), GROUP_CONCAT(article_id, '{sep}'),
                       GROUP_CONCAT(id, '{sep}')
                FROM (SELECT * FROM relations WHERE head_id IN ({marks}) OR tail_id IN ({marks}) ORDER BY id)
                GROUP BY head_id, type, tail_id, role ORDER BY MIN(id)""", ids + ids).fetchall()
        first = [rid for g in groups for rid in g[6].split(sep)[:evidence]]
        records: dict[str, Relation] = {}
        for k in range(0, len(first), 500):
            chunk = first[k:k + 500]
            for rid, rec in self.conn.execute(
                    f"SELECT id, record FROM relations WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                records[rid] = Relation.model_validate_json(rec)
        for head, tail, rtype, role, former, aids, rids in groups:
            rels = [records[r] for r in rids.split(sep)[:evidence] if r in records]
            yield head, tail, rtype, role, bool(former), aids.split(sep), rels

    def entities(self, ids: Optional[Iterable[str]] = None,
                 articles_of: Optional[Iterable[str]] = None) -> list[dict]:
        """Entity rows (merged ones left out) with their aliases and source articles (with ``articles_of``, the
        source articles of those entities only: a hub's neighbours are named in thousands of articles)."""
        sql = "SELECT id, name, type, parent_id, known, fiscal_year_end FROM entities WHERE merged_into IS NULL"
        args: list[str] = []
        if ids is not None:
            args = list(ids)
            sql += f" AND id IN ({','.join('?' * len(args))})"
        rows = self.conn.execute(sql + " ORDER BY seq", args).fetchall()
        # aliases and source articles of all these entities in two queries, not two per entity
        where = f" WHERE entity_id IN ({','.join('?' * len(args))})" if ids is not None else ""
        surfaces: dict[str, set[str]] = {}
        for eid, surface in self.conn.execute("SELECT entity_id, surface FROM aliases" + where, args):
            surfaces.setdefault(eid, set()).add(surface)
        articles: dict[str, list[str]] = {}
        a_args = args
        if articles_of is not None:
            a_args = list(articles_of)
            where = f" WHERE entity_id IN ({','.join('?' * len(a_args))})"
        if a_args or articles_of is None:
            for eid, aid in self.conn.execute("SELECT DISTINCT entity_id, article_id FROM mentions" + where
                                              + " ORDER BY entity_id, article_id", a_args):
                articles.setdefault(eid, []).append(aid)
        return [{"id": eid, "name": name, "type": etype, "parent_id": parent, "known": bool(known),
                 "fiscal_year_end": fye, "aliases": sorted(surfaces.get(eid, set()) - {name}),
                 "articles": articles.get(eid, [])} for eid, name, etype, parent, known, fye in rows]

    def neighbourhood(self, ids: Iterable[str], depth: int) -> set[str]:
        """Entity ids within ``depth`` relation or parent links of ``ids`` (indexed lookups only)."""
        seen = set(ids)
        frontier = set(seen)
        for _ in range(depth):
            if not frontier:
                break
            marks = ",".join("?" * len(frontier))
            args = list(frontier)
            nxt = set()
            for sql in (f"SELECT tail_id FROM relations WHERE head_id IN ({marks})",
                        f"SELECT head_id FROM relations WHERE tail_id IN ({marks})",
                        f"SELECT parent_id FROM entities WHERE id IN ({marks}) AND parent_id IS NOT NULL",
                        f"SELECT id FROM entities WHERE parent_id IN ({marks}) AND merged_into IS NULL"):
                nxt.update(r[0] for r in self.conn.execute(sql, args))
            frontier = nxt - seen
            seen |= nxt
        return seen

    def articles(self) -> list[dict]:
        cols = ("id", "content_hash", "title", "date", "source", "script", "locale")
        return [dict(zip(cols, r)) for r in self.conn.execute(f"SELECT {', '.join(cols)} FROM articles ORDER BY id")]


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (KeyboardInterrupt included)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, etype, exc, tb):
        if etype is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
        return False
