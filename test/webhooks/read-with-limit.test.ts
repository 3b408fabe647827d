import { describe, expect, it } from 'vitest';
import { readWebStreamWithLimit } from '../../src/internal/read-with-limit.js';

describe('readWebStreamWithLimit', () => {
  it('rejects with the reason when its signal aborts mid-body, never returning the partial bytes', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(new TextEncoder().encode('{"partial":'));
      },
    });
    const controller = new AbortController();
    const reading = readWebStreamWithLimit(body, 1024, controller.signal);
    await new Promise((resolve) => setImmediate(resolve));
    const reason = new Error('closing');
    controller.abort(reason);
    await expect(reading).rejects.toBe(reason);
  });

  it('reads the whole body when the signal never aborts', async () => {
    const body = new Response('{"whole":true}').body;
    const bytes = await readWebStreamWithLimit(body, 1024, new AbortController().signal);
    expect(new TextDecoder().decode(bytes)).toBe('{"whole":true}');
  });
});
