import { BatchGetCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './aws/dynamodb';
import { required } from './config';

const minuteOf = (ms: number) => new Date(ms).toISOString().slice(0, 16);

export interface TrafficWindow {
  minutes: number;
  requests: number;
  errors: number;
  latency_ms_total: number;
}

/** One minute's counts; `minute` is `YYYY-MM-DDTHH:MM` (UTC). */
export interface TrafficMinute {
  minute: string;
  requests: number;
  errors: number;
  latency_ms_total: number;
}

/**
 * Per-minute request counters shared by every Lambda (one item a minute, kept two days):
 * what `GET /api/v1/performance/metrics` reports as request rate, latency and error rate, and
 * `GET /api/v1/performance/monitor` minute by minute.
 */
export class RequestMetrics {
  constructor(
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly tableName: string = required('TABLE_NAME'),
  ) {}

  async record(status: number, latencyMs: number, now = Date.now()): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `METRICS#${minuteOf(now)}`, sk: 'API' },
        UpdateExpression:
          'ADD requests :one, errors :error, latency_ms_total :latency SET expires_at = :expires',
        ExpressionAttributeValues: {
          ':one': 1,
          ':error': status >= 500 ? 1 : 0,
          ':latency': Math.round(latencyMs),
          ':expires': Math.floor(now / 1000) + 2 * 86_400,
        },
      }),
    );
  }

  /** Totals over the last `minutes` whole minutes (the current one included). */
  async window(minutes: number, now = Date.now()): Promise<TrafficWindow> {
    const series = await this.perMinute(minutes, now);
    const sum = (field: 'requests' | 'errors' | 'latency_ms_total') =>
      series.reduce((total, minute) => total + minute[field], 0);
    return {
      minutes,
      requests: sum('requests'),
      errors: sum('errors'),
      latency_ms_total: sum('latency_ms_total'),
    };
  }

  /** Each of the last `minutes` whole minutes (the current one last), zero where nothing was counted. */
  async perMinute(minutes: number, now = Date.now()): Promise<TrafficMinute[]> {
    const labels = Array.from({ length: minutes }, (_, i) => minuteOf(now - (minutes - 1 - i) * 60_000));
    const out = await this.client.send(
      new BatchGetCommand({
        RequestItems: { [this.tableName]: { Keys: labels.map((m) => ({ pk: `METRICS#${m}`, sk: 'API' })) } },
      }),
    );
    const byKey = new Map((out.Responses?.[this.tableName] ?? []).map((item) => [String(item.pk), item]));
    return labels.map((minute) => {
      const item = byKey.get(`METRICS#${minute}`);
      return {
        minute,
        requests: Number(item?.requests ?? 0),
        errors: Number(item?.errors ?? 0),
        latency_ms_total: Number(item?.latency_ms_total ?? 0),
      };
    });
  }
}
