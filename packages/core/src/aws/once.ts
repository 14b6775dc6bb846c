import { env } from '../config';

/** A value built on first use and kept for the life of the process. */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}

/** Options every client shares. */
export const base = () => ({ region: env().AWS_REGION });
