import { WorkTooLargeError } from '@pynomaly/core';
import { estimateSeconds } from '@pynomaly/detection';
import { algorithmName, detectorParameters } from './detection';

/**
 * Estimated seconds of computing a request may do before it answers. API Gateway stops
 * waiting at 29 s; the rest is headroom for a slower Lambda CPU, reading and storing the
 * data, and the estimate's own error (bench/RESULTS.md, "Work budget").
 */
export const REQUEST_WORK_SECONDS = 10;

/** The same for a queued task, whose Lambda is stopped at 900 s. */
export const QUEUED_WORK_SECONDS = 600;

/** Reading, validating and preparing one inline or stored cell, measured end to end. */
const SECONDS_PER_CELL = 2e-6;

/** One detector's work: fitted on `rows` × `features`, then scoring `scored` more rows (default none). */
export interface DetectorWork {
  algorithm: string;
  parameters?: Record<string, unknown>;
  rows: number;
  features: number;
  scored?: number;
}

/**
 * Estimated seconds of the detectors' work with the API's algorithm names and parameters.
 * An unknown algorithm or bad parameters raise the registry's ValidationError (400).
 */
export function workSeconds(...work: DetectorWork[]): number {
  return work.reduce((total, w) => {
    const scored = w.scored ?? 0;
    const size = { rows: w.rows, features: w.features, scored };
    const compute = estimateSeconds(algorithmName(w.algorithm), detectorParameters(w.parameters), size);
    return total + compute + (w.rows + scored) * w.features * SECONDS_PER_CELL;
  }, 0);
}

/** Rows and features of an inline table, before it is parsed: its first row sets the width. */
export function inlineSize(data: unknown[], features?: string[]): { rows: number; features: number } {
  const first = data[0];
  return { rows: data.length, features: features?.length ?? (Array.isArray(first) ? first.length : 1) };
}

/**
 * Seconds of work left to spend, spent before the work is done: what would overrun is
 * refused (422 WORK_TOO_LARGE) with `advice`, and nothing of it runs.
 */
export class WorkBudget {
  constructor(
    private remaining: number,
    private readonly of: 'request' | 'queued task' | 'shard task' = 'request',
  ) {}

  spend(seconds: number, advice: string): void {
    if (seconds > this.remaining) {
      throw new WorkTooLargeError(
        `This is estimated at ${Math.ceil(seconds)} s of computing, more than the ${Math.floor(this.remaining)} s ` +
          `left to a ${this.of}: ${advice}`,
      );
    }
    this.remaining -= seconds;
  }
}
