/** `login` (password, then a second factor when the account has one), `logout`, `whoami`. */
import { input, password as passwordPrompt } from '@inquirer/prompts';
import type { Command } from 'commander';
import { MfaRequiredError, unwrap } from 'pynomaly-js';
import { loadConfig, saveConfig } from '../config';
import type { Context, Run } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { renderRecord } from '../output';

async function ask(context: Context, what: string, secret = false): Promise<string> {
  if (!context.interactive || !process.stdin.isTTY)
    throw new CliError(`${what} is required (no terminal to ask on)`, EXIT.usage);
  return secret ? passwordPrompt({ message: `${what}:`, mask: '*' }) : input({ message: `${what}:` });
}

export function authCommands(program: Command, run: Run): void {
  program
    .command('login')
    .description('Sign in and keep the session in the config file (asks for what is not given)')
    .option('-u, --username <username>')
    .option(
      '-p, --password <password>',
      'prefer the prompt: a password on the command line stays in shell history',
    )
    .option('--mfa-code <code>', 'the current code of the second factor, when the account has one')
    .action(
      run(async (context: Context, options: { username?: string; password?: string; mfaCode?: string }) => {
        const username = options.username ?? (await ask(context, 'Username'));
        const password = options.password ?? (await ask(context, 'Password', true));
        let session: Awaited<ReturnType<typeof context.client.login>>;
        try {
          session = await context.client.login({ username, password, mfaCode: options.mfaCode });
        } catch (error) {
          if (!(error instanceof MfaRequiredError) || !error.challenge) throw error;
          const code = await ask(context, `Code (${error.challenge.method})`);
          session = await context.client.verifyMfa({ ...error.challenge, code });
        }
        const config = loadConfig();
        saveConfig({
          ...config,
          api_url: context.client.baseUrl,
          session: { username, access_token: session.access_token, refresh_token: session.refresh_token },
        });
        process.stderr.write(`Signed in as ${username} at ${context.client.baseUrl}\n`);
      }),
    );

  program
    .command('logout')
    .description('End the sign-in: its tokens stop working and leave the config file')
    .action(
      run(async (context: Context) => {
        if (context.config.session) await context.client.logout().catch(() => undefined);
        const { session: _, ...rest } = loadConfig();
        saveConfig(rest);
        process.stderr.write('Signed out\n');
      }),
    );

  program
    .command('whoami')
    .description('Who the API says you are: role, scopes, rate tier, MFA')
    .action(
      run(async (context: Context) => {
        const me = await unwrap(context.client.api.GET('/api/v1/auth/me'));
        console.log(renderRecord(me as Record<string, unknown>, context.format));
      }),
    );
}
