import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import type { Context } from '../../src/bot/context.js';
import { MoMoTalkTimeoutError } from '../../src/errors/timeout-error.js';
import { recordingClient, textEvent, unknownEvent } from './support.js';

describe('Context', () => {
  it('has the message shortcuts for a message, undefined for another event', async () => {
    const bot = new Bot();
    const seen: unknown[] = [];
    bot.use((ctx) => {
      seen.push([ctx.message?.message_id, ctx.text, ctx.roomId, ctx.senderId]);
    });
    await bot.handleEvent(textEvent('hi', { room_id: 'room_9', message_id: 5 }));
    await bot.handleEvent(textEvent('img', { message_type: 'IMAGE', message_id: 6 }));
    await bot.handleEvent(unknownEvent());
    expect(seen).toEqual([
      [5, 'hi', 'room_9', 'user_42'],
      [6, undefined, 123, 'user_42'],
      [undefined, undefined, undefined, undefined],
    ]);
  });

  it('ctx.reply quotes the message, ctx.send does not; both post in its room with the metadata', async () => {
    const { client, requests } = recordingClient();
    const bot = new Bot({ client });
    bot.on('message', async (ctx) => {
      await ctx.reply('quoted', { metadata: { a: 1 } });
      await ctx.send('plain', { metadata: { b: 2 } });
    });
    await bot.handleEvent(textEvent('hi', { room_id: 77, message_id: 8 }));
    expect(requests.map((r) => r.body)).toEqual([
      { room_id: 77, reply_to_message_id: 8, body: 'quoted', metadata: { a: 1 } },
      { room_id: 77, body: 'plain', metadata: { b: 2 } },
    ]);
  });

  it('ctx.reply / ctx.send on an event without a message (JavaScript) throw a TypeError that says why', async () => {
    const { client, requests } = recordingClient();
    const bot = new Bot({ client });
    const errors: string[] = [];
    bot.use((ctx) => {
      const untyped = ctx as unknown as { reply(b: string): unknown; send(b: string): unknown };
      for (const call of [() => untyped.reply('x'), () => untyped.send('x')]) {
        try {
          call();
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
    });
    await bot.handleEvent(unknownEvent('room.member_joined'));
    expect(errors).toEqual([
      expect.stringMatching(/ctx\.reply: a room\.member_joined event has no message to answer/),
      expect.stringMatching(/ctx\.send: .*ctx\.client\.sendMessage/),
    ]);
    expect(requests).toEqual([]);
  });

  it('a spent replyTimeout rejects with MoMoTalkTimeoutError and sends nothing', async () => {
    const { client, requests } = recordingClient();
    const bot = new Bot({ client, replyTimeout: 1 });
    let failure: unknown;
    bot.on('message', async (ctx) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      failure = await ctx.reply('too late').catch((error: unknown) => error);
    });
    await bot.handleEvent(textEvent('hi'));
    expect(failure).toBeInstanceOf(MoMoTalkTimeoutError);
    expect((failure as MoMoTalkTimeoutError).kind).toBe('total');
    expect(requests).toEqual([]);
  });

  it('never shows the bot token in util.inspect or JSON.stringify of a context', async () => {
    const { client } = recordingClient();
    const bot = new Bot({ client });
    let ctx: Context | undefined;
    bot.use((c) => {
      ctx = c;
      void c.client; // the client is built and kept
    });
    await bot.handleEvent(textEvent('hi'));
    expect(inspect(ctx, { depth: 10, showHidden: true })).not.toContain('test-bot-token');
    expect(JSON.stringify(ctx)).not.toContain('test-bot-token');
  });
});
