"""Informix's isolation levels, as SET ISOLATION names them (shared by the session and the readers)."""

DIRTY_READ, COMMITTED_READ, CURSOR_STABILITY, REPEATABLE_READ = (
    "DIRTY READ", "COMMITTED READ", "CURSOR STABILITY", "REPEATABLE READ")
