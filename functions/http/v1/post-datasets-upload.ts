import { answer, env, httpHandler, multipartFields, principalOf, UploadQuota } from '@pynomaly/core';
import { analyseOnArrival, columnKinds, createFromUpload, csvOptions } from '@pynomaly/platform';
import { newDatasetFromFileAnswer } from '../schemas/datasets';
import { announcing, studyDeps } from './deps';

const deps = { ...studyDeps(), ...announcing(), quota: new UploadQuota() };

/** Multipart `file` (CSV, JSON or XLSX) with optional `name`, `description`, `separator`, `has_header`. */
export const handler = httpHandler(async (event) => {
  const { file, fields } = await multipartFields(event, 'file', env().MAX_UPLOAD_BYTES);
  const principal = principalOf(event);
  const record = await createFromUpload(
    principal,
    file,
    { name: fields.name, description: fields.description, ...csvOptions(fields) },
    deps,
  );
  const autonomous = await analyseOnArrival(principal, record, deps);
  return answer(201, newDatasetFromFileAnswer, {
    autonomous_detection: autonomous,
    id: record.id,
    dataset_id: record.id,
    name: record.name,
    description: record.description,
    file_path: record.s3_key,
    ...columnKinds(record),
    created_at: record.created_at,
  });
});
