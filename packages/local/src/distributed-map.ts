/**
 * Distributed Maps, run locally as inline Maps over the same items.
 *
 * aws-local-stepfunctions accepts a Map's `ItemReader` but never reads it: its Map iterates
 * the array at `ItemsPath` of the state's input, in the one process, and has no child
 * executions. So the local twin rewrites each Map that reads its items from S3, in the local
 * copy of the definition only:
 *
 * - a Task state `<Map>ReadItems` is put before it, with the reader's `Parameters`; bound to
 *   {@link readItems}, it reads the JSON array from the bucket (s3rver) and puts it at
 *   `$.LocalMapItems`, which is where the Map then takes its items from (`ItemsPath`);
 * - the Map becomes `INLINE` (children are iterations, not executions), loses `ItemReader`,
 *   `ItemBatcher` and `ResultWriter` (its result is the array of outputs, dropped anyway by a
 *   `ResultPath: null`) and keeps its `ItemSelector`, `MaxConcurrency`, retries and catches.
 *
 * What differs from AWS, exactly: the items ride in the state data (`LocalMapItems`, passed on
 * to the states after the Map) where AWS never puts them there; no child execution is started
 * or listed, so the children's retries run inside the one execution; `ToleratedFailure*` is not
 * applied (any failed item fails the Map, as with AWS's default of 0); and no ResultWriter
 * objects are written. Everything a task sees is the same: the same item, selected the same way.
 */

type States = Record<string, Record<string, unknown>>;
interface Definition {
  StartAt: string;
  States: States;
}

/** Where the read items are put in the state data. */
export const LOCAL_ITEMS_FIELD = 'LocalMapItems';

/** The name of the Task state that reads a Map's items locally. */
export const readerStateName = (map: string) => `${map}ReadItems`;

/**
 * The definition with every top-level Map that has an ItemReader run inline, and the names of
 * the reader states put in (each to be bound to {@link readItems}). Other states are untouched;
 * a reader that is not a JSON object in S3 is refused, as nothing else reads it locally.
 */
export function inlineDistributedMaps<D extends Definition>(
  definition: D,
): { definition: D; readers: string[] } {
  const states: States = {};
  const readers: string[] = [];
  const renamed = new Map<string, string>();
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type === 'Map' && state.ItemReader) renamed.set(name, readerStateName(name));
  }
  /** Transitions into a rewritten Map now go to its reader. */
  const target = (next: unknown) => (typeof next === 'string' ? (renamed.get(next) ?? next) : next);
  const retarget = (state: Record<string, unknown>) => {
    const copy: Record<string, unknown> = { ...state };
    if ('Next' in copy) copy.Next = target(copy.Next);
    if ('Default' in copy) copy.Default = target(copy.Default);
    if (Array.isArray(copy.Choices))
      copy.Choices = (copy.Choices as Record<string, unknown>[]).map((c) => ({ ...c, Next: target(c.Next) }));
    if (Array.isArray(copy.Catch))
      copy.Catch = (copy.Catch as Record<string, unknown>[]).map((c) => ({ ...c, Next: target(c.Next) }));
    return copy;
  };
  for (const [name, state] of Object.entries(definition.States)) {
    const reader = renamed.get(name);
    if (!reader) {
      states[name] = retarget(state);
      continue;
    }
    const {
      ItemReader,
      ItemBatcher: _,
      ResultWriter: __,
      ItemProcessor,
      ...map
    } = state as {
      ItemReader: { Resource?: string; ReaderConfig?: { InputType?: string }; Parameters?: unknown };
      ItemBatcher?: unknown;
      ResultWriter?: unknown;
      ItemProcessor: { ProcessorConfig?: object };
    } & Record<string, unknown>;
    if (
      !String(ItemReader.Resource).endsWith(':s3:getObject') ||
      ItemReader.ReaderConfig?.InputType !== 'JSON'
    )
      throw new Error(`Map ${name}: only a JSON array in an S3 object is read locally`);
    states[reader] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::s3:getObject',
      Parameters: ItemReader.Parameters,
      ResultPath: `$.${LOCAL_ITEMS_FIELD}`,
      Next: name,
      // A failed read is the Map's failure, caught where the Map's would be.
      ...(map.Catch ? { Catch: retarget({ Catch: map.Catch }).Catch } : {}),
    };
    states[name] = retarget({
      ...map,
      ItemsPath: `$.${LOCAL_ITEMS_FIELD}`,
      ItemProcessor: { ...ItemProcessor, ProcessorConfig: { Mode: 'INLINE' } },
    });
    readers.push(reader);
  }
  return {
    definition: { ...definition, StartAt: target(definition.StartAt) as string, States: states },
    readers,
  };
}

/** A reader state's work: the JSON array at `Bucket`/`Key`, fetched with `get`. */
export async function readItems(
  parameters: unknown,
  get: (bucket: string, key: string) => Promise<string>,
): Promise<unknown[]> {
  const { Bucket, Key } = parameters as { Bucket?: unknown; Key?: unknown };
  if (typeof Bucket !== 'string' || typeof Key !== 'string')
    throw new Error('An ItemReader needs a Bucket and a Key');
  const items = JSON.parse(await get(Bucket, Key)) as unknown;
  if (!Array.isArray(items)) throw new Error(`s3://${Bucket}/${Key} is not a JSON array`);
  return items;
}
