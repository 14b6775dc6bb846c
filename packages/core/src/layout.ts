/** Objects written under `<DROP_PREFIX><tenant>/` are analysed: the drop folder and uploads alike. */
export const DROP_PREFIX = 'incoming/';

/**
 * Where API Gateway stores a workbook upload's request body as it arrived (a `multipart/form-data`
 * form), at `<FORM_UPLOAD_PREFIX><tenant>/<request id>`, for the receiver to read the file from.
 */
export const FORM_UPLOAD_PREFIX = 'uploads/form/';

/** The key of a stored upload form. */
export const formUploadKey = (tenantId: string, uploadId: string) =>
  `${FORM_UPLOAD_PREFIX}${tenantId}/${uploadId}`;

/** The user metadata (`x-amz-meta-<name>`) the gateway stores with an upload form: who sent it. */
export const FORM_UPLOAD_METADATA = { userId: 'user-id', username: 'username' } as const;
