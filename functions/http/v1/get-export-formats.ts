import { httpHandler, json } from '@pynomaly/core';
import { TABLE_EXPORT_FORMATS } from '@pynomaly/reports';

export const handler = httpHandler(async () => json(200, { formats: TABLE_EXPORT_FORMATS }));
