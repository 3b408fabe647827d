// The bot every runtime runs, written against the public API only and given the loaded package as `sdk`
// and its test kit (`momotalk-bot-sdk/testing`) as `kit`, so the same steps run from `import`, `require`,
// Bun, Deno and a bundled Cloudflare Worker. It signs
// a delivery with Web Crypto (an oracle independent of the SDK), lets the SDK verify, parse and route it,
// and sends messages through BotClient to the loopback Bot API at `baseUrl`. Prints nothing: it returns a
// report that the harness (scripts/runtimes/lib.mjs `checkScenario`) judges.
'use strict';

const SECRET = 'whsec-runtime-check';

async function hmacHex(secret, text) {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function flipLastDigit(signature) {
  return signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
}

async function attempt(fn) {
  try {
    return await fn();
  } catch (error) {
    return `threw ${error?.name}: ${error?.message}`;
  }
}

module.exports = async function runScenario(sdk, { runtime, baseUrl }, kit) {
  const botId = `bot_${runtime.replace(/[^a-z0-9]+/gi, '_')}`;
  const report = {
    runtime,
    loaded: typeof sdk.verifyWebhook === 'function' && typeof sdk.signWebhook === 'function',
    getBuiltinModule: typeof globalThis.process?.getBuiltinModule,
    botId,
    token: `token-${Math.random().toString(36).slice(2)}`,
    roomId: 123,
    expectedRequests: 0,
    checks: {},
  };
  const event = {
    event_id: `evt_${runtime.length}_${Date.now()}`,
    event_type: 'talk.message_created',
    bot_id: botId,
    timestamp: Math.floor(Date.now() / 1000),
    message: {
      room_id: report.roomId,
      message_id: 456,
      sender_user_id: 'user_1',
      body: 'hello from a runtime check',
      message_type: 'TEXT',
      created_at: Math.floor(Date.now() / 1000),
    },
  };
  const rawBody = JSON.stringify(event);
  const signature = await hmacHex(SECRET, rawBody);

  // Synchronous verification needs node:crypto (through process.getBuiltinModule).
  report.syncVerify = await attempt(() => {
    const good = sdk.verifyWebhook(rawBody, signature, SECRET);
    const bad = sdk.verifyWebhook(rawBody, flipLastDigit(signature), SECRET);
    if (good !== true || bad !== false) return `wrong result (genuine ${good}, forged ${bad})`;
    return sdk.signWebhook(rawBody, SECRET) === signature ? 'ok' : 'signWebhook disagrees with Web Crypto';
  });

  report.checks.verifyWebhookAsync =
    typeof sdk.verifyWebhookAsync !== 'function'
      ? 'missing'
      : await attempt(async () => {
          const good = await sdk.verifyWebhookAsync(rawBody, signature, SECRET);
          const bad = await sdk.verifyWebhookAsync(rawBody, flipLastDigit(signature), SECRET);
          return good === true && bad === false ? 'ok' : `wrong result (genuine ${good}, forged ${bad})`;
        });

  report.checks.parseWebhookEvent =
    typeof sdk.parseWebhookEvent !== 'function'
      ? 'missing'
      : await attempt(() => {
          const parsed = sdk.parseWebhookEvent(rawBody);
          return parsed.event_type === 'talk.message_created' && parsed.message.body === event.message.body
            ? 'ok'
            : `parsed ${JSON.stringify(parsed).slice(0, 120)}`;
        });

  const client =
    typeof sdk.BotClient === 'function'
      ? new sdk.BotClient({ botId, token: report.token, baseUrl, retry: 0 })
      : undefined;

  report.checks['handler routes and replies'] =
    typeof sdk.createWebhookHandler !== 'function'
      ? 'missing'
      : await attempt(async () => {
          const routed = [];
          const refused = [];
          // onRejected: the refusal is checked here (and the development refusal log stays off stderr).
          const onRejected = (rejection) => {
            refused.push(rejection.error);
          };
          const handler = sdk.createWebhookHandler({
            secret: SECRET,
            onRejected,
            ...(client ? { client } : {}),
          });
          handler.on('talk.message_created', async (received, ctx) => {
            routed.push(received);
            if (client) await ctx.reply(`echo: ${received.message.body}`);
          });
          const deliver = (sig) =>
            handler(
              new Request('https://bot.example/momotalk/webhook', {
                method: 'POST',
                headers: {
                  'content-type': 'application/json',
                  'x-momotalk-bot-id': botId,
                  'x-momotalk-event-id': event.event_id,
                  'x-momotalk-bot-signature': sig,
                },
                body: rawBody,
              }),
            );
          const forged = await deliver(flipLastDigit(signature));
          if (forged.status !== 401) return `a forged delivery got ${forged.status}, expected 401`;
          if (routed.length !== 0) return 'a forged delivery reached the handler';
          if (refused.join() !== 'invalid_signature') return `onRejected saw ${refused.join() || 'nothing'}`;
          const genuine = await deliver(signature);
          if (genuine.status < 200 || genuine.status > 299) {
            return `a genuine delivery got ${genuine.status}: ${(await genuine.text()).slice(0, 200)}`;
          }
          if (routed.length !== 1 || routed[0].message.body !== event.message.body) {
            return `routed ${routed.length} event(s) to .on('talk.message_created')`;
          }
          if (client) report.expectedRequests += 1;
          return 'ok';
        });

  // The test kit (`momotalk-bot-sdk/testing`): its factories and signed requests drive the handler.
  report.checks['testing kit drives the handler'] =
    typeof kit?.createSignedRequest !== 'function' || typeof sdk.createWebhookHandler !== 'function'
      ? 'missing'
      : await attempt(async () => {
          let seen = 0;
          const kitHandler = sdk.createWebhookHandler({ secret: 'kit-secret' });
          kitHandler.on('talk.message_created', () => {
            seen += 1;
          });
          const request = await kit.createSignedRequest(kit.createMessageCreatedEvent(), 'kit-secret');
          const response = await kitHandler(request);
          return response.status >= 200 && response.status < 300 && seen === 1
            ? 'ok'
            : `status ${response.status}, routed ${seen}`;
        });

  report.checks.client = !client
    ? 'missing'
    : await attempt(async () => {
        await client.sendMessage({ room_id: report.roomId, body: `hello from ${runtime}` });
        report.expectedRequests += 1;
        return 'ok';
      });

  return report;
};
