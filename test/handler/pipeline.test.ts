import { describe, expect, it, vi } from 'vitest';
import { BodyTooLargeError } from '../../src/errors/body-too-large-error.js';
import { MemoryIdempotencyStore } from '../../src/idempotency/memory-store.js';
import { createReceiver } from '../../src/receiver/create-receiver.js';
import type { IncomingDelivery } from '../../src/receiver/ports.js';
import type { DeliveryProvider, ReceiverOptions } from '../../src/receiver/receiver-options.js';
import { rejectDelivery } from '../../src/receiver/rejection.js';

interface Hook {
  readonly id: string;
  readonly fail?: boolean;
}

/** A provider with many items per delivery (like Bizmessage): body `{"hooks":[...]}`, header `x-key: k`. */
function hooksProvider(processed: string[], gate?: Promise<void>): DeliveryProvider<Hook> {
  return {
    methods: ['POST'],
    authenticate: (delivery) =>
      delivery.header('x-key') === 'k' ? undefined : rejectDelivery(401, 'unauthorized'),
    parse: (_delivery, body) => {
      try {
        const parsed = JSON.parse(new TextDecoder().decode(body)) as { hooks?: unknown };
        return Array.isArray(parsed.hooks)
          ? (parsed.hooks as Hook[])
          : rejectDelivery(400, 'invalid_payload');
      } catch (error) {
        return rejectDelivery(400, 'invalid_json', error);
      }
    },
    idempotencyKey: (hook) => `test:${hook.id}`,
    process: async (hook) => {
      await gate;
      if (hook.fail) throw new Error(`hook ${hook.id} failed`);
      processed.push(hook.id);
    },
  };
}

function delivery(
  body: unknown,
  init: { method?: string; key?: string; waitUntil?: (p: Promise<unknown>) => void } = {},
): IncomingDelivery {
  const bytes = new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
  return {
    method: init.method ?? 'POST',
    url: '/hooks',
    header: (name) => (name === 'x-key' ? (init.key ?? 'k') : undefined),
    readBody: async (max) => {
      if (bytes.byteLength > max) throw new BodyTooLargeError(max);
      return bytes;
    },
    waitUntil: init.waitUntil,
  };
}

function receiver(processed: string[], options: ReceiverOptions<Hook> = {}, gate?: Promise<void>) {
  const onError = vi.fn();
  return { onError, receiver: createReceiver(hooksProvider(processed, gate), { onError, ...options }) };
}

describe('createReceiver (the provider-neutral pipeline)', () => {
  it('processes every item of a delivery in order and answers 200 {"ok":true}', async () => {
    const processed: string[] = [];
    const { receiver: r } = receiver(processed);
    const response = await r.handleDelivery(delivery({ hooks: [{ id: 'a' }, { id: 'b' }] }));
    expect(response).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(processed).toEqual(['a', 'b']);
  });

  it('dedupes each item by its key: a redelivery with one new hook processes only the new one', async () => {
    const processed: string[] = [];
    const { receiver: r } = receiver(processed);
    await r.handleDelivery(delivery({ hooks: [{ id: 'a' }] }));
    const response = await r.handleDelivery(delivery({ hooks: [{ id: 'a' }, { id: 'c' }] }));
    expect(response.status).toBe(200);
    expect(processed).toEqual(['a', 'c']);
  });

  it('answers 405 with Allow for another method, before reading the body', async () => {
    const { receiver: r } = receiver([]);
    const readBody = vi.fn();
    const response = await r.handleDelivery({ ...delivery({}), method: 'GET', readBody });
    expect(response).toMatchObject({ status: 405, body: '{"error":"method_not_allowed"}' });
    expect(response.headers.allow).toBe('POST');
    expect(readBody).not.toHaveBeenCalled();
  });

  it('answers 413 past maxBodyBytes, passing the limit to the reader', async () => {
    const { receiver: r } = receiver([], { maxBodyBytes: 10 });
    const response = await r.handleDelivery(delivery({ hooks: [{ id: 'long-enough' }] }));
    expect(response).toMatchObject({ status: 413, body: '{"error":"body_too_large"}' });
  });

  it('passes a provider rejection through as its status and code, without processing', async () => {
    const processed: string[] = [];
    const { receiver: r, onError } = receiver(processed);
    expect(await r.handleDelivery(delivery({ hooks: [{ id: 'a' }] }, { key: 'wrong' }))).toMatchObject({
      status: 401,
      body: '{"error":"unauthorized"}',
    });
    expect(await r.handleDelivery(delivery('{not json'))).toMatchObject({
      status: 400,
      body: '{"error":"invalid_json"}',
    });
    expect(await r.handleDelivery(delivery({ hooks: 'nope' }))).toMatchObject({ status: 400 });
    expect(processed).toEqual([]);
    expect(onError).not.toHaveBeenCalled();
  });

  it('answers 500 when a handler throws, reports it, releases the claim, and keeps the other items done', async () => {
    const processed: string[] = [];
    const { receiver: r, onError } = receiver(processed);
    const response = await r.handleDelivery(delivery({ hooks: [{ id: 'a' }, { id: 'b', fail: true }] }));
    expect(response).toMatchObject({ status: 500, body: '{"error":"processing_failed"}' });
    expect(onError).toHaveBeenCalledWith(
      expect.any(Error),
      expect.objectContaining({ phase: 'process', eventId: 'test:b' }),
    );
    // The redelivery runs the failed item again (released) but not the succeeded one (done).
    await r.handleDelivery(delivery({ hooks: [{ id: 'a' }, { id: 'b' }] }));
    expect(processed).toEqual(['a', 'b']);
  });

  it('answers 409 for a redelivery while the first is still processing, and 200 once it is done', async () => {
    const processed: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { receiver: r } = receiver(processed, {}, gate);
    const first = r.handleDelivery(delivery({ hooks: [{ id: 'a' }] }));
    await vi.waitFor(async () => {
      expect((await r.handleDelivery(delivery({ hooks: [{ id: 'a' }] }))).status).toBe(409);
    });
    open();
    expect((await first).status).toBe(200);
    expect((await r.handleDelivery(delivery({ hooks: [{ id: 'a' }] }))).status).toBe(200);
    expect(processed).toEqual(['a']);
  });

  it('answers 503 and does not process when the store fails to claim', async () => {
    const processed: string[] = [];
    const broken = new MemoryIdempotencyStore();
    broken.claim = async () => {
      throw new Error('connection lost');
    };
    const { receiver: r, onError } = receiver(processed, { dedupe: broken });
    const response = await r.handleDelivery(delivery({ hooks: [{ id: 'a' }] }));
    expect(response).toMatchObject({ status: 503, body: '{"error":"idempotency_unavailable"}' });
    expect(processed).toEqual([]);
    expect(onError).toHaveBeenCalledWith(
      expect.any(Error),
      expect.objectContaining({ phase: 'idempotency' }),
    );
  });

  it('processes everything when dedupe is false', async () => {
    const processed: string[] = [];
    const { receiver: r } = receiver(processed, { dedupe: false });
    await r.handleDelivery(delivery({ hooks: [{ id: 'a' }] }));
    await r.handleDelivery(delivery({ hooks: [{ id: 'a' }] }));
    expect(processed).toEqual(['a', 'a']);
  });

  it('never rejects: a throwing provider step gives 500 internal_error, and a throwing onError is swallowed', async () => {
    const r = createReceiver<Hook>(
      {
        ...hooksProvider([]),
        authenticate: () => {
          throw new Error('bug');
        },
      },
      {
        onError: () => {
          throw new Error('onError bug');
        },
      },
    );
    expect(await r.handleDelivery(delivery({ hooks: [] }))).toMatchObject({
      status: 500,
      body: '{"error":"internal_error"}',
    });
  });

  it('answers 500 body_unavailable and reports phase "read" when the body cannot be read', async () => {
    const { receiver: r, onError } = receiver([]);
    const failing = {
      ...delivery({}),
      readBody: async () => Promise.reject(new TypeError('body already parsed')),
    };
    expect(await r.handleDelivery(failing)).toMatchObject({
      status: 500,
      body: '{"error":"body_unavailable"}',
    });
    expect(onError).toHaveBeenCalledWith(expect.any(TypeError), { phase: 'read' });
  });

  it('refuses invalid options at creation', () => {
    expect(() => createReceiver(hooksProvider([]), { maxBodyBytes: 0 })).toThrow(/maxBodyBytes/);
    expect(() => createReceiver(hooksProvider([]), { dedupe: { ttlMs: -1 } })).toThrow(/ttlMs/);
    expect(() => createReceiver(hooksProvider([]), { acknowledge: 'later' as never })).toThrow(/acknowledge/);
  });
});

describe('createReceiver, acknowledge: "before-processing"', () => {
  it('skips (and reports) an item whose claim fails, rather than risk a duplicate after the 2xx', async () => {
    const processed: string[] = [];
    const broken = new MemoryIdempotencyStore();
    broken.claim = async () => {
      throw new Error('connection lost');
    };
    const { receiver: r, onError } = receiver(processed, {
      acknowledge: 'before-processing',
      dedupe: broken,
    });
    expect((await r.handleDelivery(delivery({ hooks: [{ id: 'a' }] }))).status).toBe(200);
    await r.drain();
    expect(processed).toEqual([]);
    expect(onError).toHaveBeenCalledWith(
      expect.any(Error),
      expect.objectContaining({ phase: 'idempotency' }),
    );
  });

  it("answers 200 first and hands the work to the delivery's waitUntil", async () => {
    const processed: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { receiver: r } = receiver(processed, { acknowledge: 'before-processing' }, gate);
    const kept: Promise<unknown>[] = [];
    const response = await r.handleDelivery(
      delivery({ hooks: [{ id: 'a' }] }, { waitUntil: (p) => kept.push(p) }),
    );
    expect(response.status).toBe(200);
    expect(processed).toEqual([]);
    expect(kept).toHaveLength(1);
    open();
    await kept[0];
    expect(processed).toEqual(['a']);
  });

  it('still answers 200 when a handler fails (reported to onError), and still rejects 401 synchronously', async () => {
    const { receiver: r, onError } = receiver([], { acknowledge: 'before-processing' });
    expect((await r.handleDelivery(delivery({ hooks: [{ id: 'x', fail: true }] }))).status).toBe(200);
    await r.drain();
    expect(onError).toHaveBeenCalledWith(expect.any(Error), expect.objectContaining({ phase: 'process' }));
    expect((await r.handleDelivery(delivery({ hooks: [] }, { key: 'bad' }))).status).toBe(401);
  });

  it('in-process mode: tracks pending work, drain() waits for it, close() refuses new deliveries with 503', async () => {
    const processed: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { receiver: r } = receiver(processed, { acknowledge: 'before-processing' }, gate);
    await r.handleDelivery(delivery({ hooks: [{ id: 'a' }] }));
    await r.handleDelivery(delivery({ hooks: [{ id: 'b' }] }));
    expect(r.pendingTasks).toBe(2);
    const closing = r.close();
    expect((await r.handleDelivery(delivery({ hooks: [{ id: 'c' }] }))).status).toBe(503);
    open();
    await closing;
    expect(r.pendingTasks).toBe(0);
    expect(processed).toEqual(['a', 'b']);
  });

  it('in-process mode: past maxPendingTasks a delivery is processed before it is answered (no unbounded queue)', async () => {
    const processed: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { receiver: r } = receiver(
      processed,
      { acknowledge: 'before-processing', maxPendingTasks: 1 },
      gate,
    );
    await r.handleDelivery(delivery({ hooks: [{ id: 'a' }] }));
    let answered = false;
    const second = r.handleDelivery(delivery({ hooks: [{ id: 'b' }] })).then((response) => {
      answered = true;
      return response;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    expect(r.pendingTasks).toBe(1);
    open();
    expect((await second).status).toBe(200);
    expect(processed).toContain('b');
  });
});

/** A delivery whose body arrives only when `arrive` is called (a slow client, or a slow secret lookup). */
function slowDelivery(body: unknown): { delivery: IncomingDelivery; arrive: () => void } {
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  return {
    arrive,
    delivery: {
      method: 'POST',
      url: '/hooks',
      header: (name) => (name === 'x-key' ? 'k' : undefined),
      readBody: async () => {
        await arrived;
        return bytes;
      },
    },
  };
}

/** Lets every queued callback and timer-free promise chain run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createReceiver: close() / drain() wait for deliveries in flight', () => {
  it('before-processing: a delivery still reading its body when close() starts is answered 503 at once (connection: close), and close() does not wait for its body', async () => {
    const processed: string[] = [];
    const { receiver: r } = receiver(processed, { acknowledge: 'before-processing' });
    const slow = slowDelivery({ hooks: [{ id: 'a' }] });
    const order: string[] = [];
    const answer = r.handleDelivery(slow.delivery).then((response) => {
      order.push(`answered ${response.status}`);
      return response;
    });
    await settle();
    const closing = r.close().then(() => order.push('closed'));
    const response = await answer;
    await closing;
    expect(response.status).toBe(503);
    expect(response.body).toBe('{"error":"shutting_down"}');
    expect(response.headers.connection).toBe('close');
    expect(order).toEqual(['answered 503', 'closed']); // the body never arrived
    slow.arrive();
    await settle();
    expect(processed).toEqual([]); // nothing acknowledged, nothing processed after close()
  });

  it('after-processing: close() waits for a delivery whose handler is running, which finishes and gets its 200', async () => {
    const processed: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { receiver: r } = receiver(processed, {}, gate);
    const order: string[] = [];
    const answer = r.handleDelivery(delivery({ hooks: [{ id: 'a' }] })).then((response) => {
      order.push(`answered ${response.status}`);
      return response;
    });
    await settle(); // the handler is running now
    expect(r.pendingTasks).toBe(0); // in flight, not a background task
    const closing = r.close().then(() => order.push('closed'));
    await settle();
    expect(order).toEqual([]);
    open();
    await closing;
    expect((await answer).status).toBe(200);
    expect(order).toEqual(['answered 200', 'closed']);
    expect(processed).toEqual(['a']);
  });

  it('drain() (without closing) waits for a delivery in flight and the background work it starts', async () => {
    const processed: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { receiver: r } = receiver(processed, { acknowledge: 'before-processing' }, gate);
    const slow = slowDelivery({ hooks: [{ id: 'a' }] });
    const answer = r.handleDelivery(slow.delivery);
    let drained = false;
    const draining = r.drain().then(() => {
      drained = true;
    });
    await settle();
    expect(drained).toBe(false);
    slow.arrive();
    expect((await answer).status).toBe(200); // acknowledged: not closing
    await settle();
    expect(drained).toBe(false); // its background work is still held by the gate
    expect(r.pendingTasks).toBe(1);
    open();
    await draining;
    expect(processed).toEqual(['a']);
  });

  it('deliveries in flight do not count towards maxPendingTasks', async () => {
    const processed: string[] = [];
    const { receiver: r } = receiver(processed, { acknowledge: 'before-processing', maxPendingTasks: 1 });
    const slow = slowDelivery({ hooks: [{ id: 'slow' }] });
    const inFlight = r.handleDelivery(slow.delivery);
    // With the slow one still reading its body, this one is acknowledged without backpressure.
    expect((await r.handleDelivery(delivery({ hooks: [{ id: 'b' }] }))).status).toBe(200);
    slow.arrive();
    expect((await inFlight).status).toBe(200);
    await r.drain();
    expect(processed.sort()).toEqual(['b', 'slow']);
  });
});
