import { answer, httpHandler } from '@pynomaly/core';
import { TABLE_EXPORT_FORMATS } from '@pynomaly/reports';
import { exportFormatsAnswer } from '../schemas/export';

export const handler = httpHandler(async () =>
  answer(200, exportFormatsAnswer, { formats: [...TABLE_EXPORT_FORMATS] }),
);
