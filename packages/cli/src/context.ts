/**
 * What every command works with: the API client (from `--api-url`, `PYNOMALY_API_URL`, the
 * config file, in that order; credentials from `--api-key`, `PYNOMALY_API_KEY`, the config's
 * key or its sign-in), the output format, and the config to save a refreshed sign-in back to.
 */
import { PynomalyClient } from 'pynomaly-js';
import { type CliConfig, configPath, loadConfig, saveConfig } from './config';
import type { Format } from './output';

export interface GlobalOptions {
  apiUrl?: string;
  apiKey?: string;
  format?: Format;
}

export interface Context {
  client: PynomalyClient;
  format: Format;
  config: CliConfig;
  /** Writes the client's current sign-in (it may have been refreshed) back to the config. */
  persist(): void;
  /** Whether stderr is a terminal (progress bars, prompts). */
  interactive: boolean;
}

/** Wraps a command's action: it gets the context of the global options, and its sign-in is kept. */
export type Run = (
  // biome-ignore lint/suspicious/noExplicitAny: commander passes each action its own argument types
  action: (context: Context, ...args: any[]) => Promise<void>,
) => (...args: unknown[]) => Promise<void>;

export const DEFAULT_API_URL = 'http://127.0.0.1:8000';

export function createContext(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Context {
  const path = configPath(env);
  const config = loadConfig(path);
  const apiUrl = options.apiUrl ?? env.PYNOMALY_API_URL ?? config.api_url ?? DEFAULT_API_URL;
  const apiKey = options.apiKey ?? env.PYNOMALY_API_KEY ?? config.api_key;
  const session = apiKey ? undefined : config.session;
  const client = new PynomalyClient({
    baseUrl: apiUrl,
    ...(apiKey ? { apiKey } : {}),
    ...(session ? { token: session.access_token, refreshToken: session.refresh_token } : {}),
  });
  const format = options.format ?? (env.PYNOMALY_FORMAT as Format | undefined) ?? config.format ?? 'table';
  return {
    client,
    format,
    config,
    interactive: Boolean(process.stderr.isTTY),
    persist() {
      const tokens = client.tokens;
      if (!session || !tokens || tokens.access_token === session.access_token) return;
      saveConfig(
        {
          ...loadConfig(path),
          session: { ...session, access_token: tokens.access_token, refresh_token: tokens.refresh_token },
        },
        path,
      );
    },
  };
}
