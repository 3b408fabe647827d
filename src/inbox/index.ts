/**
 * `momotalk-bot-sdk/bullmq`: the durable inbox. The webhook verifies, claims and enqueues each event on
 * BullMQ (Redis) and answers at once; workers on any number of processes run each room's events in
 * order, with retries, dead letters, a send ledger, a shared 429 pause and optional coalescing of
 * bursts. `bullmq` is an optional peer dependency, imported on first use.
 *
 * @module
 */

export type { InboxEntry, InboxWriter } from '../receiver/inbox-writer.js';
export {
  type BullMQConnection,
  type BullMQInbox,
  type BullMQInboxOptions,
  createBullMQInbox,
} from './bullmq-inbox.js';
export type { CoalesceOptions } from './coalesce-rule.js';
export type { CoalescedEntry, InboxEventHandler, InboxJob } from './inbox-job.js';
export { type BullMQInboxWorkerOptions, createInboxWorker, type InboxWorker } from './inbox-worker.js';
export type { DeadLetter } from './lane-store.js';
export { createMemoryInbox, type MemoryInbox, type MemoryInboxOptions } from './memory-inbox.js';
export {
  LEDGER_HEADER,
  type UnknownOutcomeDecision,
  type UnknownSend,
} from './send-ledger.js';
export type {
  InboxErrorInfo,
  InboxErrorPhase,
  InboxWorkerOptions,
} from './worker-options.js';
