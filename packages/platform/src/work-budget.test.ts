import type { SFNClient } from '@aws-sdk/client-sfn';
import { type Principal, ValidationError, WorkTooLargeError } from '@pynomaly/core';
import type {
  BlobStore,
  DetectionRecord,
  DetectionRepository,
  DetectorRecord,
  DetectorRepository,
  StudyRecord,
  StudyRepository,
  TabularDatasetRecord,
  TabularDatasetRepository,
} from '@pynomaly/store';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectOrQueue, type QueuedDetection, runQueuedDetection } from './async-detection';
import { predict, trainDetector } from './detectors';
import { DEFAULT_SEARCH, runOrQueueStudy } from './studies';
import { inlineSize, REQUEST_WORK_SECONDS, WorkBudget, workSeconds } from './work-budget';

const principal: Principal = {
  tenantId: 't1',
  userId: 'u1',
  username: 'alice',
  role: 'analyst',
  scopes: [],
  tier: 'user',
  via: 'jwt',
};

/** In-memory detections, bucket and state machine: what detectOrQueue stores and starts. */
function fakes() {
  const detections = new Map<string, DetectionRecord>();
  const blobs = new Map<string, string>();
  const started: QueuedDetection[] = [];
  const deps = {
    detections: {
      put: async (r: DetectionRecord) => void detections.set(r.id, r),
      putFinished: async (r: DetectionRecord) => {
        if (detections.get(r.id)?.status === 'completed') return false;
        detections.set(r.id, r);
        return true;
      },
      get: async (_tenant: string, id: string) => detections.get(id),
      updateWhileRunning: async (_tenant: string, id: string, patch: Partial<DetectionRecord>) => {
        const record = detections.get(id);
        if (record?.status !== 'running') return false;
        detections.set(id, { ...record, ...patch });
        return true;
      },
    } as unknown as DetectionRepository,
    datasets: {} as TabularDatasetRepository,
    blobs: {
      put: async (key: string, body: string) => void blobs.set(key, body),
      getText: async (key: string) => blobs.get(key) ?? '',
      deleteKeys: async (keys: string[]) => {
        for (const key of keys) blobs.delete(key);
      },
    } as unknown as BlobStore,
    sfn: {
      send: async (command: { input: { input: string } }) => started.push(JSON.parse(command.input.input)),
    } as unknown as SFNClient,
    events: { publish: async () => undefined },
  };
  return { deps, detections, blobs, started };
}

/** Gaussian-ish rows, deterministic. */
const rows = (n: number, d = 3) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => Math.sin(i * 7.1 + j * 3.3)));

beforeAll(() => {
  // Read once, when the first queue is started.
  process.env.DETECTION_STATE_MACHINE_ARN ??= 'arn:aws:states:us-east-1:000000000000:stateMachine:d';
  process.env.STUDY_STATE_MACHINE_ARN ??= 'arn:aws:states:us-east-1:000000000000:stateMachine:s';
});

describe('the work budget', () => {
  it('estimates with the API names and parameters, reading every cell included', () => {
    const forest = workSeconds({
      algorithm: 'isolation_forest',
      parameters: { n_estimators: 1500 },
      rows: 200_000,
      features: 3,
      scored: 200_000,
    });
    expect(forest).toBeGreaterThan(12);
    expect(forest).toBeLessThan(16);
    expect(workSeconds({ algorithm: 'zscore', rows: 0, features: 3 })).toBe(0);
    expect(() => workSeconds({ algorithm: 'magic', rows: 10, features: 2 })).toThrow(ValidationError);
  });

  it('sizes inline tables by their length and first row', () => {
    expect(inlineSize([[1, 2, 3], [4]])).toEqual({ rows: 2, features: 3 });
    expect(inlineSize([1, 2], ['x'])).toEqual({ rows: 2, features: 1 });
    expect(inlineSize([])).toEqual({ rows: 0, features: 1 });
  });

  it('refuses what would overrun it with 422 WORK_TOO_LARGE, and spends what fits', () => {
    const budget = new WorkBudget(10);
    budget.spend(6, 'advice');
    expect(() => budget.spend(5, 'send less')).toThrow(WorkTooLargeError);
    budget.spend(4, 'advice');
    try {
      budget.spend(0.5, 'send less');
    } catch (error) {
      expect(error).toMatchObject({ statusCode: 422, code: 'WORK_TOO_LARGE' });
      expect((error as Error).message).toMatch(/estimated at 1 s .* 0 s left to a request: send less$/);
    }
  });
});

describe('detectOrQueue', () => {
  it('detects a small run at once', async () => {
    const { deps, started } = fakes();
    const outcome = await detectOrQueue(principal, { algorithm: 'isolation_forest', data: rows(200) }, deps);
    expect(outcome.queued).toBe(false);
    expect(started).toEqual([]);
  });

  it('queues a run estimated over a request, its rows staged in the bucket rather than in the input', async () => {
    const { deps, detections, blobs, started } = fakes();
    const data = rows(200_000);
    const request = { algorithm: 'isolation_forest', parameters: { n_estimators: 1500 }, data };
    expect(workSeconds({ ...request, rows: 200_000, features: 3, scored: 200_000 })).toBeGreaterThan(
      REQUEST_WORK_SECONDS,
    );
    const outcome = await detectOrQueue(principal, request, deps);
    expect(outcome).toMatchObject({ queued: true, record: { status: 'running', n_samples: 200_000 } });
    expect(detections.get(outcome.record.id)?.status).toBe('running');
    const [input] = started;
    expect(input?.request).toEqual({ algorithm: 'isolation_forest', parameters: { n_estimators: 1500 } });
    expect(JSON.stringify(input).length).toBeLessThan(1024);
    expect(JSON.parse(blobs.get(input?.data_key ?? '') ?? 'null')).toHaveLength(200_000);
  });

  it('fails the record and removes the staged rows when the run cannot be started', async () => {
    const { deps, detections, blobs } = fakes();
    deps.sfn = {
      send: async () => {
        throw new Error('ServiceUnavailable');
      },
    } as unknown as SFNClient;
    const data = rows(200_000);
    await expect(
      detectOrQueue(
        principal,
        { algorithm: 'isolation_forest', parameters: { n_estimators: 1500 }, data },
        deps,
      ),
    ).rejects.toThrow('ServiceUnavailable');
    const [record] = [...detections.values()];
    expect(record?.status).toBe('failed');
    expect(blobs.size).toBe(0);
  });

  it('refuses work too large even for a queued task, before storing or starting anything', async () => {
    const { deps, detections, started } = fakes();
    const request = { algorithm: 'knn', data: rows(100_000, 15) };
    await expect(detectOrQueue(principal, request, deps)).rejects.toThrow(WorkTooLargeError);
    expect(detections.size).toBe(0);
    expect(started).toEqual([]);
  });

  it('runs a queued run from its staged rows and then deletes them', async () => {
    const { deps, detections, blobs } = fakes();
    blobs.set('staged', JSON.stringify(rows(300)));
    const input = {
      tenant_id: 't1',
      user_id: 'u1',
      detection_id: 'det_1',
      request: { algorithm: 'zscore' },
      data_key: 'staged',
    };
    await runQueuedDetection(input, deps);
    expect(detections.get('det_1')).toMatchObject({ status: 'completed', n_samples: 300 });
    expect(blobs.has('staged')).toBe(false);
  });
});

describe('routes without a queue', () => {
  const features = (d: number) => Array.from({ length: d }, (_, j) => `f${j}`);
  const dataset = (size: number, d: number) =>
    ({ id: 'ds1', size, feature_names: features(d) }) as TabularDatasetRecord;
  /** Stores that hand out `detector` and `data`, and fail the test if anything reads rows or a model. */
  const deps = (detector: Partial<DetectorRecord>, data: TabularDatasetRecord) => ({
    detectors: { get: async () => detector } as unknown as DetectorRepository,
    datasets: { get: async () => data } as unknown as TabularDatasetRepository,
    events: { publish: () => Promise.reject(new Error('announced a training that never ran')) },
    blobs: new Proxy({} as BlobStore, {
      get: () => () => Promise.reject(new Error('read the bucket before checking the budget')),
    }),
  });

  it('refuse training beyond a request before reading a row, and allow it to a queued task', async () => {
    const knn = { id: 'd1', algorithm: 'knn', parameters: {} };
    const big = deps(knn, dataset(200_000, 15));
    await expect(trainDetector(principal, 'd1', { dataset_id: 'ds1' }, big)).rejects.toThrow(
      WorkTooLargeError,
    );
    // Over a request's budget but within a queued task's (AutoML trains its winner in one),
    // where training goes on to read the rows.
    const medium = deps(knn, dataset(30_000, 10));
    await expect(trainDetector(principal, 'd1', { dataset_id: 'ds1' }, medium)).rejects.toThrow(
      WorkTooLargeError,
    );
    await expect(trainDetector(principal, 'd1', { dataset_id: 'ds1' }, medium, 600)).rejects.toThrow(
      'read the bucket',
    );
  });

  it('refuse a prediction beyond a request before loading the model', async () => {
    const forest = {
      id: 'd1',
      name: 'forest',
      algorithm: 'isolation_forest',
      parameters: { n_estimators: 5000 },
      status: 'trained' as const,
      model_key: 'models/t1/d1.json',
      feature_names: features(5),
      metrics: { n_train: 100_000, n_validation: 0, anomaly_rate: 0 },
    };
    const many = deps(forest, dataset(200_000, 5));
    await expect(
      predict(principal, forest as unknown as DetectorRecord, { dataset_id: 'ds1' }, many),
    ).rejects.toThrow(WorkTooLargeError);
  });
});

describe('runOrQueueStudy', () => {
  const study = { id: 's1', kind: 'automl', dataset_id: 'ds1', validation_split: 0.3, status: 'created' };
  function stores(size: number, d: number) {
    const started: unknown[] = [];
    const saved: StudyRecord[] = [];
    return {
      started,
      saved,
      deps: {
        studies: {
          get: async () => ({ ...study, candidates: [...DEFAULT_SEARCH] }),
          put: async (r: StudyRecord) => void saved.push(r),
        } as unknown as StudyRepository,
        datasets: {
          get: async () => ({ id: 'ds1', size, feature_names: Array.from({ length: d }, (_, j) => `f${j}`) }),
        } as unknown as TabularDatasetRepository,
        detectors: {} as DetectorRepository,
        blobs: {} as BlobStore,
        sfn: { send: async (command: unknown) => void started.push(command) } as unknown as SFNClient,
        events: { publish: async () => undefined },
      },
    };
  }

  it('queues a search too long to wait for, as async: true would', async () => {
    const { deps, started, saved } = stores(50_000, 10);
    const { queued, study: record } = await runOrQueueStudy(
      principal,
      's1',
      'automl',
      { async: false },
      deps,
    );
    expect(queued).toBe(true);
    expect(record.status).toBe('running');
    expect(saved.map((s) => s.status)).toEqual(['running']);
    expect(started).toHaveLength(1);
  });

  it('fails the study when its run cannot be started, so it never stays running', async () => {
    const { deps, saved } = stores(50_000, 10);
    deps.studies = {
      get: async () => saved.at(-1) ?? { ...study, candidates: [...DEFAULT_SEARCH] },
      put: async (r: StudyRecord) => void saved.push(r),
      updateWhileRunning: async (_tenant: string, _id: string, patch: Partial<StudyRecord>) => {
        const last = saved.at(-1);
        if (last?.status !== 'running') return false;
        saved.push({ ...last, ...patch });
        return true;
      },
    } as unknown as StudyRepository;
    deps.sfn = {
      send: async () => {
        throw new Error('ServiceUnavailable');
      },
    } as unknown as SFNClient;
    await expect(runOrQueueStudy(principal, 's1', 'automl', { async: true }, deps)).rejects.toThrow(
      'ServiceUnavailable',
    );
    expect(saved.map((s) => s.status)).toEqual(['running', 'failed']);
  });

  it('refuses a search too long even for its queued task, before marking or starting it', async () => {
    const { deps, started, saved } = stores(200_000, 20);
    await expect(runOrQueueStudy(principal, 's1', 'automl', { async: true }, deps)).rejects.toThrow(
      WorkTooLargeError,
    );
    expect(saved).toEqual([]);
    expect(started).toEqual([]);
  });
});
