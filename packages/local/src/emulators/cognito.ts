import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { LocalSettings } from '../settings';
import { waitForPort } from './wait';

/**
 * cognito-local in a child process (it keeps its pools under `<home>/cognito/.cognito`),
 * started by cognito-start.cjs, which keeps the refresh tokens of MFA sign-ins as Cognito does.
 * Its default of e-mail usernames is turned off so the seeded user can be called `admin`.
 */
export async function startCognito(settings: LocalSettings): Promise<ChildProcess> {
  const cwd = join(settings.home, 'cognito');
  mkdirSync(join(cwd, '.cognito'), { recursive: true });
  writeFileSync(
    join(cwd, '.cognito', 'config.json'),
    JSON.stringify({
      UserPoolDefaults: { UsernameAttributes: [] },
      TokenConfig: { IssuerDomain: `http://${settings.host}:${settings.ports.cognito}` },
    }),
  );
  const entry = createRequire(import.meta.url).resolve('./cognito-start.cjs');
  const child = spawn(process.execPath, [entry], {
    cwd,
    env: { ...process.env, PORT: String(settings.ports.cognito), HOST: settings.host },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForPort(settings.ports.cognito, settings.host);
  return child;
}
