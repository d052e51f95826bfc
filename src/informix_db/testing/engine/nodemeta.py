"""Keys of the facts the engine attaches to sqlglot nodes (``node.meta``)."""

IFX_META = "ifx_type"  # the Informix type of a rewritten literal, cast or expression
IFX_NAME = "ifx_name"  # the column name Informix gives that expression
