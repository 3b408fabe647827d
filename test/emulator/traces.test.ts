import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorChange } from '../../src/emulator/emulator-state.js';
import { startEmulatorServer } from '../../src/emulator/start-emulator-server.js';
import {
  MAX_TRACE_BYTES,
  MAX_TRACE_SPANS,
  TRACED_EVENTS,
  TRACES_PER_EVENT,
} from '../../src/emulator/trace-log.js';
import type { RecordedTrace } from '../../src/emulator/trace-types.js';
import type { Emulator } from '../../src/testing/index.js';

// POST /emulator/traces: what a bot's emulatorTelemetry() reports, checked and bounded before the page
// sees it. The bot proves itself with the bot token (it never has the page's access token).
let emulator: Emulator;
const changes: EmulatorChange[] = [];
beforeAll(async () => {
  emulator = await startEmulatorServer({ token: 'emu_tok_traces', secret: 'whsec_traces' }, (change) =>
    changes.push(change),
  );
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.reset();
  changes.length = 0;
});

const trace = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  trace_id: 'trc_1',
  event_id: 'evt_1',
  kind: 'delivery',
  started_at: Date.now(),
  duration_ms: 4.25,
  status: '200',
  spans: [
    { name: 'verify', start_ms: 0.2, duration_ms: 0.1, status: 'ok' },
    { name: 'handler', start_ms: 1, duration_ms: 3, status: 'ok', attributes: { 'momotalk.room.id': '123' } },
  ],
  ...overrides,
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${emulator.url}/emulator/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer emu_tok_traces', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function storedTraces(): Promise<RecordedTrace[]> {
  const response = await fetch(`${emulator.url}/emulator/state`, {
    headers: { 'x-emulator-token': emulator.accessToken },
  });
  return ((await response.json()) as { traces: RecordedTrace[] }).traces;
}

async function refusal(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...body.error };
}

describe('POST /emulator/traces', () => {
  it('stores a well-formed trace, answers 202 and pushes it to open pages', async () => {
    const response = await post(trace());
    expect(response.status).toBe(202);
    expect(await storedTraces()).toEqual([trace()].map((t) => ({ ...t, started_at: expect.any(Number) })));
    expect(changes.filter((change) => change.type === 'trace').map((change) => change.data.trace_id)).toEqual(
      ['trc_1'],
    );
  });

  it('a second post with the same trace_id replaces the first (a late handler in before-processing mode)', async () => {
    await post(trace({ duration_ms: 1, spans: [] }));
    await post(trace({ duration_ms: 2 }));
    const stored = await storedTraces();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.duration_ms).toBe(2);
    expect(stored[0]?.spans).toHaveLength(2);
  });

  it('needs the bot token: none, a wrong one, or the page access token are 401 and store nothing', async () => {
    expect(await refusal(await post(trace(), { authorization: '' }))).toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
    expect((await post(trace(), { authorization: 'Bearer emu_tok_other' })).status).toBe(401);
    expect((await post(trace(), { authorization: `Bearer ${emulator.accessToken}` })).status).toBe(401);
    expect(await storedTraces()).toEqual([]);
  });

  it('refuses another method (405), another media type (415), a body that is not JSON (400)', async () => {
    const get = await fetch(`${emulator.url}/emulator/traces`, {
      headers: { authorization: 'Bearer emu_tok_traces' },
    });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await post(JSON.stringify(trace()), { 'content-type': 'text/plain' })).status).toBe(415);
    expect(await refusal(await post('{"trace_id":'))).toMatchObject({ status: 400, code: 'invalid_json' });
    expect(await storedTraces()).toEqual([]);
  });

  it('refuses a foreign Origin (a web page cannot post traces)', async () => {
    const response = await post(trace(), { origin: 'https://evil.example' });
    expect(await refusal(response)).toMatchObject({ status: 403, code: 'foreign_origin' });
  });

  it.each([
    ['an array', [trace()], 'trace'],
    ['an unknown field', trace({ body: 'hello' }), 'trace'],
    ['a missing event id', trace({ event_id: undefined }), 'event_id'],
    ['an unknown kind', trace({ kind: 'other' }), 'kind'],
    ['a negative duration', trace({ duration_ms: -1 }), 'duration_ms'],
    ['a duration over an hour', trace({ duration_ms: 3_600_001 }), 'duration_ms'],
    [
      'a long span name',
      trace({ spans: [{ name: 'x'.repeat(65), start_ms: 0, duration_ms: 1, status: 'ok' }] }),
      'spans.0.name',
    ],
    [
      'a bad span status',
      trace({ spans: [{ name: 'send', start_ms: 0, duration_ms: 1, status: 'maybe' }] }),
      'spans.0.status',
    ],
    [
      'an object attribute',
      trace({ spans: [{ name: 'send', start_ms: 0, duration_ms: 1, status: 'ok', attributes: { a: {} } }] }),
      'spans.0.attributes.a',
    ],
    [
      'too many attributes',
      trace({
        spans: [
          {
            name: 'send',
            start_ms: 0,
            duration_ms: 1,
            status: 'ok',
            attributes: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`a${i}`, i])),
          },
        ],
      }),
      'spans.0.attributes',
    ],
    [
      'too many spans',
      trace({
        spans: Array.from({ length: MAX_TRACE_SPANS + 1 }, () => ({
          name: 's',
          start_ms: 0,
          duration_ms: 0,
          status: 'ok',
        })),
      }),
      'spans',
    ],
  ])('refuses %s with 422 invalid_trace naming the field, never its value', async (_name, body, field) => {
    const answer = await refusal(await post(body));
    expect(answer).toMatchObject({ status: 422, code: 'invalid_trace' });
    expect(answer.message).toContain(`${field}:`);
    expect(answer.message).not.toContain('hello');
    expect(answer.message).not.toContain('xxxxxxxx');
    expect(await storedTraces()).toEqual([]);
  });

  it(`refuses a body over ${MAX_TRACE_BYTES} bytes with 413`, async () => {
    const response = await post(trace({ status: 'x'.repeat(MAX_TRACE_BYTES) }));
    expect(await refusal(response)).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it(`keeps ${TRACES_PER_EVENT} traces per event and ${TRACED_EVENTS} events, the newest`, async () => {
    for (let i = 0; i < TRACES_PER_EVENT + 2; i++) {
      expect((await post(trace({ trace_id: `trc_a${i}` }))).status).toBe(202);
    }
    expect((await storedTraces()).map((t) => t.trace_id)).toEqual(
      Array.from({ length: TRACES_PER_EVENT }, (_, i) => `trc_a${i + 2}`),
    );
    for (let i = 0; i < TRACED_EVENTS; i++)
      await post(trace({ event_id: `evt_${i + 2}`, trace_id: `trc_b${i}` }));
    const stored = await storedTraces();
    expect(stored).toHaveLength(TRACED_EVENTS);
    expect(stored.some((t) => t.event_id === 'evt_1')).toBe(false);
    expect(stored.at(-1)?.event_id).toBe(`evt_${TRACED_EVENTS + 1}`);
  });

  it('reset forgets the traces', async () => {
    await post(trace());
    emulator.reset();
    expect(await storedTraces()).toEqual([]);
  });
});
