/**
 * `dataset upload|list|show|delete`. A security-log workbook (`.xlsx`, or `--kind triage`) goes
 * to the triage API and is analysed on arrival (`--wait` follows the analysis); any other table
 * becomes a dataset for detection.
 */
import type { Command } from 'commander';
import { unwrap } from 'pynomaly-js';
import type { Context, Run } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { readUpload } from '../files';
import { renderRecord, renderRows } from '../output';
import { progressBar } from '../progress';

type Kind = 'table' | 'triage';

/** Follows a workbook's analysis with a progress bar; throws when it fails or takes too long. */
export async function followAnalysis(context: Context, datasetId: string, timeoutSeconds: number) {
  const bar = progressBar('Analysing', context.interactive, '%');
  try {
    return await context.client.waitForAnalysis(datasetId, {
      timeoutMs: timeoutSeconds * 1000,
      onProgress: (session) =>
        bar.update(Number(session.progress ?? 0), 100, String(session.current_step ?? '')),
    });
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.analysisFailed);
  } finally {
    bar.stop();
  }
}

export function datasetCommands(program: Command, run: Run): void {
  const dataset = program.command('dataset').description('Datasets and security-log workbooks');

  dataset
    .command('upload <file>')
    .description('Upload a file: a workbook for triage (.xlsx) or a table for detection (CSV, JSON, Parquet)')
    .option('--kind <kind>', 'triage (a security-log workbook) or table; by default .xlsx is triage')
    .option('--name <name>', 'the dataset name (tables)')
    .option('--wait', 'follow the analysis of a workbook until it completes')
    .option('--timeout <seconds>', 'how long --wait waits', '600')
    .action(
      run(
        async (
          context: Context,
          file: string,
          options: { kind?: Kind; name?: string; wait?: boolean; timeout: string },
        ) => {
          const upload = readUpload(file);
          const kind = options.kind ?? (file.toLowerCase().endsWith('.xlsx') ? 'triage' : 'table');
          if (kind !== 'triage' && kind !== 'table')
            throw new CliError('--kind is triage or table', EXIT.usage);
          const bar = progressBar('Uploading', context.interactive);
          const onProgress = (sent: number, total: number) => bar.update(sent, total);
          let id: string;
          try {
            id =
              kind === 'triage'
                ? await context.client.reports.uploadWorkbook(upload, onProgress)
                : await context.client.datasets.upload(upload, { name: options.name, onProgress });
          } finally {
            bar.stop();
          }
          if (kind === 'triage' && options.wait) {
            const session = await followAnalysis(context, id, Number(options.timeout));
            console.log(renderRecord({ dataset_id: id, ...session }, context.format));
            return;
          }
          console.log(renderRecord({ dataset_id: id, kind }, context.format));
        },
      ),
    );

  dataset
    .command('list')
    .description('List datasets (tables for detection; --kind triage for workbooks)')
    .option('--kind <kind>', 'table or triage', 'table')
    .option('--search <text>')
    .action(
      run(async (context: Context, options: { kind: Kind; search?: string }) => {
        if (options.kind === 'triage') {
          const workbooks = (await unwrap(context.client.api.GET('/api/anomaly/datasets'))) as Record<
            string,
            unknown
          >[];
          console.log(renderRows(workbooks, context.format));
          return;
        }
        const rows: Record<string, unknown>[] = [];
        for await (const row of context.client.datasets.all({ search: options.search }))
          rows.push(row as Record<string, unknown>);
        console.log(renderRows(rows, context.format, ['id', 'name', 'size', 'features', 'created_at']));
      }),
    );

  dataset
    .command('show <id>')
    .description('One dataset with its features and statistics')
    .action(
      run(async (context: Context, id: string) => {
        console.log(
          renderRecord((await context.client.datasets.get(id)) as Record<string, unknown>, context.format),
        );
      }),
    );

  dataset
    .command('delete <id>')
    .description('Delete a dataset')
    .action(
      run(async (context: Context, id: string) => {
        await context.client.datasets.delete(id);
        process.stderr.write(`Deleted ${id}\n`);
      }),
    );
}
