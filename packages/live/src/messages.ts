import type { AlertTriggeredDetail } from '@pynomaly/core';
import { z } from 'zod';

/** The largest message a connection may send (API Gateway's WebSocket frame limit is 32 KB). */
export const MAX_MESSAGE_BYTES = 32 * 1024;
/** The most features one sample may have. */
export const MAX_FEATURES = 256;

/** Seed 002's `detect` message: one sample, optionally scored by a trained detector. */
export const detectMessage = z.object({
  type: z.literal('detect'),
  /** Echoed in the answer, so a client can match answers to samples. */
  id: z.union([z.string().max(128), z.number()]).optional(),
  data: z.object({
    sample: z.array(z.number().finite()).min(1).max(MAX_FEATURES),
    /** A trained detector (or model) of the caller's tenant; without one, the warm-up window scores. */
    detector_id: z.string().min(1).max(128).optional(),
    /** The warm-up window's algorithm (seed spelling `isolation_forest` accepted); default robust z-score. */
    algorithm: z.string().min(1).max(64).optional(),
  }),
});
export type DetectMessage = z.infer<typeof detectMessage>;

/** What a `detect` message is answered with. */
export interface AnomalyResult {
  type: 'anomaly_result';
  id?: string | number;
  data: {
    /** `detector` (a trained detector scored it) or `warmup` (the connection's first samples did). */
    mode: 'detector' | 'warmup';
    /** False while the warm-up window fills. */
    ready: boolean;
    is_anomaly: boolean;
    /** Normalized to [0, 1]; null while warming up. */
    score: number | null;
    threshold: number | null;
    algorithm: string;
    detector_id: string | null;
    /** Samples in the warm-up window, and how many it needs before scoring. */
    samples_seen?: number;
    samples_needed?: number;
    timestamp: string;
  };
}

/** What a refused message is answered with; it changes nothing. */
export interface LiveError {
  type: 'error';
  id?: string | number;
  error: { code: string; message: string; fields?: Array<{ field: string; message: string }> };
}

export type LiveReply = AnomalyResult | LiveError;

/** What every open connection of a tenant is sent when one of its findings raises an alert. */
export interface AlertMessage {
  type: 'alert';
  /** The `alert.triggered` event's detail, less the tenant (the connection's own). */
  data: Omit<AlertTriggeredDetail, 'tenant_id'>;
}
