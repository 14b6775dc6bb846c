// The REST API's `binaryMediaTypes`, read by the CDK (infra/constructs/pynomaly-api.ts) and by
// the local gateway, which applies API Gateway's rules with it:
// - a request body whose Content-Type matches an entry reaches the function base64-encoded
//   (`isBase64Encoded: true`);
// - a function's base64 answer is decoded to bytes only when the request's first Accept type
//   matches an entry; otherwise the caller gets the base64 text.
//
// `*/*` is the only entry that matches what curl, browsers and fetch send (`Accept: */*`) and a
// request without Accept, so file exports (.xlsx, .csv) arrive as bytes; a list of the exported
// types would match only a client that asks for exactly that type first. Its cost: every
// request body, JSON too, reaches the functions base64-encoded (parseJsonBody and the multipart
// reader decode it), and the CORS preflights' mock integrations need CONVERT_TO_TEXT.
export const BINARY_MEDIA_TYPES: readonly string[] = ['*/*'];
