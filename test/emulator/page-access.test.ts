import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/testing/index.js';
import { startFakeBot } from './support.js';

// The emulator signs whatever a page action asks it to deliver. Without a per-run access token any
// local process could point the callback at itself and collect signatures made with the emulator's
// secret (a signing oracle). Every page action needs the token; the Bot API keeps its bot token.
let emulator: Emulator;
let victim: Awaited<ReturnType<typeof startFakeBot>>;
let attacker: Awaited<ReturnType<typeof startFakeBot>>;
beforeAll(async () => {
  victim = await startFakeBot();
  attacker = await startFakeBot();
  emulator = await startEmulator({ secret: 'whsec_maybe_production', callbackUrl: victim.url });
});
afterAll(async () => {
  await emulator.close();
  await victim.close();
  await attacker.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('emulator page access token', () => {
  it('is random per run and carried by pageUrl', async () => {
    expect(emulator.accessToken).toMatch(/^[0-9a-f]{48}$/);
    expect(emulator.pageUrl).toBe(`${emulator.url}/?token=${emulator.accessToken}`);
    const other = await startEmulator();
    expect(other.accessToken).not.toBe(emulator.accessToken);
    await other.close();
  });

  it('refuses a local process without the token: no callback change, nothing signed', async () => {
    const redirect = await post('/emulator/callback-url', { url: attacker.url });
    expect(redirect.status).toBe(401);
    expect(await redirect.json()).toMatchObject({ error: { code: 'missing_access_token' } });
    const message = await post('/emulator/messages', { room_id: 123, user_id: 'user_x', body: 'sign me' });
    expect(message.status).toBe(401);
    const webhookTest = await post('/emulator/webhook-test', {});
    expect(webhookTest.status).toBe(401);
    expect((await fetch(`${emulator.url}/emulator/state`)).status).toBe(401);
    expect((await fetch(`${emulator.url}/emulator/events`)).status).toBe(401);
    expect(emulator.callbackUrl).toBe(victim.url);
    expect(attacker.received).toHaveLength(0);
    expect(victim.received).toHaveLength(0);
    expect(emulator.deliveries).toHaveLength(0);
  });

  it('refuses a wrong token, also one of the right length, and names the fix', async () => {
    const wrong = 'f'.repeat(48);
    const response = await post(
      '/emulator/callback-url',
      { url: attacker.url },
      { 'x-emulator-token': wrong },
    );
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_access_token');
    expect(body.error.message).toContain('?token=');
    expect(JSON.stringify(body)).not.toContain(emulator.accessToken);
    expect((await fetch(`${emulator.url}/emulator/state?token=${wrong}`)).status).toBe(401);
    expect(emulator.callbackUrl).toBe(victim.url);
  });

  it('answers the page without the token with 401 and how to get in, never the page itself', async () => {
    const response = await fetch(emulator.url);
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(text).toContain('momotalk-bot dev');
    expect(text).not.toContain('<script');
    expect(text).not.toContain(emulator.accessToken);
  });

  it('serves the page with the token and lets the token in the header or the query through', async () => {
    const page = await fetch(emulator.pageUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain(`content="${emulator.accessToken}"`);
    const state = await fetch(`${emulator.url}/emulator/state`, {
      headers: { 'x-emulator-token': emulator.accessToken },
    });
    expect(state.status).toBe(200);
    const sent = await post(`/emulator/messages?token=${emulator.accessToken}`, {
      room_id: 123,
      user_id: 'user_alice',
      body: 'hi',
    });
    expect(sent.status).toBe(200);
    expect(victim.received).toHaveLength(1);
  });

  it('leaves the Bot API to the bot token', async () => {
    const response = await fetch(`${emulator.apiBaseUrl}/bots/${emulator.botId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ room_id: 123, body: 'from the bot' }),
    });
    expect(response.status).toBe(201);
  });
});
