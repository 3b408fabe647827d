// requires: verifyWebhookAsync, parseWebhookEvent
// A webhook-only edge function written with the primitives: verify on Web Crypto, parse, answer.
import { parseWebhookEvent, verifyWebhookAsync } from 'momotalk-bot-sdk';

export default {
  async fetch(request, env) {
    const rawBody = await request.text();
    const signature = request.headers.get('x-momotalk-bot-signature');
    if (!(await verifyWebhookAsync(rawBody, signature, env.MOMOTALK_WEBHOOK_SECRET))) {
      return new Response('invalid signature', { status: 401 });
    }
    const event = parseWebhookEvent(rawBody);
    console.log(event.event_type);
    return Response.json({ ok: true });
  },
};
