import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { postOnce } from './send';
import { checkTarget, type Resolver, refusedAddress, UnsafeTargetError } from './ssrf';

const noAllowlist = { allowlist: [] };
const publicDns: Resolver = async () => [{ address: '93.184.215.14', family: 4 }];

/** Every payload must be refused before any request is made. */
const payloads = [
  'http://127.0.0.1/',
  'http://127.1/',
  'http://localhost/',
  'http://[::1]/',
  'http://0.0.0.0/',
  'http://[::]/',
  'http://10.0.0.1/',
  'http://172.16.5.4/',
  'http://172.31.255.255/',
  'http://192.168.1.1/',
  'http://169.254.169.254/latest/meta-data/',
  'http://169.254.170.2/v2/credentials',
  'http://[fd00:ec2::254]/',
  'http://100.64.0.1/',
  'http://100.127.255.254/',
  'http://224.0.0.1/',
  'http://[ff02::1]/',
  'http://[fe80::1]/',
  'http://[fc00::1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:169.254.169.254]/',
  'http://[::ffff:a9fe:a9fe]/',
  'http://2130706433/',
  'http://0x7f000001/',
  'http://0x7f.0.0.1/',
  'http://0177.0.0.1/',
  'http://017700000001/',
  'http://3232235777/',
  'http://2852039166/',
  'http://example.com@127.0.0.1/',
  'http://user:pass@example.com/',
  'ftp://example.com/',
  'file:///etc/passwd',
  'gopher://example.com/',
  'javascript:alert(1)',
  'not a url',
  'http://intranet/',
];

describe('webhook target checks', () => {
  it.each(payloads)('refuses %s at registration', async (url) => {
    await expect(checkTarget(url, noAllowlist, publicDns)).rejects.toBeInstanceOf(UnsafeTargetError);
  });

  it.each([['10.1.2.3'], ['127.0.0.1'], ['169.254.169.254'], ['fd00:ec2::254'], ['::ffff:10.0.0.1']])(
    'refuses a public name that resolves to %s',
    async (address) => {
      const resolve: Resolver = async () => [{ address, family: address.includes(':') ? 6 : 4 }];
      await expect(checkTarget('https://hooks.example.com/in', noAllowlist, resolve)).rejects.toThrow(
        /forbidden address/,
      );
    },
  );

  it('refuses a name when any of its addresses is forbidden', async () => {
    const resolve: Resolver = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ];
    await expect(checkTarget('https://hooks.example.com/', noAllowlist, resolve)).rejects.toThrow();
  });

  it('accepts public https and http endpoints', async () => {
    await expect(checkTarget('https://hooks.example.com/in', noAllowlist, publicDns)).resolves.toBeInstanceOf(
      URL,
    );
    await expect(checkTarget('http://93.184.215.14:8080/', noAllowlist, publicDns)).resolves.toBeInstanceOf(
      URL,
    );
  });

  it('lets only allowlisted host:port pairs reach loopback, and nothing private', async () => {
    const policy = { allowlist: ['127.0.0.1:9999', 'localhost:9998'] };
    const loopback: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    await expect(checkTarget('http://127.0.0.1:9999/hook', policy, loopback)).resolves.toBeInstanceOf(URL);
    await expect(checkTarget('http://localhost:9998/hook', policy, loopback)).resolves.toBeInstanceOf(URL);
    await expect(checkTarget('http://127.0.0.1:9997/hook', policy, loopback)).rejects.toThrow();
    const privateDns: Resolver = async () => [{ address: '10.0.0.1', family: 4 }];
    await expect(checkTarget('http://localhost:9998/hook', policy, privateDns)).rejects.toThrow();
  });

  it('classifies addresses with ipaddr.js', () => {
    expect(refusedAddress('8.8.8.8')).toBeUndefined();
    expect(refusedAddress('2606:4700:4700::1111')).toBeUndefined();
    expect(refusedAddress('127.0.0.1')).toMatch(/loopback/);
    expect(refusedAddress('127.0.0.1', true)).toBeUndefined();
    expect(refusedAddress('10.0.0.1', true)).toMatch(/private/);
  });
});

describe('sending to a checked address only', () => {
  it('refuses at send a name that now resolves to loopback (DNS rebinding): no connection is made', async () => {
    let connections = 0;
    const server = createServer((_req, res) => res.end('ok'));
    server.on('connection', () => {
      connections++;
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    // Public at registration, loopback when the socket resolves it.
    const rebinding: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const outcome = await postOnce(`http://rebind.example.com:${port}/`, {}, '{}', {
      allowlist: [],
      timeoutMs: 2000,
      resolve: rebinding,
    });
    server.close();
    expect(outcome.ok).toBe(false);
    expect(outcome.status_code).toBeNull();
    expect(outcome.error).toMatch(/Refused to connect/);
    expect(connections).toBe(0);
  });

  it('refuses a literal forbidden address at send', async () => {
    const outcome = await postOnce('http://169.254.169.254/latest/meta-data/', {}, '{}', {
      allowlist: [],
      timeoutMs: 2000,
    });
    expect(outcome).toMatchObject({ ok: false, status_code: null });
  });

  it('posts to an allowlisted receiver, does not follow redirects and caps the answer', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
        return;
      }
      res.writeHead(200);
      res.end('x'.repeat(200_000));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const options = { allowlist: [`127.0.0.1:${port}`], timeoutMs: 2000 };
    const ok = await postOnce(`http://127.0.0.1:${port}/`, {}, '{}', options);
    const redirected = await postOnce(`http://127.0.0.1:${port}/redirect`, {}, '{}', options);
    server.close();
    expect(ok).toMatchObject({ ok: true, status_code: 200 });
    expect(ok.response_body?.length).toBeLessThanOrEqual(1024);
    expect(redirected).toMatchObject({ ok: false, status_code: 302, error: 'Redirects are not followed' });
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const server = createServer(() => {
      // never answers
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const outcome = await postOnce(`http://127.0.0.1:${port}/`, {}, '{}', {
      allowlist: [`127.0.0.1:${port}`],
      timeoutMs: 300,
    });
    server.closeAllConnections();
    server.close();
    expect(outcome).toMatchObject({ ok: false, status_code: null, error: 'No answer within 300 ms' });
  });
});
