"""What Informix supports, for SQLAlchemy's dialect compliance suite.

Each absent requirement's docstring says why (it is the skip reason the suite reports):
the feature is absent from Informix, or from this dialect by design. Features Informix has stay open even where the embedded test server
lacks them, so the suite's failures show those gaps.
"""

from __future__ import annotations

from sqlalchemy.testing import exclusions
from sqlalchemy.testing.requirements import SuiteRequirements


def _absent(method):
    """A requirement Informix (or this dialect) does not meet; its docstring is the skip reason."""
    reason = " ".join(method.__doc__.split())
    return property(lambda self: exclusions.skip_if(lambda config: True, reason))


class Requirements(SuiteRequirements):
    @_absent
    def schemas(self):
        """Informix schemas are table owners; the suite creates the same table names in the
        default schema and in test_schema, and Informix (not ANSI-compliant) keeps one table of a
        name per database whatever its owner."""

    @_absent
    def temp_table_reflection(self):
        """Informix temporary tables are not in the system catalog."""

    @_absent
    def temp_table_names(self):
        """Informix temporary tables are not in the system catalog."""

    @_absent
    def comment_reflection(self):
        """Informix has no table or column comments."""

    @_absent
    def datetime_microseconds(self):
        """DATETIME ... FRACTION(5) keeps 10-microsecond steps, not microseconds."""

    @_absent
    def time_microseconds(self):
        """DATETIME HOUR TO FRACTION(5) keeps 10-microsecond steps, not microseconds."""

    @_absent
    def timestamp_microseconds(self):
        """DATETIME ... FRACTION(5) keeps 10-microsecond steps, not microseconds."""

    @_absent
    def datetime_timezone(self):
        """Informix DATETIME has no time zone."""

    @_absent
    def time_timezone(self):
        """Informix DATETIME has no time zone."""

    @property
    def datetime_historic(self):
        return exclusions.open()

    @property
    def date_historic(self):
        return exclusions.open()

    @_absent
    def json_type(self):
        """Informix JSON/BSON are not SQL JSON; the dialect does not map them."""

    @_absent
    def ctes(self):
        """Informix (through 14.10) has no WITH common table expressions."""

    @_absent
    def ctes_on_dml(self):
        """Informix has no WITH common table expressions."""

    @_absent
    def two_phase_transactions(self):
        """XA is outside the SQLI protocol this driver speaks."""

    @property
    def savepoints(self):
        """Informix 11.50+ has SAVEPOINT / ROLLBACK TO SAVEPOINT / RELEASE SAVEPOINT."""
        return exclusions.open()

    @property
    def window_functions(self):
        """Informix 12.10 has OLAP window functions."""
        return exclusions.open()

    @property
    def intersect(self):
        return exclusions.open()

    @property
    def except_(self):
        return exclusions.open()

    @property
    def nullsordering(self):
        """Informix 12.10 has ORDER BY ... NULLS FIRST / NULLS LAST."""
        return exclusions.open()

    @_absent
    def sql_expression_limit_offset(self):
        """SKIP and FIRST take integer constants, not expressions."""

    @_absent
    def fetch_ties(self):
        """Informix has no FETCH ... WITH TIES."""

    @_absent
    def fetch_percent(self):
        """Informix has no FETCH ... PERCENT."""

    @_absent
    def fetch_expression(self):
        """FIRST takes an integer constant, not an expression."""

    @property
    def fetch_no_order_by(self):
        return exclusions.open()

    @_absent
    def parens_in_union_contained_select_w_limit_offset(self):
        """Informix does not accept parenthesised SELECTs as UNION members."""

    @_absent
    def parens_in_union_contained_select_wo_limit_offset(self):
        """Informix does not accept parenthesised SELECTs as UNION members."""

    @_absent
    def binary_comparisons(self):
        """BYTE values cannot be compared in Informix."""

    @_absent
    def binary_literals(self):
        """Informix has no BYTE literals."""

    @_absent
    def tuple_in(self):
        """Informix has no row-value IN."""

    @_absent
    def update_from(self):
        """Informix UPDATE has no FROM clause."""

    @_absent
    def delete_from(self):
        """Informix DELETE has no USING/extra FROM tables."""

    @_absent
    def computed_columns(self):
        """Informix has no generated columns."""

    @_absent
    def identity_columns(self):
        """Informix numbers rows with SERIAL, not IDENTITY."""

    @_absent
    def regexp_match(self):
        """Informix matches with MATCHES/LIKE, not regular expressions."""

    @_absent
    def regexp_replace(self):
        """Informix has no regular-expression replace."""

    @_absent
    def unicode_ddl(self):
        """Non-ASCII identifiers: Informix takes them in a database whose locale has them; not exercised here."""

    @_absent
    def symbol_names_w_double_quote(self):
        """A delimited identifier cannot contain a double quote in Informix."""

    @_absent
    def foreign_keys_reflect_as_index(self):
        """The indexes Informix keeps for constraints are reflected as the constraints."""

    @_absent
    def unique_constraints_reflect_as_index(self):
        """The indexes Informix keeps for constraints are reflected as the constraints."""

    @property
    def reflect_indexes_with_ascdesc(self):
        """Descending index columns are negative sysindexes parts."""
        return exclusions.open()

    @_absent
    def indexes_with_expressions(self):
        """Informix functional indexes need user-defined routines."""

    @_absent
    def fk_constraint_option_reflection_ondelete_restrict(self):
        """Informix has only ON DELETE CASCADE (RESTRICT is the default, not recorded)."""

    @_absent
    def fk_constraint_option_reflection_ondelete_noaction(self):
        """Informix records only ON DELETE CASCADE (NO ACTION is the default, not recorded)."""

    @_absent
    def fk_constraint_option_reflection_onupdate_restrict(self):
        """Informix has no ON UPDATE actions."""

    @property
    def foreign_key_constraint_option_reflection_ondelete(self):
        return exclusions.open()

    @_absent
    def foreign_key_constraint_option_reflection_onupdate(self):
        """Informix has no ON UPDATE actions."""

    @property
    def reflects_pk_names(self):
        """Primary keys have names in sysconstraints."""
        return exclusions.open()

    @property
    def check_constraint_reflection(self):
        return exclusions.open()

    @property
    def views(self):
        return exclusions.open()

    @property
    def view_reflection(self):
        return exclusions.open()

    @property
    def isolation_level(self):
        return exclusions.open()

    def get_isolation_levels(self, config):
        return {"default": "READ COMMITTED",
                "supported": ["AUTOCOMMIT", "READ UNCOMMITTED", "READ COMMITTED", "CURSOR STABILITY",
                              "REPEATABLE READ", "SERIALIZABLE"]}

    @property
    def autocommit(self):
        return exclusions.open()

    @property
    def server_side_cursors(self):
        return exclusions.open()

    @property
    def independent_connections(self):
        return exclusions.open()

    @property
    def emulated_lastrowid(self):
        """SERIAL values come back through the driver's lastrowid."""
        return exclusions.open()

    @property
    def dbapi_lastrowid(self):
        return exclusions.open()

    @_absent
    def emulated_lastrowid_even_with_sequences(self):
        """With a sequence default the key comes from the sequence, not lastrowid."""

    @property
    def precision_numerics_enotation_large(self):
        return exclusions.open()

    @_absent
    def precision_numerics_many_significant_digits(self):
        """DECIMAL holds at most 32 significant digits."""

    @property
    def precision_numerics_retains_significant_digits(self):
        return exclusions.open()

    @property
    def implicit_decimal_binds(self):
        return exclusions.open()

    @property
    def table_ddl_if_exists(self):
        """Informix 12.10 has CREATE TABLE IF NOT EXISTS / DROP TABLE IF EXISTS."""
        return exclusions.open()

    @property
    def index_ddl_if_exists(self):
        return exclusions.open()

    @_absent
    def reflect_tables_no_columns(self):
        """An Informix table has at least one column."""

    @_absent
    def array_type(self):
        """Informix collections (SET, MULTISET, LIST) are not SQL arrays."""

    @_absent
    def uuid_data_type(self):
        """Informix has no UUID type (uuids are stored as CHAR(32))."""

    @property
    def time(self):
        return exclusions.open()

    @property
    def date_coerces_from_datetime(self):
        """A DATE column takes the date of a DATETIME value."""
        return exclusions.open()

    @_absent
    def cross_schema_fk_reflection(self):
        """See ``schemas``: the suite's tables of the same name in two owners."""

    @property
    def implicitly_named_constraints(self):
        return exclusions.open()

    @property
    def duplicate_key_raises_integrity_error(self):
        return exclusions.open()
