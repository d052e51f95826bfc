"""Informix SQL to DuckDB SQL (sqlglot), and the Informix description of SELECT results."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.errors import ParseError, TokenError

from informix_db.types import typecodes as tc

from . import dbdate, ifxtypes, lobs, sqltext
from .ddl import Owner
from .errors import SqlError, error_marker
from .ifxtypes import IfxType
from .nodemeta import IFX_META, IFX_NAME

VERSION_TEXT = "IBM Informix Dynamic Server Version 15.0.0.0"
ROUTINE_RESULT = "ifx_routine_result"  # ifx_routine_result(i, f(args)): result i of routine f


class _Parser(DuckDB.Parser):
    """DuckDB's parser plus Informix's ``SELECT [SKIP n] [FIRST n | LIMIT n]`` and DECODE."""

    FUNCTIONS = {
        **DuckDB.Parser.FUNCTIONS,
        "DECODE": lambda args: exp.Anonymous(this="decode", expressions=args),
    }
    FUNCTION_PARSERS = {k: v for k, v in DuckDB.Parser.FUNCTION_PARSERS.items() if k != "DECODE"}

    def _parse_limit(self, this=None, top=False, skip_limit_token=False):
        if not top:
            return super()._parse_limit(this, top, skip_limit_token)
        skip = first = None
        start = self._index
        if self._match_text_seq("SKIP"):
            skip = self._parse_primary()
            if skip is None:
                self._retreat(start)
                return None
        mark = self._index
        if self._match_text_seq("FIRST") or self._match(sqlglot.TokenType.LIMIT):
            first = self._parse_primary()
            if first is None:
                self._retreat(mark)
        if skip is None and first is None:
            return None
        return exp.Limit(expression=first, offset=skip)


class _Tokenizer(DuckDB.Tokenizer):
    """DuckDB's tokenizer without dollar-quoted strings, which Informix does not have: with
    them, the lexer's ``$1,$2`` (``?,?`` without a blank) reads as a string tagged ``1,``."""

    HEREDOC_STRINGS: list = []


class Informix(DuckDB):
    """Dialect used to read the lexed Informix text; NULL sorts as the smallest value."""

    NULL_ORDERING = "nulls_are_small"
    Tokenizer = _Tokenizer
    Parser = _Parser


@dataclass(frozen=True)
class CatalogColumn:
    """A column as the engine catalog records it."""

    name: str
    ifx: IfxType
    nullable: bool = True
    serial_start: int = 1  # SERIAL(n), SERIAL8(n), BIGSERIAL(n): the first value given
    reserve: int = 0  # VARCHAR(m, r): the minimum length r

    @property
    def declaration(self) -> str:
        """The type text the catalog keeps (a serial's start value, a VARCHAR's minimum included)."""
        text = self.ifx.sql()
        if self.reserve:
            return f"{text[:-1]},{self.reserve})"
        return f"{text}({self.serial_start})" if self.serial_start != 1 else text


# Resolves (catalog or None, table name) to its columns, or None for an unknown table.
Resolver = Callable[[str | None, str], "list[CatalogColumn] | None"]


def parse(text: str) -> exp.Expr:
    """Parse lexed Informix text into one sqlglot statement (-201 on a syntax error)."""
    try:
        trees = sqlglot.parse(text, read=Informix)
    except ParseError as exc:
        raise _parse_error(text, exc) from None
    except TokenError:
        raise SqlError(-201) from None
    trees = [t for t in trees if t is not None]
    if len(trees) != 1:
        raise SqlError(-201)
    if any(not str(p.this or "").isdigit() for p in trees[0].find_all(exp.Placeholder)):
        raise SqlError(-201)  # only ``?`` placeholders exist on the wire
    return trees[0]


def _parse_error(text: str, exc: ParseError) -> SqlError:
    """-201 naming the token the parser stopped at, and which of its appearances it was
    (``sqltext.locate`` finds its offset in the statement as the client sent it)."""
    detail = exc.errors[0] if exc.errors else {}
    near = str(detail.get("highlight") or "")
    error = SqlError(-201, near=near)
    if near and detail.get("line"):
        lines = text.split("\n")
        end = sum(len(line) + 1 for line in lines[: detail["line"] - 1]) + detail["col"]
        before = text[: max(0, end - len(near))].upper()
        error.occurrence = len(re.findall(rf"(?<![\w$]){re.escape(near.upper())}(?![\w$])", before))
    return error


def _literal(sql: str, ifx: IfxType, name: str = "(constant)") -> exp.Expr:
    node = sqlglot.parse_one(sql, read="duckdb")
    node.meta[IFX_META] = ifx
    node.meta[IFX_NAME] = name
    return node


def _string_arg(node: exp.Expr, i: int) -> str:
    args = node.expressions
    if i >= len(args) or not isinstance(args[i], exp.Literal) or not args[i].is_string:
        raise SqlError(-201)
    return args[i].this


def _current(qualifier: str) -> exp.Expr:
    ifx = ifxtypes.datetime_of(qualifier)
    start, end = ifx.start, ifx.end
    if end <= ifxtypes.UNITS["DAY"]:
        return _literal("CURRENT_DATE", ifx, "(current)")
    unit = {6: "hour", 8: "minute", 10: "second"}.get(end, "millisecond")
    stamp = f"date_trunc('{unit}', localtimestamp)"
    if start >= ifxtypes.UNITS["HOUR"]:
        stamp = f"CAST({stamp} AS TIME)"
    return _literal(stamp, ifx, "(current)")


class Translator:
    """Rewrites one parsed statement for DuckDB; ``dbinfo`` answers DBINFO() requests,
    ``routine`` finds user routines (SPL) and ``inline`` expands a call of one into
    expressions (``routines.inline``, which builds on this module, so it is handed in)."""

    def __init__(self, dbinfo: Callable[[list[str]], exp.Expr], routine=None, inline=None, depth: int = 0,
                 table_name: Callable[[str], str] | None = None,
                 check_owner: Callable[[str, Owner | None], None] | None = None):
        self._table_name = table_name or (lambda name: name)  # a synonym's table, else the name
        self._check_owner = check_owner or (lambda name, owner: None)  # -206 for another owner's table
        self._dbinfo = dbinfo
        self._routine = routine or (lambda name: None)
        self._inline_routine = inline
        self._depth = depth

    def _inline(self, routine, args: list[exp.Expr]) -> list[exp.Expr]:
        nested = Translator(self._dbinfo, self._routine, self._inline_routine, self._depth + 1, self._table_name,
                            self._check_owner)
        return self._inline_routine(routine, args, nested.translate, self._depth)

    def translate(self, tree: exp.Expr) -> exp.Expr:
        for select in list(tree.find_all(exp.Select)):
            _move_skip(select)
        for column in tree.find_all(exp.Column):
            db = column.args.get("db")
            if isinstance(db, exp.Identifier) and not db.name.lower().startswith(sqltext.DB_CATALOG_PREFIX):
                column.set("db", None)  # owner.table.column: the table names its owner in FROM
        for table in list(tree.find_all(exp.Table)):
            owner = _given_owner(table)
            _fix_table(table)
            if not table.catalog and isinstance(table.this, exp.Identifier):
                self._check_owner(table.name, owner)
                real = self._table_name(table.name)
                if real != table.name:
                    if not table.alias:
                        table.set("alias", exp.TableAlias(this=exp.to_identifier(table.name)))
                    table.set("this", exp.to_identifier(real))
        return _bottom_up(tree, self._node)

    def _node(self, node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Anonymous):
            return self._function(node)
        if isinstance(node, exp.Cast):
            return _cast(node)
        if isinstance(node, exp.Div):
            return _checked_division(node)
        if isinstance(node, exp.Like) and not isinstance(node.parent, exp.Escape):
            # Informix's LIKE escapes with a backslash unless an ESCAPE clause names another character.
            return exp.Escape(this=node, expression=exp.Literal.string("\\"))
        if isinstance(node, exp.ToChar) and node.args.get("format") is not None:
            # Informix TO_CHAR formats are strftime formats.
            return exp.Anonymous(this="strftime", expressions=[node.this, node.args["format"]])
        return node

    def _function(self, node: exp.Anonymous) -> exp.Expr:
        name = node.name.lower()
        if name == "ifx_datetime":
            ifx = ifxtypes.datetime_of(_string_arg(node, 1))
            return _literal(ifxtypes.literal_sql(ifx.coerce(_string_arg(node, 0)), ifx), ifx)
        if name == "ifx_interval":
            ifx = ifxtypes.interval_of(_string_arg(node, 1))
            value = ifx.coerce(_string_arg(node, 0))
            return _literal(ifxtypes.literal_sql(value, ifx), ifx)
        if name == "ifx_collection" and len(node.expressions) == 2:
            return node.expressions[1]  # the list_value(...) of a SET{...}/LIST{...} literal
        if name == "ifx_current":
            return _current(_string_arg(node, 0))
        if name == "ifx_today":
            return _literal("CURRENT_DATE", ifxtypes.DATE, "(today)")
        if name == "ifx_dbservername":
            return self._dbinfo(["dbservername"])
        if name == "dbinfo":
            return self._dbinfo([_string_arg(node, i) for i in range(len(node.expressions))])
        if name == "nvl" and len(node.expressions) == 2:
            return exp.Coalesce(this=node.expressions[0], expressions=[node.expressions[1]])
        if name == "mdy" and len(node.expressions) == 3:
            m, d, y = node.expressions
            return _literal_node(exp.Anonymous(this="make_date", expressions=[y, m, d]), ifxtypes.DATE)
        if name == "to_date" and len(node.expressions) == 2:
            return _literal_node(
                exp.Anonymous(this="strptime", expressions=node.expressions),
                ifxtypes.datetime_type(ifxtypes.UNITS["YEAR"], ifxtypes.UNITS["SECOND"] + 5),
            )
        if name == "decode" and len(node.expressions) >= 3:
            return _decode(node.expressions)
        lob_function = lobs.translate_function(name, node)
        if lob_function is not None:
            return lob_function
        if name == "extend" and len(node.expressions) == 2:
            return _extend(node.expressions[0], ifxtypes.datetime_of(_qualifier_arg(node.expressions[1])))
        if name == ROUTINE_RESULT and len(node.expressions) == 2:
            index, call = node.expressions
            if not isinstance(call, exp.Anonymous):
                return call  # a one-result routine, inlined already
            return self._inline(self._routine(call.name.lower()), list(call.expressions))[int(index.this)]
        routine = self._routine(name)
        if routine is not None and len(routine.returns) == 1:
            return self._inline(routine, list(node.expressions))[0]
        return node


def _bottom_up(tree: exp.Expr, rewrite: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
    """Apply ``rewrite`` to every node, children before parents, so rewritten nodes built
    around their arguments still get those arguments rewritten."""
    nodes = [(n, n.parent, n.arg_key, n.index) for n in tree.dfs()]
    for node, parent, arg_key, index in reversed(nodes):
        new = rewrite(node)
        if new is node:
            continue
        if node is tree:
            tree = new
        else:
            parent.set(arg_key, new, index)
    return tree


def _literal_node(node: exp.Expr, ifx: IfxType) -> exp.Expr:
    node.meta[IFX_META] = ifx
    return node


def _qualifier_arg(node: exp.Expr) -> str:
    if isinstance(node, exp.Literal) and node.is_string and node.this.startswith(sqltext.QUALIFIER_ARG):
        return node.this[len(sqltext.QUALIFIER_ARG) :]
    raise SqlError(-201)


def _extend(value: exp.Expr, ifx: IfxType) -> exp.Expr:
    """EXTEND(value, qualifier): the value as a DATETIME with that qualifier."""
    end = ifx.end
    stamp: exp.Expr = exp.Cast(this=value, to=exp.DataType.build("TIMESTAMP"))
    unit = {0: "year", 2: "month", 4: "day", 6: "hour", 8: "minute", 10: "second"}.get(end, "millisecond")
    stamp = exp.Anonymous(this="date_trunc", expressions=[exp.Literal.string(unit), stamp])
    result = exp.Cast(this=stamp, to=exp.DataType.build(ifx.duck()))
    result.meta[IFX_META] = ifx
    return result


def _decode(args: list[exp.Expr]) -> exp.Expr:
    subject, rest = args[0], args[1:]
    case = exp.Case()
    for i in range(0, len(rest) - 1, 2):
        case = case.when(exp.NullSafeEQ(this=subject.copy(), expression=rest[i]), rest[i + 1])
    if len(rest) % 2:
        case = case.else_(rest[-1])
    return case


def _move_skip(select: exp.Select) -> None:
    """Turn the Limit our parser builds for SKIP/FIRST into DuckDB LIMIT/OFFSET."""
    limit = select.args.get("limit")
    if not isinstance(limit, exp.Limit) or limit.args.get("offset") is None:
        return
    select.set("offset", exp.Offset(expression=limit.args["offset"]))
    limit.set("offset", None)
    if limit.args.get("expression") is None:
        select.set("limit", None)


def _given_owner(table: exp.Table) -> Owner | None:
    """The owner ``owner.table`` names in this database (a delimited one keeps its case)."""
    db = table.args.get("db")
    if not isinstance(db, exp.Identifier) or table.catalog or db.name.lower().startswith(sqltext.DB_CATALOG_PREFIX):
        return None
    return Owner(db.name, bool(db.args.get("quoted")))


def _fix_table(table: exp.Table) -> None:
    """``db:table`` picks the database's DuckDB catalog; ``owner.table`` drops the owner."""
    prefix = sqltext.DB_CATALOG_PREFIX
    catalog, db = table.catalog, table.db
    if catalog.lower().startswith(prefix):
        table.set("catalog", exp.to_identifier(catalog.lower()))
        table.set("db", exp.to_identifier("main"))
    elif db.lower().startswith(prefix):
        table.set("catalog", exp.to_identifier(db.lower()))
        table.set("db", exp.to_identifier("main"))
    elif db:
        table.set("db", None)
    if isinstance(table.this, exp.Identifier):
        table.set("this", exp.to_identifier(table.name.lower()))


def cast_target(node: exp.Cast) -> IfxType | None:
    """The Informix type a cast converts to, when it names one."""
    to = node.args.get("to")
    if not isinstance(to, exp.DataType):
        return None
    kind = str(to.args.get("kind") or "")
    if to.this == exp.DType.USERDEFINED:
        return sqltext.type_from_token(kind) or (ifxtypes.lvarchar() if kind.lower() == "lvarchar" else None)
    return None


def _cast(node: exp.Cast) -> exp.Expr:
    ifx = cast_target(node)
    if ifx is None:
        return node
    node.set("to", exp.DataType.build(ifx.duck(), dialect="duckdb"))
    node.meta[IFX_META] = ifx
    result: exp.Expr = node
    if ifx.code in (tc.CHAR, tc.NCHAR, tc.VARCHAR, tc.NVARCHAR):
        result = exp.Anonymous(this="left", expressions=[node, exp.Literal.number(ifx.length)])
    result.meta[IFX_META] = ifx
    return result


def _checked_division(node: exp.Div) -> exp.Expr:
    """Informix division: dividing by zero is error -1202, not NULL or infinity."""
    divisor = node.expression
    fail = exp.Anonymous(this="error", expressions=[exp.Literal.string(error_marker(-1202))])
    return exp.Case(
        ifs=[exp.If(this=exp.EQ(this=divisor.copy(), expression=exp.Literal.number(0)), true=fail)],
        default=exp.Div(this=node.this, expression=divisor),
    )


# ---- result description -----------------------------------------------------------------------
@dataclass
class OutputColumn:
    name: str
    ifx: IfxType | None  # None: use DuckDB's result type
    nullable: bool = True


def first_select(tree: exp.Expr) -> exp.Select | None:
    while isinstance(tree, (exp.SetOperation, exp.Subquery, exp.Paren)):
        tree = tree.this
    return tree if isinstance(tree, exp.Select) else None


class Describer:
    """Types and names of a SELECT's result columns, the way Informix reports them."""

    def __init__(self, resolver: Resolver):
        self._resolve = resolver

    def outputs(self, tree: exp.Expr) -> list[OutputColumn] | None:
        """One entry per result column, or None when a star cannot be expanded."""
        select = first_select(tree)
        if select is None:
            return None
        sources = self._sources(select)
        result: list[OutputColumn] = []
        for projection in select.expressions:
            star_source = _star_source(projection)
            if star_source is not None:
                chosen = sources if star_source == "" else [s for s in sources if s[0] == star_source]
                if not chosen or any(cols is None for _, cols in chosen):
                    return None
                for _, cols in chosen:
                    result.extend(OutputColumn(c.name, c.ifx, c.nullable) for c in cols)
                continue
            result.append(self._column(projection, sources))
        return result

    def _sources(self, select: exp.Select) -> list[tuple[str, list[CatalogColumn] | None]]:
        found: list[tuple[str, list[CatalogColumn] | None]] = []
        items = []
        if select.args.get("from_"):
            items.append(select.args["from_"].this)
        items.extend(j.this for j in select.args.get("joins") or [])
        for item in _nested_joins(items):
            if isinstance(item, exp.Table) and isinstance(item.this, exp.Identifier):
                catalog = item.catalog or None
                found.append((item.alias_or_name.lower(), self._resolve(catalog, item.name.lower())))
            elif isinstance(item, exp.Subquery):
                inner = self.outputs(item.this)
                cols = None
                if inner is not None and all(c.ifx is not None for c in inner):
                    cols = [CatalogColumn(c.name, c.ifx, c.nullable) for c in inner]
                found.append((item.alias_or_name.lower(), cols))
            else:
                found.append((item.alias_or_name.lower(), None))
        return found

    def _column(self, node: exp.Expr, sources) -> OutputColumn:
        if isinstance(node, exp.Alias):
            inner = self._column(node.this, sources)
            return OutputColumn(node.alias.lower(), inner.ifx, inner.nullable)
        return OutputColumn(_name_of(node), *self._type_of(node, sources))

    def _type_of(self, node: exp.Expr, sources) -> tuple[IfxType | None, bool]:
        meta = node.meta.get(IFX_META) if node.meta else None
        if meta is not None:
            return meta, True
        if isinstance(node, exp.Paren):
            return self._type_of(node.this, sources)
        if isinstance(node, exp.Column) and not isinstance(node.this, exp.Star):
            column = _lookup_column(node, sources)
            return (column.ifx, column.nullable) if column else (None, True)
        if isinstance(node, exp.Literal):
            return _literal_type(node), True
        if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal):
            return _literal_type(node.this), True
        if isinstance(node, exp.Boolean):
            return ifxtypes.BOOLEAN, True
        if isinstance(node, exp.Count):
            return ifxtypes.decimal(15, 0), True
        if isinstance(node, (exp.Sum, exp.Avg)):
            inner, _ = self._type_of(node.this, sources)
            if inner is not None and inner.code in (tc.FLOAT, tc.SMALLFLOAT):
                return ifxtypes.FLOAT, True
            return ifxtypes.decimal(32), True
        if isinstance(node, (exp.Min, exp.Max)):
            inner, _ = self._type_of(node.this, sources)
            return inner, True
        if isinstance(node, (exp.Upper, exp.Lower, exp.Trim)):
            inner, _ = self._type_of(node.this, sources)
            return (inner if inner is not None and inner.is_text else None), True
        if isinstance(node, exp.Coalesce):
            inner, _ = self._type_of(node.this, sources)
            return inner, True
        function = _FUNCTION_TYPES.get(type(node)) or _FUNCTION_TYPES.get(
            node.name.lower() if isinstance(node, exp.Anonymous) else None
        )
        if function is not None:
            return function, True
        if isinstance(node, exp.DPipe):
            return _concat_type([self._type_of(p, sources)[0] for p in (node.this, node.expression)]), True
        if isinstance(node, (exp.Add, exp.Sub, exp.Mul)):
            parts = [self._type_of(p, sources)[0] for p in (node.this, node.expression)]
            if any(p is not None and p.code == tc.DECIMAL and p.scale == ifxtypes.FLOATING_SCALE for p in parts):
                return ifxtypes.decimal(32), True  # floating DECIMAL arithmetic stays DECIMAL
        division = node.args.get("default") if isinstance(node, exp.Case) else None
        if isinstance(division, exp.Div):  # see _checked_division
            parts = [self._type_of(p, sources)[0] for p in (division.this, division.expression)]
            exact = (tc.DECIMAL, tc.MONEY, tc.SMALLINT, tc.INTEGER, tc.INT8, tc.BIGINT, tc.SERIAL, tc.SERIAL8, tc.BIGSERIAL)
            if any(p is not None and p.code in (tc.DECIMAL, tc.MONEY) for p in parts) and all(
                p is not None and p.code in exact for p in parts
            ):
                return ifxtypes.decimal(32), True  # a quotient of DECIMALs is a floating DECIMAL
        return None, True


_FUNCTION_TYPES: dict = {
    exp.Length: ifxtypes.INTEGER, "char_length": ifxtypes.INTEGER, "octet_length": ifxtypes.INTEGER,
    exp.Year: ifxtypes.SMALLINT, exp.Month: ifxtypes.SMALLINT, exp.Day: ifxtypes.SMALLINT,
    "weekday": ifxtypes.SMALLINT, exp.DayOfWeek: ifxtypes.SMALLINT,
}


_TEXT_CODES = (tc.CHAR, tc.NCHAR, tc.VARCHAR, tc.NVARCHAR, tc.LVARCHAR)


def render_text_casts(tree: exp.Expr, describer: Describer) -> None:
    """Make ``value::CHAR/VARCHAR/LVARCHAR`` render BOOLEAN and DATETIME values as Informix
    does (``t``/``f``, ``2026-08-31 12:30:15.12000``) rather than as DuckDB would."""
    scopes: dict[int, list] = {}
    for cast in list(tree.find_all(exp.Cast)):
        target = cast.meta.get(IFX_META) if cast.meta else None
        if target is None or target.code not in _TEXT_CODES:
            continue
        select = cast.find_ancestor(exp.Select)
        if select is None:
            continue
        if id(select) not in scopes:
            scopes[id(select)] = describer._sources(select)
        source, _ = describer._type_of(cast.this, scopes[id(select)])
        rendered = _informix_text(cast.this, source)
        if rendered is not None:
            cast.set("this", rendered)


def _informix_text(value: exp.Expr, source: IfxType | None) -> exp.Expr | None:
    if source is None:
        return None
    if source.code == tc.BOOLEAN:
        return exp.Case(
            ifs=[
                exp.If(this=value.copy(), true=exp.Literal.string("t")),
                exp.If(this=exp.Not(this=value.copy()), true=exp.Literal.string("f")),
            ]
        )
    if source.code == tc.DATE and dbdate.current.get() is not None:
        date = exp.Cast(this=value.copy(), to=exp.DataType.build("DATE"))
        return exp.Anonymous(this="strftime", expressions=[date, exp.Literal.string(dbdate.current.get().strftime)])
    if source.code != tc.DATETIME:
        return None
    formats = {0: "%Y", 2: "%m", 4: "%d", 6: "%H", 8: "%M", 10: "%S"}
    separators = {2: "-", 4: "-", 6: " ", 8: ":", 10: ":"}
    units = [u for u in formats if source.start <= u <= min(source.end, 10)]
    pattern = "".join((separators[u] if i else "") + formats[u] for i, u in enumerate(units))
    stamp = exp.Cast(this=value.copy(), to=exp.DataType.build("TIMESTAMP"))
    if source.start >= ifxtypes.UNITS["HOUR"]:
        stamp = exp.Add(this=exp.Cast(this=exp.Literal.string("2000-01-01"), to=exp.DataType.build("DATE")),
                        expression=value.copy())
    text: exp.Expr = exp.Anonymous(this="strftime", expressions=[stamp, exp.Literal.string(pattern)])
    digits = source.end - ifxtypes.UNITS["SECOND"]
    if digits > 0:
        fraction = exp.Anonymous(
            this="left",
            expressions=[exp.Anonymous(this="strftime", expressions=[stamp.copy(), exp.Literal.string("%f")]),
                         exp.Literal.number(digits)],
        )
        text = exp.DPipe(this=exp.DPipe(this=text, expression=exp.Literal.string(".")), expression=fraction)
    return text


def _concat_type(parts: list[IfxType | None]) -> IfxType | None:
    if any(p is None or not p.is_text for p in parts):
        return None
    total = sum(p.length for p in parts)
    return ifxtypes.varchar(total) if total <= ifxtypes.VARCHAR_MAX else ifxtypes.lvarchar(total)


def _nested_joins(items: list[exp.Expr]) -> list[exp.Expr]:
    """FROM items with a parenthesised join (``a LEFT JOIN (b LEFT JOIN c ON ...) ON ...``, as
    Informix outer joins become) replaced by its tables, in order."""
    flat: list[exp.Expr] = []
    for item in items:
        inner = item.this if isinstance(item, exp.Subquery) and not item.alias else None
        if isinstance(inner, exp.Table) and inner.args.get("joins"):
            joined = inner.copy()
            joined.set("joins", None)
            flat.extend(_nested_joins([joined, *(j.this for j in inner.args["joins"])]))
        else:
            flat.append(item)
    return flat


def _star_source(node: exp.Expr) -> str | None:
    """'' for ``*``, the qualifier for ``t.*``, None for any other projection."""
    if isinstance(node, exp.Star):
        return ""
    if isinstance(node, exp.Column) and isinstance(node.this, exp.Star):
        return node.table.lower()
    return None


def _lookup_column(node: exp.Column, sources) -> CatalogColumn | None:
    name = node.name.lower()
    qualifier = node.table.lower()
    for alias, cols in sources:
        if qualifier and alias != qualifier:
            continue
        for col in cols or []:
            if col.name == name:
                return col
    if qualifier and all(alias != qualifier for alias, _ in sources):
        return _row_field(qualifier, name, sources)
    return None


def _row_field(row_column: str, field: str, sources) -> CatalogColumn | None:
    """``r.field`` where ``r`` is a ROW column rather than a table."""
    for _, cols in sources:
        for col in cols or []:
            if col.name == row_column and col.ifx.code == tc.ROW:
                for name, ifx in col.ifx.parts:
                    if name == field:
                        return CatalogColumn(field, ifx)
    return None


def _literal_type(node: exp.Literal) -> IfxType:
    text = node.this
    if node.is_string:
        return ifxtypes.char(max(1, len(text.encode("utf-8"))))
    if re.fullmatch(r"\d+", text):
        return ifxtypes.INTEGER if int(text) <= 2147483647 else ifxtypes.decimal(min(32, len(text)), 0)
    found = re.fullmatch(r"(\d*)\.(\d*)", text)
    if found:
        whole, frac = found.group(1).lstrip("0"), found.group(2)
        return ifxtypes.decimal(max(1, min(32, len(whole) + len(frac))), min(len(frac), 32))
    return ifxtypes.FLOAT


_AGGREGATE_NAMES = {exp.Sum: "(sum)", exp.Avg: "(avg)", exp.Min: "(min)", exp.Max: "(max)"}


def _name_of(node: exp.Expr) -> str:
    if node.meta and node.meta.get(IFX_NAME):
        return node.meta[IFX_NAME]
    if isinstance(node, exp.Column):
        return node.name.lower()
    if isinstance(node, exp.Count):
        return "(count(*))" if isinstance(node.this, exp.Star) else "(count)"
    for kind, name in _AGGREGATE_NAMES.items():
        if isinstance(node, kind):
            return name
    if isinstance(node, (exp.Literal, exp.Boolean, exp.Null)) or (
        isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal)
    ):
        return "(constant)"
    return "(expression)"


def placeholder_targets(tree: exp.Expr, column_type: Callable[[exp.Column], IfxType | None]) -> dict[int, IfxType]:
    """Placeholder number -> Informix type it is converted to (casts, comparisons, SET)."""
    targets: dict[int, IfxType] = {}
    for node in tree.find_all(exp.Placeholder):
        if not str(node.this or "").isdigit():
            continue
        index = int(node.this)
        parent = node.parent
        while isinstance(parent, exp.Paren):
            parent = parent.parent
        ifx = None
        if isinstance(parent, exp.Cast):
            ifx = parent.meta.get(IFX_META) if parent.meta else None
            ifx = ifx or cast_target(parent)
        elif isinstance(parent, exp.Anonymous) and parent.meta and parent.meta.get(IFX_META):
            ifx = parent.meta[IFX_META]
        elif isinstance(parent, (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE)):
            other = parent.this if parent.expression is node else parent.expression
            if isinstance(other, exp.Column):
                ifx = column_type(other)
        elif isinstance(parent, (exp.In, exp.Between)) and isinstance(parent.this, exp.Column):
            ifx = column_type(parent.this)
        if ifx is not None:
            targets[index] = ifx
    return targets
