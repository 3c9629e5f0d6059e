"""The HTTP API of docs/api.md and the dashboard, over one store.

    from pactwatch.api import create_app
    app = create_app("pactwatch.duckdb")                        # read-only API and dashboard
    app = create_app("pactwatch.duckdb", api_key="...long...")  # plus POST /api/articles

``pactwatch serve`` runs it under uvicorn (:func:`serve_command`). One module a job:

* :mod:`.app` — ``create_app`` wires the rest; :mod:`.routing` — routes as tables, plugins;
* resources, each with its ``ROUTES``: :mod:`.meta` (health, PLOVER, names to keys),
  :mod:`.events` (events, CSV, dyad, actors, network), :mod:`.quotes`, :mod:`.articles`,
  :mod:`.commitments` (alliances, obligations, ledger), :mod:`.write` (POST /api/articles);
* :mod:`.params` — parameter types; :mod:`.schemas` — response and error models;
  :mod:`.errors` — error handlers; :mod:`.middleware` — headers, Host, HEAD, the write guard;
* :mod:`.context` — the store's reader pool and what else a request needs;
  :mod:`.singleflight` — shared, cancellable computations; :mod:`.ledger_query` — the ledger's reads;
* :mod:`.serve` — ``pactwatch serve``.
"""
from .app import create_app
from .serve import serve_command

__all__ = ["create_app", "serve_command"]
