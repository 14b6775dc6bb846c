import { RateLimitError, type UploadQuota } from '@pynomaly/core';

/**
 * Charges a dataset to its tenant's upload quota: the reason it is over, or null when it is
 * within it. Files that arrive without a request to answer (the drop folder, stored upload
 * forms) are kept and recorded as rejected with this reason rather than answered 429.
 */
export async function overQuota(
  quota: UploadQuota,
  tenantId: string,
  datasetId: string,
): Promise<string | null> {
  try {
    await quota.charge(tenantId, datasetId);
    return null;
  } catch (error) {
    if (error instanceof RateLimitError) return error.message;
    throw error;
  }
}
