import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toNodeListener } from '../../src/adapters/node-http.js';
import type { RecordedTrace } from '../../src/emulator/trace-types.js';
import { Bot, BotClient } from '../../src/index.js';
import { combineTelemetry } from '../../src/otel/index.js';
import type { Telemetry } from '../../src/telemetry/telemetry.js';
import { type Emulator, emulatorTelemetry, startEmulator } from '../../src/testing/index.js';
import { unusedUrl } from '../emulator/support.js';
import { sign } from '../support/index.js';

// emulatorTelemetry(): a bot in development reports each delivery's spans to the emulator. The bot here
// runs over real loopback HTTP against a real emulator (its Bot API and its trace endpoint).
const TOKEN = 'emu_tok_SECRET_BOT_TOKEN_1234';
const SECRET = 'whsec_SECRET_WEBHOOK_5678';

let emulator: Emulator;
const servers: Server[] = [];
beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, secret: SECRET });
});
afterAll(() => emulator.close());
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
  emulator.reset();
});

async function listen(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

/** A bot with `telemetry` on the handler and its client, at the emulator's callback URL. */
async function startBot(telemetry: Telemetry, setup: (bot: Bot) => void = echo): Promise<void> {
  const bot = new Bot({
    secret: SECRET,
    botId: emulator.botId,
    telemetry,
    client: new BotClient({ botId: emulator.botId, token: TOKEN, baseUrl: emulator.apiBaseUrl, telemetry }),
  });
  setup(bot);
  const url = await listen(toNodeListener(bot.webhook()));
  emulator.setCallbackUrl(`${url}/momotalk/webhook`);
}

function echo(bot: Bot): void {
  bot.command('help', (ctx) => ctx.reply('no help'));
  bot.on('message:TEXT', (ctx) => ctx.reply(`Echo: ${ctx.text}`));
}

/** A stand-in emulator endpoint that keeps every raw body and answers (or not) as told. */
async function captureServer(answer: 'ok' | 'never' | 500 = 'ok') {
  const bodies: string[] = [];
  const headers: IncomingMessage['headers'][] = [];
  const url = await listen(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    bodies.push(body);
    headers.push(request.headers);
    if (answer === 'never') return; // holds the request open
    response.writeHead(answer === 'ok' ? 202 : answer).end('{}');
  });
  return { url, bodies, headers };
}

async function tracesOf(eventId: string): Promise<RecordedTrace[]> {
  const response = await fetch(`${emulator.url}/emulator/state`, {
    headers: { 'x-emulator-token': emulator.accessToken },
  });
  return ((await response.json()) as { traces: RecordedTrace[] }).traces.filter(
    (t) => t.event_id === eventId,
  );
}

describe('emulatorTelemetry', () => {
  it('reports the spans of a delivery, with durations, under its event id', async () => {
    await startBot(emulatorTelemetry({ url: emulator.url, token: TOKEN }));
    const { event, delivery } = await emulator.sendUserMessage('hello there');
    expect(delivery.status).toBe(200);
    await expect.poll(() => tracesOf(event.event_id)).toHaveLength(1);
    const [trace] = await tracesOf(event.event_id);
    expect(trace).toMatchObject({ kind: 'delivery', status: '200', event_id: event.event_id });
    expect(trace?.duration_ms).toBeGreaterThan(0);
    expect(trace?.spans.map((span) => span.name)).toEqual([
      'read',
      'verify',
      'parse',
      'claim',
      'handler',
      'send',
    ]);
    for (const span of trace?.spans ?? []) {
      expect(span.status).toBe('ok');
      expect(span.duration_ms).toBeGreaterThanOrEqual(0);
      expect(span.start_ms + (span.duration_ms ?? 0)).toBeLessThanOrEqual((trace?.duration_ms ?? 0) + 1);
    }
    const handler = trace?.spans.find((span) => span.name === 'handler');
    expect(handler?.attributes).toMatchObject({
      'momotalk.event.type': 'talk.message_created',
      'momotalk.room.id': '123',
      'momotalk.handler.name': 'on:message:TEXT',
    });
    const send = trace?.spans.find((span) => span.name === 'send');
    expect(send).toMatchObject({ result: '201', attributes: { 'momotalk.room.id': '123' } });
    // The send nests in the handler's time.
    expect(send?.start_ms).toBeGreaterThanOrEqual(handler?.start_ms ?? Number.POSITIVE_INFINITY);
  });

  it('names the command that handled the event; a duplicate, which runs no handler, is not reported', async () => {
    await startBot(emulatorTelemetry({ url: emulator.url, token: TOKEN }));
    const { event, delivery } = await emulator.sendUserMessage('/help');
    await expect.poll(() => tracesOf(event.event_id)).toHaveLength(1);
    expect(
      (await tracesOf(event.event_id))[0]?.spans.find((s) => s.name === 'handler')?.attributes,
    ).toMatchObject({
      'momotalk.handler.name': 'command:help',
    });
    // A duplicate runs no handler, so nothing names its event: it is not reported (the webhook path
    // stays as it is). The next message's trace arrives; the first event still has its one trace.
    expect((await emulator.redeliver(delivery.id)).status).toBe(200);
    const next = await emulator.sendUserMessage('after the duplicate');
    await expect.poll(() => tracesOf(next.event.event_id)).toHaveLength(1);
    expect(await tracesOf(event.event_id)).toHaveLength(1);
  });

  it('never reports the secret, the bot token, the signature or the message body', async () => {
    const capture = await captureServer();
    await startBot(emulatorTelemetry({ url: capture.url, token: TOKEN }), (bot) => {
      bot.on('message:TEXT', async () => {
        throw new Error(`handler failed with ${TOKEN} and ${SECRET}`);
      });
    });
    const body = `my password is ${SECRET}`;
    const { event, delivery } = await emulator.sendUserMessage(body);
    expect(delivery.status).toBe(500);
    await expect.poll(() => capture.bodies.length).toBe(1);
    const posted = capture.bodies[0] ?? '';
    expect(JSON.parse(posted)).toMatchObject({ event_id: event.event_id, status: '500' });
    const signature = sign(JSON.stringify(event), SECRET); // what the emulator sent the bot
    for (const forbidden of [TOKEN, SECRET, signature, body, 'my password', 'x-momotalk-bot-signature']) {
      expect(posted).not.toContain(forbidden);
    }
    expect(JSON.parse(posted).spans.find((s: { name: string }) => s.name === 'handler')).toMatchObject({
      status: 'error',
      result: 'Error',
    });
    // The token travels only in the Authorization header of the report, as the Bot API's does.
    expect(capture.headers[0]?.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('drops attributes named like a credential and cuts the token out of the others', async () => {
    const capture = await captureServer();
    const telemetry = emulatorTelemetry({ url: capture.url, token: TOKEN });
    const trace = telemetry.delivery?.({ receiver: 'test', method: 'POST', url: '/webhook' });
    await trace?.handle({ event: {}, eventId: 'evt_hostile' }, async (span) => {
      span.annotate({
        'user.token': 'abc',
        authorization: 'Bearer xyz',
        note: `token is ${TOKEN}`,
        long: 'y'.repeat(500),
        ok: 1,
      });
    });
    trace?.end({ status: 200, body: '{"ok":true}' });
    await expect.poll(() => capture.bodies.length).toBe(1);
    const handler = JSON.parse(capture.bodies[0] ?? '').spans[0];
    expect(Object.keys(handler.attributes).sort()).toEqual(['long', 'note', 'ok']);
    expect(handler.attributes.note).toBe('token is [redacted]');
    expect(handler.attributes.long.length).toBeLessThanOrEqual(120);
  });

  it('an unreachable or failing emulator changes nothing for the delivery or the reply', async () => {
    const logged: unknown[] = [];
    const logger = { debug: (fields: unknown, message: string) => logged.push([message, fields]) };
    await startBot(emulatorTelemetry({ url: await unusedUrl(), token: TOKEN, logger }));
    const first = await emulator.sendUserMessage('one');
    expect(first.delivery.status).toBe(200);
    expect((await emulator.waitForBotMessage()).body).toBe('Echo: one');
    await expect.poll(() => logged.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toContain(TOKEN);

    const failing = await captureServer(500);
    await startBot(emulatorTelemetry({ url: failing.url, token: TOKEN, logger }));
    const second = await emulator.sendUserMessage('two');
    expect(second.delivery.status).toBe(200);
    expect((await emulator.waitForBotMessage()).body).toBe('Echo: two');
    await expect
      .poll(() => logged.some((line) => (line as [string])[0] === 'emulator trace refused'))
      .toBe(true);
  });

  it('does not wait for the report: the delivery is answered while the report is still pending', async () => {
    const hanging = await captureServer('never');
    await startBot(emulatorTelemetry({ url: hanging.url, token: TOKEN, timeoutMs: 60_000 }));
    const { delivery } = await emulator.sendUserMessage('quick');
    expect(delivery.status).toBe(200);
    await expect.poll(() => hanging.bodies.length).toBe(1); // the report arrived and was never answered
  });

  it(`keeps at most maxPending reports in flight and maxSpans spans per trace`, async () => {
    const hanging = await captureServer('never');
    const logged: string[] = [];
    const telemetry = emulatorTelemetry({
      url: hanging.url,
      token: TOKEN,
      maxPending: 1,
      maxSpans: 2,
      timeoutMs: 60_000,
      logger: { debug: (_fields, message) => logged.push(message) },
    });
    await startBot(telemetry);
    await emulator.sendUserMessage('a');
    await emulator.sendUserMessage('b');
    await expect.poll(() => logged).toContain('emulator trace not sent: too many in flight');
    expect(hanging.bodies).toHaveLength(1);
    const trace = JSON.parse(hanging.bodies[0] ?? '');
    expect(trace.spans.map((span: { name: string }) => span.name)).toEqual(['read', 'verify']);
    expect(trace.dropped_spans).toBe(4);
  });

  it('reports a job of an inbox worker under its event id', async () => {
    const capture = await captureServer();
    const telemetry = emulatorTelemetry({ url: capture.url, token: TOKEN });
    const job = telemetry.job?.({ queue: 'momotalk', id: '1', carrier: undefined, attempt: 1 });
    await job?.handle({ event: { event_type: 'talk.message_created' }, eventId: 'evt_job' }, async () => {});
    job?.end('processed');
    await expect.poll(() => capture.bodies.length).toBe(1);
    expect(JSON.parse(capture.bodies[0] ?? '')).toMatchObject({
      kind: 'job',
      event_id: 'evt_job',
      status: 'processed',
      spans: [{ name: 'handler', status: 'ok' }],
    });
  });

  it('reports again when the handler ends after the answer (acknowledge before processing)', async () => {
    const capture = await captureServer();
    const telemetry = emulatorTelemetry({ url: capture.url, token: TOKEN });
    const trace = telemetry.delivery?.({ receiver: 'test', method: 'POST', url: '/webhook' });
    trace?.step('verify').end();
    trace?.end({ status: 200, body: '{"ok":true}' }); // no event id yet: nothing to match, not reported
    await trace?.handle({ event: {}, eventId: 'evt_late' }, async () => {});
    await expect.poll(() => capture.bodies.length).toBe(1);
    expect(JSON.parse(capture.bodies[0] ?? '').spans.map((s: { name: string }) => s.name)).toEqual([
      'verify',
      'handler',
    ]);
  });

  it.each([
    [{ url: 'not a url', token: TOKEN }, /url must be/],
    [{ url: 'ftp://127.0.0.1', token: TOKEN }, /url must be/],
    [{ url: 'http://127.0.0.1:8787', token: '' }, /token must be/],
    [
      { url: 'http://127.0.0.1:8787', token: TOKEN, maxSpans: 201 },
      /maxSpans must be a positive integer up to 200/,
    ],
    [{ url: 'http://127.0.0.1:8787', token: TOKEN, timeoutMs: 0 }, /timeoutMs must be/],
    [{ url: 'http://127.0.0.1:8787', token: TOKEN, maxPending: 1.5 }, /maxPending must be/],
  ])('refuses bad options with a TypeError that never shows the token: %o', (options, message) => {
    const call = () => emulatorTelemetry(options);
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
    try {
      call();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(TOKEN);
    }
  });
});

describe('combineTelemetry', () => {
  it('reports to every telemetry and runs the handler once', async () => {
    const seen: string[] = [];
    const counting: Telemetry = {
      delivery: () => ({
        step: (name) => ({ annotate() {}, end: () => seen.push(`step:${name}`) }),
        handle: (_item, run) => run({ annotate() {}, end() {} }),
        carrier: () => ({ a: '1' }),
        items() {},
        end: (answer) => seen.push(`end:${answer.status}`),
      }),
    };
    let handled = 0;
    await startBot(
      combineTelemetry(counting, undefined, emulatorTelemetry({ url: emulator.url, token: TOKEN })),
      (bot) =>
        bot.on('message:TEXT', async (ctx) => {
          handled += 1;
          await ctx.reply('once');
        }),
    );
    const { event } = await emulator.sendUserMessage('hi');
    await expect.poll(() => tracesOf(event.event_id)).toHaveLength(1);
    expect(handled).toBe(1);
    expect(emulator.messages.filter((m) => m.sender === 'bot').map((m) => m.body)).toEqual(['once']);
    expect(seen).toEqual(['step:read', 'step:verify', 'step:parse', 'step:claim', 'end:200']);
    expect((await tracesOf(event.event_id))[0]?.spans.map((s) => s.name)).toContain('send');
  });

  it('refuses something that is not a telemetry', () => {
    expect(() => combineTelemetry(42 as unknown as Telemetry)).toThrow(TypeError);
  });
});
