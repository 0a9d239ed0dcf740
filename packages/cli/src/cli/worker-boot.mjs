// Worker bootstrap: worker threads do not inherit the parent's TypeScript loader, so when the
// entry is a .ts file (running from source, as in this workspace) register tsx first.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
