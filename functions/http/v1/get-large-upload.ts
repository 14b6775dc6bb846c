import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { getLargeUpload } from '@pynomaly/platform';
import { PendingUploads } from '@pynomaly/store';

const deps = { uploads: new PendingUploads() };

/** Where a large upload is: waiting for its file, processing, completed (its dataset) or failed (why). */
export const handler = httpHandler(async (event) =>
  json(200, await getLargeUpload(principalOf(event), pathParam(event, 'id'), deps)),
);
