"""The benchmarks' data set (bench/load.py) is written with COPY, column by column: a model change
it does not follow (a new column without a default, one the database computes) breaks `make bench`.
A small load of each kind keeps it in step with the models."""

import os
from pathlib import Path

import pytest
from django.db import connection

from notices.alerts.models import Alert, AlertKeyword, AlertRoute
from notices.models import Notice
from suppliers.models import Supplier

BENCH = str(Path(__file__).resolve().parents[1] / "bench")

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the loader is PostgreSQL's COPY"),
    pytest.mark.django_db(transaction=True),  # the loader VACUUMs what it loaded
]


@pytest.fixture
def load(monkeypatch):
    """bench/load.py, imported as the benches import it (their common module sets defaults in the
    environment: given back after the test)."""
    monkeypatch.syspath_prepend(BENCH)
    environment = dict(os.environ)
    import load

    yield load
    os.environ.clear()
    os.environ.update(environment)


def test_a_small_load_fills_notices_suppliers_and_alerts(load):
    load.load_notices(60)
    load.load_suppliers(20)
    load.load_alerts(200)

    assert Notice.objects.count() == 60
    assert Supplier.objects.count() >= 20
    assert Alert.objects.count() == 200
    assert AlertRoute.objects.exists()
    keywords = AlertKeyword.objects.all()
    assert keywords.exists()
    assert not keywords.filter(query__isnull=True).exists(), "the database computes each query"
