"""posts.jsonl -> Parquet (pyarrow, optional extra `parquet`), with an explicit schema.

The Arrow schema is derived from the JSON Schema, so a column never changes type with the data
(a field always null in one dataset is still a string column, comments a list of structs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from archiver.dataset.records import post_schema


def arrow_type(prop: dict[str, Any]) -> Any:
    """The Arrow type of a JSON Schema property (null allowed everywhere in Arrow)."""
    import pyarrow as pa

    kinds = prop.get("type", "string")  # an "enum" of strings and null has no "type"
    kinds = {kinds} if isinstance(kinds, str) else set(kinds)
    if "array" in kinds:
        return pa.list_(arrow_type(prop["items"]))
    if "object" in kinds:
        return pa.struct([(name, arrow_type(p)) for name, p in prop["properties"].items()])
    if "integer" in kinds:
        return pa.int64()
    return pa.string()


def arrow_schema() -> Any:
    """posts.jsonl's JSON Schema as an Arrow schema: the same fields, in the same order."""
    import pyarrow as pa

    schema = post_schema()
    return pa.schema([(name, arrow_type(p)) for name, p in schema["properties"].items()])


def to_parquet(posts: Path, target: Path) -> int:
    """Write `target` from `posts` (posts.jsonl); returns the number of rows."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:  # optional extra
        raise RuntimeError(
            "Parquet export needs pyarrow: pip install 'archiver[parquet]'"
        ) from error
    from archiver.dataset.card import read_records

    schema = arrow_schema()
    records = list(read_records(posts))  # a Parquet table is built whole
    unknown = {name for record in records for name in record} - set(schema.names)
    if unknown:
        raise ValueError(f"fields not in the Parquet schema: {', '.join(sorted(unknown))}")
    table = pa.Table.from_pylist(records, schema=schema)
    pq.write_table(table, target)
    return table.num_rows
