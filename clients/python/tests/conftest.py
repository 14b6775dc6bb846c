from __future__ import annotations

import os
import sys
from typing import Iterator, List

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))  # pynomaly_client, with or without PYTHONPATH

from fake_api import FakeApi  # noqa: E402

from pynomaly_client import PynomalyClient  # noqa: E402


@pytest.fixture
def api() -> Iterator[FakeApi]:
    fake = FakeApi()
    yield fake
    fake.close()


class SleepRecorder:
    def __init__(self) -> None:
        self.waits: List[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def client(api: FakeApi, sleeps: SleepRecorder) -> PynomalyClient:
    """A client of the fake API that records its waits instead of sleeping; jitter fixed at 1."""
    c = PynomalyClient(base_url=api.url, token="tok-1", timeout=5, max_retries=3)
    c._sleep = sleeps
    c._random = lambda: 1.0
    return c
