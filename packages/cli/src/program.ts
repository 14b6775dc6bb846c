/**
 * The `pynomaly` command line over the pynomaly-js SDK: global options, the commands, exit
 * codes, and `--interactive`, a prompt that runs the same commands line by line.
 */
import { createInterface } from 'node:readline/promises';
import { Command, CommanderError, Option } from 'commander';
import parseArgs from 'string-argv';
import { authCommands } from './commands/auth';
import { datasetCommands } from './commands/datasets';
import { detectionCommands } from './commands/detection';
import { reportCommands } from './commands/reports';
import { settingsCommands } from './commands/settings';
import { type Context, createContext, type GlobalOptions, type Run } from './context';
import { describeError, EXIT, EXIT_CODES_HELP, exitCodeOf } from './exit-codes';

export function buildProgram(): Command {
  const program = new Command('pynomaly')
    .description('Anomaly detection and security-log triage from a terminal')
    .version('0.1.0')
    .option('--api-url <url>', 'the API (or PYNOMALY_API_URL, or `config set api_url`)')
    .option('--api-key <key>', 'an API key instead of the sign-in (or PYNOMALY_API_KEY)')
    .addOption(new Option('--format <format>', 'how results print').choices(['table', 'json', 'csv']))
    .option('-i, --interactive', 'a prompt that runs commands one after another')
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  const run: Run =
    (action) =>
    async (...args) => {
      const context: Context = createContext(program.opts<GlobalOptions>());
      try {
        await action(context, ...args.slice(0, -1));
      } finally {
        context.persist();
      }
    };
  authCommands(program, run);
  datasetCommands(program, run);
  detectionCommands(program, run);
  reportCommands(program, run);
  settingsCommands(program, run);
  for (const command of program.commands) command.exitOverride();
  // No command: `--interactive` starts the prompt, otherwise the help (see runCommand).
  program.action(() => undefined);
  return program;
}

/** Runs one command line; answers its exit code (errors told on stderr). */
export async function runCommand(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (program.opts().interactive) return await interactive();
    if (argv.length === 0) program.outputHelp();
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    process.stderr.write(`Error: ${describeError(error)}\n`);
    return exitCodeOf(error);
  }
}

/** `pynomaly --interactive`: reads command lines until `exit` (or end of input); answers the last exit code. */
async function interactive(): Promise<number> {
  const lines = createInterface({
    input: process.stdin,
    output: process.stderr,
    terminal: Boolean(process.stdin.isTTY),
  });
  process.stderr.write('pynomaly interactive: type a command (e.g. `dataset list`), `help`, or `exit`.\n');
  let last: number = EXIT.ok;
  try {
    for (;;) {
      const line = (await lines.question('pynomaly> ').catch(() => undefined))?.trim();
      if (line === undefined || line === 'exit' || line === 'quit') return last;
      if (line === '') continue;
      const argv = parseArgs(line === 'help' ? '--help' : line).filter(
        (a) => a !== '--interactive' && a !== '-i',
      );
      last = await runCommand(argv);
    }
  } finally {
    lines.close();
  }
}
