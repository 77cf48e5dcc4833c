/**
 * A decoding thread of the audit (decode-pool.ts): each message is one image (decode-task.ts), each reply its query.
 * The pool hands it more images than it decodes at once (WORKER_IN_HAND there); the rest wait here.
 */
import { parentPort } from 'node:worker_threads';
import { DECODING, decodeTask, type DecodeTask } from './decode-task.js';
import { TaskQueue } from './task-queue.js';

const queue = new TaskQueue<DecodeTask>(DECODING, (task) => decodeTask(task).then((reply) => parentPort!.postMessage(reply)));
parentPort?.on('message', (task: DecodeTask) => queue.push(task));
