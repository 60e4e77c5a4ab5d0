"""Reading articles (.txt, .jsonl, folders, stdin) and writing outputs atomically.

Bad input never stops a run: each unreadable file or line becomes an
``ArticleError`` naming the file (and line), and the other articles go on.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator, Union

from pydantic import ValidationError

from .errors import InputError, OutputError
from .models import Article, ArticleError

MAX_ARTICLE_CHARS = 2_000_000  # one article larger than this is refused (a 10 MB one-liner is not an article)
_ENCODINGS = ("utf-8", "gb18030", "big5")

ReadItem = Union[Article, ArticleError]


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), else GB18030/GBK or Big5 when the bytes decode cleanly as Chinese."""
    if not data.strip():
        raise InputError(source, "empty file")
    if b"\x00" in data[:4096]:
        raise InputError(source, "binary file (NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = None
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        common = sum(1 for ch in text if ch in _COMMON)
        score = common / (han or 1)
        if han and (best is None or score > best[0]):
            best = (score, text, enc)
    if best is None or best[0] < 0.05:
        raise InputError(source, "not UTF-8, GB18030/GBK or Big5 text")
    return best[1]


# Frequent characters of Chinese news in both scripts: decoding with the wrong codec yields few of them.
_COMMON = set("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
              "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开"
              "它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只"
              "没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级"
              "少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府队南给色光门即保治北造百规热领七"
              "海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达"
              "走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众"
              "书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划"
              "选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
              "億與為個這來們對會時說國實發業經過還後開關產營長據內從當點區際體應將現幣萬電價場廣東臺灣總額資銀廠")


def _parse_date(value, source: str, line: int | None) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as e:
        raise InputError(source, f"bad date {value!r}: {e}", line) from e


def read_txt(path: Path) -> Article:
    data = path.read_bytes()
    text = decode(data, str(path))
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(str(path), f"article too large ({len(text)} characters; limit {MAX_ARTICLE_CHARS})")
    return Article(id=path.stem, text=text, origin=str(path))


def read_jsonl_stream(stream: IO[bytes], source: str) -> Iterator[ReadItem]:
    for n, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8-sig") if n == 1 else raw.decode("utf-8")
        except UnicodeDecodeError:
            yield ArticleError(source=source, line=n, message="line is not UTF-8")
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield ArticleError(source=source, line=n, message=f"malformed JSON: {e.msg} (column {e.colno})")
            continue
        if not isinstance(rec, dict):
            yield ArticleError(source=source, line=n, message="a JSON object is expected on each line")
            continue
        try:
            if "text" not in rec or not isinstance(rec["text"], str) or not rec["text"].strip():
                raise InputError(source, "missing or empty 'text'", n)
            if len(rec["text"]) > MAX_ARTICLE_CHARS:
                raise InputError(source, f"article too large ({len(rec['text'])} characters)", n)
            art_id = str(rec.get("id") or f"{Path(source).stem}-{n}")
            script = rec.get("script") if rec.get("script") in ("traditional", "simplified") else None
            yield Article(id=art_id, text=rec["text"], title=rec.get("title"), date=_parse_date(rec.get("date"), source, n),
                          source=rec.get("source"), script=script, origin=f"{source}:{n}")
        except InputError as e:
            yield ArticleError(source=source, line=n, message=e.reason)
        except ValidationError as e:
            yield ArticleError(source=source, line=n, message=f"invalid article: {e.errors()[0]['msg']}")


def iter_articles(inputs: list[str], stdin: IO[bytes] | None = None) -> Iterator[ReadItem]:
    """Articles from files, folders (recursive: .txt and .jsonl) and ``-`` (stdin: JSONL, or one text)."""
    for item in inputs:
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            if data.lstrip().startswith(b"{"):
                import io as _io
                yield from read_jsonl_stream(_io.BytesIO(data), "<stdin>")
            else:
                try:
                    yield Article(id="stdin", text=decode(data, "<stdin>"), origin="<stdin>")
                except InputError as e:
                    yield ArticleError(source="<stdin>", message=e.reason)
            continue
        path = Path(item)
        if not path.exists():
            yield ArticleError(source=str(path), message="no such file or directory")
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".txt", ".jsonl")) \
            if path.is_dir() else [path]
        if path.is_dir() and not files:
            yield ArticleError(source=str(path), message="folder holds no .txt or .jsonl files")
        for f in files:
            yield from _read_file(f)


def _read_file(path: Path) -> Iterator[ReadItem]:
    try:
        if path.suffix.lower() == ".jsonl":
            with path.open("rb") as fh:
                yield from read_jsonl_stream(fh, str(path))
        else:
            yield read_txt(path)
    except InputError as e:
        yield ArticleError(source=e.source, line=e.line, message=e.reason)
    except OSError as e:
        yield ArticleError(source=str(path), message=f"cannot read: {e.strerror}")


@contextmanager
def atomic_write(path: Path, mode: str = "w") -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and rename it into place only on success."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise OutputError(f"{path}: cannot write: {e.strerror}") from e
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8", newline=None if "b" in mode else "\n") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
