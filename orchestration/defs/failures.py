"""Which failures a retry can fix.

The daily job retries a failed step (a file share that hiccups, a warehouse lock
held a moment too long), but a fault in the data, the settings or a rules file
would fail the same way again: those stop at once, without burning retries.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg

STEP_RETRY_POLICY = dg.RetryPolicy(
    max_retries=2, delay=30, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)
"""Two more attempts, after about 30 s and then about 90 s (exponential backoff with jitter)."""


@contextmanager
def permanent_failures(*errors: type[Exception]) -> Iterator[None]:
    """Turn `errors` raised in the block into a Failure the retry policy does not retry."""
    try:
        yield
    except errors as error:
        raise dg.Failure(description=str(error), allow_retries=False) from error
