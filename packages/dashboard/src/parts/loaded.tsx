/** Data a screen loads from the API: loading, failed with the API's words, or there. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { message } from '../errors';

export interface Loaded<T> {
  value: T | undefined;
  error: string;
  /** Loads again (after a change the screen made). */
  reload: () => void;
  /** Replaces the value with one the API already answered. */
  set: (value: T) => void;
}

/** Calls `load` when `key` changes and on `reload`; a late answer of an older key is dropped. */
export function useLoaded<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [value, set] = useState<T>();
  const [error, setError] = useState('');
  const [round, setRound] = useState(0);
  // A new key is other data: forget the old at once. A reload keeps it on screen until the new answer.
  useEffect(() => {
    set(undefined);
    setError('');
  }, [key]);
  useEffect(() => {
    let current = true;
    load().then(
      (answer) => {
        if (!current) return;
        set(answer);
        setError('');
      },
      (failure: unknown) => current && setError(message(failure)),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { value, error, reload, set };
}

/** The error or "Loading…" while there is no value; the children once there is. */
export function Pending<T>({
  state,
  children,
}: {
  state: Loaded<T>;
  children: (value: T) => ComponentChildren;
}) {
  if (state.error)
    return (
      <p class="error" role="alert">
        {state.error}
      </p>
    );
  if (state.value === undefined) return <p aria-live="polite">Loading…</p>;
  return <>{children(state.value)}</>;
}
