// Behaviour tests for the MoMoTalk steps of the pipeline, written for mutants Stryker found alive
// (docs/reliability.md §6): the early bot-id check, getSecret's bot id, and the dedupe key's parts.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createWebhookHandler } from '../../src/momotalk/handler/create-webhook-handler.js';

const SECRETS: Record<string, string> = { bot_a: 'secret-a', bot_b: 'secret-b' };

function delivery(body: object, secret: string, headers: Record<string, string> = {}): Request {
  const raw = JSON.stringify(body);
  return new Request('https://bot.example/webhook', {
    method: 'POST',
    headers: {
      'x-momotalk-bot-signature': createHmac('sha256', secret).update(raw).digest('hex'),
      ...headers,
    },
    body: raw,
  });
}

const message = (eventId: string, botId: string) => ({
  event_id: eventId,
  event_type: 'talk.message_created',
  bot_id: botId,
  timestamp: 1,
  message: { room_id: 1, message_id: 1, sender_user_id: 'u', body: 'x', message_type: 'TEXT', created_at: 1 },
});

describe('MoMoTalk steps: bot ids and dedupe keys', () => {
  it('refuses a header bot id other than the configured one even when the body has none', async () => {
    const seen: string[] = [];
    const handler = createWebhookHandler({
      secret: 'secret-a',
      botId: 'bot_a',
      onEvent: (e) => void seen.push(String(e.event_type)),
    });
    const unknown = { event_type: 'talk.future', event_id: 'e1' }; // an unknown type: no bot_id in the body
    const refused = await handler(delivery(unknown, 'secret-a', { 'x-momotalk-bot-id': 'bot_b' }));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: 'bot_id_mismatch' });
    expect((await handler(delivery(unknown, 'secret-a', { 'x-momotalk-bot-id': 'bot_a' }))).status).toBe(200);
    expect((await handler(delivery({ ...unknown, event_id: 'e2' }, 'secret-a'))).status).toBe(200);
    expect(seen).toEqual(['talk.future', 'talk.future']);
  });

  it('with a fixed secret a missing bot id header is fine; with getSecret it is 401 missing_bot_id', async () => {
    const fixed = createWebhookHandler({ secret: 'secret-a', onEvent: () => {} });
    expect((await fixed(delivery(message('e1', 'bot_a'), 'secret-a'))).status).toBe(200);
    const lookup = createWebhookHandler({ getSecret: (botId) => SECRETS[botId], onEvent: () => {} });
    const refused = await lookup(delivery(message('e1', 'bot_a'), 'secret-a'));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: 'missing_bot_id' });
    const unknownBot = await lookup(
      delivery(message('e1', 'bot_c'), 'secret-a', { 'x-momotalk-bot-id': 'bot_c' }),
    );
    expect(await unknownBot.json()).toEqual({ error: 'unknown_bot' });
  });

  it('one endpoint, two bots: the same event id is two events; a redelivery of either runs once', async () => {
    const runs: string[] = [];
    const handler = createWebhookHandler({
      getSecret: (botId) => SECRETS[botId],
      onEvent: (event) => void runs.push(`${String(event.bot_id)}:${String(event.event_id)}`),
    });
    for (let copy = 0; copy < 2; copy++) {
      for (const botId of ['bot_a', 'bot_b']) {
        const response = await handler(
          delivery(message('same-id', botId), SECRETS[botId] as string, {
            'x-momotalk-bot-id': botId,
            'x-momotalk-event-id': 'same-id',
          }),
        );
        expect(response.status).toBe(200);
      }
    }
    expect(runs).toEqual(['bot_a:same-id', 'bot_b:same-id']);
  });

  it('deduplicates on the body event_id when the header is missing or empty', async () => {
    let runs = 0;
    const handler = createWebhookHandler({
      secret: 'secret-a',
      onEvent: () => {
        runs += 1;
      },
    });
    const event = message('only-in-body', 'bot_a');
    expect((await handler(delivery(event, 'secret-a'))).status).toBe(200);
    expect((await handler(delivery(event, 'secret-a', { 'x-momotalk-event-id': '' }))).status).toBe(200);
    expect(
      (await handler(delivery(event, 'secret-a', { 'x-momotalk-event-id': 'only-in-body' }))).status,
    ).toBe(200);
    expect(runs).toBe(1);
    // A numeric event_id is an id too.
    const numeric = { event_type: 'talk.future', event_id: 42 };
    await handler(delivery(numeric, 'secret-a'));
    await handler(delivery(numeric, 'secret-a', { 'x-momotalk-event-id': '42' }));
    expect(runs).toBe(2);
  });
});
