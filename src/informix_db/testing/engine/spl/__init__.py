"""Informix SPL (stored procedure language): ``parser`` turns a routine body into statement
nodes, ``binding`` puts SPL variables into SQL text as parameters, ``interpreter`` runs the
nodes, sending every SQL statement and expression through the engine's statement path."""
