"""Helpers the quote and speaker tests share: the quotes the real extractor finds in a text we wrote.

A plain module beside the tests (as cli_helpers.py), imported by name: one definition instead of a
copy in each test file.
"""
from __future__ import annotations

from pactwatch.pipeline import Extractor
from pactwatch.records import Article


def quotes_of(extractor: Extractor, text: str, published: str = "2024-03-15"):
    return extractor.extract(Article(id="t", text=text, published=published)).quotes


def direct(quotes) -> list[str]:
    """The texts of the direct quotes."""
    return [q.text for q in quotes if q.direct]


def reported(quotes) -> list:
    """The reported (indirect) quotes themselves."""
    return [q for q in quotes if not q.direct]
