/** `config list|get|set|unset|path` and `completion bash|zsh`. */
import type { Command } from 'commander';
import { type CliConfig, configPath, loadConfig, SETTABLE, saveConfig } from '../config';
import type { Context, Run } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { renderRecord } from '../output';

type Key = (typeof SETTABLE)[number];

function settable(key: string): Key {
  if (!(SETTABLE as readonly string[]).includes(key))
    throw new CliError(`Settable: ${SETTABLE.join(', ')}`, EXIT.usage);
  return key as Key;
}

/** What `config list` shows: the settings, the key masked, whether a sign-in is kept. */
function shown(config: CliConfig): Record<string, unknown> {
  const { session, api_key: key, ...settings } = config;
  return {
    ...settings,
    ...(key ? { api_key: `${key.slice(0, 8)}…` } : {}),
    signed_in_as: session?.username ?? null,
  };
}

export function settingsCommands(program: Command, run: Run): void {
  const config = program.command('config').description(`Settings in ${configPath()}`);
  config
    .command('list')
    .description('Every setting')
    .action(run(async (context: Context) => console.log(renderRecord(shown(loadConfig()), context.format))));
  config
    .command('get <key>')
    .description('One setting')
    .action(run(async (_: Context, key: string) => console.log(String(loadConfig()[settable(key)] ?? ''))));
  config
    .command('set <key> <value>')
    .description(`Set ${SETTABLE.join(', ')}`)
    .action(
      run(async (_: Context, key: string, value: string) => {
        const name = settable(key);
        if (name === 'format' && !['table', 'json', 'csv'].includes(value))
          throw new CliError('format is table, json or csv', EXIT.usage);
        saveConfig({ ...loadConfig(), [name]: value });
      }),
    );
  config
    .command('unset <key>')
    .description('Remove a setting')
    .action(
      run(async (_: Context, key: string) => {
        const { [settable(key)]: _removed, ...rest } = loadConfig();
        saveConfig(rest);
      }),
    );
  config
    .command('path')
    .description('Where the settings are kept')
    .action(run(async () => console.log(configPath())));

  program
    .command('completion <shell>')
    .description('Print a completion script: `source <(pynomaly completion bash)` (bash or zsh)')
    .action(
      run(async (_: Context, shell: string) => {
        if (shell !== 'bash' && shell !== 'zsh') throw new CliError('bash or zsh', EXIT.usage);
        console.log(completionScript(program, shell));
      }),
    );
}

/** Words after each command path (`''` the top level): subcommands and options. */
export function completionWords(program: Command): Map<string, string[]> {
  const words = new Map<string, string[]>();
  const visit = (command: Command, path: string) => {
    const options = command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f)));
    words.set(path, [...command.commands.map((c) => c.name()), ...options]);
    for (const sub of command.commands) visit(sub, path ? `${path} ${sub.name()}` : sub.name());
  };
  visit(program, '');
  return words;
}

export function completionScript(program: Command, shell: 'bash' | 'zsh'): string {
  const cases = [...completionWords(program)]
    .map(([path, list]) => `    "${path}") words="${list.join(' ')}" ;;`)
    .join('\n');
  const bash = `_pynomaly() {
  local cur path="" i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) ;; *) path="\${path:+$path }\${COMP_WORDS[i]}" ;; esac
  done
  local words=""
  case "$path" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _pynomaly pynomaly`;
  return shell === 'zsh' ? `autoload -U +X bashcompinit && bashcompinit\n${bash}` : bash;
}
