import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { getLargeUpload } from '@pynomaly/platform';
import { PendingUploads } from '@pynomaly/store';
import { largeUploadAnswer } from '../schemas/datasets';

const deps = { uploads: new PendingUploads() };

/** Where a large upload is: waiting for its file, processing, completed (its dataset) or failed (why). */
export const handler = httpHandler(async (event) =>
  answer(200, largeUploadAnswer, await getLargeUpload(principalOf(event), pathParam(event, 'id'), deps)),
);
