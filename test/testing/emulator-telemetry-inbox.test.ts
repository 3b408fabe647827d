import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNodeListener } from '../../src/adapters/node-http.js';
import type { RecordedTrace } from '../../src/emulator/trace-types.js';
import { createMemoryInbox } from '../../src/inbox/index.js';
import { Bot, BotClient } from '../../src/index.js';
import { type Emulator, emulatorTelemetry, startEmulator } from '../../src/testing/index.js';

// A bot on a memory inbox, over real loopback HTTP against a real emulator: the worker's job is reported
// with its telemetry, under the event the webhook enqueued.
const TOKEN = 'emu_tok_SECRET_BOT_TOKEN_1234';
const SECRET = 'whsec_SECRET_WEBHOOK_5678';

let emulator: Emulator;
let server: Server | undefined;
beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, secret: SECRET });
});
afterAll(async () => {
  server?.close();
  await emulator.close();
});

async function tracesOf(eventId: string): Promise<RecordedTrace[]> {
  const response = await fetch(`${emulator.url}/emulator/state`, {
    headers: { 'x-emulator-token': emulator.accessToken },
  });
  return ((await response.json()) as { traces: RecordedTrace[] }).traces.filter(
    (t) => t.event_id === eventId,
  );
}

describe('emulatorTelemetry on an inbox worker', () => {
  it('reports the delivery (with its enqueue step) and the worker’s job (handler, send) under one event', async () => {
    const telemetry = emulatorTelemetry({ url: emulator.url, token: TOKEN });
    const inbox = createMemoryInbox();
    const bot = new Bot({
      secret: SECRET,
      botId: emulator.botId,
      inbox,
      telemetry,
      client: new BotClient({ botId: emulator.botId, token: TOKEN, baseUrl: emulator.apiBaseUrl, telemetry }),
    });
    bot.on('message:TEXT', (ctx) => ctx.reply(`Echo: ${ctx.text}`));
    const worker = inbox.worker({ handler: bot.webhook(), telemetry });
    server = createServer(toNodeListener(bot.webhook()));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    emulator.setCallbackUrl(`http://127.0.0.1:${(server.address() as { port: number }).port}/webhook`);

    const { event, delivery } = await emulator.sendUserMessage('hello inbox');
    expect(delivery.status).toBe(200);
    await inbox.idle();
    await worker.close();
    await expect
      .poll(async () => (await tracesOf(event.event_id)).map((t) => t.kind).sort())
      .toEqual(['delivery', 'job']);
    const traces = await tracesOf(event.event_id);
    const webhook = traces.find((t) => t.kind === 'delivery');
    expect(webhook?.spans.map((span) => span.name)).toContain('enqueue');
    expect(webhook?.spans.map((span) => span.name)).not.toContain('send');
    const job = traces.find((t) => t.kind === 'job');
    expect(job).toMatchObject({ status: 'processed' });
    expect(job?.spans.map((span) => span.name)).toEqual(['handler', 'send']);
    expect(job?.spans.find((span) => span.name === 'send')).toMatchObject({ result: '201' });
    // The bot names what handled the event on the worker's handler span too.
    expect(job?.spans.find((span) => span.name === 'handler')?.attributes).toMatchObject({
      'momotalk.handler.name': 'on:message:TEXT',
      'momotalk.event.type': 'talk.message_created',
    });
    expect(JSON.stringify(traces)).not.toMatch(/SECRET|hello inbox/);
  });
});
