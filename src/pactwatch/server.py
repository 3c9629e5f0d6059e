"""Moved to :mod:`pactwatch.api` (the server as a package); kept so old imports still work."""
from .api import create_app, serve_command

__all__ = ["create_app", "serve_command"]
