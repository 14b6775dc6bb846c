"""Typed exceptions for the Pynomaly API's RFC 7807 problem documents.

Every error answer of the API is ``application/problem+json``::

    {"type": "https://pynomaly.dev/problems/not-found", "title": "Not found", "status": 404,
     "detail": "Dataset ds_1 not found", "instance": "/api/v1/datasets/ds_1",
     "code": "NOT_FOUND", "request_id": "…"}

with ``errors: [{"field", "message"}]`` on validation errors. :func:`error_from_response`
maps such an answer to one of the classes below by its status (and, for 403, its ``code``).
"""

from __future__ import annotations

import email.utils
import time
from typing import Any, Dict, List, Mapping, Optional

__all__ = [
    "PynomalyError",
    "PynomalyConnectionError",
    "AuthenticationError",
    "AuthorizationError",
    "MfaRequiredError",
    "NotFoundError",
    "ValidationError",
    "WorkTooLargeError",
    "ConflictError",
    "RateLimitError",
    "ServerError",
    "DetectionFailedError",
    "error_from_response",
    "parse_retry_after",
]


class PynomalyError(Exception):
    """Base of every error the SDK raises.

    Attributes mirror the problem document: ``status`` (the HTTP status, ``None`` when there
    was no answer), ``title``, ``detail``, ``code`` (the API's machine code, e.g.
    ``NOT_FOUND``, ``MFA_REQUIRED``), ``type``, ``instance``, ``request_id`` (quote it when
    reporting a fault), ``problem`` (the whole document as a dict) and ``headers``.
    """

    def __init__(
        self,
        detail: str,
        *,
        status: Optional[int] = None,
        title: Optional[str] = None,
        problem: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        self.problem: Dict[str, Any] = dict(problem or {})
        self.status: Optional[int] = status if status is not None else _as_int(self.problem.get("status"))
        self.title: Optional[str] = title or _as_str(self.problem.get("title"))
        self.detail: str = detail
        self.code: Optional[str] = _as_str(self.problem.get("code"))
        self.type: Optional[str] = _as_str(self.problem.get("type"))
        self.instance: Optional[str] = _as_str(self.problem.get("instance"))
        self.request_id: Optional[str] = _as_str(self.problem.get("request_id"))
        self.headers: Dict[str, str] = {k.lower(): v for k, v in (headers or {}).items()}
        super().__init__(self._message())

    def _message(self) -> str:
        parts = []
        if self.status is not None:
            parts.append(str(self.status))
        if self.title:
            parts.append(self.title + ":")
        parts.append(self.detail)
        if self.code:
            parts.append(f"({self.code})")
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, detail={self.detail!r})"


class PynomalyConnectionError(PynomalyError):
    """No answer: the connection failed or timed out (after the retries allowed, if any)."""


class AuthenticationError(PynomalyError):
    """401: no, bad, expired or revoked credentials (a wrong password at login included)."""


class AuthorizationError(PynomalyError):
    """403: the credentials are valid but lack the route's scope."""


class MfaRequiredError(AuthorizationError):
    """A second factor is needed.

    Raised in two cases:

    * :meth:`PynomalyClient.login` was answered with an MFA challenge and no ``mfa_code`` was
      given. ``challenge`` then holds ``{"username", "method" ("totp" | "sms"), "challenge"
      ("SOFTWARE_TOKEN_MFA" | "SMS_MFA"), "session"}``; finish with
      ``client.complete_mfa(error.challenge, code)`` (``status`` is ``None``: the login itself
      answered 200).
    * a route answered ``403`` with ``code: "MFA_REQUIRED"`` (administration needs a sign-in
      completed with a second factor); ``challenge`` is ``None`` and ``detail`` says what to do.
    """

    def __init__(self, detail: str, *, challenge: Optional[Mapping[str, Any]] = None, **kwargs: Any) -> None:
        self.challenge: Optional[Dict[str, Any]] = dict(challenge) if challenge is not None else None
        super().__init__(detail, **kwargs)


class NotFoundError(PynomalyError):
    """404: no such resource (or one of another tenant)."""


class ValidationError(PynomalyError):
    """400 or 422: the request was refused for its content.

    ``errors`` is the problem's list of ``{"field", "message"}``; ``field_errors`` the same
    as ``{field: [messages]}``.
    """

    def __init__(self, detail: str, **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        raw = self.problem.get("errors")
        issues = raw if isinstance(raw, list) else []
        self.errors: List[Dict[str, Any]] = [dict(e) for e in issues if isinstance(e, Mapping)]
        self.field_errors: Dict[str, List[str]] = {}
        for issue in self.errors:
            self.field_errors.setdefault(str(issue.get("field", "")), []).append(str(issue.get("message", "")))


class WorkTooLargeError(ValidationError):
    """422 with ``code: "WORK_TOO_LARGE"``: send less (or queue a detection with ``async_=True``)."""


class ConflictError(PynomalyError):
    """409: the resource is not in a state that allows this (e.g. a report already exists)."""


class RateLimitError(PynomalyError):
    """429: too many requests. ``retry_after`` is the seconds to wait (from ``Retry-After``)."""

    def __init__(self, detail: str, *, retry_after: Optional[float] = None, **kwargs: Any) -> None:
        self.retry_after: Optional[float] = retry_after
        super().__init__(detail, **kwargs)


class ServerError(PynomalyError):
    """5xx: a fault of the service or of a dependency (``request_id`` identifies it)."""


class DetectionFailedError(PynomalyError):
    """A queued detection ended ``failed``; ``detail`` is its ``error_message``."""


def _as_str(value: Any) -> Optional[str]:
    return value if isinstance(value, str) else None


def _as_int(value: Any) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def parse_retry_after(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def error_from_response(status: int, body: Any, headers: Optional[Mapping[str, str]] = None) -> PynomalyError:
    """The typed error for an error answer: ``body`` is the parsed JSON (or text) of it."""
    problem: Dict[str, Any] = dict(body) if isinstance(body, Mapping) else {}
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    detail = (
        _as_str(problem.get("detail"))
        or _as_str(problem.get("message"))
        or (body.strip() if isinstance(body, str) and body.strip() else None)
        or f"HTTP {status}"
    )
    code = problem.get("code")
    kwargs: Dict[str, Any] = {"status": status, "problem": problem, "headers": lowered}
    if status == 401:
        return AuthenticationError(detail, **kwargs)
    if status == 403:
        if code == "MFA_REQUIRED":
            return MfaRequiredError(detail, **kwargs)
        return AuthorizationError(detail, **kwargs)
    if status == 404:
        return NotFoundError(detail, **kwargs)
    if status == 422 and code == "WORK_TOO_LARGE":
        return WorkTooLargeError(detail, **kwargs)
    if status in (400, 422):
        return ValidationError(detail, **kwargs)
    if status == 409:
        return ConflictError(detail, **kwargs)
    if status == 429:
        return RateLimitError(detail, retry_after=parse_retry_after(lowered.get("retry-after")), **kwargs)
    if status >= 500:
        return ServerError(detail, **kwargs)
    return PynomalyError(detail, **kwargs)
