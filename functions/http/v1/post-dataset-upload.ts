import {
  answer,
  env,
  httpHandler,
  multipartFields,
  pathParam,
  principalOf,
  UploadQuota,
} from '@pynomaly/core';
import { analyseOnArrival, csvOptions, uploadIntoDataset } from '@pynomaly/platform';
import { datasetUploadAnswer } from '../schemas/datasets';
import { announcing, studyDeps } from './deps';

const deps = { ...studyDeps(), ...announcing(), quota: new UploadQuota() };

/** Multipart `file` (CSV, JSON or XLSX) with optional `separator` and `has_header` fields. */
export const handler = httpHandler(async (event) => {
  const { file, fields } = await multipartFields(event, 'file', env().MAX_UPLOAD_BYTES);
  const principal = principalOf(event);
  const { record, preview } = await uploadIntoDataset(
    principal,
    pathParam(event, 'id'),
    file,
    csvOptions(fields),
    deps,
  );
  const autonomous = await analyseOnArrival(principal, record, deps);
  return answer(200, datasetUploadAnswer, {
    autonomous_detection: autonomous,
    dataset_id: record.id,
    rows_processed: record.size,
    features_detected: record.feature_names.length,
    feature_names: record.feature_names,
    preview,
  });
});
