"""The asyncio client: :class:`AsyncClient`.

It runs a :class:`~pynomaly_client.PynomalyClient` (blocking ``urllib``) on a thread pool of
its own, ``loop.run_in_executor``, so the event loop never blocks and several calls run at
once (up to ``max_workers``). Same methods, same arguments, same answers and errors, as
coroutines. Cancelling a call stops waiting for it, not the HTTP request already on its way.
"""

from __future__ import annotations

import asyncio
import functools
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, AsyncIterator, Callable, List, Mapping, Optional, Sequence, TypeVar, Union

from .client import (
    ApiObject,
    DatasetsNamespace,
    DetectionNamespace,
    DetectorsNamespace,
    IdLike,
    MfaCode,
    ModelsNamespace,
    PynomalyClient,
    Row,
)
from .errors import MfaRequiredError

__all__ = ["AsyncClient"]

T = TypeVar("T")


class _Namespace:
    def __init__(self, owner: "AsyncClient", target: Any) -> None:
        self._owner = owner
        self._target = target

    async def _run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await self._owner._run(fn, *args, **kwargs)


class AsyncDatasetsNamespace(_Namespace):
    """``client.datasets`` of :class:`AsyncClient` (see :class:`~pynomaly_client.client.DatasetsNamespace`)."""

    async def create(
        self,
        name: str,
        data: Sequence[Row],
        features: Optional[Sequence[str]] = None,
        **kw: Any,
    ) -> ApiObject:
        return await self._run(self._target.create, name, data, features, **kw)

    async def upload(
        self,
        file_path: Union[str, "os.PathLike[str]"],
        name: Optional[str] = None,
        **kw: Any,
    ) -> ApiObject:
        return await self._run(self._target.upload, file_path, name, **kw)

    async def get(self, dataset_id: IdLike) -> ApiObject:
        return await self._run(self._target.get, dataset_id)

    async def list(self, **kw: Any) -> ApiObject:
        return await self._run(self._target.list, **kw)

    async def update(self, dataset_id: IdLike, **kw: Any) -> ApiObject:
        return await self._run(self._target.update, dataset_id, **kw)

    async def delete(self, dataset_id: IdLike) -> ApiObject:
        return await self._run(self._target.delete, dataset_id)

    async def preview(self, dataset_id: IdLike, rows: int = 10) -> ApiObject:
        return await self._run(self._target.preview, dataset_id, rows)


class AsyncDetectorsNamespace(_Namespace):
    """``client.detectors`` of :class:`AsyncClient` (see :class:`~pynomaly_client.client.DetectorsNamespace`)."""

    async def create(
        self,
        name: str,
        algorithm: str,
        parameters: Optional[Mapping[str, Any]] = None,
        description: Optional[str] = None,
    ) -> ApiObject:
        return await self._run(self._target.create, name, algorithm, parameters, description)

    async def train(self, detector_id: IdLike, dataset_id: IdLike, **kw: Any) -> ApiObject:
        return await self._run(self._target.train, detector_id, dataset_id, **kw)

    async def get(self, detector_id: IdLike) -> ApiObject:
        return await self._run(self._target.get, detector_id)

    async def list(self) -> Any:
        return await self._run(self._target.list)

    async def update(self, detector_id: IdLike, **kw: Any) -> ApiObject:
        return await self._run(self._target.update, detector_id, **kw)

    async def delete(self, detector_id: IdLike) -> Any:
        return await self._run(self._target.delete, detector_id)

    async def algorithms(self) -> Any:
        return await self._run(self._target.algorithms)


class AsyncModelsNamespace(_Namespace):
    """``client.models`` of :class:`AsyncClient` (see :class:`~pynomaly_client.client.ModelsNamespace`)."""

    async def train(
        self,
        name: str,
        algorithm: str,
        dataset_id: IdLike,
        parameters: Optional[Mapping[str, Any]] = None,
        **kw: Any,
    ) -> ApiObject:
        return await self._run(self._target.train, name, algorithm, dataset_id, parameters, **kw)

    async def get(self, model_id: IdLike) -> ApiObject:
        return await self._run(self._target.get, model_id)

    async def list(self) -> Any:
        return await self._run(self._target.list)

    async def predict(self, model_id: IdLike, data: Optional[Sequence[Row]] = None, **kw: Any) -> ApiObject:
        return await self._run(self._target.predict, model_id, data, **kw)

    async def batch_predict(self, model_id: IdLike, data_batches: Sequence[Sequence[Row]]) -> List[ApiObject]:
        """One ``POST /api/v1/models/{id}/predict`` per batch, run concurrently."""
        return await self._owner.batch_predict(model_id, data_batches)


class AsyncDetectionNamespace(_Namespace):
    """``client.detection`` of :class:`AsyncClient` (see :class:`~pynomaly_client.client.DetectionNamespace`)."""

    async def predict(
        self,
        detector_id: IdLike,
        dataset_id: Optional[IdLike] = None,
        data: Optional[Sequence[Row]] = None,
        **kw: Any,
    ) -> ApiObject:
        return await self._run(self._target.predict, detector_id, dataset_id, data, **kw)

    async def detect(
        self,
        dataset_id: Optional[IdLike] = None,
        algorithm: str = 'isolation_forest',
        parameters: Optional[Mapping[str, Any]] = None,
        **kw: Any,
    ) -> ApiObject:
        return await self._run(self._target.detect, dataset_id, algorithm, parameters, **kw)

    async def batch(self, requests: Sequence[Mapping[str, Any]], **kw: Any) -> ApiObject:
        return await self._run(self._target.batch, requests, **kw)

    async def result(self, detection_id: IdLike) -> ApiObject:
        return await self._run(self._target.result, detection_id)

    async def results(self, limit: int = 50) -> Any:
        return await self._run(self._target.results, limit)


class AsyncClient:
    """The async twin of :class:`PynomalyClient`: the same constructor arguments (plus
    ``max_workers``, the size of its thread pool) and the same methods as coroutines::

        async with AsyncClient(base_url="http://localhost:8000") as client:
            await client.login(username="admin", password="password123")
            result = await client.detect_anomalies("dataset_001")

    Calls run on the client's own :class:`~concurrent.futures.ThreadPoolExecutor` (shut down
    by ``aclose()`` / leaving ``async with``). ``client.sync`` is the underlying
    :class:`PynomalyClient`, whose tokens it shares.
    """

    def __init__(
        self,
        base_url: str = "http://localhost:8000",
        api_key: Optional[str] = None,
        token: Optional[str] = None,
        timeout: float = 30,
        max_retries: int = 3,
        *,
        max_workers: int = 8,
        **options: Any,
    ) -> None:
        self.sync = PynomalyClient(base_url, api_key, token, timeout, max_retries, **options)
        self._max_workers = max_workers
        self._executor: Optional[ThreadPoolExecutor] = None
        self.datasets = AsyncDatasetsNamespace(self, self.sync.datasets)
        self.detectors = AsyncDetectorsNamespace(self, self.sync.detectors)
        self.models = AsyncModelsNamespace(self, self.sync.models)
        self.detection = AsyncDetectionNamespace(self, self.sync.detection)

    async def _run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool(), functools.partial(fn, *args, **kwargs))

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=self._max_workers, thread_name_prefix="pynomaly")
        return self._executor

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Shuts the thread pool down (waiting for calls in flight)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.get_running_loop().run_in_executor(None, executor.shutdown)

    async def close(self) -> None:
        """Same as :meth:`aclose`."""
        await self.aclose()

    @property
    def base_url(self) -> str:
        return self.sync.base_url

    @property
    def token(self) -> Optional[str]:
        return self.sync.token

    @token.setter
    def token(self, value: Optional[str]) -> None:
        self.sync.token = value

    @property
    def refresh_token(self) -> Optional[str]:
        return self.sync.refresh_token

    @property
    def api_key(self) -> Optional[str]:
        return self.sync.api_key

    @api_key.setter
    def api_key(self, value: Optional[str]) -> None:
        self.sync.api_key = value

    # The methods of PynomalyClient, each run on the pool (docstrings copied below).

    async def request(
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
        return await self._run(
            self.sync.request,
            method,
            path,
            json_body=json_body,
            query=query,
            body=body,
            content_type=content_type,
            idempotent=idempotent,
            authenticated=authenticated,
            raw=raw,
        )

    async def login(self, username: str, password: str, mfa_code: MfaCode = None) -> ApiObject:
        return await self._run(self.sync.login, username, password, mfa_code)

    async def complete_mfa(
        self,
        challenge: Union[Mapping[str, Any], MfaRequiredError],
        code: str,
    ) -> ApiObject:
        return await self._run(self.sync.complete_mfa, challenge, code)

    async def refresh(self) -> ApiObject:
        return await self._run(self.sync.refresh)

    async def logout(self) -> Any:
        return await self._run(self.sync.logout)

    async def register(self, username: str, password: str, email: Optional[str] = None) -> ApiObject:
        return await self._run(self.sync.register, username, password, email)

    async def me(self) -> ApiObject:
        return await self._run(self.sync.me)

    async def setup_totp(self, app_name: Optional[str] = None, issuer: Optional[str] = None) -> ApiObject:
        return await self._run(self.sync.setup_totp, app_name, issuer)

    async def verify_totp(self, code: str) -> ApiObject:
        return await self._run(self.sync.verify_totp, code)

    async def disable_mfa(self) -> Any:
        return await self._run(self.sync.disable_mfa)

    async def health(self) -> ApiObject:
        return await self._run(self.sync.health)

    async def create_api_key(
        self,
        name: str,
        scopes: Sequence[str],
        expires_at: Optional[str] = None,
    ) -> ApiObject:
        return await self._run(self.sync.create_api_key, name, scopes, expires_at)

    async def list_api_keys(self) -> Any:
        return await self._run(self.sync.list_api_keys)

    async def delete_api_key(self, key_id: IdLike) -> Any:
        return await self._run(self.sync.delete_api_key, key_id)

    async def create_dataset(
        self,
        name: str,
        data: Sequence[Row],
        features: Optional[Sequence[str]] = None,
        *,
        description: Optional[str] = None,
        metadata: Optional[Mapping[str, Any]] = None,
    ) -> ApiObject:
        return await self._run(
            self.sync.create_dataset,
            name,
            data,
            features,
            description=description,
            metadata=metadata,
        )

    async def get_dataset(self, dataset_id: IdLike) -> ApiObject:
        return await self._run(self.sync.get_dataset, dataset_id)

    async def list_datasets(
        self,
        page: int = 1,
        limit: int = 20,
        search: Optional[str] = None,
        sort: Optional[str] = None,
        order: Optional[str] = None,
    ) -> ApiObject:
        return await self._run(self.sync.list_datasets, page, limit, search, sort, order)

    async def update_dataset(
        self,
        dataset_id: IdLike,
        *,
        name: Optional[str] = None,
        description: Optional[str] = None,
        metadata: Optional[Mapping[str, Any]] = None,
    ) -> ApiObject:
        return await self._run(
            self.sync.update_dataset,
            dataset_id,
            name=name,
            description=description,
            metadata=metadata,
        )

    async def delete_dataset(self, dataset_id: IdLike) -> ApiObject:
        return await self._run(self.sync.delete_dataset, dataset_id)

    async def preview_dataset(self, dataset_id: IdLike, rows: int = 10) -> ApiObject:
        return await self._run(self.sync.preview_dataset, dataset_id, rows)

    async def upload_dataset(
        self,
        path: Union[str, "os.PathLike[str]"],
        name: Optional[str] = None,
        *,
        description: Optional[str] = None,
        separator: Optional[str] = None,
        has_header: Optional[bool] = None,
    ) -> ApiObject:
        return await self._run(
            self.sync.upload_dataset,
            path,
            name,
            description=description,
            separator=separator,
            has_header=has_header,
        )

    async def detect_anomalies(
        self,
        dataset_id: Optional[IdLike] = None,
        algorithm: str = 'isolation_forest',
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
        return await self._run(
            self.sync.detect_anomalies,
            dataset_id,
            algorithm,
            parameters,
            data=data,
            features=features,
            preprocessing=preprocessing,
            async_=async_,
            wait=wait,
            poll_interval=poll_interval,
            wait_timeout=wait_timeout,
        )

    async def wait_for_detection(
        self,
        detection_id: IdLike,
        poll_interval: float = 1.0,
        timeout: float = 1800.0,
    ) -> ApiObject:
        return await self._run(self.sync.wait_for_detection, detection_id, poll_interval, timeout)

    async def get_detection_result(self, detection_id: IdLike) -> ApiObject:
        return await self._run(self.sync.get_detection_result, detection_id)

    async def list_detection_results(self, limit: int = 50) -> Any:
        return await self._run(self.sync.list_detection_results, limit)

    async def batch_detect(
        self,
        requests: Sequence[Mapping[str, Any]],
        algorithm: Optional[str] = None,
        parameters: Optional[Mapping[str, Any]] = None,
        parallel: bool = True,
    ) -> ApiObject:
        return await self._run(self.sync.batch_detect, requests, algorithm, parameters, parallel)

    async def create_detector(
        self,
        name: str,
        algorithm: str,
        parameters: Optional[Mapping[str, Any]] = None,
        description: Optional[str] = None,
    ) -> ApiObject:
        return await self._run(self.sync.create_detector, name, algorithm, parameters, description)

    async def get_detector(self, detector_id: IdLike) -> ApiObject:
        return await self._run(self.sync.get_detector, detector_id)

    async def list_detectors(self) -> Any:
        return await self._run(self.sync.list_detectors)

    async def update_detector(
        self,
        detector_id: IdLike,
        *,
        name: Optional[str] = None,
        description: Optional[str] = None,
        parameters: Optional[Mapping[str, Any]] = None,
    ) -> ApiObject:
        return await self._run(
            self.sync.update_detector,
            detector_id,
            name=name,
            description=description,
            parameters=parameters,
        )

    async def delete_detector(self, detector_id: IdLike) -> Any:
        return await self._run(self.sync.delete_detector, detector_id)

    async def list_algorithms(self) -> Any:
        return await self._run(self.sync.list_algorithms)

    async def train_detector(
        self,
        detector_id: IdLike,
        dataset_id: IdLike,
        validation_split: Optional[float] = None,
        label_column: Optional[str] = None,
        training_options: Optional[Mapping[str, Any]] = None,
    ) -> ApiObject:
        return await self._run(
            self.sync.train_detector,
            detector_id,
            dataset_id,
            validation_split,
            label_column,
            training_options,
        )

    async def train_model(
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
        return await self._run(
            self.sync.train_model,
            name,
            algorithm,
            dataset_id,
            parameters,
            description=description,
            label_column=label_column,
            validation_split=validation_split,
            cross_validation=cross_validation,
        )

    async def get_model(self, model_id: IdLike) -> ApiObject:
        return await self._run(self.sync.get_model, model_id)

    async def list_models(self) -> Any:
        return await self._run(self.sync.list_models)

    async def predict(
        self,
        model_id: IdLike,
        data: Optional[Sequence[Row]] = None,
        *,
        features: Optional[Sequence[str]] = None,
        dataset_id: Optional[IdLike] = None,
        options: Optional[Mapping[str, Any]] = None,
    ) -> ApiObject:
        return await self._run(
            self.sync.predict,
            model_id,
            data,
            features=features,
            dataset_id=dataset_id,
            options=options,
        )

    async def predict_with_detector(
        self,
        detector_id: IdLike,
        data: Optional[Sequence[Row]] = None,
        *,
        dataset_id: Optional[IdLike] = None,
        features: Optional[Sequence[str]] = None,
        options: Optional[Mapping[str, Any]] = None,
    ) -> ApiObject:
        return await self._run(
            self.sync.predict_with_detector,
            detector_id,
            data,
            dataset_id=dataset_id,
            features=features,
            options=options,
        )

    async def batch_predict(self, model_id: IdLike, data_batches: Sequence[Sequence[Row]]) -> List[ApiObject]:
        """One ``POST /api/v1/models/{id}/predict`` per batch, run concurrently; the answers in
        the order of the batches."""
        return list(await asyncio.gather(*(self.predict(model_id, batch) for batch in data_batches)))

    async def iter_datasets(self, search: Optional[str] = None, page_size: int = 100) -> AsyncIterator[ApiObject]:
        """Every dataset, page after page of ``GET /api/v1/datasets``."""
        page = 1
        while True:
            answer = await self.list_datasets(page=page, limit=page_size, search=search)
            for dataset in answer.get("datasets", []):
                yield dataset
            if page >= ((answer.get("pagination") or {}).get("pages") or 0):
                return
            page += 1


def _copy_docs(target: type, source: type) -> None:
    for name, member in vars(target).items():
        if not name.startswith("_") and callable(member) and member.__doc__ is None:
            member.__doc__ = getattr(getattr(source, name, None), "__doc__", None)


_copy_docs(AsyncClient, PynomalyClient)
_copy_docs(AsyncDatasetsNamespace, DatasetsNamespace)
_copy_docs(AsyncDetectorsNamespace, DetectorsNamespace)
_copy_docs(AsyncModelsNamespace, ModelsNamespace)
_copy_docs(AsyncDetectionNamespace, DetectionNamespace)
