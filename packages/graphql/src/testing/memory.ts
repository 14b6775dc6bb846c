/** In-memory adapters for the resolvers' tests: one map per repository, keyed by tenant and id. */
import { Readable } from 'node:stream';
import { NotFoundError } from '@pynomaly/core';
import type {
  BlobStore,
  DetectionRecord,
  DetectionRepository,
  DetectorRecord,
  DetectorRepository,
  TabularDatasetRecord,
  TabularDatasetRepository,
} from '@pynomaly/store';
import type { GraphqlDeps } from '../resolvers';

function tenantItems<T extends { id: string; tenant_id: string }>(notFound: string) {
  const items = new Map<string, T>();
  const key = (tenant: string, id: string) => `${tenant}/${id}`;
  return {
    items,
    put: async (record: T) => void items.set(key(record.tenant_id, record.id), record),
    get: async (tenant: string, id: string) => {
      const record = items.get(key(tenant, id));
      if (!record) throw new NotFoundError(notFound);
      return record;
    },
    list: async (tenant: string) => [...items.values()].filter((r) => r.tenant_id === tenant).reverse(),
  };
}

/** The adapters, and what the bus was told. */
export function memoryDeps() {
  const objects = new Map<string, string>();
  const published: unknown[] = [];
  const detections = tenantItems<DetectionRecord>('Detection not found');
  const deps: GraphqlDeps = {
    datasets: tenantItems<TabularDatasetRecord>('Dataset not found') as unknown as TabularDatasetRepository,
    detectors: tenantItems<DetectorRecord>('Detector not found') as unknown as DetectorRepository,
    detections: {
      ...detections,
      putFinished: async (record: DetectionRecord) => {
        await detections.put(record);
        return true;
      },
    } as unknown as DetectionRepository,
    blobs: {
      put: async (key: string, body: string) => void objects.set(key, body),
      getText: async (key: string) => objects.get(key) ?? '',
      getStream: async (key: string) => Readable.from([objects.get(key) ?? '']),
    } as unknown as BlobStore,
    events: { publish: async (_: unknown, detail: unknown) => void published.push(detail) },
  };
  return { deps, published };
}
