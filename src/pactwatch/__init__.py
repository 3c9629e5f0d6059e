"""pactwatch: collective-security commitments made machine-readable and kept current from the news.

The Python API::

    import pactwatch
    for result in pactwatch.extract(["articles/"], published="2024-03-15"):
        print(result.id, [(e.source, e.type, e.target) for e in result.events])

``extract`` yields ``ArticleResult`` records (or ``InputError`` for inputs it could not read), in
input order; ``Extractor`` holds the loaded model and dictionaries for repeated use.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import DataFileError, InputError, PactwatchError  # noqa: E402
from .records import ActorSummary, Article, ArticleResult, Event, Mention, Quote  # noqa: E402


from . import extract  # noqa: E402  the stages' package, callable as the one-call API (see its docstring)


def __getattr__(name: str):
    # The pipeline imports spaCy; load it only when the API is used, so `pactwatch --help` is quick.
    if name in {"Extractor"}:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)


__all__ = ["Article", "ArticleResult", "ActorSummary", "DataFileError", "Event", "Extractor", "InputError",
           "Mention", "PactwatchError", "Quote", "extract", "__version__"]
