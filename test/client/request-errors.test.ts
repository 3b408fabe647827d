import { describe, expect, it } from 'vitest';
import { isMoMoTalkConnectionError, MoMoTalkConnectionError } from '../../src/errors/connection-error.js';
import { isMoMoTalkError, MoMoTalkError } from '../../src/errors/momotalk-error.js';
import { isMoMoTalkTimeoutError, MoMoTalkTimeoutError } from '../../src/errors/timeout-error.js';
import * as root from '../../src/index.js';

const request = { method: 'POST', path: '/bots/bot_1/messages' };

// Connection and timeout errors share a base for method, path and the toJSON summary (review D4).
describe('MoMoTalkConnectionError and MoMoTalkTimeoutError', () => {
  it('keep method and path, the cause, and summarise to exactly these JSON fields', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:1');
    const connection = new MoMoTalkConnectionError({
      ...request,
      code: 'ECONNREFUSED',
      beforeSend: true,
      cause,
    });
    expect(connection).toBeInstanceOf(MoMoTalkError);
    expect([connection.method, connection.path, connection.cause]).toEqual([
      request.method,
      request.path,
      cause,
    ]);
    expect(JSON.stringify(connection)).toBe(
      JSON.stringify({
        name: 'MoMoTalkConnectionError',
        message: connection.message,
        method: 'POST',
        path: '/bots/bot_1/messages',
        code: 'ECONNREFUSED',
        beforeSend: true,
      }),
    );

    const timeout = new MoMoTalkTimeoutError({ ...request, timeout: 50, kind: 'total' });
    expect(timeout.message).toBe('Request timed out after 50 ms (totalTimeout): POST /bots/bot_1/messages');
    expect(JSON.stringify(timeout)).toBe(
      JSON.stringify({
        name: 'MoMoTalkTimeoutError',
        message: timeout.message,
        method: 'POST',
        path: '/bots/bot_1/messages',
        timeout: 50,
        kind: 'total',
      }),
    );
  });

  it('guards tell them apart, and the shared base is not a public export', () => {
    const connection = new MoMoTalkConnectionError({
      ...request,
      code: undefined,
      beforeSend: false,
      cause: undefined,
    });
    const timeout = new MoMoTalkTimeoutError({ ...request, timeout: 1, kind: 'attempt' });
    expect([isMoMoTalkConnectionError(connection), isMoMoTalkTimeoutError(connection)]).toEqual([
      true,
      false,
    ]);
    expect([isMoMoTalkConnectionError(timeout), isMoMoTalkTimeoutError(timeout)]).toEqual([false, true]);
    expect(isMoMoTalkError(timeout)).toBe(true);
    expect(Object.keys(root)).not.toContain('MoMoTalkRequestError');
  });
});
