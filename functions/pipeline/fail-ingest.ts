import { failQueuedIngest, queuedIngest } from '@pynomaly/platform';
import { BlobStore, PendingUploads } from '@pynomaly/store';
import { stepHandler } from '../task-handler';

const deps = { uploads: new PendingUploads(), blobs: new BlobStore() };

export const handler = stepHandler(queuedIngest, (input) => failQueuedIngest(input, deps));
