import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { REPORT_HISTORY_LIMIT, ReportRepository } from './reports';
import { Table } from './table';
import type { ReportRecord } from './types';

/** A document client that records each command's input and answers with `answer`. */
function client(answer: (input: Record<string, unknown>) => unknown = () => ({})) {
  const sent: Array<Record<string, unknown>> = [];
  const stub = {
    send: async (command: { input: Record<string, unknown> }) => {
      sent.push(command.input);
      return answer(command.input);
    },
  } as unknown as DynamoDBDocumentClient;
  return { stub, sent };
}

const report = (patch: Partial<ReportRecord> = {}) =>
  ({
    id: 'r1',
    tenant_id: 't1',
    dataset_id: 'd1',
    threat_type: 'Brute Force',
    status: 'triaged',
    ...patch,
  }) as ReportRecord;

const change = (field: string) => ({
  at: 'now',
  by: 'ana',
  by_user_id: 'u',
  field,
  from: null,
  to: 'x',
  reason: null,
});

type Transact = {
  TransactItems: Array<
    Record<
      string,
      {
        Key?: unknown;
        Item?: Record<string, unknown>;
        ConditionExpression?: string;
        ExpressionAttributeValues?: Record<string, unknown>;
      }
    >
  >;
};

describe('ReportRepository.review', () => {
  it('writes the report on its version, numbered history, counters and mark in one transaction', async () => {
    // Prepare
    const { stub, sent } = client();
    const reports = new ReportRepository(new Table(stub, 't'));

    // Act
    const updated = await reports.review(report({ history_seq: 3 }), {
      patch: { verdict: 'false_positive', counted_as: null },
      changes: [change('status'), change('verdict')],
      counted: { from: 'Brute Force', to: null },
      mark: { remove: 'sig1' },
    });

    // Assess
    const items = (sent[0] as Transact).TransactItems;
    expect(items.map((i) => Object.keys(i)[0])).toEqual(['Update', 'Put', 'Put', 'Update', 'Delete']);
    expect(items[0]?.Update).toMatchObject({
      Key: { pk: 'TENANT#t1', sk: 'REPORT#r1' },
      ConditionExpression: 'attribute_exists(pk) AND #seq = :seq',
      ExpressionAttributeValues: expect.objectContaining({ ':seq': 3 }),
    });
    expect(items[1]?.Put?.Item).toMatchObject({
      sk: 'HISTORY#r1#00000004',
      gsi1pk: 'TENANT#t1#DATASET#d1',
      seq: 4,
      field: 'status',
    });
    expect(items[2]?.Put?.Item).toMatchObject({ sk: 'HISTORY#r1#00000005', seq: 5 });
    expect(items[3]?.Update).toMatchObject({
      Key: { pk: 'TENANT#t1', sk: 'THREAT#Brute Force' },
      ExpressionAttributeValues: { ':by': -1 },
    });
    expect(items[4]?.Delete?.Key).toEqual({ pk: 'TENANT#t1', sk: 'PRIORITY#sig1#r1' });
    expect(updated).toMatchObject({ verdict: 'false_positive', history_seq: 5 });
  });

  it(`keeps the last ${REPORT_HISTORY_LIMIT} entries, deleting the oldest as new ones come`, async () => {
    const { stub, sent } = client();
    const reports = new ReportRepository(new Table(stub, 't'));
    await reports.review(report({ history_seq: REPORT_HISTORY_LIMIT }), {
      patch: { assigned_to: 'soc' },
      changes: [change('assigned_to')],
      counted: { from: 'Brute Force', to: 'Brute Force' },
    });
    const items = (sent[0] as Transact).TransactItems;
    expect(items.map((i) => Object.keys(i)[0])).toEqual(['Update', 'Put', 'Delete']);
    expect(items[2]?.Delete?.Key).toEqual({ pk: 'TENANT#t1', sk: 'HISTORY#r1#00000001' });
  });

  it('conditions the first update of a report on it having no history yet', async () => {
    const { stub, sent } = client();
    await new ReportRepository(new Table(stub, 't')).review(report(), {
      patch: { assigned_to: 'soc' },
      changes: [change('assigned_to')],
      counted: { from: 'Brute Force', to: 'Brute Force' },
    });
    expect((sent[0] as Transact).TransactItems[0]?.Update?.ConditionExpression).toBe(
      'attribute_exists(pk) AND (attribute_not_exists(#seq) OR #seq = :seq)',
    );
  });

  it('answers 409 when another update landed first, and 404 when the report is gone', async () => {
    const failure = Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException' });
    let exists = true;
    const { stub } = client((input) => {
      if ('TransactItems' in input) throw failure;
      return { Item: exists ? { pk: 'TENANT#t1', sk: 'REPORT#r1', id: 'r1' } : undefined };
    });
    const reports = new ReportRepository(new Table(stub, 't'));
    const review = {
      patch: { assigned_to: 'soc' },
      changes: [change('assigned_to')],
      counted: { from: null, to: null },
    };
    await expect(reports.review(report(), review)).rejects.toMatchObject({ statusCode: 409 });
    exists = false;
    await expect(reports.review(report(), review)).rejects.toMatchObject({ statusCode: 404 });
  });
});
