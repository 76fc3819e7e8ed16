"""What the areas' commands share in shape: a leaf command declared in one call (its arguments, `--json`, its
handler), the options many commands take (--unit, --period, --from/--to, a record id, --on), the period check
and the list output (`{"count": n, key: [...]}` with --json, a line a row otherwise).

    command(group, "list", "走访台账（新的在前）", list_, unit("网格编码", flag="--grid"), *date_range())
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gridapp.cli.context import EXIT_OK, Context, UsageError, date_arg, json_flag, subcommands
from gridapp.core.errors import GridappError

if TYPE_CHECKING:
    from gridapp.services.session import AppSession

Arg = tuple[tuple[str, ...], dict[str, Any]]  # the flags and keywords of one add_argument call
Handler = Callable[[Context], int]

UNIT_HELP = "单位编码，默认本单位"
START_HELP = "起始日期 YYYY-MM-DD"
END_HELP = "截止日期 YYYY-MM-DD"


def arg(*flags: str, **kw: Any) -> Arg:
    """One argument of a command, as `add_argument(*flags, **kw)` takes it."""
    return flags, kw


def need(flag: str, help: str, **kw: Any) -> Arg:
    """A required option."""
    return arg(flag, required=True, help=help, **kw)


@dataclass(frozen=True)
class OneOf:
    """Options of which at most one (with required=True: exactly one) may be given."""

    args: tuple[Arg, ...]
    required: bool = False


def one_of(*args: Arg, required: bool = False) -> OneOf:
    """A mutually exclusive group of options, e.g. `one_of(flag("--passed", "核查通过"), flag("--back", "退回重办"))`."""
    return OneOf(args, required)


def flag(name: str, help: str) -> Arg:
    """An on/off option (`store_true`)."""
    return arg(name, action="store_true", help=help)


def group(sub: Any, name: str, help: str, dest: str) -> Any:
    """A command group (`events classes …`) under a group's subparsers; returns its own subparsers."""
    return subcommands(sub.add_parser(name, help=help), dest)


def command(group: Any, name: str, help: str, func: Handler, *args: Arg | Sequence[Arg] | OneOf, json: bool = True,
            **defaults: Any) -> argparse.ArgumentParser:
    """Add the leaf command `name` to a command group: its arguments (an Arg or a list of them, e.g. a
    date_range), `--json` (unless json=False) and its handler; returns its parser for what does not fit an Arg
    (mutually exclusive groups)."""
    p = group.add_parser(name, help=help)
    add_args(p, *args)
    if json:
        json_flag(p)
    p.set_defaults(func=func, **defaults)
    return p


def add_args(parser: argparse.ArgumentParser, *args: Arg | Sequence[Arg] | OneOf) -> None:
    """Add arguments (an Arg, a list of them or a OneOf each) to a parser made elsewhere (an export's filters)."""
    for a in args:
        if isinstance(a, OneOf):
            exclusive = parser.add_mutually_exclusive_group(required=a.required)
            for flags, kw in a.args:
                exclusive.add_argument(*flags, **kw)
            continue
        for flags, kw in _args(a):
            parser.add_argument(*flags, **kw)


def _args(a: Arg | Sequence[Arg]) -> Iterable[Arg]:
    if len(a) == 2 and isinstance(a[0], tuple) and isinstance(a[1], dict):
        return [a]  # type: ignore[list-item]  # one Arg
    return a  # type: ignore[return-value]  # a list of them


def unit(help: str = UNIT_HELP, flag: str = "--unit", **kw: Any) -> Arg:
    return arg(flag, help=help, **kw)


def period(help: str) -> Arg:
    return arg("--period", help=help)


def record_id(help: str, name: str = "id") -> Arg:
    return arg(name, help=help)


def on(help: str, **kw: Any) -> Arg:
    return arg("--on", type=date_arg, help=help, **kw)


def date_range(start: str = START_HELP, end: str = END_HELP, *, dest: str = "date",
               kind: Callable[[str], Any] = date_arg) -> list[Arg]:
    """`--from` and `--to` (into date_from and date_to, or e.g. valid_from and valid_to)."""
    return [arg("--from", dest=f"{dest}_from", type=kind, help=start),
            arg("--to", dest=f"{dest}_to", type=kind, help=end)]


def parse(parser: Callable[[str], Any], text: str) -> Any:
    """A period (or other text) parsed by the domain's parser; its refusal is a usage error."""
    try:
        return parser(text)
    except GridappError as exc:
        raise UsageError(exc.message) from exc


def listing(ctx: Context, key: str, rows: Sequence[Any], line: Callable[[Any], str], empty: str, *,
            count: bool = True, count_last: bool = False, as_dict: Callable[[Any], Any] | None = None) -> int:
    """Print a list: `{"count": n, key: [row.as_dict() …]}` with --json, one line a row (or `empty`) else."""
    items = [as_dict(r) if as_dict else r.as_dict() for r in rows]
    data: dict[str, Any] = {key: items}
    if count:
        data = {key: items, "count": len(items)} if count_last else {"count": len(items), key: items}
    ctx.out(data, "\n".join(line(r) for r in rows) or empty)
    return EXIT_OK


def lister(fetch: Callable[[AppSession, argparse.Namespace], Sequence[Any]], key: str, line: Callable[[Any], str],
           empty: str, **kw: Any) -> Handler:
    """The handler of a list command: `listing` of what `fetch(session, args)` returns."""

    def handler(ctx: Context) -> int:
        with ctx.session() as session:
            return listing(ctx, key, fetch(session, ctx.args), line, empty, **kw)

    return handler


def viewer(fetch: Callable[[AppSession, argparse.Namespace], Any], text: Callable[[Any], str], *,
           act: Callable[[AppSession, argparse.Namespace], Any] | None = None) -> Handler:
    """The handler of a command that shows one record, after `act(session, args)` when given: what
    `fetch(session, args)` returns, as its `as_dict()` with --json, `text(record)` otherwise."""

    def handler(ctx: Context) -> int:
        with ctx.session() as session:
            if act is not None:
                act(session, ctx.args)
            view = fetch(session, ctx.args)
            ctx.out(view.as_dict(), text(view))
        return EXIT_OK

    return handler


def saver(save: Callable[[AppSession, argparse.Namespace], Any], text: Callable[[argparse.Namespace], str]) -> Handler:
    """The handler of a command that records one figure: `save(session, args)` returns the new id, printed as
    `{"id": …}` with --json, `text(args)` otherwise."""

    def handler(ctx: Context) -> int:
        with ctx.session() as session:
            rid = save(session, ctx.args)
        ctx.out({"id": rid}, text(ctx.args))
        return EXIT_OK

    return handler
