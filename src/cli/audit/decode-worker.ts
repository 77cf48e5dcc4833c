/** A decoding thread of the audit (decode-pool.ts): each message is one image (decode-task.ts), each reply its query. */
import { parentPort } from 'node:worker_threads';
import { decodeTask, type DecodeTask } from './decode-task.js';

parentPort?.on('message', (task: DecodeTask) => {
  void decodeTask(task).then((reply) => parentPort!.postMessage(reply));
});
