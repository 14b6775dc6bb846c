"""The synchronous client: :class:`PynomalyClient`.

Standard library only (``urllib.request``, ``json``). Every method names the route it calls;
``/api/v1/...`` is used throughout (the API also answers the seed guides' ``/api/...`` aliases).
"""

from __future__ import annotations

import json
import mimetypes
import os
import random
import threading
import time
import uuid
from http.client import HTTPException
from typing import (
    Any,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)
from urllib.error import HTTPError
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen

from ._version import __version__
from .errors import (
    AuthenticationError,
    DetectionFailedError,
    MfaRequiredError,
    PynomalyConnectionError,
    PynomalyError,
    error_from_response,
    parse_retry_after,
)

__all__ = ["PynomalyClient", "ApiObject", "RETRY_STATUSES"]

#: Answers retried (with backoff, honouring ``Retry-After``).
RETRY_STATUSES = frozenset({429, 502, 503, 504})

Row = Union[Sequence[Any], Mapping[str, Any], int, float, str, bool, None]
MfaCode = Union[str, Callable[[Dict[str, Any]], str], None]
IdLike = Union[str, Mapping[str, Any], Any]


class ApiObject(dict):  # type: ignore[type-arg]
    """A JSON object of the API: a ``dict`` whose keys also read as attributes.

    ``detector.id`` and ``detector["id"]`` are the same; a key that collides with a ``dict``
    method (``items``, ``keys``, ``values``, ``get``, …) reads only with ``[...]``.
    """

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __dir__(self) -> Iterable[str]:
        return list(super().__dir__()) + [k for k in self if isinstance(k, str)]


def _id(value: IdLike, *keys: str) -> str:
    """An id from a string, or from an object the API returned (its ``id`` or ``*_id``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        for key in ("id", *keys):
            found = value.get(key)
            if isinstance(found, str) and found:
                return found
    found = getattr(value, "id", None)
    if isinstance(found, str) and found:
        return found
    raise TypeError(f"expected an id or an object with one, got {type(value).__name__}")


def _path_id(value: IdLike, *keys: str) -> str:
    return quote(_id(value, *keys), safe="")


def _drop_none(body: Mapping[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in body.items() if v is not None}


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value != value:  # NaN: a missing value, JSON null
        return None
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item) and not isinstance(value, (str, bytes)):
        return _cell(item())
    return value


def _row(row: Any) -> Any:
    tolist = getattr(row, "tolist", None)  # a numpy row (or scalar)
    if callable(tolist):
        row = tolist()
    if isinstance(row, (tuple, list)):
        return [_cell(c) for c in row]
    return _cell(row)


def _rows(data: Any, features: Optional[Sequence[str]]) -> Tuple[List[Any], Optional[List[str]]]:
    """Rows as the API takes them (scalars or lists of cells).

    ``data`` may be a list of rows (lists or tuples of cells), of scalars, or of dicts (their
    keys become the features: the given ``features`` order, else the keys in first-seen order);
    also a pandas DataFrame (its columns the features) or a numpy array. NaN cells are sent as
    null (missing)."""
    if features is None and hasattr(data, "columns") and hasattr(data, "values"):
        features = [str(c) for c in data.columns]  # a DataFrame
    if hasattr(data, "values") and hasattr(getattr(data, "values"), "tolist"):
        data = data.values.tolist()
    elif hasattr(data, "tolist"):
        data = data.tolist()
    items = list(data)
    if not any(isinstance(r, Mapping) for r in items):
        return [_row(r) for r in items], (list(features) if features is not None else None)
    if not all(isinstance(r, Mapping) for r in items):
        raise TypeError("data mixes dict rows with other rows")
    names: List[str] = list(features) if features is not None else []
    if features is None:
        seen = set()
        for r in items:
            for key in r:
                if key not in seen:
                    seen.add(key)
                    names.append(str(key))
    return [[_cell(r.get(n)) for n in names] for r in items], names


def _encode_multipart(
    fields: Mapping[str, Optional[str]], file_field: str, filename: str, content: bytes, content_type: str
) -> Tuple[bytes, str]:
    boundary = "----pynomaly" + uuid.uuid4().hex
    out: List[bytes] = []
    for name, value in fields.items():
        if value is None:
            continue
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    safe_name = filename.replace('"', "%22").replace("\r", "").replace("\n", "")
    out.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{safe_name}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
    )
    out.append(content)
    out.append(f"\r\n--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


class PynomalyClient:
    """A client of the Pynomaly API.

    Credentials: ``token`` (a bearer access token), ``api_key`` (sent as ``X-API-Key``; its
    scopes decide the routes it may call), or :meth:`login`. A token, when there is one, is
    sent instead of the key (the API reads the bearer first).

    Retries: an answer ``429``, ``502``, ``503`` or ``504``, or a failed connection, is tried
    again up to ``max_retries`` times, waiting ``Retry-After`` when the answer has one, else
    exponential backoff with full jitter (``uniform(0, min(backoff_max, backoff_base * 2**n))``).
    Only requests that are safe to repeat are retried on ``5xx`` and connection errors: GET,
    PUT and DELETE, and the POSTs that change nothing — predictions
    (``/api/v1/models/{id}/predict``, ``/api/v1/detection/predict``) and token refresh.
    Creating, training, detecting, uploading and logging in are not repeated, as the first
    attempt may have done its work. ``429`` is retried for every method: the API answers it
    before doing anything (rate limits, upload quota, refused-credential throttling). A
    ``Retry-After`` longer than ``max_retry_after`` seconds is not waited for: the
    :class:`~pynomaly_client.RateLimitError` is raised with its ``retry_after``.

    Tokens: after :meth:`login`, an answer ``401`` is followed by one refresh at
    ``POST /api/v1/auth/refresh`` with the refresh token and the request is sent again.

    Thread-safe: one client may be shared by threads (the :class:`AsyncClient` does so).
    """

    def __init__(
        self,
        base_url: str = "http://localhost:8000",
        api_key: Optional[str] = None,
        token: Optional[str] = None,
        timeout: float = 30,
        max_retries: int = 3,
        *,
        refresh_token: Optional[str] = None,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        max_retry_after: float = 60.0,
        user_agent: Optional[str] = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.token = token
        self.refresh_token = refresh_token
        self.timeout = timeout
        self.max_retries = max(0, int(max_retries))
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_retry_after = max_retry_after
        self.user_agent = user_agent or f"pynomaly-client-python/{__version__}"
        self._auth_lock = threading.Lock()
        # Seams for tests: how to wait, and the jitter.
        self._sleep: Callable[[float], None] = time.sleep
        self._random: Callable[[], float] = random.random
        self.datasets = DatasetsNamespace(self)
        self.detectors = DetectorsNamespace(self)
        self.models = ModelsNamespace(self)
        self.detection = DetectionNamespace(self)

    # ------------------------------------------------------------------ plumbing

    def __enter__(self) -> "PynomalyClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release (each request has its own connection); for symmetry with ``with``."""

    def _backoff(self, attempt: int) -> float:
        return self._random() * min(self.backoff_max, self.backoff_base * (2**attempt))

    def _auth_headers(self) -> Dict[str, str]:
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self.api_key:
            return {"X-API-Key": self.api_key}
        return {}

    def _send(
        self, method: str, url: str, body: Optional[bytes], headers: Mapping[str, str]
    ) -> Tuple[int, Dict[str, str], bytes]:
        request = Request(url, data=body, method=method, headers=dict(headers))
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (http(s) only)
                return response.status, dict(response.headers.items()), response.read()
        except HTTPError as error:
            with error:
                return error.code, dict(error.headers.items()) if error.headers else {}, error.read()

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        query: Optional[Mapping[str, Any]] = None,
        body: Optional[bytes] = None,
        content_type: Optional[str] = None,
        idempotent: Optional[bool] = None,
        authenticated: bool = True,
        raw: bool = False,
    ) -> Any:
        """Sends one request (with retries and refresh) and answers the parsed JSON.

        Public so that routes without a method of their own can be called:
        ``client.request("GET", "/api/v1/health/detailed")``. ``idempotent`` overrides whether
        ``5xx`` and connection errors are retried (default: GET/HEAD/PUT/DELETE/OPTIONS).
        """
        method = method.upper()
        if idempotent is None:
            idempotent = method in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")
        url = self.base_url + path
        if query:
            pairs = [(k, str(v).lower() if isinstance(v, bool) else v) for k, v in query.items() if v is not None]
            if pairs:
                url += ("&" if "?" in url else "?") + urlencode(pairs)
        if json_body is not None:
            body = json.dumps(json_body).encode()
            content_type = "application/json"
        attempt = 0
        refreshed = False
        while True:
            headers = {"Accept": "application/json", "User-Agent": self.user_agent}
            if content_type:
                headers["Content-Type"] = content_type
            if authenticated:
                headers.update(self._auth_headers())
            sent_token = headers.get("Authorization")
            try:
                status, response_headers, content = self._send(method, url, body, headers)
            except (OSError, HTTPException) as error:  # URLError, timeouts, resets
                if idempotent and attempt < self.max_retries:
                    self._sleep(self._backoff(attempt))
                    attempt += 1
                    continue
                reason = getattr(error, "reason", None) or error
                raise PynomalyConnectionError(f"{method} {path}: {reason}") from error
            if status in RETRY_STATUSES and (idempotent or status == 429) and attempt < self.max_retries:
                wait = parse_retry_after(_header(response_headers, "retry-after"))
                if wait is None:
                    wait = self._backoff(attempt)
                if wait <= self.max_retry_after:
                    self._sleep(wait)
                    attempt += 1
                    continue
            if status == 401 and authenticated and sent_token and not refreshed and self.refresh_token:
                refreshed = True
                if self._refresh_after_401(sent_token):
                    continue
            if status >= 400:
                raise error_from_response(status, _decode(content, response_headers), response_headers)
            if raw:
                return content
            return _decode(content, response_headers, status=status)

    def _refresh_after_401(self, sent_token: str) -> bool:
        """Refreshes once for the token that was refused (another thread may have already)."""
        with self._auth_lock:
            if self.token and f"Bearer {self.token}" != sent_token:
                return True
            try:
                self.refresh()
            except PynomalyError:
                return False
            return True

    # ------------------------------------------------------------------ auth

    def _take_tokens(self, tokens: Mapping[str, Any]) -> None:
        self.token = tokens.get("access_token") or self.token
        if tokens.get("refresh_token"):
            self.refresh_token = tokens["refresh_token"]

    def login(self, username: str, password: str, mfa_code: MfaCode = None) -> ApiObject:
        """Signs in: ``POST /api/v1/auth/login``; the tokens are kept and used from then on.

        A user with MFA is answered a challenge (``{mfa_required, method, challenge,
        session}``). With ``mfa_code`` — the code, or a callable given the challenge that
        returns it (an SMS code is only texted once the challenge is made) — the sign-in is
        finished at ``POST /api/v1/auth/mfa/verify``; without it :class:`MfaRequiredError` is
        raised carrying the challenge, to finish with :meth:`complete_mfa`.

        Answers the tokens (``access_token``, ``refresh_token``, ``expires_in``; an
        administrator without MFA also gets ``mfa_setup_required`` and ``warnings``).
        """
        answer = self.request(
            "POST",
            "/api/v1/auth/login",
            json_body={"username": username, "password": password},
            authenticated=False,
        )
        if answer.get("mfa_required"):
            challenge = {
                "username": username,
                "method": answer.get("method"),
                "challenge": answer.get("challenge"),
                "session": answer.get("session"),
            }
            code = mfa_code(dict(challenge)) if callable(mfa_code) else mfa_code
            if not code:
                raise MfaRequiredError(
                    f"The sign-in needs a {answer.get('method') or 'second-factor'} code: "
                    "call complete_mfa(error.challenge, code) or login(..., mfa_code=...)",
                    challenge=challenge,
                    title="Second factor required",
                )
            return self.complete_mfa(challenge, code)
        self._take_tokens(answer)
        return answer

    def complete_mfa(self, challenge: Union[Mapping[str, Any], MfaRequiredError], code: str) -> ApiObject:
        """Finishes an MFA sign-in: ``POST /api/v1/auth/mfa/verify`` with the challenge's
        ``username``, ``session`` and ``challenge`` and the code; keeps and answers the tokens."""
        if isinstance(challenge, MfaRequiredError):
            if challenge.challenge is None:
                raise ValueError("this MfaRequiredError carries no sign-in challenge")
            challenge = challenge.challenge
        body = {
            "username": challenge["username"],
            "session": challenge["session"],
            "code": str(code),
        }
        if challenge.get("challenge"):
            body["challenge"] = challenge["challenge"]
        tokens = self.request("POST", "/api/v1/auth/mfa/verify", json_body=body, authenticated=False)
        self._take_tokens(tokens)
        return tokens

    def refresh(self) -> ApiObject:
        """A new access token: ``POST /api/v1/auth/refresh`` with the kept refresh token (retried:
        refreshing twice does no harm)."""
        if not self.refresh_token:
            raise AuthenticationError("No refresh token: sign in with login()", status=None)
        tokens = self.request(
            "POST",
            "/api/v1/auth/refresh",
            json_body={"refresh_token": self.refresh_token},
            authenticated=False,
            idempotent=True,
        )
        self._take_tokens(tokens)
        return tokens

    def logout(self) -> Any:
        """Ends the sign-in: ``POST /api/v1/auth/logout`` (the refresh token is revoked too);
        the client forgets its tokens."""
        body = {"refresh_token": self.refresh_token} if self.refresh_token else {}
        try:
            return self.request("POST", "/api/v1/auth/logout", json_body=body, idempotent=True)
        finally:
            self.token = None
            self.refresh_token = None

    def register(self, username: str, password: str, email: Optional[str] = None) -> ApiObject:
        """Creates an account (always a ``viewer``): ``POST /api/v1/auth/register``."""
        return self.request(
            "POST",
            "/api/v1/auth/register",
            json_body=_drop_none({"username": username, "password": password, "email": email}),
            authenticated=False,
        )

    def me(self) -> ApiObject:
        """Who the caller is (role, scopes, MFA state): ``GET /api/v1/auth/me``."""
        return self.request("GET", "/api/v1/auth/me")

    def setup_totp(self, app_name: Optional[str] = None, issuer: Optional[str] = None) -> ApiObject:
        """Starts TOTP enrolment: ``POST /api/v1/mfa/totp/setup`` → ``{secret, otpauth_uri}``."""
        return self.request(
            "POST", "/api/v1/mfa/totp/setup", json_body=_drop_none({"app_name": app_name, "issuer": issuer})
        )

    def verify_totp(self, code: str) -> ApiObject:
        """Confirms TOTP enrolment with a code: ``POST /api/v1/mfa/totp/verify``."""
        return self.request("POST", "/api/v1/mfa/totp/verify", json_body={"code": str(code)})

    def disable_mfa(self) -> Any:
        """Switches every second factor off: ``DELETE /api/v1/mfa``."""
        return self.request("DELETE", "/api/v1/mfa")

    def health(self) -> ApiObject:
        """Liveness: ``GET /api/v1/health`` (no credentials needed)."""
        return self.request("GET", "/api/v1/health", authenticated=False)

    # ------------------------------------------------------------------ API keys (admin + MFA)

    def create_api_key(
        self, name: str, scopes: Sequence[str], expires_at: Optional[str] = None
    ) -> ApiObject:
        """``POST /api/v1/api-keys`` (an administrator signed in with a second factor): the key
        record with its secret ``key``, shown once. Scopes: ``datasets:read``,
        ``datasets:write``, ``reports:read``, ``reports:write``, ``detection:read``,
        ``detection:write``."""
        return self.request(
            "POST",
            "/api/v1/api-keys",
            json_body=_drop_none({"name": name, "scopes": list(scopes), "expires_at": expires_at}),
        )

    def list_api_keys(self) -> Any:
        """``GET /api/v1/api-keys``."""
        return self.request("GET", "/api/v1/api-keys")

    def delete_api_key(self, key_id: IdLike) -> Any:
        """Revokes a key: ``DELETE /api/v1/api-keys/{id}``."""
        return self.request("DELETE", f"/api/v1/api-keys/{_path_id(key_id)}")

    # ------------------------------------------------------------------ datasets

    def create_dataset(
        self,
        name: str,
        data: Sequence[Row],
        features: Optional[Sequence[str]] = None,
        *,
        description: Optional[str] = None,
        metadata: Optional[Mapping[str, Any]] = None,
    ) -> ApiObject:
        """A dataset from inline rows: ``POST /api/v1/datasets``.

        ``data`` is a list of rows (lists of cells), of scalars (one feature ``value``), or of
        dicts (their keys become ``features`` unless given). Answers ``{dataset_id, id, name,
        size, features, created_at}`` (201); pass it, or its ``id``, to the other methods.
        """
        rows, names = _rows(data, features)
        return self.request(
            "POST",
            "/api/v1/datasets",
            json_body=_drop_none(
                {
                    "name": name,
                    "data": rows,
                    "features": names,
                    "description": description,
                    "metadata": dict(metadata) if metadata is not None else None,
                }
            ),
        )

    def get_dataset(self, dataset_id: IdLike) -> ApiObject:
        """One dataset, with ``feature_names`` and ``statistics``: ``GET /api/v1/datasets/{id}``."""
        return self.request("GET", f"/api/v1/datasets/{_path_id(dataset_id, 'dataset_id')}")

    def list_datasets(
        self,
        page: int = 1,
        limit: int = 20,
        search: Optional[str] = None,
        sort: Optional[str] = None,
        order: Optional[str] = None,
    ) -> ApiObject:
        """One page: ``GET /api/v1/datasets`` → ``{datasets: [...], pagination: {page, limit,
        total, pages}}``. ``sort``: ``name``, ``created_at``, ``size``; ``order``: ``asc``/``desc``."""
        return self.request(
            "GET",
            "/api/v1/datasets",
            query={"page": page, "limit": limit, "search": search, "sort": sort, "order": order},
        )

    def iter_datasets(self, search: Optional[str] = None, page_size: int = 100) -> Iterator[ApiObject]:
        """Every dataset, page after page of ``GET /api/v1/datasets``."""
        page = 1
        while True:
            answer = self.list_datasets(page=page, limit=page_size, search=search)
            yield from answer.get("datasets", [])
            pages = (answer.get("pagination") or {}).get("pages") or 0
            if page >= pages:
                return
            page += 1

    def update_dataset(
        self,
        dataset_id: IdLike,
        *,
        name: Optional[str] = None,
        description: Optional[str] = None,
        metadata: Optional[Mapping[str, Any]] = None,
    ) -> ApiObject:
        """Renames or redescribes: ``PUT /api/v1/datasets/{id}``."""
        return self.request(
            "PUT",
            f"/api/v1/datasets/{_path_id(dataset_id, 'dataset_id')}",
            json_body=_drop_none(
                {"name": name, "description": description, "metadata": dict(metadata) if metadata else None}
            ),
        )

    def delete_dataset(self, dataset_id: IdLike) -> ApiObject:
        """``DELETE /api/v1/datasets/{id}`` → ``{message}``."""
        return self.request("DELETE", f"/api/v1/datasets/{_path_id(dataset_id, 'dataset_id')}")

    def preview_dataset(self, dataset_id: IdLike, rows: int = 10) -> ApiObject:
        """The first rows: ``GET /api/v1/datasets/{id}/preview?rows=``."""
        return self.request(
            "GET", f"/api/v1/datasets/{_path_id(dataset_id, 'dataset_id')}/preview", query={"rows": rows}
        )

    def upload_dataset(
        self,
        path: Union[str, "os.PathLike[str]"],
        name: Optional[str] = None,
        *,
        description: Optional[str] = None,
        separator: Optional[str] = None,
        has_header: Optional[bool] = None,
    ) -> ApiObject:
        """A new dataset from a CSV, TSV, JSON, XLSX or Parquet file (up to about 4.5 MB):
        ``POST /api/v1/datasets/upload`` (multipart ``file``, ``name``, ``description``,
        ``separator``, ``has_header``). Answers ``{id, dataset_id, name, rows, columns, …}`` (201).
        Not retried (it creates a dataset and counts against the upload quota)."""
        filename = os.path.basename(os.fspath(path))
        with open(path, "rb") as handle:
            content = handle.read()
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        form, form_type = _encode_multipart(
            {
                "name": name,
                "description": description,
                "separator": separator,
                "has_header": None if has_header is None else ("true" if has_header else "false"),
            },
            "file",
            filename,
            content,
            content_type,
        )
        return self.request("POST", "/api/v1/datasets/upload", body=form, content_type=form_type)

    # ------------------------------------------------------------------ detection

    def detect_anomalies(
        self,
        dataset_id: Optional[IdLike] = None,
        algorithm: str = "isolation_forest",
        parameters: Optional[Mapping[str, Any]] = None,
        *,
        data: Optional[Sequence[Row]] = None,
        features: Optional[Sequence[str]] = None,
        preprocessing: Optional[Mapping[str, Any]] = None,
        async_: bool = False,
        wait: bool = True,
        poll_interval: float = 1.0,
        wait_timeout: float = 1800.0,
    ) -> ApiObject:
        """Detects anomalies in a stored dataset or in inline ``data``:
        ``POST /api/v1/detection/detect``.

        Answers ``{detection_id, algorithm, n_samples, anomaly_count, anomaly_rate, threshold,
        anomalies: [{id, score, index, features}], …}``, highest score first. A queued run
        (``async_=True``, or one too large for a request: ``202``) is polled at
        ``GET /api/v1/detection/results/{id}`` until it ends when ``wait`` is true (a failed
        run raises :class:`DetectionFailedError`); with ``wait=False`` the ``202`` answer
        ``{detection_id, status: "running", result_url}`` is returned. Not retried on 5xx.
        """
        if dataset_id is None and data is None:
            raise ValueError("dataset_id or data is required")
        body: Dict[str, Any] = {"algorithm": algorithm}
        if dataset_id is not None:
            body["dataset_id"] = _id(dataset_id, "dataset_id")
        if data is not None:
            rows, names = _rows(data, features)
            body["data"] = rows
            if names is not None:
                body["features"] = names
        if parameters is not None:
            body["parameters"] = dict(parameters)
        if preprocessing is not None:
            body["preprocessing"] = dict(preprocessing)
        if async_:
            body["async"] = True
        answer = self.request("POST", "/api/v1/detection/detect", json_body=body)
        if wait and answer.get("status") in ("running", "queued", "pending") and answer.get("detection_id"):
            return self.wait_for_detection(answer["detection_id"], poll_interval, wait_timeout)
        return answer

    def wait_for_detection(
        self, detection_id: IdLike, poll_interval: float = 1.0, timeout: float = 1800.0
    ) -> ApiObject:
        """Polls ``GET /api/v1/detection/results/{id}`` until the run is no longer running."""
        deadline = time.monotonic() + timeout
        while True:
            result = self.get_detection_result(detection_id)
            status = result.get("status")
            if status == "failed":
                raise DetectionFailedError(
                    str(result.get("error_message") or "The detection failed"), title="Detection failed"
                )
            if status not in ("running", "queued", "pending"):
                return result
            if time.monotonic() >= deadline:
                raise PynomalyError(f"detection {_id(detection_id)} still {status} after {timeout} s")
            self._sleep(poll_interval)

    def get_detection_result(self, detection_id: IdLike) -> ApiObject:
        """One detection run: ``GET /api/v1/detection/results/{id}``."""
        return self.request("GET", f"/api/v1/detection/results/{_path_id(detection_id, 'detection_id')}")

    def list_detection_results(self, limit: int = 50) -> Any:
        """Recent runs without their anomalies: ``GET /api/v1/detection/results?limit=`` →
        ``{results: [...]}``."""
        return self.request("GET", "/api/v1/detection/results", query={"limit": limit})

    def batch_detect(
        self,
        requests: Sequence[Mapping[str, Any]],
        algorithm: Optional[str] = None,
        parameters: Optional[Mapping[str, Any]] = None,
        parallel: bool = True,
    ) -> ApiObject:
        """Several detections: ``POST /api/v1/detection/batch`` with ``datasets: requests``.

        Each request is ``{"dataset_id"} | {"data"}`` with optional ``name``, ``algorithm``,
        ``parameters``, …; ``algorithm``/``parameters`` here are the defaults. Answers
        ``{batch_id, results: [{index, name, dataset_id, detection_id, status, anomaly_count,
        error?}]}``; a bad entry fails alone (``status: "failed"``). More than 50 requests are
        sent as several calls (``batch_ids`` lists them; ``index`` counts across them).
        """
        entries: List[Dict[str, Any]] = []
        for r in requests:
            entry = dict(r)
            if "dataset_id" in entry and entry["dataset_id"] is not None:
                entry["dataset_id"] = _id(entry["dataset_id"], "dataset_id")
            entries.append(entry)
        if not entries:
            raise ValueError("batch_detect needs at least one request")
        results: List[Any] = []
        batch_ids: List[str] = []
        for start in range(0, len(entries), 50):
            answer = self.request(
                "POST",
                "/api/v1/detection/batch",
                json_body=_drop_none(
                    {
                        "datasets": entries[start : start + 50],
                        "algorithm": algorithm,
                        "parameters": dict(parameters) if parameters is not None else None,
                        "parallel": parallel,
                    }
                ),
            )
            if len(entries) <= 50:
                return answer
            batch_ids.append(answer.get("batch_id"))
            for result in answer.get("results", []):
                if isinstance(result.get("index"), int):
                    result["index"] += start
                results.append(result)
        return ApiObject(batch_id=batch_ids[0], batch_ids=batch_ids, results=results)

    # ------------------------------------------------------------------ detectors and models

    def create_detector(
        self,
        name: str,
        algorithm: str,
        parameters: Optional[Mapping[str, Any]] = None,
        description: Optional[str] = None,
    ) -> ApiObject:
        """``POST /api/v1/detectors`` → the detector (201, ``status: "created"``). Algorithms may
        be written ``isolation_forest``, ``IsolationForest`` or ``isolation-forest``."""
        return self.request(
            "POST",
            "/api/v1/detectors",
            json_body=_drop_none(
                {
                    "name": name,
                    "algorithm": algorithm,
                    "parameters": dict(parameters) if parameters is not None else None,
                    "description": description,
                }
            ),
        )

    def get_detector(self, detector_id: IdLike) -> ApiObject:
        """``GET /api/v1/detectors/{id}``."""
        return self.request("GET", f"/api/v1/detectors/{_path_id(detector_id, 'detector_id')}")

    def list_detectors(self) -> Any:
        """``GET /api/v1/detectors`` → ``{detectors: [...]}``."""
        return self.request("GET", "/api/v1/detectors")

    def update_detector(
        self,
        detector_id: IdLike,
        *,
        name: Optional[str] = None,
        description: Optional[str] = None,
        parameters: Optional[Mapping[str, Any]] = None,
    ) -> ApiObject:
        """``PUT /api/v1/detectors/{id}`` (new parameters make it untrained again)."""
        return self.request(
            "PUT",
            f"/api/v1/detectors/{_path_id(detector_id, 'detector_id')}",
            json_body=_drop_none(
                {
                    "name": name,
                    "description": description,
                    "parameters": dict(parameters) if parameters is not None else None,
                }
            ),
        )

    def delete_detector(self, detector_id: IdLike) -> Any:
        """``DELETE /api/v1/detectors/{id}``."""
        return self.request("DELETE", f"/api/v1/detectors/{_path_id(detector_id, 'detector_id')}")

    def list_algorithms(self) -> Any:
        """The algorithms with their parameters and defaults: ``GET /api/v1/detectors/algorithms``
        → ``{algorithms: [...]}``."""
        return self.request("GET", "/api/v1/detectors/algorithms")

    def train_detector(
        self,
        detector_id: IdLike,
        dataset_id: IdLike,
        validation_split: Optional[float] = None,
        label_column: Optional[str] = None,
        training_options: Optional[Mapping[str, Any]] = None,
    ) -> ApiObject:
        """Trains a detector on a dataset: ``POST /api/v1/detectors/{id}/train`` → the detector,
        ``status: "trained"`` with held-out ``metrics``. Not retried on 5xx."""
        return self.request(
            "POST",
            f"/api/v1/detectors/{_path_id(detector_id, 'detector_id')}/train",
            json_body=_drop_none(
                {
                    "dataset_id": _id(dataset_id, "dataset_id"),
                    "validation_split": validation_split,
                    "label_column": label_column,
                    "training_options": dict(training_options) if training_options is not None else None,
                }
            ),
        )

    def train_model(
        self,
        name: str,
        algorithm: str,
        dataset_id: IdLike,
        parameters: Optional[Mapping[str, Any]] = None,
        *,
        description: Optional[str] = None,
        label_column: Optional[str] = None,
        validation_split: Optional[float] = None,
        cross_validation: Optional[int] = None,
    ) -> ApiObject:
        """Creates a detector and trains it in one step: ``POST /api/v1/models/train`` → the
        model (201; its ``id`` is the model id for :meth:`get_model` and :meth:`predict`).
        Not retried on 5xx."""
        validation = _drop_none({"split": validation_split, "cross_validation": cross_validation})
        return self.request(
            "POST",
            "/api/v1/models/train",
            json_body=_drop_none(
                {
                    "name": name,
                    "algorithm": algorithm,
                    "dataset_id": _id(dataset_id, "dataset_id"),
                    "parameters": dict(parameters) if parameters is not None else None,
                    "description": description,
                    "label_column": label_column,
                    "validation": validation or None,
                }
            ),
        )

    def get_model(self, model_id: IdLike) -> ApiObject:
        """``GET /api/v1/models/{id}``."""
        return self.request("GET", f"/api/v1/models/{_path_id(model_id, 'model_id')}")

    def list_models(self) -> Any:
        """Trained detectors: ``GET /api/v1/models`` → ``{models: [...]}``."""
        return self.request("GET", "/api/v1/models")

    def predict(
        self,
        model_id: IdLike,
        data: Optional[Sequence[Row]] = None,
        *,
        features: Optional[Sequence[str]] = None,
        dataset_id: Optional[IdLike] = None,
        options: Optional[Mapping[str, Any]] = None,
    ) -> ApiObject:
        """Scores rows with a model: ``POST /api/v1/models/{id}/predict`` → ``{model_id,
        predictions: [0|1], scores: [0..1], threshold, feature_names, processing_time}``.
        Read-only on the API's side, so it is retried like a GET."""
        return self.request(
            "POST",
            f"/api/v1/models/{_path_id(model_id, 'model_id')}/predict",
            json_body=self._predict_body(data, features, dataset_id, options),
            idempotent=True,
        )

    def batch_predict(self, model_id: IdLike, data_batches: Sequence[Sequence[Row]]) -> List[ApiObject]:
        """Several :meth:`predict` calls (``POST /api/v1/models/{id}/predict`` each; the API has
        no batch route for predictions), in order: one answer per batch."""
        return [self.predict(model_id, batch) for batch in data_batches]

    def predict_with_detector(
        self,
        detector_id: IdLike,
        data: Optional[Sequence[Row]] = None,
        *,
        dataset_id: Optional[IdLike] = None,
        features: Optional[Sequence[str]] = None,
        options: Optional[Mapping[str, Any]] = None,
    ) -> ApiObject:
        """Detects with a trained detector: ``POST /api/v1/detection/predict`` → ``{result_id,
        detector_id, anomalies_count, anomalies: [{index, score, confidence, features}],
        execution_time_seconds}``. Read-only on the API's side; retried like a GET."""
        body = self._predict_body(data, features, dataset_id, options)
        body["detector_id"] = _id(detector_id, "detector_id")
        return self.request("POST", "/api/v1/detection/predict", json_body=body, idempotent=True)

    @staticmethod
    def _predict_body(
        data: Optional[Sequence[Row]],
        features: Optional[Sequence[str]],
        dataset_id: Optional[IdLike],
        options: Optional[Mapping[str, Any]],
    ) -> Dict[str, Any]:
        if data is None and dataset_id is None:
            raise ValueError("data or dataset_id is required")
        body: Dict[str, Any] = {}
        if data is not None:
            rows, names = _rows(data, features)
            body["data"] = rows
            if names is not None:
                body["features"] = names
        if dataset_id is not None:
            body["dataset_id"] = _id(dataset_id, "dataset_id")
        if options is not None:
            body["options"] = dict(options)
        return body


def _header(headers: Mapping[str, str], name: str) -> Optional[str]:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def _decode(content: bytes, headers: Mapping[str, str], status: int = 200) -> Any:
    if not content:
        return ApiObject() if status != 204 else None
    text = content.decode("utf-8", errors="replace")
    kind = (_header(headers, "content-type") or "").lower()
    if "json" in kind or text[:1] in ("{", "["):
        try:
            return json.loads(text, object_hook=ApiObject)
        except ValueError:
            pass
    return text


# ---------------------------------------------------------------------- namespaces (seed 001)


class _Namespace:
    def __init__(self, client: PynomalyClient) -> None:
        self._client = client


class DatasetsNamespace(_Namespace):
    """``client.datasets``: the dataset methods under seed 001's names."""

    def create(self, name: str, data: Sequence[Row], features: Optional[Sequence[str]] = None, **kw: Any) -> ApiObject:
        """:meth:`PynomalyClient.create_dataset` (``POST /api/v1/datasets``)."""
        return self._client.create_dataset(name, data, features, **kw)

    def upload(
        self, file_path: Union[str, "os.PathLike[str]"], name: Optional[str] = None, **kw: Any
    ) -> ApiObject:
        """:meth:`PynomalyClient.upload_dataset` (``POST /api/v1/datasets/upload``)."""
        return self._client.upload_dataset(file_path, name, **kw)

    def get(self, dataset_id: IdLike) -> ApiObject:
        """``GET /api/v1/datasets/{id}``."""
        return self._client.get_dataset(dataset_id)

    def list(self, **kw: Any) -> ApiObject:
        """``GET /api/v1/datasets``."""
        return self._client.list_datasets(**kw)

    def update(self, dataset_id: IdLike, **kw: Any) -> ApiObject:
        """``PUT /api/v1/datasets/{id}``."""
        return self._client.update_dataset(dataset_id, **kw)

    def delete(self, dataset_id: IdLike) -> ApiObject:
        """``DELETE /api/v1/datasets/{id}``."""
        return self._client.delete_dataset(dataset_id)

    def preview(self, dataset_id: IdLike, rows: int = 10) -> ApiObject:
        """``GET /api/v1/datasets/{id}/preview``."""
        return self._client.preview_dataset(dataset_id, rows)


class DetectorsNamespace(_Namespace):
    """``client.detectors``: seed 001's ``create`` and ``train``, and the rest of ``/api/v1/detectors``."""

    def create(
        self,
        name: str,
        algorithm: str,
        parameters: Optional[Mapping[str, Any]] = None,
        description: Optional[str] = None,
    ) -> ApiObject:
        """:meth:`PynomalyClient.create_detector` (``POST /api/v1/detectors``)."""
        return self._client.create_detector(name, algorithm, parameters, description)

    def train(self, detector_id: IdLike, dataset_id: IdLike, **kw: Any) -> ApiObject:
        """:meth:`PynomalyClient.train_detector` (``POST /api/v1/detectors/{id}/train``)."""
        return self._client.train_detector(detector_id, dataset_id, **kw)

    def get(self, detector_id: IdLike) -> ApiObject:
        """``GET /api/v1/detectors/{id}``."""
        return self._client.get_detector(detector_id)

    def list(self) -> Any:
        """``GET /api/v1/detectors``."""
        return self._client.list_detectors()

    def update(self, detector_id: IdLike, **kw: Any) -> ApiObject:
        """``PUT /api/v1/detectors/{id}``."""
        return self._client.update_detector(detector_id, **kw)

    def delete(self, detector_id: IdLike) -> Any:
        """``DELETE /api/v1/detectors/{id}``."""
        return self._client.delete_detector(detector_id)

    def algorithms(self) -> Any:
        """``GET /api/v1/detectors/algorithms``."""
        return self._client.list_algorithms()


class ModelsNamespace(_Namespace):
    """``client.models``: ``/api/v1/models``."""

    def train(
        self,
        name: str,
        algorithm: str,
        dataset_id: IdLike,
        parameters: Optional[Mapping[str, Any]] = None,
        **kw: Any,
    ) -> ApiObject:
        """:meth:`PynomalyClient.train_model` (``POST /api/v1/models/train``)."""
        return self._client.train_model(name, algorithm, dataset_id, parameters, **kw)

    def get(self, model_id: IdLike) -> ApiObject:
        """``GET /api/v1/models/{id}``."""
        return self._client.get_model(model_id)

    def list(self) -> Any:
        """``GET /api/v1/models``."""
        return self._client.list_models()

    def predict(self, model_id: IdLike, data: Optional[Sequence[Row]] = None, **kw: Any) -> ApiObject:
        """``POST /api/v1/models/{id}/predict``."""
        return self._client.predict(model_id, data, **kw)

    def batch_predict(self, model_id: IdLike, data_batches: Sequence[Sequence[Row]]) -> List[ApiObject]:
        """One ``POST /api/v1/models/{id}/predict`` per batch."""
        return self._client.batch_predict(model_id, data_batches)


class DetectionNamespace(_Namespace):
    """``client.detection``: seed 001's ``predict`` and the rest of ``/api/v1/detection``."""

    def predict(
        self,
        detector_id: IdLike,
        dataset_id: Optional[IdLike] = None,
        data: Optional[Sequence[Row]] = None,
        **kw: Any,
    ) -> ApiObject:
        """:meth:`PynomalyClient.predict_with_detector` (``POST /api/v1/detection/predict``)."""
        return self._client.predict_with_detector(detector_id, data, dataset_id=dataset_id, **kw)

    def detect(
        self,
        dataset_id: Optional[IdLike] = None,
        algorithm: str = "isolation_forest",
        parameters: Optional[Mapping[str, Any]] = None,
        **kw: Any,
    ) -> ApiObject:
        """:meth:`PynomalyClient.detect_anomalies` (``POST /api/v1/detection/detect``)."""
        return self._client.detect_anomalies(dataset_id, algorithm, parameters, **kw)

    def batch(self, requests: Sequence[Mapping[str, Any]], **kw: Any) -> ApiObject:
        """:meth:`PynomalyClient.batch_detect` (``POST /api/v1/detection/batch``)."""
        return self._client.batch_detect(requests, **kw)

    def result(self, detection_id: IdLike) -> ApiObject:
        """``GET /api/v1/detection/results/{id}``."""
        return self._client.get_detection_result(detection_id)

    def results(self, limit: int = 50) -> Any:
        """``GET /api/v1/detection/results``."""
        return self._client.list_detection_results(limit)
