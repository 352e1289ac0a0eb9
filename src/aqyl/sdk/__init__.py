"""The Python client for an aqyl server: datasets as Arrow, pandas or polars, SQL, uploads.

It talks to the REST API over HTTP with the standard library and pyarrow only (pandas and
polars are optional), so it works on any machine that can reach the server::

    import aqyl

    client = aqyl.connect("https://data.example.kz", token="aqyl_…", language="kk")
    regions = client.dataset("stat/regions").to_pandas()
    old = client.dataset("stat/regions@1").to_arrow()
    for batch in client.dataset("stat/census").iter_batches(batch_size=50_000):
        ...
    table = client.sql('SELECT region, population FROM "stat/regions" ORDER BY 2 DESC')
    client.upload("regions-2026.csv", "stat/regions", note="2026 figures")

Refusals raise `AqylError` (or `NotAuthenticated`, `PermissionDenied`, `NotFound`) with the
server's message in the requested language.
"""

from aqyl.sdk._client import Client, DatasetRef, connect
from aqyl.sdk._errors import AqylError, NotAuthenticated, NotFound, PermissionDenied

__all__ = ["AqylError", "Client", "DatasetRef", "NotAuthenticated", "NotFound",
           "PermissionDenied", "connect"]
