/**
 * The CLI's settings and sign-in, in one JSON file under the user's home
 * (`$PYNOMALY_CONFIG`, else `$XDG_CONFIG_HOME/pynomaly/config.json`, else
 * `~/.config/pynomaly/config.json`), readable by its owner only: it holds tokens.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface StoredSession {
  username: string;
  access_token: string;
  refresh_token?: string;
}

export interface CliConfig {
  api_url?: string;
  format?: 'table' | 'json' | 'csv';
  api_key?: string;
  session?: StoredSession;
}

/** The settings a user may set with `pynomaly config set`. */
export const SETTABLE = ['api_url', 'format', 'api_key'] as const;

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PYNOMALY_CONFIG) return env.PYNOMALY_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'pynomaly', 'config.json');
}

export function loadConfig(path = configPath()): CliConfig {
  if (!existsSync(path)) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as CliConfig;
}

export function saveConfig(config: CliConfig, path = configPath()): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}
