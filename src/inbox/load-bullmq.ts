/** The bullmq module, as this package uses it. */
export type BullMQModule = typeof import('bullmq');

let loading: Promise<BullMQModule> | undefined;

/**
 * @internal bullmq, imported on first use (an optional peer dependency: importing
 * `momotalk-bot-sdk/bullmq` without it installed works until an inbox is used).
 * @throws {TypeError} (rejects) When bullmq is not installed, saying how to install it.
 */
export function loadBullMQ(): Promise<BullMQModule> {
  loading ??= import('bullmq').catch((error: unknown) => {
    loading = undefined;
    throw new TypeError(
      '[momotalk-bot-sdk] momotalk-bot-sdk/bullmq needs the bullmq package: npm install bullmq (it is an optional peer dependency).',
      { cause: error },
    );
  });
  return loading;
}
