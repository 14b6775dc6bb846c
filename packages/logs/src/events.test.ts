import { describe, expect, it } from 'vitest';
import { classifyText } from './events';

const kinds = (text: string) => classifyText(text).kinds;

describe('classifyText', () => {
  it.each([
    ['Failed password for invalid user admin from 1.2.3.4 port 22 ssh2', ['unknown_account', 'auth_failure']],
    [
      'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4',
      ['auth_failure'],
    ],
    ['check pass; user unknown', ['unknown_account', 'auth_failure']],
    ['FAILED LOGIN 1 FROM (null) FOR bob, Authentication failure', ['auth_failure']],
    ['login_failed', ['auth_failure']],
    ['An account failed to log on (4625)', ['auth_failure']],
    ['no such user ghost', ['unknown_account']],
  ])('reads a failure in %s', (text, expected) => {
    for (const k of expected) expect(kinds(text)).toContain(k);
    expect(kinds(text)).not.toContain('auth_success');
  });

  it.each([
    ['Accepted password for root from 1.2.3.4 port 22 ssh2', ['auth_success', 'privileged_login']],
    ['ROOT LOGIN ON tty2', ['auth_success', 'privileged_login']],
    ['ANONYMOUS FTP LOGIN FROM 84.102.20.2, (anonymous)', ['auth_success', 'anonymous_login']],
    ['login_success', ['auth_success']],
    ['session opened for user root by LOGIN(uid=0)', ['auth_success', 'privileged_login']],
  ])('reads a success in %s', (text, expected) => {
    for (const k of expected) expect(kinds(text)).toContain(k);
  });

  it('reads cron and su sessions as automated, not as logins', () => {
    const cron = kinds('crond(pam_unix) | session opened for user root by (uid=0)');
    expect(cron).toContain('automated_session');
    expect(cron).not.toContain('privileged_login');
    expect(cron).not.toContain('auth_success');
  });

  it('counts repeated messages as several attempts', () => {
    expect(
      classifyText('message repeated 5 times: [ Failed password for root from 1.2.3.4 port 2 ssh2]').repeats,
    ).toBe(5);
    expect(classifyText('PAM 2 more authentication failures; rhost=1.2.3.4 user=root').repeats).toBe(2);
  });

  it('records nothing for routine lines and refuses to read past 2,000 characters', () => {
    expect(kinds('Mozilla/5.0 (Windows NT 10.0; Win64; x64)')).toEqual([]);
    expect(kinds('cache refreshed (12481 keys, 148ms)')).toEqual([]);
    expect(kinds(`${'x '.repeat(1500)} failed password`)).toEqual([]);
  });

  it.each([
    ['Directory index forbidden by rule: /var/www/html/', 'probe'],
    ['caught SIGTERM, shutting down', 'service_lifecycle'],
    ['DROP TABLE patients', 'destructive'],
    ['export_records', 'export'],
    ['sudo: alice : TTY=pts/0 ; USER=root ; COMMAND=/bin/bash', 'privilege_change'],
    ['GET /admin 403', 'denied'],
  ])('reads %s as %s', (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });
});
