import { Random } from './random';

/**
 * Gaussian blob with planted outliers for tests: n rows of N(0, 1)^d from a seeded
 * Box–Muller stream, then each of `outliers` rows moved far out on `feature` only, so the
 * feature that makes them anomalous is known.
 */
export function blobWithOutliers(
  n: number,
  d: number,
  outliers: number[],
  feature: number,
  seed = 7,
): { data: Float64Array; n: number; d: number } {
  const rng = new Random(seed);
  const data = new Float64Array(n * d);
  for (let k = 0; k < data.length; k++) data[k] = gaussian(rng);
  // Spread apart so they are isolated one by one, not masked as a tight cluster.
  outliers.forEach((i, k) => {
    data[i * d + feature] = 10 + 5 * k;
  });
  return { data, n, d };
}

/** One standard normal draw (Box–Muller). */
export function gaussian(rng: Random): number {
  const u = 1 - rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

/** Rows of the office access log used by the tabular tests; `planted` lists the injected rows. */
export interface AccessLog {
  headers: string[];
  rows: Array<Array<string | number>>;
  planted: number[];
}

/**
 * 300 ordinary office-hours accesses (15 users, weekdays 09:00–17:00, ~N(50, 10) records,
 * internal 10.0.x.x addresses, Singapore, a few actions) in time order, with three
 * exfiltration-like rows planted among them: 15000 records at 03:15 from 185.220.101.42
 * in Moscow.
 */
export function accessLog(seed = 11): AccessLog {
  const rng = new Random(seed);
  const actions = ['view', 'edit', 'download', 'search'];
  const weekdays: string[] = [];
  for (let day = 3; day <= 28; day++) {
    const date = new Date(Date.UTC(2025, 10, day));
    if (date.getUTCDay() % 6 !== 0) weekdays.push(date.toISOString().slice(0, 10));
  }
  const pad = (x: number) => String(x).padStart(2, '0');
  const normal = Array.from({ length: 300 }, () => {
    const minute = 9 * 60 + rng.nextInt(8 * 60);
    const stamp = `${weekdays[rng.nextInt(weekdays.length)]}T${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:${pad(rng.nextInt(60))}Z`;
    return [
      `user${rng.nextInt(15)}@example.com`,
      stamp,
      Math.max(1, Math.round(50 + 10 * gaussian(rng))),
      `10.0.${rng.nextInt(256)}.${1 + rng.nextInt(254)}`,
      'Singapore',
      actions[rng.nextInt(actions.length)]!,
    ];
  });
  normal.sort((a, b) => String(a[1]).localeCompare(String(b[1])));
  const planted = [57, 150, 271];
  const rows: Array<Array<string | number>> = [...normal];
  for (const [k, at] of planted.entries()) {
    const day = String(rows[at]![1]).slice(0, 10);
    rows.splice(at, 0, [
      `user${k}@example.com`,
      `${day}T03:15:00Z`,
      15000,
      '185.220.101.42',
      'Moscow, Russia',
      'download',
    ]);
  }
  return {
    headers: ['user_email', 'timestamp', 'records_accessed', 'source_ip', 'location', 'action'],
    rows,
    planted,
  };
}
