// requires: BotClient
// The Bot API client: options, sendMessage and reply with the platform's wire names.
import { BotClient, type MessageCreatedEvent } from 'momotalk-bot-sdk';

export async function answer(event: MessageCreatedEvent, signal: AbortSignal): Promise<void> {
  const client = new BotClient({
    botId: 'bot_1',
    token: 'token',
    baseUrl: 'http://127.0.0.1:1/api',
    timeout: 5_000,
  });
  await client.sendMessage(
    { room_id: event.message.room_id, body: 'hi', metadata: { intent: 'ack' } },
    { signal },
  );
  await client.reply(event, 'thanks');
  // @ts-expect-error the message text is `body`, not `text`
  await client.sendMessage({ room_id: 1, text: 'hi' });
}
