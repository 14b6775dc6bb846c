/**
 * The Pynomaly client of seeds 001 and 002: resources (`datasets`, `detectors`, `models`,
 * `detection`, `reports`) and the seeds' one-call methods (`detectAnomalies`, `createDataset`,
 * `trainModel`, `predict`, `batchDetect`, `createWebSocket`), over a {@link Connection}.
 * Every route is also at hand, typed, as `client.api`.
 */
import { Connection, type PynomalyClientOptions, unwrap } from './connection.js';
import { errorFor } from './errors.js';
import type { operations } from './generated/openapi.js';
import { openLiveSocket } from './live.js';
import { DIRECT_UPLOAD_MAX_BYTES, largeUpload, type Progress, postMultipart, sendJson } from './uploads.js';

/** A row as the API takes it: values, or a single value (one feature). */
type Row = operations['V1CreateDataset']['requestBody']['content']['application/json']['data'][number];
type Parameters_ = Record<string, unknown>;

/** A file to upload: its bytes and its name. */
export interface UploadFile {
  data: Blob | Uint8Array;
  filename: string;
}

const toBlob = (data: Blob | Uint8Array) => (data instanceof Blob ? data : new Blob([new Uint8Array(data)]));

export interface ClientOptions extends PynomalyClientOptions {
  /**
   * The live-detection WebSocket API's URL (on AWS its own endpoint, the stack's `LiveUrl`).
   * @default the API's origin as ws(s):, which the local stack serves
   */
  liveUrl?: string;
}

export class PynomalyClient extends Connection {
  private readonly liveUrl: string;

  constructor(options: ClientOptions) {
    super(options);
    this.liveUrl = (options.liveUrl ?? this.baseUrl.replace(/^http/, 'ws')).replace(/\/+$/, '');
  }

  readonly datasets = {
    create: (body: { name: string; data: Row[]; features?: string[]; description?: string }) =>
      unwrap(this.api.POST('/api/v1/datasets', { body: body })),
    list: (query: { page?: number; limit?: number; search?: string } = {}) =>
      unwrap(this.api.GET('/api/v1/datasets', { params: { query: query } })),
    /** Every dataset, page by page. */
    all: (query: { limit?: number; search?: string } = {}) =>
      this.pages((page) => this.datasets.list({ ...query, page }), 'datasets'),
    get: (id: string) => unwrap(this.api.GET('/api/v1/datasets/{id}', { params: { path: { id } } })),
    preview: (id: string, rows = 10) =>
      unwrap(this.api.GET('/api/v1/datasets/{id}/preview', { params: { path: { id }, query: { rows } } })),
    delete: (id: string) => unwrap(this.api.DELETE('/api/v1/datasets/{id}', { params: { path: { id } } })),
    /**
     * A file (CSV, JSON, XLSX, Parquet) → a dataset: in one request when it fits, through a
     * signed S3 URL when it does not. Answers the dataset's id.
     */
    upload: async (file: UploadFile, options: { name?: string; onProgress?: Progress } = {}) => {
      const blob = toBlob(file.data);
      if (blob.size > DIRECT_UPLOAD_MAX_BYTES) return largeUpload(this, blob, file.filename, options);
      const fields: Record<string, string> = options.name ? { name: options.name } : {};
      const dataset = await postMultipart(
        this,
        '/api/v1/datasets/upload',
        blob,
        file.filename,
        fields,
        options.onProgress,
      );
      return String(dataset.id);
    },
  };

  readonly detectors = {
    create: (body: { name: string; algorithm: string; parameters?: Parameters_; description?: string }) =>
      unwrap(this.api.POST('/api/v1/detectors', { body })),
    list: () => unwrap(this.api.GET('/api/v1/detectors')),
    get: (id: string) => unwrap(this.api.GET('/api/v1/detectors/{id}', { params: { path: { id } } })),
    train: (request: { detectorId: string; datasetId: string; validationSplit?: number }) =>
      unwrap(
        this.api.POST('/api/v1/detectors/{id}/train', {
          params: { path: { id: request.detectorId } },
          body: { dataset_id: request.datasetId, validation_split: request.validationSplit },
        }),
      ),
    delete: (id: string) => unwrap(this.api.DELETE('/api/v1/detectors/{id}', { params: { path: { id } } })),
    algorithms: () => unwrap(this.api.GET('/api/v1/detectors/algorithms')),
  };

  readonly models = {
    train: (request: { name: string; algorithm: string; datasetId: string; parameters?: Parameters_ }) =>
      unwrap(
        this.api.POST('/api/v1/models/train', {
          body: {
            name: request.name,
            algorithm: request.algorithm,
            dataset_id: request.datasetId,
            parameters: request.parameters,
          },
        }),
      ),
    list: () => unwrap(this.api.GET('/api/v1/models')),
    get: (id: string) => unwrap(this.api.GET('/api/v1/models/{id}', { params: { path: { id } } })),
    predict: (request: { modelId: string; data?: Row[]; datasetId?: string }) =>
      unwrap(
        this.api.POST('/api/v1/models/{id}/predict', {
          params: { path: { id: request.modelId } },
          body: { data: request.data, dataset_id: request.datasetId },
        }),
      ),
  };

  readonly detection = {
    detect: (request: { datasetId?: string; data?: Row[]; algorithm?: string; parameters?: Parameters_ }) =>
      unwrap(
        this.api.POST('/api/v1/detection/detect', {
          body: {
            dataset_id: request.datasetId,
            data: request.data,
            algorithm: request.algorithm,
            parameters: request.parameters,
          },
        }),
      ),
    batch: (body: { datasets: Record<string, unknown>[]; algorithm?: string; parameters?: Parameters_ }) =>
      unwrap(this.api.POST('/api/v1/detection/batch', { body: body })),
    /** Seed 001: a trained detector scores a stored dataset or inline rows. */
    predict: (request: { detectorId: string; datasetId?: string; data?: Row[] }) =>
      unwrap(
        this.api.POST('/api/v1/detection/predict', {
          body: {
            detector_id: request.detectorId,
            dataset_id: request.datasetId,
            data: request.data,
          },
        }),
      ),
    results: (limit?: number) =>
      unwrap(this.api.GET('/api/v1/detection/results', { params: { query: { limit } } })),
    result: (id: string) =>
      unwrap(this.api.GET('/api/v1/detection/results/{id}', { params: { path: { id } } })),
  };

  readonly reports = {
    /** A security-log workbook for triage; answers its dataset id (analysis starts on arrival). */
    uploadWorkbook: async (file: UploadFile, onProgress?: Progress) => {
      const answer = await postMultipart(
        this,
        '/api/anomaly/datasets/upload',
        toBlob(file.data),
        file.filename,
        {},
        onProgress,
      );
      return String(answer._id ?? answer.id);
    },
    list: (query: Record<string, string | number> = {}) =>
      unwrap(this.api.GET('/api/anomaly/anomaly-reports', { params: { query: query } })),
    get: (id: string) =>
      unwrap(this.api.GET('/api/anomaly/anomaly-reports/{id}', { params: { path: { id } } })),
    review: (id: string, changes: Record<string, unknown>) =>
      unwrap(
        this.api.PATCH('/api/anomaly/anomaly-reports/{id}', {
          params: { path: { id } },
          body: changes,
        }),
      ),
    /** The report as a file: `json`, `excel` (.xlsx) or `pdf` bytes. */
    export: async (id: string, format: 'json' | 'excel' | 'pdf') => {
      const path = `/api/anomaly/anomaly-reports/${encodeURIComponent(id)}/export?format=${format}`;
      const response = await this.request(path);
      if (!response.ok)
        throw errorFor(response.status, await response.json().catch(() => ({})), response.headers);
      return new Uint8Array(await response.arrayBuffer());
    },
  };

  /** Findings of the triage product: one finding, or a workbook's. */
  readonly anomalies = {
    get: (id: string) => unwrap(this.api.GET('/api/anomaly/anomalies/{id}', { params: { path: { id } } })),
    ofDataset: (datasetId: string) =>
      unwrap(this.api.GET('/api/anomaly/datasets/{id}/anomalies', { params: { path: { id: datasetId } } })),
  };

  /** The tenant's triage totals and the last 30 days' reports by severity. */
  statistics() {
    return unwrap(this.api.GET('/api/anomaly/statistics'));
  }

  /**
   * Follows a workbook's analysis until it completes (answers its session) or fails (throws);
   * `onProgress` hears each poll.
   */
  async waitForAnalysis(
    datasetId: string,
    options: {
      pollMs?: number;
      timeoutMs?: number;
      onProgress?: (session: Record<string, unknown>) => void;
    } = {},
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
    for (;;) {
      const session = await sendJson(this, `/api/anomaly/datasets/${datasetId}/session`, { method: 'GET' });
      options.onProgress?.(session);
      if (session.status === 'completed') return session;
      if (session.status === 'error' || session.status === 'failed')
        throw new Error(
          `The analysis of ${datasetId} failed: ${String(session.error_message ?? session.status)}`,
        );
      if (Date.now() > deadline) throw new Error(`The analysis of ${datasetId} did not finish in time`);
      await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
    }
  }

  /** Seed 002: anomalies of a stored dataset (or inline rows) by an algorithm. */
  detectAnomalies(request: {
    datasetId?: string;
    data?: Row[];
    algorithm?: string;
    parameters?: Parameters_;
  }) {
    return this.detection.detect(request);
  }

  /** Seed 002: a dataset from rows; answers its id. */
  async createDataset(request: { name: string; data: Row[]; features?: string[] }): Promise<string> {
    const dataset = (await this.datasets.create(request)) as { id: string };
    return dataset.id;
  }

  /** Seed 002: a detector created and trained on a dataset in one call; answers the model's id. */
  async trainModel(request: {
    name: string;
    algorithm: string;
    datasetId: string;
    parameters?: Parameters_;
  }) {
    const model = (await this.models.train(request)) as { id: string; model_id?: string | null };
    return model.model_id ?? model.id;
  }

  /** Seed 002: a trained model scores rows. */
  predict(request: { modelId: string; data: Row[] }) {
    return this.models.predict(request);
  }

  /** Seed 002: several detections in one request (at most 50). */
  batchDetect(
    datasets: Record<string, unknown>[],
    options: { algorithm?: string; parameters?: Parameters_ } = {},
  ) {
    return this.detection.batch({ datasets, ...options });
  }

  /** Seed 002: a live-detection connection (`/ws/detection/live`). */
  createWebSocket(path = '/ws/detection/live') {
    return openLiveSocket(`${this.liveUrl}${path}`, this.authHeaders());
  }

  /** Every item of a paged list (`page`/`limit`, `pagination.pages`). */
  private async *pages<T>(
    fetchPage: (page: number) => Promise<unknown>,
    key: string,
  ): AsyncGenerator<T, void, undefined> {
    for (let page = 1; ; page++) {
      const answer = (await fetchPage(page)) as Record<string, unknown> & { pagination?: { pages?: number } };
      const items = (answer[key] ?? []) as T[];
      yield* items;
      if (items.length === 0 || page >= (answer.pagination?.pages ?? page)) return;
    }
  }
}
