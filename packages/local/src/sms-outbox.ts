import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname } from 'node:path';
import type { LocalSettings } from './settings';

/**
 * The SNS stand-in: answers `Publish` (SNS speaks the AWS Query protocol: a form-encoded body
 * and an XML answer) by appending the text message to an outbox file instead of a phone.
 */
export async function startSmsOutbox(settings: LocalSettings, outbox: string): Promise<Server> {
  mkdirSync(dirname(outbox), { recursive: true });
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const requestId = randomUUID();
    if (form.get('Action') !== 'Publish' || !form.get('PhoneNumber')) {
      res.writeHead(400, { 'Content-Type': 'text/xml' });
      res.end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>Only Publish to a PhoneNumber is supported locally</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
      return;
    }
    const messageId = randomUUID();
    const record = {
      message_id: messageId,
      phone_number: form.get('PhoneNumber'),
      message: form.get('Message'),
      at: new Date().toISOString(),
    };
    appendFileSync(outbox, `${JSON.stringify(record)}\n`);
    res.writeHead(200, { 'Content-Type': 'text/xml' });
    res.end(
      `<PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(settings.ports.sns, settings.host, resolve));
  return server;
}
