import { S3Client } from '@aws-sdk/client-s3';
import { env } from '../config';
import { base, once } from './once';

export const s3Client = /* @__PURE__ */ once(
  () =>
    new S3Client({
      ...base(),
      endpoint: env().AWS_ENDPOINT_URL_S3,
      forcePathStyle: env().S3_FORCE_PATH_STYLE,
    }),
);
