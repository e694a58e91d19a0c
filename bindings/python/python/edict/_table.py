"""Decisions as an Arrow table: one row per shipment and policy."""

from __future__ import annotations

import pyarrow as pa

_FINDING = pa.struct(
    [
        ("rule", pa.string()),
        ("outcome", pa.string()),
        ("cite", pa.string()),
        ("because", pa.list_(pa.string())),
    ]
)

#: The table's columns and their types.
SCHEMA = pa.schema(
    [
        ("shipment", pa.string()),
        ("date", pa.date32()),
        ("outcome", pa.string()),
        ("policy", pa.string()),
        ("policy_outcome", pa.string()),
        ("rules", pa.list_(pa.string())),
        ("findings", pa.list_(_FINDING)),
    ]
)


def table(c: dict) -> pa.Table:
    """The table of the flat columns ``_edict.Law.evaluate_columns`` returns."""
    findings_at = pa.array(c["finding_offsets"], pa.int32())
    rule = pa.array(c["rule"], pa.string())
    because = pa.ListArray.from_arrays(pa.array(c["because_offsets"], pa.int32()), pa.array(c["because"], pa.string()))
    finding = pa.StructArray.from_arrays(
        [rule, pa.array(c["finding_outcome"], pa.string()), pa.array(c["cite"], pa.string()), because],
        fields=list(_FINDING),
    )
    return pa.Table.from_arrays(
        [
            pa.array(c["shipment"], pa.string()),
            pa.array(c["date"], pa.string()).cast(pa.date32()),
            pa.array(c["outcome"], pa.string()),
            pa.array(c["policy"], pa.string()),
            pa.array(c["policy_outcome"], pa.string()),
            pa.ListArray.from_arrays(findings_at, rule),
            pa.ListArray.from_arrays(findings_at, finding),
        ],
        schema=SCHEMA,
    )
