"""The Informix system catalog of one database, kept as DuckDB tables and views.

Every database's DuckDB catalog holds three private tables (``_ifx_tables``,
``_ifx_columns``, ``_ifx_indexes``) recording the Informix declarations that DuckDB cannot
represent, and the views Informix clients query (``systables``, ``syscolumns`` ...).
Keeping them in DuckDB makes them transactional with the DDL and persistent with the data.
"""

from __future__ import annotations

from . import ifxtypes
from .ifxtypes import IfxType

OWNER = "informix"
FIRST_USER_TABID = 100

# The system catalog tables of every Informix database, tabid 1 upward.
SYSTEM_TABLES = [
    "systables", "syscolumns", "sysindices", "systabauth", "syscolauth", "sysviews",
    "sysusers", "sysdepend", "syssynonyms", "syssyntable", "sysconstraints",
    "sysreferences", "syschecks", "sysdefaults", "syscoldepend", "sysprocedures",
    "sysprocbody", "sysprocplan", "sysprocauth", "sysblobs", "sysopclstr", "systriggers",
    "systrigbody", "sysdistrib", "sysfragments", "sysobjstate", "sysviolations",
    "sysfragauth", "sysroleauth", "sysxtdtypes", "sysattrtypes", "sysxtddesc",
    "sysinherits", "syscolattribs", "syslogmap", "syscasts", "sysxtdtypeauth",
    "sysroutinelangs", "syslangauth", "sysams", "systabamdata", "sysopclasses",
    "syserrors", "systraceclasses", "systracemsgs", "sysaggregates", "syssequences",
    "sysdirectives", "sysxasourcetypes", "sysxadatasources", "sysseclabelcomponents",
    "sysseclabelcomponentelements", "syssecpolicies", "syssecpolicycomponents",
    "syssecpolicyexemptions", "sysseclabels", "sysseclabelnames", "sysseclabelauth",
    "syssurrogateauth", "sysproccolumns", "sysindexes",
]
# Extra tables of sysmaster (the system-monitoring interface), after the catalog.
SYSMASTER_TABLES = [
    "sysdatabases", "systabnames", "sysdbspaces", "syschunks", "sysprofile", "sysptprof",
    "syssessions", "syssesprof", "sysuserthreads", "syslocks", "sysvpprof", "sysconfig",
    "sysextents", "syslogs", "sysdbslocale", "sysenv", "sysmaster_version",
]

# Informix declarations of the catalog views the engine can answer.
_VIEW_COLUMNS: dict[str, list[tuple[str, str, bool]]] = {
    "systables": [
        ("tabname", "VARCHAR(128)", False), ("owner", "CHAR(32)", False),
        ("partnum", "INTEGER", False), ("tabid", "SERIAL", False), ("rowsize", "SMALLINT", False),
        ("ncols", "SMALLINT", False), ("nindexes", "SMALLINT", False), ("nrows", "FLOAT", True),
        ("created", "DATE", True), ("version", "INTEGER", True), ("tabtype", "CHAR(1)", False),
        ("locklevel", "CHAR(1)", False), ("npused", "FLOAT", True), ("fextsize", "INTEGER", True),
        ("nextsize", "INTEGER", True), ("flags", "SMALLINT", True), ("site", "VARCHAR(128)", True),
        ("dbname", "VARCHAR(128)", True),
    ],
    "syscolumns": [
        ("colname", "VARCHAR(128)", True), ("tabid", "INTEGER", False), ("colno", "SMALLINT", False),
        ("coltype", "SMALLINT", False), ("collength", "SMALLINT", False), ("colmin", "INTEGER", True),
        ("colmax", "INTEGER", True), ("extended_id", "INTEGER", True),
    ],
    "sysindexes": [
        ("idxname", "VARCHAR(128)", True), ("owner", "CHAR(32)", True), ("tabid", "INTEGER", False),
        ("idxtype", "CHAR(1)", True), ("clustered", "CHAR(1)", True),
        *[(f"part{i}", "SMALLINT", False) for i in range(1, 17)],
    ],
    "sysconstraints": [
        ("constrid", "SERIAL", False), ("constrname", "VARCHAR(128)", True),
        ("owner", "CHAR(32)", True), ("tabid", "INTEGER", True), ("constrtype", "CHAR(1)", True),
        ("idxname", "VARCHAR(128)", True),
    ],
    "sysdefaults": [
        ("tabid", "INTEGER", False), ("colno", "SMALLINT", False), ("type", "CHAR(1)", False),
        ("default", "CHAR(256)", True), ("class", "CHAR(1)", False),
    ],
}
_VIEW_COLUMNS["sysindices"] = _VIEW_COLUMNS["sysindexes"]
_VIEW_COLUMNS["sysreferences"] = [
    ("constrid", "INTEGER", False), ("primary", "INTEGER", True), ("ptabid", "INTEGER", True),
    ("updrule", "CHAR(1)", True), ("delrule", "CHAR(1)", True), ("matchtype", "CHAR(1)", True),
    ("pendant", "CHAR(1)", True),
]
_VIEW_COLUMNS["syssyntable"] = [
    ("tabid", "INTEGER", False), ("servername", "VARCHAR(128)", True), ("dbname", "VARCHAR(128)", True),
    ("owner", "CHAR(32)", True), ("tabname", "VARCHAR(128)", True), ("btabid", "INTEGER", True),
]
_VIEW_COLUMNS["sysviews"] = [("tabid", "INTEGER", False), ("seqno", "SMALLINT", False), ("viewtext", "CHAR(64)", True)]
_VIEW_COLUMNS["syssequences"] = [
    ("seqid", "SERIAL", False), ("tabid", "INTEGER", False), ("start_val", "INT8", True),
    ("inc_val", "INT8", True), ("max_val", "INT8", True), ("min_val", "INT8", True), ("cycle", "CHAR(1)", True),
    ("restart_val", "INT8", True), ("cache", "INTEGER", True), ("order", "CHAR(1)", True),
]
CHECKTEXT_WIDTH = 32  # syschecks keeps a check's text in rows of this many characters
VIEWTEXT_WIDTH = 64  # sysviews keeps a view's CREATE VIEW text in rows of this many characters
_VIEW_COLUMNS["syschecks"] = [
    ("constrid", "INTEGER", False), ("type", "CHAR(1)", True), ("seqno", "SMALLINT", True),
    ("checktext", "CHAR(32)", True),
]
_VIEW_COLUMNS["systriggers"] = [
    ("trigid", "SERIAL", False), ("trigname", "VARCHAR(128)", True), ("owner", "VARCHAR(32)", True),
    ("tabid", "INTEGER", False), ("event", "CHAR(1)", False), ("old", "VARCHAR(128)", True),
    ("new", "VARCHAR(128)", True), ("mode", "CHAR(1)", True),
]
TRIGBODY_WIDTH = 256  # systrigbody keeps a trigger's text in rows of this many characters
_VIEW_COLUMNS["systrigbody"] = [
    ("trigid", "INTEGER", False), ("datakey", "CHAR(1)", False), ("seqno", "INTEGER", False),
    ("data", "CHAR(256)", True),
]
_SYSDATABASES_COLUMNS = [
    ("name", "VARCHAR(128)", False), ("partnum", "INTEGER", True), ("owner", "CHAR(32)", True),
    ("created", "DATE", True), ("is_logging", "INTEGER", True), ("is_buff_log", "INTEGER", True),
    ("is_ansi", "INTEGER", True), ("is_nls", "INTEGER", True), ("is_case_insens", "INTEGER", True),
    ("flags", "SMALLINT", True),
]


def syscolumns_code(ifx: IfxType, nullable: bool) -> tuple[int, int]:
    """(coltype, collength) as syscolumns stores them for a column."""
    code = ifx.code
    return code + (0 if nullable else 256), ifx.length


def table_names(is_sysmaster: bool) -> list[str]:
    return SYSTEM_TABLES + (SYSMASTER_TABLES if is_sysmaster else [])


def create_catalog(cur, catalog: str, dbname: str, is_sysmaster: bool) -> None:
    """Create the private catalog tables and the system views in DuckDB catalog ``catalog``."""
    q = f"{catalog}.main"
    cur.execute(
        f"CREATE TABLE {q}._ifx_tables (tabid INTEGER, tabname VARCHAR, owner VARCHAR,"
        " tabtype VARCHAR, created DATE, ncols INTEGER)"
    )
    cur.execute(
        f"CREATE TABLE {q}._ifx_columns (tabid INTEGER, colno INTEGER, colname VARCHAR,"
        " typetext VARCHAR, coltype INTEGER, collength INTEGER, nullable BOOLEAN, default_sql VARCHAR)"
    )
    cur.execute(
        f"CREATE TABLE {q}._ifx_indexes (idxname VARCHAR, tabid INTEGER, owner VARCHAR,"
        " idxtype VARCHAR, colnos VARCHAR, constrtype VARCHAR, constrid INTEGER)"
    )
    names = table_names(is_sysmaster)
    views = dict(_VIEW_COLUMNS)
    if is_sysmaster:
        views["sysdatabases"] = _SYSDATABASES_COLUMNS
    ncols = {names.index(name) + 1: len(columns) for name, columns in views.items()}
    tables = [
        f"({tabid}, '{name}', '{OWNER}', 'T', DATE '2026-01-01', {ncols.get(tabid, 0)})"
        for tabid, name in enumerate(names, start=1)
    ]
    cur.execute(f"INSERT INTO {q}._ifx_tables VALUES {', '.join(tables)}")
    columns = []
    for name, declared in views.items():
        tabid = names.index(name) + 1
        for colno, (colname, typetext, nullable) in enumerate(declared, start=1):
            coltype, collength = syscolumns_code(ifxtypes.parse_type(typetext), nullable)
            columns.append(
                f"({tabid}, {colno}, '{colname}', '{typetext}', {coltype}, {collength}, {str(nullable).upper()}, NULL)"
            )
    cur.execute(f"INSERT INTO {q}._ifx_columns VALUES {', '.join(columns)}")
    _create_views(cur, q, dbname, is_sysmaster)


CONSTRAINT_ID_BASE = 1_000_000  # referential and check constraint ids, above the keys' numbers


def create_constraint_catalog(cur, q: str) -> None:
    """The private tables of referential and check constraints, synonyms, views and routines, and the views
    over them. Idempotent: also brings a database persisted before these existed up to date.
    """
    cur.execute(f"CREATE TABLE IF NOT EXISTS {q}._ifx_synonyms (tabid INTEGER, btabid INTEGER)")
    # Looking up a routine must not fail inside a transaction (a failed DuckDB statement aborts it).
    cur.execute(f"CREATE TABLE IF NOT EXISTS {q}._ifx_routines (name VARCHAR, definition VARCHAR)")
    cur.execute(
        f"""CREATE OR REPLACE VIEW {q}.syssequences AS SELECT t.tabid AS seqid, t.tabid,
        s.start_value AS start_val, s.increment_by AS inc_val, s.max_value AS max_val, s.min_value AS min_val,
        CASE WHEN s.cycle THEN '1' ELSE '0' END AS cycle, CAST(NULL AS BIGINT) AS restart_val,
        CAST(NULL AS INTEGER) AS cache, CAST('0' AS VARCHAR) AS "order"
        FROM {q}._ifx_tables t JOIN duckdb_sequences() s
        ON s.database_name = '{q.split(".")[0]}' AND s.sequence_name = t.tabname WHERE t.tabtype = 'Q'"""
    )
    cur.execute(f"CREATE TABLE IF NOT EXISTS {q}._ifx_views (tabid INTEGER, seqno INTEGER, viewtext VARCHAR)")
    # Triggers: 'D' rows of systrigbody hold the text before the triggered actions, 'A' rows those actions.
    cur.execute(
        f"CREATE TABLE IF NOT EXISTS {q}._ifx_triggers (trigid INTEGER, trigname VARCHAR, tabid INTEGER,"
        " event VARCHAR, old VARCHAR, new VARCHAR, header VARCHAR, body VARCHAR)"
    )
    cur.execute(
        f"""CREATE OR REPLACE VIEW {q}.systriggers AS SELECT trigid, trigname, CAST('{OWNER}' AS VARCHAR) AS owner,
        tabid, event, old, new, CAST(NULL AS VARCHAR) AS mode FROM {q}._ifx_triggers"""
    )
    cur.execute(
        f"""CREATE OR REPLACE VIEW {q}.systrigbody AS SELECT trigid, datakey, CAST(seqno AS INTEGER) AS seqno,
        substr(text, seqno * {TRIGBODY_WIDTH} + 1, {TRIGBODY_WIDTH}) AS data
        FROM (SELECT trigid, datakey, text, unnest(range(CAST(ceil(length(text) / {TRIGBODY_WIDTH}) AS BIGINT))) AS seqno
              FROM (SELECT trigid, 'D' AS datakey, header AS text FROM {q}._ifx_triggers
                    UNION ALL SELECT trigid, 'A', body FROM {q}._ifx_triggers))"""
    )
    cur.execute(
        f"""CREATE OR REPLACE VIEW {q}.sysviews AS SELECT tabid, CAST(seqno AS SMALLINT) AS seqno, viewtext
        FROM {q}._ifx_views"""
    )
    cur.execute(
        f"""CREATE OR REPLACE VIEW {q}.syssyntable AS SELECT tabid, CAST(NULL AS VARCHAR) AS servername,
        CAST(NULL AS VARCHAR) AS dbname, CAST(NULL AS VARCHAR) AS owner, CAST(NULL AS VARCHAR) AS tabname,
        btabid FROM {q}._ifx_synonyms"""
    )
    cur.execute(
        f"CREATE TABLE IF NOT EXISTS {q}._ifx_constraints (constrid INTEGER, constrname VARCHAR,"
        " owner VARCHAR, tabid INTEGER, constrtype VARCHAR, colnames VARCHAR, ref_tabid INTEGER,"
        " ref_colnames VARCHAR, delrule VARCHAR, checktext VARCHAR, check_sql VARCHAR)"
    )
    # Informix gives each referential constraint an index on its columns, named after the constraint id.
    fk_index = "' ' || CAST({0}tabid AS VARCHAR) || '_' || CAST({0}constrid AS VARCHAR)".format
    cur.execute(
        f"""CREATE OR REPLACE VIEW {q}.sysconstraints AS SELECT constrid, idxname AS constrname,
        owner, tabid, constrtype, idxname FROM {q}._ifx_indexes WHERE constrtype IS NOT NULL
        UNION ALL SELECT constrid, constrname, owner, tabid, constrtype,
        CASE WHEN constrtype = 'R' THEN {fk_index('')} END
        FROM {q}._ifx_constraints"""
    )
    cur.execute(
        f"""CREATE OR REPLACE VIEW {q}._ifx_fk_indexes AS SELECT {fk_index('k.')} AS idxname, k.owner, k.tabid,
        CAST('D' AS VARCHAR) AS idxtype, string_agg(CAST(c.colno AS VARCHAR), ',' ORDER BY k.pos) AS colnos
        FROM (SELECT constrid, owner, tabid, unnest(string_split(colnames, ',')) AS colname,
              generate_subscripts(string_split(colnames, ','), 1) AS pos
              FROM {q}._ifx_constraints WHERE constrtype = 'R') k
        JOIN {q}._ifx_columns c ON c.tabid = k.tabid AND c.colname = k.colname
        GROUP BY k.constrid, k.owner, k.tabid"""
    )
    parts = ", ".join(
        f"CAST(coalesce(try_cast(nullif(split_part(colnos, ',', {i}), '') AS SMALLINT), 0) AS SMALLINT) AS part{i}"
        for i in range(1, 17)
    )
    for view in ("sysindexes", "sysindices"):
        cur.execute(
            f"""CREATE OR REPLACE VIEW {q}.{view} AS SELECT idxname, owner, tabid,
            idxtype, CAST('-' AS VARCHAR) AS clustered, {parts}
            FROM (SELECT idxname, owner, tabid, idxtype, colnos FROM {q}._ifx_indexes
                  UNION ALL SELECT idxname, owner, tabid, idxtype, colnos FROM {q}._ifx_fk_indexes)"""
        )
    cur.execute(
        f"""CREATE OR REPLACE VIEW {q}.sysreferences AS SELECT r.constrid,
        (SELECT min(i.constrid) FROM {q}._ifx_indexes i WHERE i.tabid = r.ref_tabid AND i.constrtype = 'P') AS "primary",
        r.ref_tabid AS ptabid, CAST('R' AS VARCHAR) AS updrule, r.delrule,
        CAST('N' AS VARCHAR) AS matchtype, CAST('N' AS VARCHAR) AS pendant
        FROM {q}._ifx_constraints r WHERE r.constrtype = 'R'"""
    )
    cur.execute(
        f"""CREATE OR REPLACE VIEW {q}.syschecks AS SELECT constrid, CAST('T' AS VARCHAR) AS type,
        CAST(seqno AS SMALLINT) AS seqno, substr(checktext, seqno * {CHECKTEXT_WIDTH} + 1, {CHECKTEXT_WIDTH}) AS checktext
        FROM (SELECT constrid, checktext, unnest(range(CAST(ceil(length(checktext) / {CHECKTEXT_WIDTH}) AS BIGINT))) AS seqno
              FROM {q}._ifx_constraints WHERE constrtype = 'C')"""
    )


def _create_views(cur, q: str, dbname: str, is_sysmaster: bool) -> None:
    cur.execute(
        f"""CREATE VIEW {q}.systables AS SELECT t.tabname, t.owner,
        CAST(1048576 + t.tabid AS INTEGER) AS partnum, t.tabid,
        CAST(0 AS SMALLINT) AS rowsize, CAST(t.ncols AS SMALLINT) AS ncols,
        CAST(coalesce(i.n, 0) AS SMALLINT) AS nindexes,
        CAST(0 AS DOUBLE) AS nrows, t.created, CAST(0 AS INTEGER) AS version, t.tabtype,
        CAST('P' AS VARCHAR) AS locklevel, CAST(0 AS DOUBLE) AS npused,
        CAST(16 AS INTEGER) AS fextsize, CAST(16 AS INTEGER) AS nextsize,
        CAST(0 AS SMALLINT) AS flags, CAST(NULL AS VARCHAR) AS site,
        CAST('{dbname}' AS VARCHAR) AS dbname
        FROM {q}._ifx_tables t
        LEFT JOIN (SELECT tabid, count(*) AS n FROM {q}._ifx_indexes GROUP BY tabid) i ON i.tabid = t.tabid"""
    )
    cur.execute(
        f"""CREATE VIEW {q}.syscolumns AS SELECT colname, tabid, CAST(colno AS SMALLINT) AS colno,
        CAST(coltype AS SMALLINT) AS coltype, CAST(collength AS SMALLINT) AS collength,
        CAST(NULL AS INTEGER) AS colmin, CAST(NULL AS INTEGER) AS colmax,
        CAST(0 AS INTEGER) AS extended_id FROM {q}._ifx_columns"""
    )
    create_constraint_catalog(cur, q)
    # Column defaults as Informix records them: a literal's text ('L'), or a keyword's
    # letter (N NULL, T TODAY, C CURRENT), read back from the stored DuckDB expression.
    cur.execute(
        f"""CREATE VIEW {q}.sysdefaults AS SELECT tabid, CAST(colno AS SMALLINT) AS colno, type,
        CASE WHEN type <> 'L' THEN NULL
             WHEN default_sql LIKE '''%''' THEN replace(default_sql[2:-2], '''''', '''')
             ELSE default_sql END AS "default",
        CAST('T' AS VARCHAR) AS class
        FROM (SELECT *, CASE WHEN default_sql = 'NULL' THEN 'N' WHEN default_sql = 'CURRENT_DATE' THEN 'T'
                             WHEN default_sql ILIKE '%localtimestamp%' THEN 'C' ELSE 'L' END AS type
              FROM {q}._ifx_columns WHERE default_sql IS NOT NULL)"""
    )
    if is_sysmaster:
        cur.execute(
            f"CREATE TABLE {q}._ifx_databases (name VARCHAR, owner VARCHAR, created DATE,"
            " is_logging INTEGER, is_ansi INTEGER)"
        )
        cur.execute(
            f"""CREATE VIEW {q}.sysdatabases AS SELECT name, CAST(1048576 AS INTEGER) AS partnum,
            owner, created, is_logging, CAST(0 AS INTEGER) AS is_buff_log,
            is_ansi, CAST(0 AS INTEGER) AS is_nls, CAST(0 AS INTEGER) AS is_case_insens,
            CAST(0 AS SMALLINT) AS flags FROM {q}._ifx_databases"""
        )
