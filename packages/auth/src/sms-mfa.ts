import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { AuthenticationError, RateLimitError, sha256, snsClient, ValidationError } from '@pynomaly/core';
import { Table } from '@pynomaly/store';
import type { Tokens } from './login';

const CODE_TTL_SECONDS = 300;
const MAX_ATTEMPTS = 5;
const E164 = /^\+[1-9]\d{7,14}$/;

const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
const digest = (salt: string, code: string) => Buffer.from(sha256(`${salt}:${code}`), 'hex');

/** Shows the last digits only, as Cognito does. */
export const maskPhone = (phone: string) =>
  `${phone.slice(0, 3)}${'*'.repeat(Math.max(0, phone.length - 5))}${phone.slice(-2)}`;

interface PendingCode {
  pk: string;
  sk: string;
  code_sha256: string;
  attempts: number;
  expires_at: number;
}

/**
 * SMS as a second factor, run by us because cognito-local cannot deliver Cognito's own SMS
 * MFA (ADR 0005). Codes go out through SNS (locally, an SNS stand-in that writes an outbox);
 * they are stored hashed, live five minutes and allow five attempts. At sign-in, the tokens
 * Cognito issued are held with the challenge and released only for the right code.
 */
export class SmsMfa {
  constructor(
    private readonly table: Table = new Table(),
    private readonly sns: SNSClient = snsClient(),
  ) {}

  /** Sends a code to the phone the user wants to use. */
  async enrol(userId: string, phone: string): Promise<{ code_sent_to: string }> {
    if (!E164.test(phone))
      throw new ValidationError('phone_number must be in E.164 form, e.g. +6591234567', [
        { field: 'phone_number', message: 'E.164' },
      ]);
    const code = newCode();
    await this.putPending({ pk: `MFA#${userId}`, sk: 'SMS_PENDING', phone }, userId, code);
    await this.send(phone, `Your Pynomaly verification code is ${code}`);
    return { code_sent_to: maskPhone(phone) };
  }

  /** Confirms the phone with its code; from then on sign-in asks for an SMS code. */
  async confirm(userId: string, code: string): Promise<void> {
    const key = { pk: `MFA#${userId}`, sk: 'SMS_PENDING' };
    const pending = await this.checkCode(key, userId, code);
    await this.table.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.table.name, Key: key } },
          {
            Put: {
              TableName: this.table.name,
              Item: {
                pk: `MFA#${userId}`,
                sk: 'SMS',
                entity: 'sms_mfa',
                phone: pending.phone,
                enabled_at: new Date().toISOString(),
              },
            },
          },
        ],
      }),
    );
  }

  /** The phone SMS MFA is on for, if any. */
  async phoneOf(userId: string): Promise<string | undefined> {
    const out = await this.table.client.send(
      new GetCommand({
        TableName: this.table.name,
        Key: { pk: `MFA#${userId}`, sk: 'SMS' },
        ConsistentRead: true,
      }),
    );
    return typeof out.Item?.phone === 'string' ? out.Item.phone : undefined;
  }

  async disable(userId: string): Promise<void> {
    await this.table.client.send(
      new DeleteCommand({ TableName: this.table.name, Key: { pk: `MFA#${userId}`, sk: 'SMS' } }),
    );
  }

  /** Holds the tokens of a password sign-in and texts a code; returns the challenge session. */
  async challenge(userId: string, phone: string, tokens: Tokens): Promise<string> {
    const session = `sms.${randomUUID()}`;
    const code = newCode();
    await this.putPending(
      { pk: `MFACHALLENGE#${session}`, sk: 'SMS', user_id: userId, tokens },
      session,
      code,
    );
    await this.send(phone, `Your Pynomaly sign-in code is ${code}`);
    return session;
  }

  /** The tokens held for a challenge, for the right code; the challenge is then spent. */
  async complete(session: string, code: string): Promise<Tokens> {
    const key = { pk: `MFACHALLENGE#${session}`, sk: 'SMS' };
    const pending = await this.checkCode(key, session, code);
    try {
      // Conditional, so two requests racing with the same code release the tokens once.
      await this.table.client.send(
        new DeleteCommand({
          TableName: this.table.name,
          Key: key,
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
        throw new AuthenticationError('The verification code or session has expired');
      }
      throw error;
    }
    return pending.tokens as Tokens;
  }

  private async putPending(
    item: Record<string, unknown> & { pk: string; sk: string },
    salt: string,
    code: string,
  ) {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: {
          ...item,
          entity: 'mfa_code',
          code_sha256: sha256(`${salt}:${code}`),
          attempts: 0,
          expires_at: Math.floor(Date.now() / 1000) + CODE_TTL_SECONDS,
        },
      }),
    );
  }

  private async checkCode(
    key: { pk: string; sk: string },
    salt: string,
    code: string,
  ): Promise<PendingCode & Record<string, unknown>> {
    const out = await this.table.client.send(
      new GetCommand({ TableName: this.table.name, Key: key, ConsistentRead: true }),
    );
    const pending = out.Item as (PendingCode & Record<string, unknown>) | undefined;
    if (!pending || pending.expires_at <= Date.now() / 1000)
      throw new AuthenticationError('The verification code or session has expired');
    if (pending.attempts >= MAX_ATTEMPTS)
      throw new RateLimitError('Too many wrong codes; start again', CODE_TTL_SECONDS);
    const expected = Buffer.from(pending.code_sha256, 'hex');
    if (!/^\d{6}$/.test(code) || !timingSafeEqual(expected, digest(salt, code))) {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: key,
          UpdateExpression: 'ADD attempts :one',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
      throw new AuthenticationError('Invalid verification code');
    }
    return pending;
  }

  private async send(phone: string, message: string): Promise<void> {
    await this.sns.send(
      new PublishCommand({
        PhoneNumber: phone,
        Message: message,
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      }),
    );
  }
}
