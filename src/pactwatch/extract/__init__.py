"""Extraction: from a parsed article to its actors, quotes and coded events.

The event coder lives in ``extract.events``, one module per stage: ``lexicon`` (frames and word
lists from the data files), ``context`` (the article being coded), ``frames`` (matching a frame at a
trigger), ``referents`` (the actors in a frame's slots), ``modality``, ``dating`` and ``merging``.

``pactwatch.extract(inputs, ...)`` is also the documented one-call API (``pipeline.extract``). Python
binds a subpackage to its parent's attribute of the same name, so this package would hide that
function; instead the package itself is callable and calls it.
"""
from __future__ import annotations

import sys
import types


class _CallablePackage(types.ModuleType):
    def __call__(self, *args, **kwargs):
        from ..pipeline import extract  # spaCy loads only when extraction is actually asked for

        return extract(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
