import { httpHandler, json } from '@pynomaly/core';
import { openApiDocument } from './openapi';

// The route table is fixed for the life of the function: build the document once.
const document = openApiDocument();

/** The API's OpenAPI 3.1 document. */
export const handler = httpHandler(async () => json(200, document), { budget: 'none' });
