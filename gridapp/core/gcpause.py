"""Pausing Python's cyclic garbage collector around a bulk job.

A ledger import or a sync package builds a few hundred thousand small dicts, lists and row objects that live
until the job ends and hold no reference cycles worth collecting: while they pile up, the collector walks them
again and again (its oldest generation is collected each time a quarter more objects have survived). Reference
counting still frees everything as usual; cycles made meanwhile are collected once the collector runs again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic collector off for the block (as it was before, after it; nested blocks leave it to the outer)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
