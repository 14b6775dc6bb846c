import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { analyseOnArrival, columnKinds, completeLargeUpload } from '@pynomaly/platform';
import { PendingUploads } from '@pynomaly/store';
import { studyDeps } from './deps';

const deps = { ...studyDeps(), uploads: new PendingUploads() };

/** Step 2: the uploaded file becomes a dataset, streamed row by row. */
export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const record = await completeLargeUpload(principal, pathParam(event, 'id'), deps);
  const autonomous = await analyseOnArrival(principal, record, deps);
  return json(201, {
    id: record.id,
    dataset_id: record.id,
    name: record.name,
    ...columnKinds(record),
    statistics: record.statistics,
    autonomous_detection: autonomous,
    created_at: record.created_at,
  });
});
