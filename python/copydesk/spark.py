"""copydesk over a Spark DataFrame column, batch by batch with Arrow.

::

    from copydesk import Linter
    from copydesk.spark import fix_column

    fixed = fix_column(df, "text", Linter())
    fixed.select("text", "copydesk.fixed.`lost-apostrophe`").show()

:func:`fix_column` runs :func:`arrow_fixer` in ``DataFrame.mapInArrow``: each
Arrow batch is fixed with :meth:`copydesk.Linter.fix_many` (every core of the
worker, without the GIL); the linter travels to the workers pickled by its
settings. Each text is linted as ``copydesk check corpus.jsonl`` lints a
record, except that ``shared-boilerplate`` learns what texts share from their
Arrow batch, not from the whole column. Null texts stay null, with null
counts.
"""

from __future__ import annotations

from typing import Callable, Iterator, Optional

import pyarrow as pa

from . import Linter

__all__ = ["arrow_fixer", "counts_type", "fix_column"]


def counts_type(rules: list[str]) -> pa.DataType:
    """The Arrow type of the counts: ``struct<fixed: struct<RULE: int32, …>,
    remaining: struct<RULE: int32, …>>``, one field per rule that runs."""
    per_rule = pa.struct([pa.field(rule, pa.int32(), nullable=False) for rule in rules])
    return pa.struct([pa.field("fixed", per_rule), pa.field("remaining", per_rule)])


def _output_schema(schema: pa.Schema, column: str, output_column: str, counts_column: str, rules: list[str]) -> pa.Schema:
    text_type = schema.field(column).type
    fields = [field for field in schema if field.name not in (output_column, counts_column)]
    if output_column in schema.names:
        index = schema.get_field_index(output_column)
        fields.insert(min(index, len(fields)), pa.field(output_column, text_type))
    else:
        fields.append(pa.field(output_column, text_type))
    fields.append(pa.field(counts_column, counts_type(rules)))
    return pa.schema(fields)


def arrow_fixer(
    linter: Linter,
    column: str,
    *,
    unsafe: bool = False,
    output_column: Optional[str] = None,
    counts_column: str = "copydesk",
) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """A function from Arrow record batches to record batches, for
    ``mapInArrow``: ``column``'s texts fixed into ``output_column`` (default:
    ``column`` itself, replaced), and the per-rule counts of fixes applied
    and diagnostics remaining in ``counts_column``; other columns unchanged."""
    output_column = output_column or column
    rules = list(linter.rules)

    def fix_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            texts = batch.column(column).to_pylist()
            present = [index for index, text in enumerate(texts) if text is not None]
            results = linter.fix_many([texts[index] for index in present], unsafe, record=True)
            fixed_texts: list[Optional[str]] = [None] * len(texts)
            applied = {rule: [0] * len(texts) for rule in rules}
            remaining = {rule: [0] * len(texts) for rule in rules}
            for index, result in zip(present, results):
                fixed_texts[index] = result.text
                for rule, count in result.applied.items():
                    if rule in applied:
                        applied[rule][index] = count
                for diagnostic in result.remaining:
                    if diagnostic.rule in remaining:
                        remaining[diagnostic.rule][index] += 1
            schema = _output_schema(batch.schema, column, output_column, counts_column, rules)
            mask = pa.array([text is None for text in texts])

            def per_rule(counts: dict[str, list[int]]) -> pa.StructArray:
                arrays = [pa.array(counts[rule], type=pa.int32()) for rule in rules]
                return pa.StructArray.from_arrays(arrays, fields=list(counts_type(rules)[0].type))

            counts = pa.StructArray.from_arrays(
                [per_rule(applied), per_rule(remaining)],
                fields=list(counts_type(rules)),
                mask=mask,
            )
            new = {
                output_column: pa.array(fixed_texts, type=schema.field(output_column).type),
                counts_column: counts,
            }
            columns = [new[name] if name in new else batch.column(name) for name in schema.names]
            yield pa.RecordBatch.from_arrays(columns, schema=schema)

    return fix_batches


def fix_column(
    df,
    column: str,
    linter: Optional[Linter] = None,
    *,
    unsafe: bool = False,
    output_column: Optional[str] = None,
    counts_column: str = "copydesk",
):
    """``df`` with ``column``'s texts fixed (into ``output_column``, by
    default ``column`` itself) and a struct column ``counts_column`` of
    per-rule counts (see :func:`counts_type`)."""
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

    linter = linter if linter is not None else Linter()
    output_column = output_column or column
    arrow_schema = _output_schema(to_arrow_schema(df.schema), column, output_column, counts_column, list(linter.rules))
    function = arrow_fixer(linter, column, unsafe=unsafe, output_column=output_column, counts_column=counts_column)
    return df.mapInArrow(function, from_arrow_schema(arrow_schema))
