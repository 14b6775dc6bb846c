/**
 * Incident-free logs: what a rule must stay quiet on. Both carry the things that look alarming
 * out of context but are ordinary — retries, slow queries, nightly restarts, mod_jk's endless
 * "error state", clients hitting a forbidden index.
 */
import {
  ALWAYS_ON,
  at,
  ctime,
  DAY,
  HOUR,
  isoSpace,
  type LogSheet,
  OFFICE_HOURS,
  PidPool,
  type PidRef,
  publicIp,
  Rng,
  Timeline,
} from './log-fixtures-core';

export type NoTruth = Record<string, never>;

const ROWS = 2000;

const SERVICE_EPOCH = Date.UTC(2024, 4, 14, 0, 0, 0);
const API_HOSTS = ['api-01', 'api-02', 'api-03'];
const STAFF = ['alice', 'bob', 'carol', 'dmitri', 'erin', 'fwang', 'gpatel', 'hkim', 'ivan', 'jo'];
const JOBS = [
  { name: 'nightly-backup', at: 2 * HOUR, seconds: [240, 420] },
  { name: 'invoice-export', at: 6 * HOUR, seconds: [35, 90] },
  { name: 'report-digest', at: 7 * HOUR + 30 * 60, seconds: [8, 25] },
  { name: 'search-reindex', at: 23 * HOUR + 15 * 60, seconds: [600, 1100] },
] as const;

/** Two days of a small order service, round the clock, with nothing wrong in it. */
export function normalServerLog(): LogSheet<NoTruth> {
  const rng = new Rng(0xb0_a7d);
  const timeline = new Timeline();
  const log = (t: number, host: string, service: string, level: string, message: string) =>
    timeline.add(t, () => [host, service, level, message]);
  const span = 2.4 * DAY;
  const peak = Math.max(...ALWAYS_ON);

  // Requests thinned from a constant-rate stream, so the daily curve shapes arrivals.
  for (let t = rng.exp(68); t < span; t += rng.exp(68)) {
    if (!rng.chance(at(ALWAYS_ON, Math.floor((t % DAY) / HOUR)) / peak)) continue;
    const host = rng.pick(API_HOSTS);
    const kind = rng.weighted([
      ['get', 34],
      ['list', 22],
      ['search', 8],
      ['post', 12],
      ['put', 6],
      ['health', 10],
      ['missing', 3],
      ['retry', 2],
    ] as const);
    const ms = (lo: number, hi: number) => Math.round(lo + rng.exp((hi - lo) / 3));
    const id = rng.int(10_000, 99_999);
    if (kind === 'get') log(t, host, 'orders-api', 'INFO', `GET /api/orders/${id} 200 ${ms(8, 90)}ms`);
    if (kind === 'list') {
      const path = rng.pick([
        `/api/products?page=${rng.int(1, 40)}`,
        `/api/customers/${id}/orders`,
        '/api/categories',
      ]);
      log(t, host, 'orders-api', 'INFO', `GET ${path} 200 ${ms(12, 140)}ms`);
    }
    if (kind === 'search') {
      const q = rng.pick(['usb-c', 'desk+lamp', 'monitor', 'chair', 'hdmi', 'notebook', 'ssd+1tb']);
      log(t, host, 'orders-api', 'INFO', `GET /api/search?q=${q} 200 ${ms(30, 320)}ms`);
    }
    if (kind === 'put')
      log(t, host, 'orders-api', 'INFO', `PUT /api/orders/${id}/status 204 ${ms(15, 120)}ms`);
    if (kind === 'post') log(t, host, 'orders-api', 'INFO', `POST /api/orders 201 ${ms(40, 260)}ms`);
    if (kind === 'health') log(t, host, 'orders-api', 'DEBUG', `GET /healthz 200 ${rng.int(0, 3)}ms`);
    if (kind === 'missing') log(t, host, 'orders-api', 'INFO', `GET /api/orders/${id} 404 ${ms(4, 20)}ms`);
    if (kind === 'retry') {
      const attempt = rng.int(1, 2);
      log(
        t,
        host,
        'payments-worker',
        'WARN',
        `payments-gateway returned 503, retrying in ${attempt * 2}s (attempt ${attempt}/3)`,
      );
      log(
        t + attempt * 2 + 1,
        host,
        'payments-worker',
        'INFO',
        `charge ch_${id.toString(36)}${rng.int(100, 999)} captured after retry`,
      );
    }
  }

  // People sign in during the day from the office ranges and sign out hours later.
  for (let day = 0; day * DAY < span; day++) {
    for (const user of STAFF) {
      for (let n = rng.int(1, 3); n > 0; n--) {
        const t = day * DAY + rng.timeOfDay(OFFICE_HOURS);
        const host = rng.pick(API_HOSTS);
        log(t, host, 'auth', 'INFO', `user ${user} logged in from 10.1.${rng.int(2, 9)}.${rng.int(10, 250)}`);
        const end = t + rng.int(20 * 60, 5 * HOUR);
        log(
          end,
          host,
          'auth',
          'INFO',
          rng.chance(0.7) ? `user ${user} logged out` : `session expired for user ${user}`,
        );
      }
    }
    for (const job of JOBS) {
      const t = day * DAY + job.at + rng.int(0, 4);
      const took = rng.int(job.seconds[0], job.seconds[1]);
      log(t, 'worker-01', 'scheduler', 'INFO', `job ${job.name} started`);
      log(t + took, 'worker-01', 'scheduler', 'INFO', `job ${job.name} completed in ${took}s`);
    }
  }

  // Housekeeping on fixed periods: cache refresh, hourly tmp cleanup, the odd slow query.
  for (let t = 7; t < span; t += 600) {
    log(
      t + rng.int(0, 3),
      'cache-01',
      'cache',
      'INFO',
      `cache refreshed (${rng.int(11_800, 13_400)} keys, ${rng.int(90, 420)}ms)`,
    );
    if (rng.chance(0.2))
      log(t + rng.int(30, 300), 'cache-01', 'cache', 'INFO', `evicted ${rng.int(40, 900)} expired keys`);
  }
  for (let t = HOUR + 30; t < span; t += HOUR) {
    log(t, 'worker-01', 'scheduler', 'INFO', `job cleanup-tmp completed in ${rng.int(1, 9)}s`);
  }
  for (let t = rng.exp(3 * HOUR); t < span; t += rng.exp(3 * HOUR)) {
    const ms = rng.int(1_050, 2_400);
    log(
      t,
      'db-01',
      'postgres',
      'WARN',
      `slow query (${ms}ms): SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC`,
    );
  }
  for (let t = rng.exp(5 * HOUR); t < span; t += rng.exp(5 * HOUR)) {
    log(
      t,
      rng.pick(API_HOSTS),
      'orders-api',
      'WARN',
      `connection pool ${rng.int(75, 88)}% utilized (${rng.int(30, 35)}/40)`,
    );
  }

  return {
    name: 'service-log',
    headers: ['timestamp', 'host', 'service', 'level', 'message'],
    rows: timeline.take(ROWS).map((line) => [isoSpace(SERVICE_EPOCH, line.t), ...line.cells]),
    truth: {},
  };
}

// A Sunday, as in Loghub's Apache sample, just after the 04:0x logrotate restart.
const APACHE_EPOCH = Date.UTC(2005, 11, 4, 4, 47, 44);
const WORKERS = 'workerEnv.init() ok /etc/httpd/conf/workers2.properties';
const RESTART_NOTICES = [
  'Digest: generating secret for digest authentication ...',
  'Digest: done',
  'LDAP: Built with OpenLDAP LDAP SDK',
  'LDAP: SSL support unavailable',
  'mod_python: Creating 32 session mutexes based on 150 max processes and 0 max threads.',
  'Apache/2.0.49 (Fedora) configured -- resuming normal operations',
];
const JNI_ERRORS = [
  'env.createBean2(): Factory error creating channel.jni:jni ( channel.jni, jni)',
  "config.update(): Can't create channel.jni:jni",
  'env.createBean2(): Factory error creating vm: ( vm, )',
  "config.update(): Can't create vm:",
  'env.createBean2(): Factory error creating worker.jni:onStartup ( worker.jni, onStartup)',
  "config.update(): Can't create worker.jni:onStartup",
  'env.createBean2(): Factory error creating worker.jni:onShutdown ( worker.jni, onShutdown)',
  "config.update(): Can't create worker.jni:onShutdown",
];

/** Two-odd days of Apache 2.0 with mod_jk2 spawning children and whining about it. */
export function apacheErrorLog(): LogSheet<NoTruth> {
  const rng = new Rng(0xa9ac_4e);
  const timeline = new Timeline();
  const pids = new PidPool();
  const log = (t: number, level: 'notice' | 'error', content: string | (() => string)) =>
    timeline.add(t, () => [level, typeof content === 'string' ? content : content()]);
  const span = 2.6 * DAY;
  const peak = Math.max(...ALWAYS_ON);

  const spawned: PidRef[] = [];
  const spawn = (t: number, children: number): void => {
    const refs = Array.from({ length: children }, (_, i) => pids.at(t + i));
    spawned.push(...refs);
    refs.forEach((ref, i) => {
      const slot = rng.int(6, 11);
      if (rng.chance(0.02)) {
        log(t + i, 'error', () => `jk2_init() Can't find child ${ref.pid} in scoreboard`);
        log(t + i, 'error', 'mod_jk child init 1 -2');
      } else {
        log(t + i, 'notice', () => `jk2_init() Found child ${ref.pid} in scoreboard slot ${slot}`);
      }
    });
    const settled = t + children + rng.int(0, 2);
    for (let i = 0; i < children; i++) log(settled, 'notice', WORKERS);
    for (let i = 0; i < children; i++) {
      log(
        settled + rng.int(0, 1),
        'error',
        `mod_jk child workerEnv in error state ${rng.weighted([
          [6, 8],
          [7, 2],
          [8, 1],
        ] as const)}`,
      );
    }
  };

  const restart = (t: number): void => {
    log(t, 'notice', 'caught SIGTERM, shutting down');
    for (const [i, notice] of RESTART_NOTICES.entries()) log(t + 2 + Math.floor(i / 3), 'notice', notice);
    spawn(t + 3, rng.int(5, 8));
    for (const error of JNI_ERRORS) log(t + 4, 'error', error);
  };

  spawn(0, 3);
  for (let day = 1; day * DAY < span + 4 * HOUR; day++) {
    // logrotate's cron.daily slot, counted from the sample's 04:47:44 start.
    restart(day * DAY - 45 * 60 + rng.int(0, 300));
  }

  // Load brings new children in small groups; the rate follows traffic.
  for (let t = rng.exp(400); t < span; t += rng.exp(400)) {
    const hour = Math.floor(((t + 4 * HOUR + 47 * 60) % DAY) / HOUR);
    if (!rng.chance(at(ALWAYS_ON, hour) / peak)) continue;
    spawn(
      t,
      rng.weighted([
        [1, 5],
        [2, 4],
        [3, 2],
        [4, 1],
      ] as const),
    );
  }

  const browsers = Array.from({ length: 90 }, () => publicIp(rng));
  for (let t = rng.exp(2400); t < span; t += rng.exp(2400)) {
    const client = rng.pickSkewed(browsers);
    const content = rng.weighted([
      [`[client ${client}] Directory index forbidden by rule: /var/www/html/`, 8],
      [`[client ${client}] File does not exist: /var/www/html/favicon.ico`, 2],
      [`[client ${client}] File does not exist: /var/www/html/robots.txt`, 1],
    ] as const);
    log(t, 'error', content);
  }
  for (let n = 0; n < 3; n++) {
    const ref = rng.pick(spawned);
    log(
      ref.t + rng.int(600, 9000),
      'notice',
      () => `child pid ${ref.pid} exit signal Segmentation fault (11)`,
    );
  }
  pids.assign(rng, 6_710, 14);

  return {
    name: 'apache-error',
    headers: ['LineId', 'Time', 'Level', 'Content'],
    rows: timeline.take(ROWS).map((line, i) => [i + 1, ctime(APACHE_EPOCH, line.t), ...line.cells]),
    truth: {},
  };
}
