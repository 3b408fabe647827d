// The coalescing rule on its own (src/inbox/coalesce-rule.ts): which entries form a run, when the room waits,
// and what it does with entries it cannot read. Both drivers decide through this one function.
import { describe, expect, it } from 'vitest';
import { type LaneEntry, planCoalesce, resolveCoalesce } from '../../src/inbox/coalesce-rule.js';

const LANE = 'momotalk:bot_1:room:1';
const rule = { windowMs: 1000, max: 10 };

function entry(n: number, at: number, sender = 'user_alice', type = 'talk.message_created'): LaneEntry {
  const event = { event_type: type, message: { sender_user_id: sender, body: `m${n}` } };
  return { id: `e${n}`, payload: JSON.stringify({ event, eventId: `evt_${n}`, botId: 'bot_1' }), at };
}

describe('planCoalesce', () => {
  it('chains messages of one sender each within windowMs of the one before, and waits while the newest is young', () => {
    const entries = [entry(1, 0), entry(2, 900), entry(3, 1800)]; // 1800 apart from the first, 900 from each other
    expect(planCoalesce(LANE, entries, rule, 10_000)).toEqual({ size: 3, waitMs: 0 });
    expect(planCoalesce(LANE, entries, rule, 2000)).toEqual({ size: 3, waitMs: 800 });
    expect(planCoalesce(LANE, [...entries, entry(4, 2801)], rule, 2000)).toEqual({ size: 3, waitMs: 0 });
  });

  it('ends a run at another sender, another event type, an unreadable or vanished entry, and at max', () => {
    expect(planCoalesce(LANE, [entry(1, 0), entry(2, 1, 'user_bob')], rule, 9e9).size).toBe(1);
    expect(
      planCoalesce(LANE, [entry(1, 0), entry(2, 1, 'user_alice', 'talk.message_edited')], rule, 9e9).size,
    ).toBe(1);
    expect(planCoalesce(LANE, [entry(1, 0), { id: 'e2', payload: '{not json', at: 1 }], rule, 9e9).size).toBe(
      1,
    );
    expect(planCoalesce(LANE, [entry(1, 0), { id: 'e2', payload: undefined, at: 1 }], rule, 9e9).size).toBe(
      1,
    );
    const many = Array.from({ length: 10 }, (_, n) => entry(n, n));
    expect(planCoalesce(LANE, many, { windowMs: 1000, max: 4 }, 0)).toEqual({ size: 4, waitMs: 0 });
  });

  it('never coalesces or waits for a first entry that is not a MoMoTalk message with a sender (Kakao lanes included)', () => {
    const share = [entry(1, 0), entry(2, 1)];
    expect(planCoalesce('kakao-talk-share:abc', share, rule, 0)).toEqual({ size: 1, waitMs: 0 });
    expect(planCoalesce('nhn-bizmessage:h1', share, rule, 0)).toEqual({ size: 1, waitMs: 0 });
    expect(planCoalesce(LANE, [entry(1, 0, '')], rule, 0)).toEqual({ size: 1, waitMs: 0 });
    expect(planCoalesce(LANE, [{ id: 'e1', payload: 'null', at: 0 }], rule, 0)).toEqual({
      size: 1,
      waitMs: 0,
    });
  });

  it('caps the wait at windowMs when the stored time is ahead of the worker clock', () => {
    expect(planCoalesce(LANE, [entry(1, 60_000)], rule, 0)).toEqual({ size: 1, waitMs: 1000 });
  });
});

describe('resolveCoalesce', () => {
  it('is off when absent, defaults max to 10, and refuses values out of range without echoing them', () => {
    expect(resolveCoalesce(undefined, 'caller')).toBeUndefined();
    expect(resolveCoalesce({ windowMs: 1500 }, 'caller')).toEqual({ windowMs: 1500, max: 10 });
    expect(() => resolveCoalesce({ windowMs: Number.NaN }, 'caller')).toThrow(TypeError);
    expect(() => resolveCoalesce({ windowMs: '1000' as unknown as number }, 'caller')).toThrow(
      '[momotalk-bot-sdk] caller: coalesce must be',
    );
  });
});
