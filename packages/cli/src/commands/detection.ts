/**
 * `detect`, `train`, `predict` and `model list|show`. Where a command takes data, a local file
 * is uploaded as a dataset for the call and deleted after it (`--keep` keeps it); an id names a
 * stored dataset; `predict --data` also takes rows as JSON.
 */
import type { Command } from 'commander';
import type { Context, Run } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { inlineRows, isLocalFile, readUpload } from '../files';
import { renderRecord, renderRows } from '../output';
import { progressBar } from '../progress';

type Row = Parameters<Context['client']['predict']>[0]['data'][number];

/** Runs `use` on the dataset a `--dataset` value names: a stored id, or a local file uploaded for the call. */
async function withDataset<T>(
  context: Context,
  value: string,
  keep: boolean,
  use: (datasetId: string) => Promise<T>,
): Promise<T> {
  if (!isLocalFile(value)) return use(value);
  const bar = progressBar('Uploading', context.interactive);
  let datasetId: string;
  try {
    datasetId = await context.client.datasets.upload(readUpload(value), {
      onProgress: (sent, total) => bar.update(sent, total),
    });
  } finally {
    bar.stop();
  }
  try {
    return await use(datasetId);
  } finally {
    if (keep) process.stderr.write(`Kept dataset ${datasetId}\n`);
    else await context.client.datasets.delete(datasetId).catch(() => undefined);
  }
}

function parameters(json: string | undefined): Record<string, unknown> | undefined {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    throw new CliError('--parameters takes a JSON object, e.g. \'{"contamination":0.05}\'', EXIT.usage);
  }
}

/**
 * A detection's summary, then its rows: the anomalies (`index`, `score`, …) of a detection, or
 * every row's `score` and `anomaly` of a prediction.
 */
function printDetection(context: Context, result: Record<string, unknown>): void {
  if (context.format === 'json') {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const { anomalies, scores, predictions, ...summary } = result;
  const rows = Array.isArray(scores)
    ? scores.map((score, index) => ({
        index,
        score,
        anomaly: (predictions as unknown[] | undefined)?.[index] === 1,
      }))
    : ((anomalies ?? []) as Record<string, unknown>[]);
  if (context.format === 'table') process.stderr.write(`${renderRecord(summary, 'table')}\n\n`);
  console.log(renderRows(rows, context.format));
}

export function detectionCommands(program: Command, run: Run): void {
  program
    .command('detect')
    .description('Detect anomalies in a local file or a stored dataset')
    .requiredOption('-d, --dataset <file-or-id>', 'a local CSV/JSON/XLSX/Parquet file, or a dataset id')
    .option('-a, --algorithm <name>', 'e.g. isolation_forest, lof, zscore', 'isolation_forest')
    .option('--parameters <json>', "the algorithm's parameters as JSON")
    .option('--keep', 'keep the dataset a local file was uploaded as')
    .action(
      run(
        async (
          context: Context,
          options: { dataset: string; algorithm: string; parameters?: string; keep?: boolean },
        ) => {
          const result = await withDataset(context, options.dataset, Boolean(options.keep), (datasetId) =>
            context.client.detectAnomalies({
              datasetId,
              algorithm: options.algorithm,
              parameters: parameters(options.parameters),
            }),
          );
          printDetection(context, result as Record<string, unknown>);
        },
      ),
    );

  program
    .command('train')
    .description('Train a model (a detector) on a local file or a stored dataset')
    .requiredOption('-d, --dataset <file-or-id>', 'a local file, or a dataset id')
    .option('-a, --algorithm <name>', 'the algorithm', 'isolation_forest')
    .option('-n, --name <name>', 'the model name', 'model')
    .option('--parameters <json>', "the algorithm's parameters as JSON")
    .option('--keep', 'keep the dataset a local file was uploaded as')
    .action(
      run(
        async (
          context: Context,
          options: { dataset: string; algorithm: string; name: string; parameters?: string; keep?: boolean },
        ) => {
          const model = await withDataset(context, options.dataset, Boolean(options.keep), (datasetId) =>
            context.client.models.train({
              name: options.name,
              algorithm: options.algorithm,
              datasetId,
              parameters: parameters(options.parameters),
            }),
          );
          console.log(renderRecord(model as Record<string, unknown>, context.format));
        },
      ),
    );

  program
    .command('predict')
    .description('Score rows with a trained model')
    .requiredOption('-m, --model <id>', 'the model id')
    .requiredOption('--data <file-or-json>', "a local file, a dataset id, or rows as JSON ('[[1,2],[3,4]]')")
    .action(
      run(async (context: Context, options: { model: string; data: string }) => {
        const value = options.data.trim();
        const result = value.startsWith('[')
          ? await context.client.predict({ modelId: options.model, data: inlineRows(value) as Row[] })
          : await withDataset(context, value, false, (datasetId) =>
              context.client.models.predict({ modelId: options.model, datasetId }),
            );
        printDetection(context, result as Record<string, unknown>);
      }),
    );

  const model = program.command('model').description('Trained models');
  model
    .command('list')
    .description('List models')
    .action(
      run(async (context: Context) => {
        const answer = (await context.client.models.list()) as
          | { models?: Record<string, unknown>[] }
          | Record<string, unknown>[];
        const rows = Array.isArray(answer) ? answer : (answer.models ?? []);
        console.log(renderRows(rows, context.format, ['id', 'name', 'algorithm', 'status', 'created_at']));
      }),
    );
  model
    .command('show <id>')
    .description('One model')
    .action(
      run(async (context: Context, id: string) => {
        console.log(
          renderRecord((await context.client.models.get(id)) as Record<string, unknown>, context.format),
        );
      }),
    );
}
