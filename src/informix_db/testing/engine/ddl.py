"""Parsing of the Informix DDL the engine handles itself (column types must stay Informix's)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from . import ifxtypes
from .errors import E_COLUMN_EXISTS, SqlError
from .ifxtypes import IfxType

# A token: a string, a parenthesis, a comma, or a word whose dot-separated parts may be delimited
# ("owner".name stays one token).
_TOKEN = re.compile(r"'(?:[^']|'')*'|\(|\)|,|(?:\"(?:[^\"]|\"\")*\"|[^\s(),'\"]+)+")
_CONSTRAINT_WORDS = {
    "DEFAULT", "NOT", "NULL", "PRIMARY", "UNIQUE", "DISTINCT", "CHECK", "REFERENCES", "CONSTRAINT", "IN",
}
IDENTIFIER = re.compile(r"[A-Za-z_][\w$]*")
_NAME_PART = re.compile(r'"(?:[^"]|"")*"|[^.]+')  # the dot-separated parts of owner.name


@dataclass(frozen=True)
class Owner:
    """An owner name as a statement gives it (``owner.t``, ``"Owner".t``); the lettercase it is
    kept in depends on both (see ``schema.owner_name``)."""

    text: str
    delimited: bool


@dataclass
class ColumnDef:
    name: str
    ifx: IfxType
    nullable: bool = True
    default: str | None = None  # Informix default expression text
    serial_start: int = 1
    reserve: int = 0  # VARCHAR(m, r)


@dataclass
class KeyDef:
    kind: str  # "P" primary key, "U" unique constraint, "I" unique index
    columns: list[str]
    name: str = ""

    def label(self, table: str) -> str:
        """The key as a violation names it: its own name, or for a generated one (a blank-led
        internal index name) the table and the columns, which is what a user can act on."""
        if self.name and not self.name.startswith(" "):
            return self.name
        return f"{table} ({', '.join(self.columns)})"


@dataclass
class ForeignKey:
    """FOREIGN KEY (columns) REFERENCES table [(columns)] [ON DELETE CASCADE]."""

    columns: list[str]
    parent: str
    parent_columns: list[str]  # empty: the parent's primary key
    cascade: bool = False
    name: str = ""


@dataclass
class Check:
    """CHECK (condition): ``text`` is the Informix condition as written."""

    text: str
    name: str = ""


@dataclass
class TableDef:
    name: str
    temp: bool
    if_not_exists: bool
    columns: list[ColumnDef] = field(default_factory=list)
    keys: list[KeyDef] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    owner: Owner | None = None


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def identifier(token: str) -> str:
    """A folded identifier; -201 if ``token`` is not one. A delimited one (lexed under
    DELIMIDENT) may hold any character; it folds too (the engine's names are case-blind)."""
    if len(token) > 2 and token[0] == token[-1] == '"':
        return token[1:-1].replace('""', '"').lower()
    if not IDENTIFIER.fullmatch(token):
        raise SqlError(-201, near=token)
    return token.lower()


def object_name(token: str) -> str:
    """A constraint's or an index's name: a delimited identifier (DELIMIDENT) keeps its case, as
    Informix keeps "MixedCase" names; an undelimited one folds to lower case."""
    if len(token) > 2 and token[0] == token[-1] == '"':
        return token[1:-1].replace('""', '"')
    return identifier(token)


def _split_elements(toks: list[str]) -> list[list[str]]:
    """Top-level comma-separated elements of a parenthesised list (without the parens)."""
    elements: list[list[str]] = [[]]
    depth = 0
    for tok in toks:
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        if tok == "," and depth == 0:
            elements.append([])
        else:
            elements[-1].append(tok)
    if any(not e for e in elements):
        raise SqlError(-201)
    return elements


def _closing(toks: list[str], start: int) -> int:
    """Index of the ``)`` matching the ``(`` at ``start``."""
    depth = 0
    for i in range(start, len(toks)):
        if toks[i] == "(":
            depth += 1
        elif toks[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    raise SqlError(-201)


def _name_list(toks: list[str]) -> list[str]:
    if not toks or toks[0] != "(" or toks[-1] != ")":
        raise SqlError(-201)
    names = [identifier(t) for t in toks[1:-1] if t != "," and t.upper() not in ("ASC", "DESC")]
    if not names:
        raise SqlError(-201)
    return names


def parse_create_table(toks: list[str]) -> TableDef:
    """``toks``: the statement's tokens starting after ``CREATE``."""
    i = 0
    temp = False
    while toks[i].upper() in ("TEMP", "RAW", "STANDARD", "STATIC", "OPERATIONAL"):
        temp = temp or toks[i].upper() == "TEMP"
        i += 1
    if toks[i].upper() != "TABLE":
        raise SqlError(-201)
    i += 1
    if_not_exists = [t.upper() for t in toks[i : i + 3]] == ["IF", "NOT", "EXISTS"]
    if if_not_exists:
        i += 3
    name, owner = table_name(toks[i]), owner_of(toks[i])
    i += 1
    if i >= len(toks) or toks[i] != "(":
        raise SqlError(-201)
    end = _closing(toks, i)
    table = TableDef(name, temp, if_not_exists, owner=owner)
    for element in _split_elements(toks[i + 1 : end]):
        _element(element, table)
    if not table.columns:
        raise SqlError(-201)
    names = [c.name for c in table.columns]
    if len(set(names)) != len(names):
        raise SqlError(E_COLUMN_EXISTS, near=next(n for n in names if names.count(n) > 1))
    for key in table.keys:
        for col in key.columns:
            if col not in names:
                raise SqlError(-217, near=col)
        if key.kind == "P":
            for col in table.columns:
                if col.name in key.columns:
                    col.nullable = False
    return table


def table_name(token: str) -> str:
    """``owner.name`` or ``name``: the name, folded (``owner_of`` reads the owner)."""
    return identifier(_NAME_PART.findall(token)[-1])


def owner_name(owner: Owner | None, user: str, ansi: bool) -> str:
    """The owner as systables keeps it, by Informix's lettercase rules for owner names (ANSIOWNER
    unset): the login user when none is given (upshifted in an ANSI database); a delimited owner
    as written; an undelimited one downshifted, or upshifted in an ANSI database, except
    ``informix``, which stays lower case."""
    if owner is None:
        return user.upper() if ansi and user != "informix" else user
    if owner.delimited:
        return owner.text
    if owner.text.lower() == "informix":
        return "informix"
    return owner.text.upper() if ansi else owner.text.lower()


def owner_of(token: str) -> Owner | None:
    """The owner part of ``owner.name`` (None without one)."""
    parts = _NAME_PART.findall(token)
    if len(parts) < 2:
        return None
    part = parts[-2]
    if len(part) > 2 and part[0] == part[-1] == '"':
        return Owner(part[1:-1].replace('""', '"'), True)
    return Owner(part, False)


def _element(toks: list[str], table: TableDef) -> None:
    head = toks[0].upper()
    if head == "CONSTRAINT":
        _table_constraint(toks[2:], table, object_name(toks[1]))
        return
    if head in ("PRIMARY", "UNIQUE", "DISTINCT", "CHECK", "FOREIGN"):
        _table_constraint(toks, table, "")
        return
    _column(toks, table)


def _table_constraint(toks: list[str], table: TableDef, name: str) -> None:
    head = toks[0].upper()
    if head == "PRIMARY" and len(toks) > 1 and toks[1].upper() == "KEY":
        end = _closing(toks, 2)
        table.keys.append(KeyDef("P", _name_list(toks[2 : end + 1]), _trailing_name(toks[end + 1 :]) or name))
    elif head in ("UNIQUE", "DISTINCT"):
        end = _closing(toks, 1)
        table.keys.append(KeyDef("U", _name_list(toks[1 : end + 1]), _trailing_name(toks[end + 1 :]) or name))
    elif head == "CHECK":
        end = _closing(toks, 1)
        table.checks.append(Check(_text(toks[1 : end + 1]), _trailing_name(toks[end + 1 :]) or name))
    elif head == "FOREIGN" and len(toks) > 2 and toks[1].upper() == "KEY":
        end = _closing(toks, 2)
        table.foreign_keys.append(_references(_name_list(toks[2 : end + 1]), toks[end + 1 :], name))
    else:
        raise SqlError(-201, near=toks[0])


def _text(toks: list[str]) -> str:
    """Tokens back to SQL text (a CHECK condition, kept with its parentheses as syschecks has it)."""
    return " ".join(toks).replace("( ", "(").replace(" )", ")")


def _references(columns: list[str], toks: list[str], name: str) -> ForeignKey:
    """The ``REFERENCES parent [(cols)] [ON DELETE CASCADE] [CONSTRAINT n]`` after a key's columns."""
    if not toks or toks[0].upper() != "REFERENCES" or len(toks) < 2:
        raise SqlError(-201, near=toks[0] if toks else "")
    key = ForeignKey(columns, table_name(toks[1]), [], name=name)
    i = 2
    if i < len(toks) and toks[i] == "(":
        end = _closing(toks, i)
        key.parent_columns = _name_list(toks[i : end + 1])
        i = end + 1
    if [t.upper() for t in toks[i : i + 3]] == ["ON", "DELETE", "CASCADE"]:
        key.cascade = True
        i += 3
    key.name = _trailing_name(toks[i:]) or key.name
    if i < len(toks) and not key.name:
        raise SqlError(-201, near=toks[i])
    return key


def _trailing_name(toks: list[str]) -> str:
    if len(toks) >= 2 and toks[0].upper() == "CONSTRAINT":
        return object_name(toks[1])
    return ""


def _column(toks: list[str], table: TableDef) -> None:
    name = identifier(toks[0])
    i = 1
    type_toks: list[str] = []
    while i < len(toks) and toks[i].upper() not in _CONSTRAINT_WORDS:
        type_toks.append(toks[i])
        if toks[i] == "(":
            end = _closing(toks, i)
            type_toks.extend(toks[i + 1 : end + 1])
            i = end
        i += 1
    if not type_toks:
        raise SqlError(-201)
    declared = " ".join(type_toks)
    column = ColumnDef(name, ifxtypes.parse_type(declared), serial_start=ifxtypes.serial_start(declared),
                       reserve=ifxtypes.varchar_reserve(declared))
    last_constraint = None  # the constraint a following CONSTRAINT name belongs to
    while i < len(toks):
        word = toks[i].upper()
        if word == "DEFAULT":
            i, column.default = _default(toks, i + 1)
            continue
        if word == "NOT" and i + 1 < len(toks) and toks[i + 1].upper() == "NULL":
            column.nullable = False
            i += 2
        elif word == "NULL":
            i += 1
        elif word == "PRIMARY" and i + 1 < len(toks) and toks[i + 1].upper() == "KEY":
            table.keys.append(KeyDef("P", [name]))
            last_constraint = table.keys[-1]
            i += 2
        elif word in ("UNIQUE", "DISTINCT"):
            table.keys.append(KeyDef("U", [name]))
            last_constraint = table.keys[-1]
            i += 1
        elif word == "CHECK":
            end = _closing(toks, i + 1)
            table.checks.append(Check(_text(toks[i + 1 : end + 1])))
            last_constraint = table.checks[-1]
            i = end + 1
        elif word == "IN":  # BYTE/TEXT storage: IN TABLE or IN a blobspace
            i += 2
        elif word == "REFERENCES":
            end = i + 2
            if end < len(toks) and toks[end] == "(":
                end = _closing(toks, end) + 1
            if [t.upper() for t in toks[end : end + 3]] == ["ON", "DELETE", "CASCADE"]:
                end += 3
            table.foreign_keys.append(_references([name], toks[i:end], ""))
            last_constraint = table.foreign_keys[-1]
            i = end
        elif word == "CONSTRAINT" and i + 1 < len(toks):
            if last_constraint is not None and not last_constraint.name:
                last_constraint.name = object_name(toks[i + 1])
            i += 2
        else:
            raise SqlError(-201, near=toks[i])
    table.columns.append(column)


def _default(toks: list[str], i: int) -> tuple[int, str]:
    """The DEFAULT expression starting at ``toks[i]``: a literal, NULL, USER, TODAY or CURRENT."""
    if i >= len(toks):
        raise SqlError(-201)
    word = toks[i].upper()
    if word == "-" and i + 1 < len(toks):
        return i + 2, "-" + toks[i + 1]
    if word == "CURRENT":
        j = i + 1
        while j < len(toks) and toks[j].upper() not in _CONSTRAINT_WORDS:
            if toks[j] == "(":
                j = _closing(toks, j)
            j += 1
        return j, " ".join(toks[i:j])
    return i + 1, toks[i]


@dataclass
class IndexDef:
    name: str
    table: str
    columns: list[str]
    unique: bool
    if_not_exists: bool
    descending: list[str]  # the columns declared DESC (sysindexes keeps them as negative parts)
    owner: Owner | None = None
    table_owner: Owner | None = None


def parse_create_index(toks: list[str]) -> IndexDef:
    """The index the tokens after ``CREATE`` declare."""
    i = 0
    unique = False
    while toks[i].upper() in ("UNIQUE", "DISTINCT", "CLUSTER"):
        unique = unique or toks[i].upper() in ("UNIQUE", "DISTINCT")
        i += 1
    if toks[i].upper() != "INDEX":
        raise SqlError(-201)
    i += 1
    if_not_exists = [t.upper() for t in toks[i : i + 3]] == ["IF", "NOT", "EXISTS"]
    if if_not_exists:
        i += 3
    name, owner = index_name(toks[i]), owner_of(toks[i])
    if i + 2 >= len(toks) or toks[i + 1].upper() != "ON":
        raise SqlError(-201)
    table = table_name(toks[i + 2])
    start = i + 3
    if start >= len(toks) or toks[start] != "(":
        raise SqlError(-201)
    end = _closing(toks, start)
    listed = toks[start : end + 1]
    descending = [identifier(t) for t, after in itertools.pairwise(listed) if after.upper() == "DESC"]
    return IndexDef(name, table, _name_list(listed), unique, if_not_exists, descending, owner, owner_of(toks[i + 2]))


def index_name(token: str) -> str:
    """``[owner.]index``: the index's name (delimited keeps its case)."""
    return object_name(_NAME_PART.findall(token)[-1])


@dataclass
class AlterAction:
    """One clause of ALTER TABLE: add/modify a column, add a key, drop a column or constraint."""

    kind: str  # "add", "modify", "add_key", "add_constraint", "drop", "drop_constraint"
    column: ColumnDef | None = None
    key: KeyDef | None = None
    name: str = ""
    constraint: ForeignKey | Check | None = None  # of "add_constraint"
    before: str = ""  # ADD ... BEFORE column: the column the new one goes in front of


def _constraint_actions(holder: TableDef) -> list[AlterAction]:
    actions = [AlterAction("add_key", key=k) for k in holder.keys]
    actions.extend(AlterAction("add_constraint", constraint=c) for c in [*holder.foreign_keys, *holder.checks])
    return actions


_CLAUSE_WORDS = {"ADD", "DROP", "MODIFY"}


def _clause_items(toks: list[str], i: int) -> tuple[list[list[str]], int]:
    """The items of one ADD/DROP/MODIFY clause starting at ``toks[i]``, and where it ends."""
    if i < len(toks) and toks[i] == "(":
        end = _closing(toks, i)
        return _split_elements(toks[i + 1 : end]), end + 1
    j, depth = i, 0
    while j < len(toks):
        if toks[j] == "(":
            depth += 1
        elif toks[j] == ")":
            depth -= 1
        elif toks[j] == "," and depth == 0 and j + 1 < len(toks) and toks[j + 1].upper() in _CLAUSE_WORDS:
            break
        j += 1
    return [toks[i:j]], j


def _split_before(item: list[str]) -> tuple[list[str], str]:
    """A column definition and the column named by its ``BEFORE column`` placement ("" if none)."""
    upper = [t.upper() for t in item]
    if "BEFORE" not in upper:
        return item, ""
    at = upper.index("BEFORE")
    if at + 2 != len(item):
        raise SqlError(-201, near="BEFORE")
    return item[:at], identifier(item[at + 1])


def parse_alter_table(toks: list[str]) -> tuple[str, list[AlterAction]]:
    """(table name, actions) from the tokens after ``ALTER TABLE``."""
    if not toks:
        raise SqlError(-201)
    name = table_name(toks[0])
    actions: list[AlterAction] = []
    i = 1
    while i < len(toks):
        word = toks[i].upper()
        if word == ",":
            i += 1
            continue
        if word not in _CLAUSE_WORDS:
            raise SqlError(-201, near=toks[i])
        if word == "ADD" and i + 1 < len(toks) and toks[i + 1].upper() == "CONSTRAINT":
            items, i = _clause_items(toks, i + 2)
            for item in items:
                holder = TableDef(name, False, False)
                _table_constraint(item, holder, "")
                actions.extend(_constraint_actions(holder))
            continue
        if word == "DROP" and i + 1 < len(toks) and toks[i + 1].upper() == "CONSTRAINT":
            items, i = _clause_items(toks, i + 2)
            actions.extend(AlterAction("drop_constraint", name=object_name(item[0])) for item in items)
            continue
        items, i = _clause_items(toks, i + 1)
        for item in items:
            if word == "DROP":
                actions.append(AlterAction("drop", name=identifier(item[0])))
                continue
            holder = TableDef(name, False, False)
            definition, before = _split_before(item)
            _element(definition, holder)
            for col in holder.columns:
                actions.append(AlterAction("add" if word == "ADD" else "modify", column=col, before=before))
            actions.extend(_constraint_actions(holder))
    if not actions:
        raise SqlError(-201)
    return name, actions
