/**
 * A labelled choice of the API's algorithms, each described, the isolation forest chosen first.
 * Until they are loaded it is an empty required choice, so its form cannot be sent without one.
 */
import type { SignedIn } from '../session';
import { useLoaded } from './loaded';

export function AlgorithmSelect({
  session,
  id,
  name = 'algorithm',
}: {
  session: SignedIn;
  id: string;
  name?: string;
}) {
  const algorithms = useLoaded(() => session.client.detectors.algorithms(), 'algorithms');
  const list = algorithms.value?.algorithms;
  return (
    <>
      <label for={id}>Algorithm</label>
      <select id={id} name={name} required>
        {list ? (
          list.map((algorithm) => (
            <option
              key={algorithm.name}
              value={algorithm.name}
              title={algorithm.description}
              selected={algorithm.name === 'isolation_forest'}
            >
              {algorithm.label}
            </option>
          ))
        ) : (
          <option value="">{algorithms.error || 'Loading…'}</option>
        )}
      </select>
    </>
  );
}
