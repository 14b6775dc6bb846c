/**
 * The resolvers: each checks the caller's scope, then calls the package function the REST
 * handler of the same operation calls, with the caller's tenant, so what GraphQL may read and
 * write is exactly what REST may. Another tenant's id reads as null (queries) or NOT_FOUND
 * (mutations), as REST answers 404 for it.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import { ForbiddenError, NotFoundError, type Principal, type Scope } from '@pynomaly/core';
import {
  type Announces,
  createDetectorRecord,
  createTabularDataset,
  type DetectedAnomaly,
  type DetectionDeps,
  type DetectorDeps,
  datasetSummary,
  detectionDocument,
  detectionResult,
  detectOrQueue,
  detectorDocument,
  listTabularDatasets,
  trainDetector,
} from '@pynomaly/platform';
import type { DetectorRecord } from '@pynomaly/store';
import { GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';
import { checked, createDatasetInput, detectAnomaliesInput, page, trainModelInput } from './inputs';

/** The adapters the resolvers use: those of the REST dataset, model and detection routes. */
export type GraphqlDeps = DetectionDeps & DetectorDeps & Announces & { sfn?: SFNClient };

/** What every resolver receives: the caller, as the authorizer proved it, and the adapters. */
export interface GraphqlContext {
  principal: Principal;
  deps: GraphqlDeps;
}

type Args = Record<string, unknown>;

/**
 * The route carries one scope (read), so the authorizer lets every reader in; each field then
 * needs its own, and a mutation its write scope, refused as REST refuses a missing scope.
 */
function need(principal: Principal, scope: Scope): void {
  if (!principal.scopes.includes(scope)) throw new ForbiddenError(`This needs the ${scope} scope`);
}

/** A read of one resource: null when the tenant has none by that id. */
async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

const toDataset = (d: ReturnType<typeof datasetSummary>) => ({
  id: d.id,
  name: d.name,
  description: d.description,
  size: d.size,
  features: d.features,
  createdAt: d.created_at,
  updatedAt: d.updated_at,
  metadata: d.metadata,
});

export function toModel(record: DetectorRecord) {
  const d = detectorDocument(record);
  const m = d.metrics;
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    algorithm: d.algorithm,
    parameters: d.parameters,
    status: d.status,
    datasetId: d.dataset_id,
    featureNames: d.feature_names,
    threshold: d.threshold,
    trainingTime: d.training_time,
    createdAt: d.created_at,
    trainedAt: d.trained_at,
    metrics: m && {
      nTrain: m.n_train,
      nValidation: m.n_validation,
      anomalyRate: m.anomaly_rate,
      rocAuc: m.roc_auc,
      averagePrecision: m.average_precision,
      accuracy: m.accuracy,
      precision: m.precision,
      recall: m.recall,
      f1Score: m.f1_score ?? m.f1,
    },
  };
}

const toDetectionResult = (d: ReturnType<typeof detectionDocument>) => ({
  id: d.detection_id,
  datasetId: d.dataset_id,
  algorithm: d.algorithm,
  status: d.status,
  errorMessage: d.error_message,
  nSamples: d.n_samples,
  anomalyCount: d.anomaly_count,
  anomalyRate: d.anomaly_rate,
  threshold: d.threshold,
  createdAt: d.created_at,
  completedAt: d.completed_at,
  anomalies: d.anomalies,
});

/** Any JSON value, in a variable or written in the document. */
const json = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

/** Times are stored as ISO 8601 strings already. */
const dateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? ast.value : undefined),
});

export const resolvers = {
  JSON: json,
  DateTime: dateTime,
  Query: {
    datasets: async (_: unknown, args: Args, { principal, deps }: GraphqlContext) => {
      need(principal, 'datasets:read');
      const { limit, offset } = checked(page(100), args, 'datasets');
      // Newest first, as REST lists by default; the page is cut from the first offset+limit.
      const listed = await listTabularDatasets(
        principal.tenantId,
        { page: 1, limit: offset + limit, sort: 'created_at', order: 'desc' },
        deps,
      );
      return listed.datasets.slice(offset).map(toDataset);
    },
    dataset: async (_: unknown, { id }: Args, { principal, deps }: GraphqlContext) => {
      need(principal, 'datasets:read');
      const record = await orNull(() => deps.datasets.get(principal.tenantId, String(id)));
      return record && toDataset(datasetSummary(record));
    },
    models: async (_: unknown, args: Args, { principal, deps }: GraphqlContext) => {
      need(principal, 'detection:read');
      const { limit, offset } = checked(page(100), args, 'models');
      // Trained detectors are the models (GET /api/v1/models).
      const trained = (await deps.detectors.list(principal.tenantId)).filter((d) => d.status === 'trained');
      return trained.slice(offset, offset + limit).map(toModel);
    },
    model: async (_: unknown, { id }: Args, { principal, deps }: GraphqlContext) => {
      need(principal, 'detection:read');
      const record = await orNull(() => deps.detectors.get(principal.tenantId, String(id)));
      return record?.status === 'trained' ? toModel(record) : null;
    },
    detectionResult: async (_: unknown, { id }: Args, { principal, deps }: GraphqlContext) => {
      need(principal, 'detection:read');
      const result = await orNull(() => detectionResult(principal.tenantId, String(id), deps));
      return result && toDetectionResult(result);
    },
  },
  DetectionResult: {
    anomalies: (result: { id: string; completedAt: string; anomalies: DetectedAnomaly[] }, args: Args) => {
      const { limit, offset } = checked(page(1000), args, 'anomalies');
      return result.anomalies
        .slice(offset, offset + limit)
        .map((anomaly) => ({ ...anomaly, detectionId: result.id, timestamp: result.completedAt }));
    },
  },
  Mutation: {
    createDataset: async (_: unknown, { input }: Args, { principal, deps }: GraphqlContext) => {
      need(principal, 'datasets:write');
      const request = checked(createDatasetInput, input, 'input');
      const record = await createTabularDataset(
        principal,
        {
          name: request.name,
          description: request.description ?? undefined,
          data: request.data,
          features: request.features ?? undefined,
          metadata: request.metadata ?? undefined,
        },
        deps,
      );
      return toDataset(datasetSummary(record));
    },
    trainModel: async (_: unknown, { input }: Args, { principal, deps }: GraphqlContext) => {
      need(principal, 'detection:write');
      const request = checked(trainModelInput, input, 'input');
      // Seed 002's one-step training, as POST /api/v1/models/train: a detector, then trained.
      const detector = await createDetectorRecord(
        principal,
        {
          name: request.name,
          algorithm: request.algorithm,
          parameters: request.parameters ?? undefined,
          description: request.description ?? undefined,
        },
        deps,
      );
      const model = await trainDetector(
        principal,
        detector.id,
        {
          dataset_id: request.datasetId,
          validation_split: request.validationSplit ?? undefined,
          label_column: request.labelColumn ?? undefined,
        },
        deps,
      );
      return toModel(model);
    },
    detectAnomalies: async (_: unknown, { input }: Args, { principal, deps }: GraphqlContext) => {
      need(principal, 'detection:write');
      const request = checked(detectAnomaliesInput, input, 'input');
      const outcome = await detectOrQueue(
        principal,
        {
          algorithm: request.algorithm,
          dataset_id: request.datasetId ?? undefined,
          data: request.data ?? undefined,
          features: request.features ?? undefined,
          parameters: request.parameters ?? undefined,
        },
        deps,
      );
      return toDetectionResult(detectionDocument(outcome.record, outcome.queued ? [] : outcome.anomalies));
    },
  },
};
