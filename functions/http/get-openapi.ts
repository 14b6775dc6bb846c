import { answer, httpHandler } from '@pynomaly/core';
import { openApiDocument } from './openapi';
import { openApiAnswer } from './schemas/operations';

// The route table is fixed for the life of the function: build the document once.
const document = openApiDocument();

/**
 * The API's OpenAPI 3.1 document. Its server is where this request came in: on API Gateway's
 * own endpoint the stage is part of every URL (`/v1/api/…`), behind a custom domain or locally
 * it is not, and the difference between the path the client used and the route's path says which.
 */
export const handler = httpHandler(
  async (event) => {
    const outer = event.requestContext?.path ?? event.path;
    const base = outer.endsWith(event.path) ? outer.slice(0, outer.length - event.path.length) : '';
    return answer(200, openApiAnswer, {
      ...document,
      servers: [{ url: base || '/', description: 'This deployment' }],
    });
  },
  { budget: 'none' },
);
