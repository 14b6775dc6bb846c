"""Live tests: the seed guides' SDK examples against a running API.

Skipped unless ``PYNOMALY_API_URL`` is set (e.g. ``http://127.0.0.1:8000`` after ``npm start``).
Credentials: ``PYNOMALY_USERNAME`` / ``PYNOMALY_PASSWORD`` (default: the local ``admin`` /
``password123``), a user without MFA who may write datasets; ``PYNOMALY_API_KEY`` (optional)
a key with the ``datasets:*`` and ``detection:*`` scopes. The MFA test registers a viewer of
its own at ``/api/v1/auth/register``.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import os
import random
import struct
import time
import uuid
from typing import List

import pytest

from pynomaly_client import (
    AsyncClient,
    AuthenticationError,
    AuthorizationError,
    MfaRequiredError,
    NotFoundError,
    PynomalyClient,
    ValidationError,
)

URL = os.environ.get("PYNOMALY_API_URL", "").rstrip("/")
USERNAME = os.environ.get("PYNOMALY_USERNAME", "admin")
PASSWORD = os.environ.get("PYNOMALY_PASSWORD", "password123")
API_KEY = os.environ.get("PYNOMALY_API_KEY")

pytestmark = pytest.mark.skipif(not URL, reason="PYNOMALY_API_URL is not set: no API to test against")

FEATURES = ["temp", "pressure", "humidity"]
#: Rows of sensor_rows() that are planted far from the rest.
PLANTED = [37, 111, 163]


def sensor_rows(n: int = 200) -> List[List[float]]:
    """Readings around (20, 1, 45) with a few far-off ones at PLANTED."""
    rnd = random.Random(42)
    rows = []
    for i in range(n):
        if i in PLANTED:
            rows.append([80.0 + i % 3, -6.0, 99.0])
        else:
            rows.append([round(20 + rnd.gauss(0, 1), 3), round(1 + rnd.gauss(0, 0.05), 3), round(45 + rnd.gauss(0, 2), 3)])
    return rows


def totp(secret: str, at: float | None = None) -> str:
    """An RFC 6238 code, as an authenticator app computes it."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = struct.pack(">Q", int((time.time() if at is None else at) // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="module")
def client() -> PynomalyClient:
    c = PynomalyClient(base_url=URL, timeout=60)
    tokens = c.login(username=USERNAME, password=PASSWORD)
    assert tokens.access_token and c.token == tokens.access_token
    return c


@pytest.fixture(scope="module")
def fresh_user() -> dict:
    """A viewer of its own, registered through the API (for the MFA and wrong-password tests)."""
    username, password = unique("sdk-user"), "Sdk-Password-" + uuid.uuid4().hex[:8]
    PynomalyClient(base_url=URL).register(username, password)
    return {"username": username, "password": password}


def test_health_needs_no_credentials():
    assert PynomalyClient(base_url=URL).health()["status"] == "healthy"


def test_seed_002_workflow(client: PynomalyClient):
    """login → create dataset → detect → batch_detect → train → get model → predict → batch_predict."""
    name = unique("sensor_data")
    dataset = client.create_dataset(name, sensor_rows(), FEATURES, description="SDK live test")
    assert dataset.id == dataset.dataset_id and dataset.size == 200 and dataset.features == 3

    stored = client.get_dataset(dataset.id)
    assert stored.name == name and stored.feature_names == FEATURES
    assert len(stored.statistics["mean"]) == 3
    listed = client.list_datasets(search=name)
    assert [d["id"] for d in listed.datasets] == [dataset.id]

    result = client.detect_anomalies(dataset.id, "isolation_forest", {"contamination": 0.02, "random_state": 42})
    assert result.status == "completed" and result.n_samples == 200
    assert result.anomaly_count >= len(PLANTED)
    assert set(PLANTED) <= {a["index"] for a in result.anomalies[: result.anomaly_count]}
    assert client.get_detection_result(result.detection_id).detection_id == result.detection_id

    batch = client.batch_detect(
        [
            {"dataset_id": dataset.id, "algorithm": "isolation_forest"},
            {"dataset_id": dataset, "algorithm": "lof"},
            {"name": "inline", "data": [1, 2, 3, 4, 5, 100, 6, 7, 8, 9]},
        ]
    )
    assert batch.batch_id
    assert [r["status"] for r in batch.results] == ["completed"] * 3
    assert [r["algorithm"] for r in batch.results] == ["isolation_forest", "lof", "isolation_forest"]

    model = client.train_model(unique("model"), "isolation_forest", dataset.id, {"contamination": 0.02})
    assert model.status == "trained" and model.feature_names == FEATURES
    fetched = client.get_model(model.id)
    assert fetched.id == model.id and fetched.status == "trained"
    assert any(m["id"] == model.id for m in client.list_models().models)
    assert any(d["id"] == model.id for d in client.detectors.list().detectors)
    assert client.list_algorithms().algorithms

    normal, far = [20.1, 1.0, 45.0], [85.0, -7.0, 99.0]
    prediction = client.predict(model.id, [normal, far])
    assert prediction.predictions == [0, 1]
    assert prediction.scores[1] > prediction.scores[0]
    batches = client.batch_predict(model.id, [[normal], [far], [normal, far]])
    assert [b.predictions for b in batches] == [[0], [1], [0, 1]]

    assert client.delete_dataset(dataset.id)["message"]
    with pytest.raises(NotFoundError):
        client.get_dataset(dataset.id)


def test_seed_001_namespaces(client: PynomalyClient, tmp_path):
    """client.detectors.create → client.datasets.upload → client.detectors.train → client.detection.predict."""
    detector = client.detectors.create(
        name=unique("my_detector"), algorithm="IsolationForest", parameters={"contamination": 0.02}
    )
    assert detector.status == "created"

    csv = tmp_path / "data.csv"
    csv.write_text(",".join(FEATURES) + "\n" + "\n".join(",".join(map(str, r)) for r in sensor_rows()) + "\n")
    dataset = client.datasets.upload(file_path=str(csv), name=unique("my_dataset"))
    assert dataset.rows == 200 and dataset.columns == 3

    training_result = client.detectors.train(detector_id=detector.id, dataset_id=dataset.id)
    assert training_result.status == "trained" and training_result.metrics["n_train"] > 0

    results = client.detection.predict(detector_id=detector.id, dataset_id=dataset.id)
    assert results.detector_id == detector.id
    assert set(PLANTED) <= {a["index"] for a in results.anomalies}
    assert client.detectors.get(detector.id).status == "trained"
    client.detectors.delete(detector.id)
    client.datasets.delete(dataset.id)


def test_a_queued_detection_is_awaited(client: PynomalyClient):
    result = client.detect_anomalies(
        data=sensor_rows(), features=FEATURES, algorithm="zscore", async_=True, poll_interval=0.5, wait_timeout=60
    )
    assert result.status == "completed"
    assert set(PLANTED) <= {a["index"] for a in result.anomalies}


def test_typed_errors(client: PynomalyClient):
    with pytest.raises(NotFoundError) as missing:
        client.get_dataset("no-such-dataset")
    assert missing.value.status == 404 and missing.value.code == "NOT_FOUND" and missing.value.request_id

    with pytest.raises(ValidationError) as invalid:
        client.create_dataset("", [])
    assert invalid.value.status == 400 and invalid.value.code == "VALIDATION_ERROR"
    assert {"name", "data"} <= set(invalid.value.field_errors)

    with pytest.raises(ValidationError) as unknown:
        client.detect_anomalies(data=[1, 2, 3, 100], algorithm="no_such_algorithm")
    assert unknown.value.status == 400

    with pytest.raises(NotFoundError):
        client.predict("no-such-model", [[1, 2, 3]])


def test_wrong_password_is_an_authentication_error(fresh_user: dict):
    c = PynomalyClient(base_url=URL)
    with pytest.raises(AuthenticationError) as caught:
        c.login(username=fresh_user["username"], password="not-the-password")
    assert caught.value.status == 401 and c.token is None


def test_mfa_sign_in(fresh_user: dict):
    """Enrol TOTP, then sign in: the challenge is raised without a code, and completed with one."""
    c = PynomalyClient(base_url=URL)
    c.login(fresh_user["username"], fresh_user["password"])
    secret = c.setup_totp(app_name="Pynomaly SDK test").secret
    c.verify_totp(totp(secret))

    second = PynomalyClient(base_url=URL)
    with pytest.raises(MfaRequiredError) as caught:
        second.login(fresh_user["username"], fresh_user["password"])
    challenge = caught.value.challenge
    assert challenge is not None and challenge["method"] == "totp" and challenge["session"]
    assert second.token is None
    second.complete_mfa(caught.value, totp(secret))
    assert second.me()["signed_in_with_mfa"] is True

    third = PynomalyClient(base_url=URL)
    third.login(fresh_user["username"], fresh_user["password"], mfa_code=lambda _challenge: totp(secret))
    assert third.me()["signed_in_with_mfa"] is True

    # A viewer may read but not write: a 403.
    with pytest.raises(AuthorizationError) as forbidden:
        third.create_dataset("not allowed", [1, 2, 3])
    assert forbidden.value.status == 403


def test_refresh_on_401_and_logout():
    c = PynomalyClient(base_url=URL)
    c.login(USERNAME, PASSWORD)
    assert c.refresh_token
    c.token = "not-a-valid-token"
    assert c.me()["username"]  # answered 401, refreshed, sent again
    assert c.token != "not-a-valid-token"

    token = c.token
    c.logout()
    assert c.token is None and c.refresh_token is None
    with pytest.raises(AuthenticationError):
        PynomalyClient(base_url=URL, token=token).me()


@pytest.mark.skipif(not API_KEY, reason="PYNOMALY_API_KEY is not set")
def test_api_key_client():
    keyed = PynomalyClient(base_url=URL, api_key=API_KEY)
    dataset = keyed.create_dataset(unique("keyed"), sensor_rows(), FEATURES)
    result = keyed.detect_anomalies(dataset.id, algorithm="hbos")
    assert result.status == "completed"
    assert any(d["id"] == dataset.id for d in keyed.iter_datasets())
    keyed.delete_dataset(dataset.id)
    # Keys never carry the admin scope.
    with pytest.raises(AuthorizationError):
        keyed.list_api_keys()
    with pytest.raises(AuthenticationError):
        PynomalyClient(base_url=URL, api_key="pyn_not_a_real_key").list_datasets()


def test_async_client():
    """Seed 002: ``async with AsyncClient(base_url=...) as client: await client.detect_anomalies(...)``."""

    async def main() -> None:
        async with AsyncClient(base_url=URL, timeout=60) as client:
            await client.login(username=USERNAME, password=PASSWORD)
            dataset = await client.create_dataset(unique("async"), sensor_rows(), FEATURES)
            result = await client.detect_anomalies(dataset.id)
            assert result.status == "completed" and result.anomaly_count > 0

            results = await client.batch_detect(
                [{"dataset_id": dataset.id, "algorithm": "isolation_forest"}, {"dataset_id": dataset.id, "algorithm": "lof"}]
            )
            assert [r["status"] for r in results.results] == ["completed", "completed"]

            model = await client.train_model(unique("async-model"), "isolation_forest", dataset.id)
            predictions = await client.batch_predict(model.id, [[[20.0, 1.0, 45.0]], [[85.0, -7.0, 99.0]]])
            assert [p.predictions for p in predictions] == [[0], [1]]

            same, by_namespace, fetched_model = await asyncio.gather(
                client.get_dataset(dataset.id), client.datasets.get(dataset.id), client.models.get(model.id)
            )
            assert same.id == by_namespace.id == dataset.id and fetched_model.id == model.id

            with pytest.raises(NotFoundError):
                await client.get_dataset("no-such-dataset")
            await client.delete_dataset(dataset.id)

        if API_KEY:
            async with AsyncClient(base_url=URL, api_key=API_KEY) as keyed:
                listed = await keyed.list_datasets(limit=5)
                assert "pagination" in listed

    asyncio.run(main())
