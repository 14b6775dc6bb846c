/** `report list|show|export|review`: the triage reports of analysed workbooks (seed 003's workflow). */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import type { Context, Run } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { renderRecord, renderRows } from '../output';

const EXPORT_TYPES: Record<string, 'json' | 'excel' | 'pdf'> = {
  '.json': 'json',
  '.xlsx': 'excel',
  '.pdf': 'pdf',
};

export function reportCommands(program: Command, run: Run): void {
  const report = program.command('report').description('Triage reports of analysed workbooks');

  report
    .command('list')
    .description('List reports, newest first')
    .option('--severity <severity>', 'low, medium, high or critical')
    .option('--status <status>', 'pending_triage, triaged, under_review, resolved or false_positive')
    .option('--dataset <id>', 'the reports of one workbook')
    .option('--limit <n>', 'at most this many', '100')
    .action(
      run(
        async (
          context: Context,
          options: { severity?: string; status?: string; dataset?: string; limit: string },
        ) => {
          const query: Record<string, string | number> = { limit: Number(options.limit) };
          if (options.severity) query.severity = options.severity;
          if (options.status) query.status = options.status;
          if (options.dataset) query.dataset_id = options.dataset;
          const reports = (await context.client.reports.list(query)) as Record<string, unknown>[];
          console.log(
            renderRows(
              reports,
              context.format,
              context.format === 'table'
                ? ['id', 'effective_severity', 'threat_type', 'status', 'anomaly_score', 'created_at']
                : undefined,
            ),
          );
        },
      ),
    );

  report
    .command('show <id>')
    .description('One report: summary, evidence, actions, verdict and history')
    .action(
      run(async (context: Context, id: string) => {
        console.log(
          renderRecord((await context.client.reports.get(id)) as Record<string, unknown>, context.format),
        );
      }),
    );

  report
    .command('export <id>')
    .description('Save a report as a file: the type follows --out (.pdf, .xlsx, .json) unless --type says')
    .requiredOption('-o, --out <file>', 'where to write it')
    .option('--type <type>', 'pdf, excel or json')
    .action(
      run(async (context: Context, id: string, options: { out: string; type?: string }) => {
        const type = (options.type ?? EXPORT_TYPES[extname(options.out).toLowerCase()]) as
          | 'json'
          | 'excel'
          | 'pdf'
          | undefined;
        if (!type || !['json', 'excel', 'pdf'].includes(type))
          throw new CliError(
            'Say the type with --type pdf|excel|json, or end --out in .pdf, .xlsx or .json',
            EXIT.usage,
          );
        const bytes = await context.client.reports.export(id, type);
        writeFileSync(options.out, bytes);
        process.stderr.write(`Wrote ${options.out} (${bytes.length} bytes)\n`);
      }),
    );

  report
    .command('review <id>')
    .description("Record an analyst's verdict and corrections")
    .option('--verdict <verdict>', 'true_positive, false_positive or benign')
    .option('--reason <text>', 'why (required with a verdict)')
    .option('--status <status>', 'under_review, resolved, …')
    .option('--severity <severity>', "the analyst's severity")
    .action(
      run(
        async (
          context: Context,
          id: string,
          options: { verdict?: string; reason?: string; status?: string; severity?: string },
        ) => {
          const changes: Record<string, unknown> = {};
          if (options.verdict) changes.verdict = options.verdict;
          if (options.reason) changes.verdict_reason = options.reason;
          if (options.status) changes.status = options.status;
          if (options.severity) changes.analyst_severity = options.severity;
          if (Object.keys(changes).length === 0)
            throw new CliError('Say what to change: --verdict, --status, --severity', EXIT.usage);
          console.log(
            renderRecord(
              (await context.client.reports.review(id, changes)) as Record<string, unknown>,
              context.format,
            ),
          );
        },
      ),
    );
}
