"""Unit tests against a scripted stdlib HTTP server: retries, Retry-After, errors, auth flows."""

from __future__ import annotations

import asyncio
import email.utils
import socket
import time
from email.parser import BytesParser
from email.policy import HTTP

import pytest
from fake_api import FakeApi, ok, problem

from pynomaly_client import (
    ApiObject,
    AsyncClient,
    AuthenticationError,
    AuthorizationError,
    ConflictError,
    DetectionFailedError,
    MfaRequiredError,
    NotFoundError,
    PynomalyClient,
    PynomalyConnectionError,
    PynomalyError,
    RateLimitError,
    ServerError,
    ValidationError,
    WorkTooLargeError,
)

DATASET = "/api/v1/datasets/ds1"
UNAVAILABLE = problem(503, "Service unavailable", "try later", "SERVICE_UNAVAILABLE")


# ---------------------------------------------------------------------- retries


def test_get_is_retried_on_502_503_504_with_exponential_full_jitter_backoff(api: FakeApi, client, sleeps):
    api.script(
        "GET",
        DATASET,
        problem(502, "Bad gateway", "x", "BAD_GATEWAY"),
        UNAVAILABLE,
        problem(504, "Gateway timeout", "x", "TIMEOUT"),
        ok({"id": "ds1"}),
    )
    assert client.get_dataset("ds1") == {"id": "ds1"}
    assert len(api.calls("GET", DATASET)) == 4
    # random() fixed at 1: the full ceiling, backoff_base * 2**attempt
    assert sleeps.waits == [0.5, 1.0, 2.0]


def test_backoff_is_capped_and_jittered(api: FakeApi, client, sleeps):
    client.backoff_max = 1.5
    draws = iter([0.25, 0.5, 1.0])
    client._random = lambda: next(draws)
    api.script("GET", DATASET, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, ok({"id": "ds1"}))
    client.get_dataset("ds1")
    assert sleeps.waits == [0.25 * 0.5, 0.5 * 1.0, 1.0 * 1.5]


def test_retries_stop_after_max_retries_and_raise_the_last_error(api: FakeApi, client, sleeps):
    api.script("GET", DATASET, UNAVAILABLE)
    with pytest.raises(ServerError) as caught:
        client.get_dataset("ds1")
    assert caught.value.status == 503
    assert len(api.calls("GET", DATASET)) == 4  # the first try and 3 retries
    assert len(sleeps.waits) == 3


def test_retry_after_seconds_is_honoured(api: FakeApi, client, sleeps):
    api.script(
        "GET",
        DATASET,
        (429, {"Retry-After": "7", "Content-Type": "application/problem+json"}, {"status": 429, "detail": "slow down"}),
        ok({"id": "ds1"}),
    )
    client.get_dataset("ds1")
    assert sleeps.waits == [7.0]


def test_retry_after_http_date_is_honoured(api: FakeApi, client, sleeps):
    when = email.utils.formatdate(time.time() + 5, usegmt=True)
    api.script("GET", DATASET, (503, {"Retry-After": when}, "busy"), ok({"id": "ds1"}))
    client.get_dataset("ds1")
    assert len(sleeps.waits) == 1 and 3.0 <= sleeps.waits[0] <= 5.0


def test_429_is_raised_with_retry_after_once_retries_run_out(api: FakeApi, client, sleeps):
    api.script(
        "GET",
        DATASET,
        (
            429,
            {"Retry-After": "2", "Content-Type": "application/problem+json"},
            {"status": 429, "title": "Too many requests", "detail": "limit", "code": "RATE_LIMIT_EXCEEDED"},
        ),
    )
    with pytest.raises(RateLimitError) as caught:
        client.get_dataset("ds1")
    assert caught.value.retry_after == 2.0
    assert caught.value.status == 429 and caught.value.code == "RATE_LIMIT_EXCEEDED"
    assert sleeps.waits == [2.0, 2.0, 2.0]


def test_a_retry_after_beyond_max_retry_after_is_not_waited_for(api: FakeApi, client, sleeps):
    api.script("GET", DATASET, (429, {"Retry-After": "900"}, {"detail": "Upload quota"}), ok({}))
    with pytest.raises(RateLimitError) as caught:
        client.get_dataset("ds1")
    assert caught.value.retry_after == 900.0
    assert sleeps.waits == []
    assert len(api.calls()) == 1


def test_non_idempotent_post_is_not_retried_on_5xx(api: FakeApi, client, sleeps):
    api.script("POST", "/api/v1/datasets", UNAVAILABLE, ok({"id": "ds1"}, 201))
    with pytest.raises(ServerError):
        client.create_dataset("d", [1, 2, 3])
    assert len(api.calls("POST", "/api/v1/datasets")) == 1
    assert sleeps.waits == []


def test_any_post_is_retried_on_429_which_the_api_answers_before_doing_anything(api: FakeApi, client, sleeps):
    api.script("POST", "/api/v1/detection/detect", (429, {"Retry-After": "1"}, {"detail": "x"}), ok({"detection_id": "d1", "status": "completed"}))
    assert client.detect_anomalies(data=[1, 2, 3])["detection_id"] == "d1"
    assert sleeps.waits == [1.0]


def test_prediction_posts_are_retried_like_gets(api: FakeApi, client, sleeps):
    api.script("POST", "/api/v1/models/m1/predict", problem(502, "Bad gateway", "x", "X"), ok({"predictions": [0], "scores": [0.1]}))
    api.script("POST", "/api/v1/detection/predict", UNAVAILABLE, ok({"anomalies": []}))
    assert client.predict("m1", [[1, 2]])["predictions"] == [0]
    assert client.detection.predict(detector_id="d1", dataset_id="ds1") == {"anomalies": []}
    assert len(api.calls("POST", "/api/v1/models/m1/predict")) == 2
    assert api.calls("POST", "/api/v1/detection/predict")[-1].json() == {"detector_id": "d1", "dataset_id": "ds1"}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_errors_are_retried_for_gets_only():
    sleeps = []
    c = PynomalyClient(base_url=f"http://127.0.0.1:{_closed_port()}", max_retries=2, timeout=2)
    c._sleep = sleeps.append
    with pytest.raises(PynomalyConnectionError) as caught:
        c.get_dataset("ds1")
    assert caught.value.status is None
    assert len(sleeps) == 2
    sleeps.clear()
    with pytest.raises(PynomalyConnectionError):
        c.create_detector("d", "lof")
    assert sleeps == []


def test_a_read_timeout_is_a_connection_error():
    # A server that accepts the connection and never answers.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    try:
        c = PynomalyClient(base_url=f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=0.3, max_retries=0)
        with pytest.raises(PynomalyConnectionError):
            c.get_dataset("ds1")
    finally:
        listener.close()


# ---------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "answer, kind",
    [
        (problem(401, "Not authenticated", "Invalid token", "AUTHENTICATION_ERROR"), AuthenticationError),
        (problem(403, "Forbidden", "Missing scope", "AUTHORIZATION_ERROR"), AuthorizationError),
        (problem(403, "Second factor required", "Enrol", "MFA_REQUIRED"), MfaRequiredError),
        (problem(404, "Not found", "Dataset not found", "NOT_FOUND"), NotFoundError),
        (problem(409, "Conflict", "Has one", "CONFLICT"), ConflictError),
        (problem(422, "Too much work for one request", "Send less", "WORK_TOO_LARGE"), WorkTooLargeError),
        (problem(422, "Unprocessable input", "Nope", "UNPROCESSABLE_ENTITY"), ValidationError),
        (problem(500, "Internal server error", "Quote the request_id", "INTERNAL_ERROR"), ServerError),
        (problem(413, "Payload too large", "Too big", "PAYLOAD_TOO_LARGE"), PynomalyError),
    ],
)
def test_problem_documents_map_to_typed_errors(api: FakeApi, client, answer, kind):
    api.script("GET", DATASET, answer)
    with pytest.raises(kind) as caught:
        client.get_dataset("ds1")
    error = caught.value
    assert type(error) is kind
    status, _, body = answer
    assert error.status == status
    assert error.title == body["title"] and error.detail == body["detail"] and error.code == body["code"]
    assert error.request_id == "req-123" and error.problem["instance"] == "/test"
    assert body["detail"] in str(error) and str(status) in str(error)


def test_validation_errors_carry_the_field_errors(api: FakeApi, client):
    api.script(
        "POST",
        "/api/v1/datasets",
        problem(
            400,
            "Validation Error",
            "Invalid request body",
            "VALIDATION_ERROR",
            errors=[
                {"field": "name", "message": "Too small"},
                {"field": "data", "message": "Required"},
                {"field": "data", "message": "Ragged"},
            ],
        ),
    )
    with pytest.raises(ValidationError) as caught:
        client.create_dataset("", [[1]])
    assert caught.value.errors[0] == {"field": "name", "message": "Too small"}
    assert caught.value.field_errors == {"name": ["Too small"], "data": ["Required", "Ragged"]}


def test_an_error_answer_that_is_not_a_problem_still_maps(api: FakeApi, client):
    api.script("POST", "/api/v1/datasets", (502, {"Content-Type": "text/html"}, "<html>Bad Gateway</html>"))
    with pytest.raises(ServerError) as caught:
        client.create_dataset("d", [1])
    assert caught.value.status == 502 and "Bad Gateway" in caught.value.detail
    api.script("POST", "/api/v1/detectors", (429, {"Retry-After": "1000"}, {"message": "Too Many Requests"}))
    with pytest.raises(RateLimitError) as limited:
        client.create_detector("d", "lof")
    assert limited.value.detail == "Too Many Requests" and limited.value.retry_after == 1000


# ---------------------------------------------------------------------- credentials and sign-in


def test_bearer_token_is_sent_and_preferred_to_the_api_key(api: FakeApi):
    api.script("GET", "/api/v1/models", ok([]))
    PynomalyClient(base_url=api.url, api_key="pyn_k").list_models()
    PynomalyClient(base_url=api.url, api_key="pyn_k", token="t").list_models()
    first, second = api.calls()
    assert first.headers.get("X-API-Key") == "pyn_k" and "Authorization" not in first.headers
    assert second.headers.get("Authorization") == "Bearer t" and "X-API-Key" not in second.headers


def test_login_keeps_the_tokens(api: FakeApi):
    api.script("POST", "/api/v1/auth/login", ok({"access_token": "a1", "refresh_token": "r1", "token_type": "bearer", "expires_in": 3600}))
    api.script("GET", "/api/v1/auth/me", ok({"username": "u"}))
    c = PynomalyClient(base_url=api.url)
    tokens = c.login(username="u", password="p")
    assert tokens.access_token == "a1" and c.token == "a1" and c.refresh_token == "r1"
    assert api.calls("POST", "/api/v1/auth/login")[0].json() == {"username": "u", "password": "p"}
    assert "Authorization" not in api.calls("POST", "/api/v1/auth/login")[0].headers
    c.me()
    assert api.calls("GET", "/api/v1/auth/me")[0].headers["Authorization"] == "Bearer a1"


CHALLENGE = {"mfa_required": True, "method": "totp", "challenge": "SOFTWARE_TOKEN_MFA", "session": "sess-1"}


def test_login_with_mfa_and_no_code_raises_the_challenge_then_completes_it(api: FakeApi):
    api.script("POST", "/api/v1/auth/login", ok(CHALLENGE))
    api.script("POST", "/api/v1/auth/mfa/verify", ok({"access_token": "a2", "refresh_token": "r2"}))
    c = PynomalyClient(base_url=api.url)
    with pytest.raises(MfaRequiredError) as caught:
        c.login("u", "p")
    error = caught.value
    assert isinstance(error, AuthorizationError) and error.status is None
    assert error.challenge == {"username": "u", "method": "totp", "challenge": "SOFTWARE_TOKEN_MFA", "session": "sess-1"}
    assert c.token is None
    c.complete_mfa(error, "123456")
    assert c.token == "a2" and c.refresh_token == "r2"
    assert api.calls("POST", "/api/v1/auth/mfa/verify")[0].json() == {
        "username": "u",
        "session": "sess-1",
        "code": "123456",
        "challenge": "SOFTWARE_TOKEN_MFA",
    }


def test_login_with_an_mfa_code_or_a_code_callable_finishes_in_one_call(api: FakeApi):
    api.script("POST", "/api/v1/auth/login", ok({**CHALLENGE, "method": "sms", "challenge": "SMS_MFA"}))
    api.script("POST", "/api/v1/auth/mfa/verify", ok({"access_token": "a3"}))
    c = PynomalyClient(base_url=api.url)
    seen = []
    c.login("u", "p", mfa_code=lambda challenge: seen.append(challenge) or "654321")
    assert seen[0]["method"] == "sms" and c.token == "a3"
    c.login("u", "p", mfa_code="111111")
    assert [r.json()["code"] for r in api.calls("POST", "/api/v1/auth/mfa/verify")] == ["654321", "111111"]
    assert api.calls("POST", "/api/v1/auth/mfa/verify")[0].json()["challenge"] == "SMS_MFA"


def test_a_401_is_followed_by_one_refresh_and_the_request_again(api: FakeApi, client):
    client.refresh_token = "r1"
    api.script("GET", DATASET, problem(401, "Not authenticated", "expired", "AUTHENTICATION_ERROR"), ok({"id": "ds1"}))
    api.script("POST", "/api/v1/auth/refresh", ok({"access_token": "tok-2", "expires_in": 3600}))
    assert client.get_dataset("ds1") == {"id": "ds1"}
    first, second = api.calls("GET", DATASET)
    assert first.headers["Authorization"] == "Bearer tok-1" and second.headers["Authorization"] == "Bearer tok-2"
    assert api.calls("POST", "/api/v1/auth/refresh")[0].json() == {"refresh_token": "r1"}
    assert client.refresh_token == "r1"


def test_a_failed_refresh_raises_the_original_401(api: FakeApi, client):
    client.refresh_token = "r1"
    api.script("GET", DATASET, problem(401, "Not authenticated", "expired", "AUTHENTICATION_ERROR"))
    api.script("POST", "/api/v1/auth/refresh", problem(401, "Not authenticated", "Refresh needs a new sign-in", "AUTHENTICATION_ERROR"))
    with pytest.raises(AuthenticationError) as caught:
        client.get_dataset("ds1")
    assert caught.value.detail == "expired"
    assert len(api.calls("POST", "/api/v1/auth/refresh")) == 1 and len(api.calls("GET", DATASET)) == 1


def test_no_refresh_without_a_refresh_token_or_for_an_api_key(api: FakeApi):
    api.script("GET", DATASET, problem(401, "Not authenticated", "bad key", "AUTHENTICATION_ERROR"))
    with pytest.raises(AuthenticationError):
        PynomalyClient(base_url=api.url, api_key="pyn_bad", refresh_token="r").get_dataset("ds1")
    assert api.calls("POST", "/api/v1/auth/refresh") == []


# ---------------------------------------------------------------------- request shapes


def test_dict_rows_become_rows_and_features(api: FakeApi, client):
    api.script("POST", "/api/v1/datasets", ok({"id": "ds1", "dataset_id": "ds1"}, 201))
    dataset = client.create_dataset("d", [{"a": 1, "b": 2}, {"b": 4, "c": 5}], description="x")
    assert isinstance(dataset, ApiObject) and dataset.id == "ds1"
    assert api.calls()[0].json() == {
        "name": "d",
        "data": [[1, 2, None], [None, 4, 5]],
        "features": ["a", "b", "c"],
        "description": "x",
    }
    client.create_dataset("d", [{"a": 1, "b": 2}], features=["b", "a"])
    assert api.calls()[1].json()["data"] == [[2, 1]]


def test_ids_may_be_the_objects_the_api_returned_and_are_escaped(api: FakeApi, client):
    api.script("GET", "/api/v1/models/a%2Fb", ok({"id": "a/b"}))
    api.script("POST", "/api/v1/detectors/det1/train", ok({"status": "trained"}))
    assert client.get_model({"id": "a/b"}).id == "a/b"
    client.detectors.train(detector_id=ApiObject(id="det1"), dataset_id=ApiObject(dataset_id="ds9", name="x"))
    assert api.calls("POST", "/api/v1/detectors/det1/train")[0].json() == {"dataset_id": "ds9"}


def test_upload_is_multipart_with_the_file_and_fields(api: FakeApi, client, tmp_path):
    csv = tmp_path / "data.csv"
    csv.write_text("a,b\n1,2\n3,4\n")
    api.script("POST", "/api/v1/datasets/upload", ok({"id": "ds1", "rows": 2}, 201))
    assert client.datasets.upload(file_path=str(csv), name="my_dataset", has_header=True).rows == 2
    sent = api.calls()[0]
    assert sent.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + sent.headers["Content-Type"].encode() + b"\r\n\r\n" + sent.body
    )
    parts = {p.get_param("name", header="content-disposition"): p for p in message.iter_parts()}
    assert parts["name"].get_content() == "my_dataset"
    assert parts["has_header"].get_content() == "true"
    assert parts["file"].get_filename() == "data.csv"
    assert parts["file"].get_content_type() == "text/csv"
    assert parts["file"].get_payload(decode=True) == b"a,b\n1,2\n3,4\n"
    assert "description" not in parts


def test_list_datasets_sends_the_query(api: FakeApi, client):
    api.script("GET", "/api/v1/datasets", ok({"datasets": [], "pagination": {"page": 2, "pages": 1}}))
    client.list_datasets(page=2, limit=5, search="sensor")
    assert api.calls()[0].path == "/api/v1/datasets?page=2&limit=5&search=sensor"


def test_batch_detect_sends_entries_and_splits_over_50(api: FakeApi, client):
    def answer(n, batch):
        return ok({"batch_id": batch, "results": [{"index": i, "status": "completed"} for i in range(n)]})

    api.script("POST", "/api/v1/detection/batch", answer(2, "b0"))
    out = client.batch_detect(
        [{"dataset_id": ApiObject(id="ds1"), "algorithm": "isolation_forest"}, {"dataset_id": "ds2", "algorithm": "lof"}]
    )
    assert out.batch_id == "b0"
    assert api.calls()[0].json() == {
        "datasets": [{"dataset_id": "ds1", "algorithm": "isolation_forest"}, {"dataset_id": "ds2", "algorithm": "lof"}],
        "parallel": True,
    }
    api.script("POST", "/api/v1/detection/batch", answer(50, "b1"), answer(10, "b2"))
    big = client.batch_detect([{"data": [1, 2, 3]}] * 60, algorithm="zscore")
    assert big.batch_ids == ["b1", "b2"]
    assert [r["index"] for r in big.results] == list(range(60))
    assert [len(c.json()["datasets"]) for c in api.calls()[1:]] == [50, 10]


def test_a_queued_detection_is_polled_until_it_ends(api: FakeApi, client, sleeps):
    queued = {"detection_id": "det1", "status": "running", "result_url": "/api/v1/detection/results/det1"}
    api.script("POST", "/api/v1/detection/detect", ok(queued, 202))
    api.script(
        "GET",
        "/api/v1/detection/results/det1",
        ok({"detection_id": "det1", "status": "running"}),
        ok({"detection_id": "det1", "status": "completed", "anomalies": [{"index": 5}]}),
    )
    result = client.detect_anomalies("ds1", async_=True, poll_interval=0.25)
    assert result.status == "completed" and result.anomalies[0]["index"] == 5
    assert api.calls("POST")[0].json() == {"algorithm": "isolation_forest", "dataset_id": "ds1", "async": True}
    assert sleeps.waits == [0.25]
    api.script("GET", "/api/v1/detection/results/det1", ok({"status": "failed", "error_message": "The detection timed out"}))
    with pytest.raises(DetectionFailedError, match="timed out"):
        client.detect_anomalies("ds1", async_=True)
    assert client.detect_anomalies("ds1", wait=False).status == "running"


def test_batch_predict_is_one_predict_per_batch(api: FakeApi, client):
    api.script("POST", "/api/v1/models/m1/predict", ok({"predictions": [1]}))
    out = client.batch_predict("m1", [[[1, 2]], [[3, 4]], [[5, 6]]])
    assert len(out) == 3
    assert [c.json()["data"] for c in api.calls()] == [[[1, 2]], [[3, 4]], [[5, 6]]]


# ---------------------------------------------------------------------- async


def test_async_client_runs_the_same_methods_as_coroutines(api: FakeApi):
    api.script("POST", "/api/v1/auth/login", ok({"access_token": "a1", "refresh_token": "r1"}))
    api.script("POST", "/api/v1/detection/detect", ok({"detection_id": "d1", "status": "completed"}))
    api.script("GET", DATASET, ok({"id": "ds1"}))
    api.script("GET", "/api/v1/datasets/nope", problem(404, "Not found", "Dataset not found", "NOT_FOUND"))
    api.script("POST", "/api/v1/detectors", ok({"id": "det1"}, 201))
    api.script("POST", "/api/v1/models/m1/predict", ok({"predictions": [0]}))

    async def main():
        async with AsyncClient(base_url=api.url) as client:
            await client.login(username="u", password="p")
            assert client.token == "a1"
            result = await client.detect_anomalies("dataset_001")
            many = await asyncio.gather(*(client.get_dataset("ds1") for _ in range(5)))
            with pytest.raises(NotFoundError):
                await client.get_dataset("nope")
            detector = await client.detectors.create(name="x", algorithm="IsolationForest")
            predictions = await client.batch_predict("m1", [[[1]], [[2]]])
            return result, many, detector, predictions, client

    result, many, detector, predictions, client = asyncio.run(main())
    assert result.detection_id == "d1"
    assert many == [{"id": "ds1"}] * 5
    assert detector.id == "det1" and len(predictions) == 2
    assert client._executor is None  # closed by async with
    assert all(r.headers.get("Authorization") == "Bearer a1" for r in api.calls("GET"))


def test_async_client_keeps_the_docs_and_signatures():
    import inspect

    assert AsyncClient.detect_anomalies.__doc__ == PynomalyClient.detect_anomalies.__doc__
    assert asyncio.iscoroutinefunction(AsyncClient.detect_anomalies)
    assert "dataset_id" in inspect.signature(AsyncClient.detect_anomalies).parameters
    for name in dir(PynomalyClient):
        if not name.startswith("_") and callable(getattr(PynomalyClient, name)):
            assert hasattr(AsyncClient, name), name


def test_async_namespaces_have_the_sync_namespaces_methods():
    from pynomaly_client import aio, client as sync

    pairs = [
        (aio.AsyncDatasetsNamespace, sync.DatasetsNamespace),
        (aio.AsyncDetectorsNamespace, sync.DetectorsNamespace),
        (aio.AsyncModelsNamespace, sync.ModelsNamespace),
        (aio.AsyncDetectionNamespace, sync.DetectionNamespace),
    ]
    for async_cls, sync_cls in pairs:
        for name in vars(sync_cls):
            if not name.startswith("_"):
                assert asyncio.iscoroutinefunction(getattr(async_cls, name)), f"{async_cls.__name__}.{name}"
                assert getattr(async_cls, name).__doc__


def test_iter_datasets_follows_the_pages(api: FakeApi, client):
    api.script(
        "GET",
        "/api/v1/datasets",
        ok({"datasets": [{"id": "a"}, {"id": "b"}], "pagination": {"page": 1, "pages": 2}}),
        ok({"datasets": [{"id": "c"}], "pagination": {"page": 2, "pages": 2}}),
    )
    assert [d.id for d in client.iter_datasets(page_size=2)] == ["a", "b", "c"]
    assert [r.path for r in api.calls()] == ["/api/v1/datasets?page=1&limit=2", "/api/v1/datasets?page=2&limit=2"]

    api.script("GET", "/api/v1/datasets", ok({"datasets": [{"id": "z"}], "pagination": {"page": 1, "pages": 1}}))

    async def collect():
        async with AsyncClient(base_url=api.url, token="t") as c:
            return [d.id async for d in c.iter_datasets()]

    assert asyncio.run(collect()) == ["z"]


class _Array:
    """Stands in for a numpy array (``tolist``) and its scalars (``item``)."""

    def __init__(self, rows):
        self.rows = rows

    def tolist(self):
        return self.rows


class _Scalar:
    def __init__(self, value):
        self.value = value

    def item(self):
        return self.value


class _Frame:
    """Stands in for a pandas DataFrame: ``columns`` and ``values.tolist()``."""

    columns = ["temp", "pressure"]

    def __init__(self, rows):
        self.values = _Array(rows)


def test_arrays_frames_numpy_scalars_and_nan_are_sent_as_json(api: FakeApi, client):
    api.script("POST", "/api/v1/datasets", ok({"id": "ds1"}, 201))
    client.create_dataset("a", _Array([[1.5, float("nan")], [2, 3]]))
    client.create_dataset("f", _Frame([[20.1, 1.0], [85, -7]]))
    client.create_dataset("s", [[_Scalar(4), _Scalar(float("nan"))]])
    sent = [c.json() for c in api.calls()]
    assert sent[0]["data"] == [[1.5, None], [2, 3]] and "features" not in sent[0]
    assert sent[1]["data"] == [[20.1, 1.0], [85, -7]] and sent[1]["features"] == ["temp", "pressure"]
    assert sent[2]["data"] == [[4, None]]


def test_numpy_arrays_when_numpy_is_there(api: FakeApi, client):
    np = pytest.importorskip("numpy")
    api.script("POST", "/api/v1/models/m1/predict", ok({"predictions": [0, 1]}))
    client.predict("m1", np.array([[1, 2], [3, 4]], dtype=np.int64))
    client.predict("m1", [np.array([1.0, np.nan]), (np.int64(3), np.float32(0.5))])
    first, second = (c.json()["data"] for c in api.calls())
    assert first == [[1, 2], [3, 4]]
    assert second == [[1.0, None], [3, 0.5]]
