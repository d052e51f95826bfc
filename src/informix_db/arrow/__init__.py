"""Columnar results and ingest through Apache Arrow (optional extra ``informix-fast[arrow]``).

The driver builds Arrow data itself (``schema`` maps the types); pyarrow, pandas and polars
are imported only by the functions that hand results to them.
"""
