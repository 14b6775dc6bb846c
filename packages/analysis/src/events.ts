/**
 * The events the analysis emits on the product's bus: their contracts live in the catalogue of
 * packages/core/src/events.ts (schemas under `events/schemas/`).
 */
export {
  type AnalysisCompletedDetail,
  analysisCompleted,
  eventSchemaFiles as emittedEvents,
} from '@pynomaly/core';
