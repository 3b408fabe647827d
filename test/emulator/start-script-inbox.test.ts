import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { type NpmStart, startNpmStart } from '../support/npm-start.js';

// `npm start -- --inbox` end to end: scripts/start.mjs starts the emulator and examples/echo-bot.mjs with
// MOMOTALK_INBOX=memory, so the bot's webhook stores each event in createMemoryInbox() and answers 200, and
// its worker replies through the emulator's Bot API, over real loopback HTTP.
describe('npm start -- --inbox (the echo bot behind a memory inbox)', () => {
  let started: NpmStart | undefined;
  afterAll(() => started?.stop()); // start.mjs stops the echo bot too

  it('answers each delivery 200, and the worker replies to every message, each room in order', async () => {
    started = await startNpmStart(['echo-bot', '--inbox'], { MOMOTALK_INBOX: '' });
    const { origin, token, output } = started;
    expect(output.join('\n')).toMatch(/and say hello/);
    await expect.poll(() => output.join('\n')).toMatch(/Bot inbox +memory: the webhook answers 200/);

    const headers = { 'content-type': 'application/json', 'x-emulator-token': token };
    const say = async (room_id: number, body: string) => {
      const answer = await fetch(`${origin}/emulator/messages`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ room_id, user_id: 'user_alice', body }),
      });
      return (await answer.json()) as { delivery: { ok: boolean; status: number } };
    };
    // One message after the other, as the platform delivers: each is stored and answered before the next.
    const sent: [number, string][] = [
      [123, 'one'],
      [124, 'a'],
      [123, 'two'],
      [124, 'b'],
      [123, 'three'],
    ];
    for (const [room, body] of sent) {
      expect((await say(room, body)).delivery).toMatchObject({ ok: true, status: 200 });
    }

    type Message = {
      room_id: number;
      sender: string;
      body: string;
      message_id: number;
      reply_to_message_id?: number;
    };
    const messages = async () => {
      const state = await fetch(`${origin}/emulator/state`, { headers });
      return ((await state.json()) as { messages: Message[] }).messages;
    };
    const botBodies = (all: Message[], room: number) =>
      all
        .filter((message) => message.room_id === room && message.sender === 'bot')
        .map((message) => message.body);
    await expect
      .poll(async () => {
        const all = await messages();
        return [botBodies(all, 123), botBodies(all, 124)];
      })
      .toEqual([
        ['Echo: one', 'Echo: two', 'Echo: three'],
        ['Echo: a', 'Echo: b'],
      ]);
    // Each reply quotes its own message: the worker ran the right event for each.
    const all = await messages();
    for (const reply of all.filter((message) => message.sender === 'bot')) {
      const quoted = all.find((message) => message.message_id === reply.reply_to_message_id);
      expect(`Echo: ${quoted?.body}`).toBe(reply.body);
    }
  });

  it('refuses an unknown flag, and the example bot an unknown MOMOTALK_INBOX, with exit code 2 and the reason', async () => {
    const run = async (args: string[], env: Record<string, string> = {}) => {
      const started = spawn(process.execPath, args, {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      started.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const [code] = (await once(started, 'exit')) as [number | null];
      return { code, stderr };
    };
    expect(await run(['scripts/start.mjs', '--inbx'])).toEqual({
      code: 2,
      stderr: expect.stringContaining(
        'npm start: unexpected --inbx; usage: npm start -- [echo-bot | command-bot] [--inbox]',
      ),
    });
    expect(await run(['examples/echo-bot.mjs'], { MOMOTALK_INBOX: 'redis', PORT: '0' })).toEqual({
      code: 2,
      stderr: expect.stringContaining('MOMOTALK_INBOX must be "memory" or unset, got "redis".'),
    });
  });
});
