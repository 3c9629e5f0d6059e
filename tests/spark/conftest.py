"""A real local-mode Spark session for the tests in this folder (one per test run, local[1])."""
from __future__ import annotations

import os
import shutil

import pytest


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark", reason="pyspark is not installed (the 'spark' and 'test' extras have it)")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java: Spark needs Java 17 (apt-get install openjdk-17-jre-headless; .ci/run installs it)")
    from pactwatch.spark.job import session

    spark = session("local[1]", app_name="pactwatch-tests")
    yield spark
    spark.stop()
