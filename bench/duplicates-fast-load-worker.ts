/** Worker thread of bench/duplicates-fast-load.ts: stores chunks of generated persons (encode, encrypt). */
import { parentPort, workerData } from 'node:worker_threads';
import { createStorer, type ChunkInput, type StoreKeys } from './duplicates-fast-load.ts';

const storer = createStorer(workerData as StoreKeys);
parentPort?.on('message', (input: ChunkInput) => {
  const chunk = storer.store(input);
  parentPort?.postMessage(chunk, [chunk.keys.buffer, chunk.keyOwner.buffer]);
});
