"""pandas: clean a ``Series`` of texts in one call.

>>> import pandas as pd
>>> from cleaner import clean_series
>>> df = pd.DataFrame({"text": ["Kirby&nbsp;said.", None, "Ukraine.The end."]}, index=[10, 11, 12])
>>> out = df.join(clean_series(df["text"]))
>>> out["clean_text"].tolist()
['Kirby said.', nan, 'Ukraine. The end.']
>>> [log and log["rules"] for log in out["cleaner"]]
[['U102'], None, ['P103']]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cleaner.config import Config
from cleaner.integrations import log_columns, require
from cleaner.pipeline import Cleaner, _shared_cleaner

if TYPE_CHECKING:
    import pandas as pd


def clean_series(
    texts: pd.Series, *, cleaner: Cleaner | None = None, jobs: int | None = 1, markdown: bool = False, edits: bool = False
) -> pd.DataFrame:
    """Clean every text of ``texts``; a frame with ``clean_text`` and ``cleaner``, same index.

    ``cleaner`` holds the change record every integration shares (``cleaner.records``;
    with the compact edits when ``edits``). Missing values (``None``, ``NaN``, ``NA``)
    stay missing, and so does their change record; any other value that is not a string
    is a ``TypeError``. ``jobs`` is as in ``Cleaner.clean_many``; ``cleaner`` defaults to
    the shared default ``Cleaner``.
    Join the frame to the original one: ``df.join(clean_series(df["text"]))``.
    """
    pd = require("pandas", "pandas")
    cleaner = cleaner or _shared_cleaner(Config())
    values = [None if pd.api.types.is_scalar(value) and pd.isna(value) else value for value in texts]
    results = cleaner.clean_optional(values, jobs=jobs, markdown=markdown)
    return pd.DataFrame(log_columns(results, edits=edits), index=texts.index)
