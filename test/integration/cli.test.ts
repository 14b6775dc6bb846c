/**
 * The `pynomaly` CLI as a user runs it, against the local stack: exit codes and output for
 * scripts (seed 002's detect on a local file, train, predict; seed 003's workflow: upload a
 * workbook, wait, list, review and export reports), and the interactive parts (password and
 * MFA prompts, `--interactive`) in a real terminal under tmux.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTotp, poster } from '../support/accounts';
import { createUser } from '../support/aws';
import { apiUrl, login } from '../support/client';
import { securityLogsWorkbook } from '../support/security-logs';
import { totp } from '../support/totp';

const BIN = join(process.cwd(), 'packages/cli/bin/pynomaly.js');
const home = mkdtempSync(join(tmpdir(), 'pynomaly-cli-'));
const work = mkdtempSync(join(tmpdir(), 'pynomaly-cli-files-'));
const env = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? '',
  HOME: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  PYNOMALY_API_URL: apiUrl(),
  NO_COLOR: '1',
  ...extra,
});

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pynomaly …` to its end, as a script would. */
function cli(args: string[], extra: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env(extra) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const json = <T = Record<string, unknown>>(ran: Ran): T => {
  expect(ran.code, ran.stderr).toBe(0);
  return JSON.parse(ran.stdout) as T;
};

/** A CSV with 200 ordinary rows and one far outside them (row 137). */
function plantedCsv(): string {
  const rows = ['temperature,pressure,humidity'];
  for (let i = 0; i < 200; i++) {
    const t = 20 + ((i * 37) % 11) / 10;
    rows.push(i === 137 ? '95,400,2' : `${t},${101 + ((i * 13) % 7) / 10},${40 + ((i * 7) % 9)}`);
  }
  return `${rows.join('\n')}\n`;
}

beforeAll(async () => {
  await createUser('cli-analyst', 'Cli-analyst-1');
});
afterAll(() => {
  execFileSync('tmux', ['-L', 'pynomaly-cli', 'kill-server'], { stdio: 'ignore' });
});

describe('pynomaly CLI (scripts)', () => {
  it('signs in, keeps the session in a private config file, and says who you are', async () => {
    const bad = await cli(['login', '--username', 'cli-analyst', '--password', 'wrong-password-1']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/Error:/);

    const ok = await cli(['login', '--username', 'cli-analyst', '--password', 'Cli-analyst-1']);
    expect(ok.code, ok.stderr).toBe(0);
    const file = join(home, '.config', 'pynomaly', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ session: { username: 'cli-analyst' } });

    expect(json(await cli(['whoami', '--format', 'json']))).toMatchObject({ username: 'cli-analyst' });
  });

  it("runs seed 002's detection on a local file, trains and predicts, in JSON and CSV", async () => {
    const csv = join(work, 'data.csv');
    writeFileSync(csv, plantedCsv());
    const detected = json<{ anomalies: Array<{ index: number }>; dataset_id: string }>(
      await cli(['detect', '--dataset', csv, '--format', 'json']),
    );
    expect(detected.anomalies.map((a) => a.index)).toContain(137);
    // The upload made for the call is gone after it.
    expect((await cli(['dataset', 'show', detected.dataset_id])).code).toBe(5);

    const model = json<{ id: string; status: string }>(
      await cli(['train', '--dataset', csv, '--name', 'cli-model', '--format', 'json']),
    );
    expect(model.status).toBe('trained');
    const predicted = json<{ predictions: number[] }>(
      await cli([
        'predict',
        '--model',
        model.id,
        '--data',
        '[[20.5,101.2,44],[95,400,2]]',
        '--format',
        'json',
      ]),
    );
    expect(predicted.predictions).toEqual([0, 1]);

    const models = await cli(['model', 'list', '--format', 'csv']);
    expect(models.code).toBe(0);
    expect(models.stdout.split('\n')[0]).toBe('id,name,algorithm,status,created_at');
    expect(models.stdout).toContain(model.id);
    expect((await cli(['model', 'show', 'no-such-model'])).code).toBe(5);
  });

  it("runs seed 003's workflow: upload a workbook and wait, list, review and export its reports", async () => {
    const workbook = join(work, 'security_logs.xlsx');
    writeFileSync(workbook, securityLogsWorkbook().file);
    const analysed = json<{ dataset_id: string; status: string }>(
      await cli(['dataset', 'upload', workbook, '--wait', '--format', 'json']),
    );
    expect(analysed.status).toBe('completed');

    const reports = json<Array<{ id: string; severity: string }>>(
      await cli(['report', 'list', '--dataset', analysed.dataset_id, '--format', 'json']),
    );
    expect(reports.length).toBeGreaterThan(0);
    const [first] = reports;
    const id = first?.id ?? '';
    expect(json(await cli(['report', 'show', id, '--format', 'json']))).toMatchObject({ id });

    const reviewed = await cli([
      'report',
      'review',
      id,
      '--verdict',
      'true_positive',
      '--reason',
      'Confirmed by the SOC',
      '--format',
      'json',
    ]);
    expect(json(reviewed)).toMatchObject({ verdict: 'true_positive' });

    const pdf = join(work, 'report.pdf');
    const exported = await cli(['report', 'export', id, '--out', pdf]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await cli(['report', 'export', id, '--out', join(work, 'report.txt')])).code).toBe(2);
    expect((await cli(['report', 'show', 'no-such-report'])).code).toBe(5);

    const table = await cli(['report', 'list', '--dataset', analysed.dataset_id]);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^ID\s+EFFECTIVE_SEVERITY\s+THREAT_TYPE\s+STATUS\s+ANOMALY_SCORE/,
    );
  }, 300_000);

  it('keeps settings, refuses unknown ones with a usage error, and completes commands in bash', async () => {
    expect((await cli(['config', 'set', 'format', 'json'])).code).toBe(0);
    expect((await cli(['config', 'get', 'format'])).stdout.trim()).toBe('json');
    expect(json(await cli(['config', 'list']))).toMatchObject({
      format: 'json',
      signed_in_as: 'cli-analyst',
    });
    expect((await cli(['config', 'set', 'colour', 'blue'])).code).toBe(2);
    expect((await cli(['config', 'unset', 'format'])).code).toBe(0);
    expect((await cli(['no-such-command'])).code).toBe(2);

    const script = (await cli(['completion', 'bash'])).stdout;
    const complete = (words: string) =>
      execFileSync(
        'bash',
        [
          '-c',
          `${script}\nCOMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _pynomaly; echo "\${COMPREPLY[@]}"`,
        ],
        { encoding: 'utf8' },
      ).trim();
    expect(complete('pynomaly dat')).toBe('dataset');
    expect(complete("pynomaly report ''").split(' ')).toEqual(
      expect.arrayContaining(['list', 'show', 'export', 'review']),
    );
  });

  it('ends the sign-in on logout: the next command is refused as signed out', async () => {
    expect((await cli(['logout'])).code).toBe(0);
    expect((await cli(['whoami'])).code).toBe(3);
  });
});

/** A terminal under tmux running `pynomaly …`, typed into as a person would. */
class Terminal {
  private static count = 0;
  readonly name = `cli${Terminal.count++}`;

  constructor(args: string[], extra: Record<string, string> = {}) {
    const vars = Object.entries(env(extra)).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    const command = `env ${vars.join(' ')} ${process.execPath} ${BIN} ${args.join(' ')}; echo "[exit $?]"; sleep 60`;
    execFileSync('tmux', [
      '-L',
      'pynomaly-cli',
      'new-session',
      '-d',
      '-s',
      this.name,
      '-x',
      '160',
      '-y',
      '40',
      command,
    ]);
  }

  screen(): string {
    return execFileSync('tmux', ['-L', 'pynomaly-cli', 'capture-pane', '-p', '-t', this.name], {
      encoding: 'utf8',
    });
  }

  type(text: string): void {
    execFileSync('tmux', ['-L', 'pynomaly-cli', 'send-keys', '-t', this.name, '-l', text]);
    execFileSync('tmux', ['-L', 'pynomaly-cli', 'send-keys', '-t', this.name, 'Enter']);
  }

  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`not on screen: ${pattern}\n${screen}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe('pynomaly CLI (in a terminal)', () => {
  it('asks for the username, the password (masked) and the code of an MFA account', async () => {
    await createUser('cli-mfa', 'Cli-mfa-user-1');
    const secret = await enrolTotp(poster(apiUrl()), await login('cli-mfa', 'Cli-mfa-user-1'));
    const terminal = new Terminal(['login']);
    await terminal.waitFor(/Username:/);
    terminal.type('cli-mfa');
    await terminal.waitFor(/Password:/);
    terminal.type('Cli-mfa-user-1');
    const asked = await terminal.waitFor(/Code \(/);
    expect(asked).not.toContain('Cli-mfa-user-1');
    terminal.type(totp(secret));
    expect(await terminal.waitFor(/\[exit \d+\]/)).toMatch(/Signed in as cli-mfa[\s\S]*\[exit 0\]/);
  });

  it('runs commands one after another in --interactive, each with its own exit code', async () => {
    const terminal = new Terminal(['--interactive']);
    await terminal.waitFor(/pynomaly>\s*$/m);
    terminal.type('whoami --format json');
    await terminal.waitFor(/"username": "cli-mfa"/);
    terminal.type('dataset show no-such-dataset');
    await terminal.waitFor(/Error: .*not found/i);
    terminal.type('exit');
    expect(await terminal.waitFor(/\[exit \d+\]/)).toContain('[exit 5]');
  });
});
