"""Python SDK of the Pynomaly API (standard library only).

    from pynomaly_client import PynomalyClient

    client = PynomalyClient(base_url="http://localhost:8000")
    client.login(username="admin", password="password123")
    dataset = client.create_dataset("sensors", [[1.0, 2.0], [1.1, 2.1], [9.0, -4.0]], ["temp", "pressure"])
    result = client.detect_anomalies(dataset.id, algorithm="isolation_forest")

:class:`AsyncClient` offers the same methods as coroutines. Errors are the typed
exceptions of :mod:`pynomaly_client.errors`, all :class:`PynomalyError`.
"""

from ._version import __version__
from .aio import AsyncClient
from .client import RETRY_STATUSES, ApiObject, PynomalyClient
from .errors import (
    AuthenticationError,
    AuthorizationError,
    ConflictError,
    DetectionFailedError,
    MfaRequiredError,
    NotFoundError,
    PynomalyConnectionError,
    PynomalyError,
    RateLimitError,
    ServerError,
    ValidationError,
    WorkTooLargeError,
)

__all__ = [
    "__version__",
    "PynomalyClient",
    "AsyncClient",
    "ApiObject",
    "RETRY_STATUSES",
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
]
