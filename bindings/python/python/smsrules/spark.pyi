"""smsrules on Apache Spark (the ``spark`` extra): judge every row of a DataFrame on the executors."""

from dataclasses import dataclass
from typing import Any, Optional, Sequence, Union

from pyspark.sql import DataFrame
from pyspark.sql.types import StructType

from smsrules._core import Context

__all__ = ["RESULT_TYPE", "CampaignSummary", "check_frame", "summarize"]

#: One issue in a result: ``{error, in, path, message, params}``, ``params`` as JSON text.
ISSUE_TYPE: StructType
#: The type of the column :func:`check_frame` adds: ``{ok, errors, warnings, plan}``.
RESULT_TYPE: StructType

def check_frame(
    df: DataFrame,
    *,
    context: Union[None, dict[str, Any], Context, str] = None,
    options: Optional[dict[str, Any]] = None,
    request_col: Optional[str] = None,
    result_col: str = "smsrules",
    fields: Optional[Sequence[str]] = None,
) -> DataFrame:
    """Judge every row of ``df`` as one send request; return ``df`` with a result column."""

@dataclass(frozen=True)
class CampaignSummary:
    """What a campaign owner wants to know before sending, from :func:`summarize`."""

    rows: int
    valid: int
    invalid: int
    segments: int
    top_errors: list[tuple[str, int]] = ...
    top_warnings: list[tuple[str, int]] = ...

def summarize(checked: DataFrame, *, result_col: str = "smsrules", top: int = 10) -> CampaignSummary:
    """Valid and invalid rows, the top error and warning codes, and the SMS segments the
    valid rows will cost; computed by Spark."""
