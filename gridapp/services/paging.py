"""The paged reading every ledger shares (issue 13): the ordered id list of a filtered ledger, read in SQL, and
the rows of a page of those ids.

A ledger service offers two methods to the GUI's lazy table (`gridapp.ui.ledger_table`): `ledger_ids(filters,
sort=, descending=, progress=)`, the primary keys of the whole filtered list in list order (its length is the
count), and `ledger_rows(ids)`, the views of those rows in the given order (None where a row left the scope or
was removed since the ids were read). The filter, the scope and the order are SQL; the masking is the view's,
as in the service's list method.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import and_, or_, select

from gridapp.core.errors import ValidationError
from gridapp.core.progress import Progress

CHUNK = 500  # ids per IN (...) when reading rows


def dated(column: Any, date_from: Any, date_to: Any) -> list:
    """The conditions of a ledger's date filter on `column` (both ends included, either may be None)."""
    return ([column >= date_from] if date_from is not None else []) + \
        ([column <= date_to] if date_to is not None else [])


SEARCH_MAX = 100  # characters of a ledger's search text


def searched(query: str | None, *columns: Any) -> list:
    """The conditions of a ledger's search box: every word of `query` (split at spaces) is contained in one
    of `columns` (case as stored; %, _ and \\ match themselves). No words, no condition."""
    text = (query or "").strip()
    if len(text) > SEARCH_MAX:
        raise ValidationError(f"查找内容过长（{len(text)} 个字符），请不超过 {SEARCH_MAX} 个字符。", field="查找")
    words = text.split()
    if not words:
        return []
    return [and_(*(or_(*(c.contains(w, autoescape=True) for c in columns)) for w in words))]


def order_by(sorts: Mapping[str, Sequence[Any]], sort: str, descending: bool, tiebreak: Any) -> list:
    """ORDER BY terms for the sort key `sort` of a ledger's `sorts` (key -> columns; a column given as
    (column, False) runs against the chosen direction), ending with `tiebreak` so that the order is total and a
    page is the same page when read again."""
    columns = sorts.get(sort)
    if columns is None:
        raise ValidationError(f"不能按“{sort}”排序；可选：{'、'.join(sorts)}。", field="排序")
    out = []
    for c in (*columns, tiebreak):
        col, forward = c if isinstance(c, tuple) else (c, True)
        out.append(col.desc() if descending == forward else col.asc())
    return out


def dated_sorts(date: Any, tiebreak: Any, **keys: Any) -> dict[str, tuple]:
    """The sort keys of a dated ledger (for `order_by`): "date" (`date`, then `tiebreak`), then each of `keys`:
    its column, then the date (rows of one value in date order); a key given a tuple takes those columns as
    they are."""
    return {"date": (date, tiebreak),
            **{k: c if isinstance(c, tuple) else (c, date) for k, c in keys.items()}}


def read_ids(s: Any, stmt: Any, progress: Progress | None = None, out: Any = None) -> Any:
    """The first column of every row of `stmt`, in order. Read with the DB-API cursor in chunks: a hundred
    thousand one-column rows cost a fifth of what SQLAlchemy's Row objects would, and a cancel is seen between
    chunks. `out`: a list unless given (e.g. an `array("q")` of integer rowids, a million of them in 8 MB)."""
    compiled = stmt.compile(s.get_bind(), compile_kwargs={"render_postcompile": True})
    params = tuple(compiled.params[k] for k in compiled.positiontup or ())
    out = [] if out is None else out
    cur = s.connection().connection.dbapi_connection.cursor()
    try:
        cur.execute(str(compiled), params)
        while chunk := cur.fetchmany(20_000):
            if progress is not None:
                progress.check()
            out.extend(r[0] for r in chunk)
    finally:
        cur.close()
    return out


def chunks(ids: Iterable[Any], size: int = CHUNK) -> Iterable[list]:
    """`ids` in lists of at most `size` (for IN (...) with SQLite's bound on parameters)."""
    batch: list = []
    for i in ids:
        batch.append(i)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def live_rows(s: Any, model: Any, ids: Iterable[Any], visible: Callable[[str], bool]) -> list:
    """The live (not deleted) rows of `model` with these ids whose unit is `visible` (in scope), read in chunks;
    in no particular order (`in_order` puts them in the ids' order)."""
    return [r for chunk in chunks(ids) for r in s.execute(select(model).where(
        model.id.in_(chunk), model.deleted.is_(False))).scalars() if visible(r.unit_code)]


def in_order(ids: Sequence[Any], found: Mapping[Any, Any]) -> list:
    """The found rows in the order of `ids`, None for an id not found (gone, or out of scope)."""
    return [found.get(i) for i in ids]
