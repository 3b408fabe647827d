// The three receivers under test, each recording what reaches user code.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchHandler } from '../../../src/adapters/fetch.js';
import { toNodeListener } from '../../../src/adapters/node-http.js';
import { createBizmessageReceiver } from '../../../src/kakao/bizmessage/bizmessage-receiver.js';
import { createTalkShareReceiver } from '../../../src/kakao/talk-share/talk-share-receiver.js';
import { createWebhookHandler } from '../../../src/momotalk/handler/create-webhook-handler.js';
import type { WebhookReceiver } from '../../../src/receiver/ports.js';
import { ADMIN_KEY, BOT_ID, LIMIT, MOMOTALK_SECRET, NHN_SIGNATURE, type ReceiverName } from './corpus.js';

/** What reached user code: every mark, and objects whose prototype was not a plain one. */
export interface Reached {
  readonly marks: Map<string, number>;
  /** Values handed to user code whose prototype is neither Object.prototype nor null. */
  oddPrototypes: number;
  /** onError calls (our handlers never throw): the phase and the error's name and message. */
  readonly errors: string[];
}

export interface ReceiverSet {
  readonly fetch: Record<ReceiverName, FetchHandler>;
  readonly receivers: Record<ReceiverName, WebhookReceiver & { drain(): Promise<void> }>;
  readonly reached: Reached;
}

function plain(value: unknown): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The three receivers with the corpus' secrets and limit; every handler records its mark. */
export function createReceivers(): ReceiverSet {
  const reached: Reached = { marks: new Map(), oddPrototypes: 0, errors: [] };
  const mark = (id: unknown, ...values: unknown[]) => {
    const key = String(id);
    reached.marks.set(key, (reached.marks.get(key) ?? 0) + 1);
    for (const value of values) if (!plain(value)) reached.oddPrototypes += 1;
  };
  const onError = (error: unknown, info: { readonly phase: string }) => {
    const { name, message } = error instanceof Error ? error : { name: typeof error, message: String(error) };
    reached.errors.push(`${info.phase}: ${name}: ${message}`);
  };
  const momotalk = createWebhookHandler({
    secret: MOMOTALK_SECRET,
    botId: BOT_ID,
    maxBodyBytes: LIMIT,
    onError,
    onEvent: (event) => {
      const message = (event as { message?: unknown }).message;
      mark((event as { event_id?: unknown }).event_id, event, ...(message === undefined ? [] : [message]));
    },
  });
  const bizmessage = createBizmessageReceiver({ signature: NHN_SIGNATURE, maxBodyBytes: LIMIT, onError })
    .on('MESSAGE_RESULT_UPDATE', (hook, ctx) => mark(hook.hookId, hook, ctx.envelope))
    .onTemplateStatus((hook, ctx) => mark(ctx.key, hook))
    .onUnknown((hook, ctx) => mark(ctx.key, hook, ctx.envelope))
    .onInvalidHook(() => {}); // seen by the response (200) and by no handler
  const talkshare = createTalkShareReceiver({ adminKey: ADMIN_KEY, maxBodyBytes: LIMIT, onError }).onShare(
    (share) => mark(share.HASH_CHAT_ID, share, share.serverCallbackArgs),
  );
  return {
    fetch: { momotalk, bizmessage, talkshare },
    receivers: { momotalk, bizmessage, talkshare },
    reached,
  };
}

/** One node:http server per receiver, through `toNodeListener`, on loopback. */
export async function listenAll(
  set: ReceiverSet,
): Promise<{ ports: Record<ReceiverName, number>; servers: Server[]; close(): Promise<void> }> {
  const servers: Server[] = [];
  const ports = {} as Record<ReceiverName, number>;
  for (const name of ['momotalk', 'bizmessage', 'talkshare'] as const) {
    const server = createServer(toNodeListener(set.receivers[name]));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports[name] = (server.address() as AddressInfo).port;
    servers.push(server);
  }
  return {
    ports,
    servers,
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

/** The own property names of the built-in prototypes, to compare before and after. */
export function prototypeSnapshot(): string {
  const names = (object: object) => Reflect.ownKeys(object).map(String).sort().join(',');
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map(names).join('|');
}

/** True when a plain object sees a property it should not (the classic pollution probe). */
export function polluted(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted !== undefined || ([] as unknown as Record<string, unknown>).polluted !== undefined;
}
