import { TraceLog } from './trace-log.js';
import type { RecordedTrace } from './trace-types.js';
import type { DeliveryRecord, EmulatorMessage, EmulatorRoom, EmulatorUser } from './types.js';

/** @internal A change pushed to open pages (server-sent events) and to `waitForBotMessage`. */
export type EmulatorChange =
  | { readonly type: 'message'; readonly data: EmulatorMessage }
  | { readonly type: 'delivery'; readonly data: DeliveryRecord }
  | { readonly type: 'trace'; readonly data: RecordedTrace }
  | { readonly type: 'room'; readonly data: EmulatorRoom }
  | { readonly type: 'user'; readonly data: EmulatorUser }
  | { readonly type: 'config'; readonly data: { readonly callbackUrl: string | null } }
  | { readonly type: 'reset'; readonly data: Record<string, never> }
  | { readonly type: 'api_refusal'; readonly data: BotApiRefusal };

/** @internal A Bot API request the emulator refused (so `momotalk-bot dev` can say why the bot's send failed). */
export interface BotApiRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** @internal The bytes of one sent event, kept so a redelivery sends exactly the same thing. */
export interface SentEvent {
  readonly eventId: string;
  readonly eventType: string;
  readonly rawBody: string;
}

/** @internal The credentials the emulator plays the platform with. */
export interface EmulatorBot {
  readonly botId: string;
  readonly token: string;
  readonly secret: string;
  /** The per-run token the page and its endpoints require (see `checkPageAccess`). */
  readonly accessToken: string;
  callbackUrl: string | undefined;
  readonly deliveryTimeoutMs: number;
}

/**
 * @internal Everything the emulator stores, in memory: rooms, users, messages, delivery attempts and
 * the events behind them. Every change is announced to subscribers.
 */
export class EmulatorState {
  readonly rooms = new Map<number, EmulatorRoom>();
  readonly users = new Map<string, EmulatorUser>();
  readonly messages: EmulatorMessage[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  /** The spans bots reported for their deliveries (`POST /emulator/traces`), by event id, bounded. */
  readonly traces = new TraceLog();
  readonly #events = new Map<string, SentEvent>();
  readonly #attempts = new Map<string, number>();
  readonly #listeners = new Set<(change: EmulatorChange) => void>();
  #nextMessageId = 1001;
  #nextDeliveryId = 1;

  constructor(readonly bot: EmulatorBot) {
    this.addRoom(123, 'General');
    this.addUser('user_alice', 'Alice');
  }

  subscribe(listener: (change: EmulatorChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(change: EmulatorChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  addRoom(roomId: number, name = `Room ${roomId}`): EmulatorRoom {
    const existing = this.rooms.get(roomId);
    if (existing) return existing;
    const room = { room_id: roomId, name };
    this.rooms.set(roomId, room);
    this.emit({ type: 'room', data: room });
    return room;
  }

  nextRoomId(): number {
    return Math.max(0, ...this.rooms.keys()) + 1;
  }

  addUser(userId: string, name = userId): EmulatorUser {
    const existing = this.users.get(userId);
    if (existing) return existing;
    const user = { user_id: userId, name };
    this.users.set(userId, user);
    this.emit({ type: 'user', data: user });
    return user;
  }

  addMessage(message: Omit<EmulatorMessage, 'message_id' | 'created_at'>): EmulatorMessage {
    const stored: EmulatorMessage = {
      message_id: this.#nextMessageId++,
      ...message,
      created_at: Math.floor(Date.now() / 1000),
    };
    this.messages.push(stored);
    this.emit({ type: 'message', data: stored });
    return stored;
  }

  /** Remembers an event's bytes and returns the attempt number of the next delivery of it. */
  rememberEvent(event: SentEvent): number {
    this.#events.set(event.eventId, event);
    const attempt = (this.#attempts.get(event.eventId) ?? 0) + 1;
    this.#attempts.set(event.eventId, attempt);
    return attempt;
  }

  eventOfDelivery(deliveryId: string): SentEvent | undefined {
    const record = this.deliveries.find((delivery) => delivery.id === deliveryId);
    return record ? this.#events.get(record.event_id) : undefined;
  }

  nextDeliveryId(): string {
    return `dlv_${this.#nextDeliveryId++}`;
  }

  addDelivery(record: DeliveryRecord): void {
    this.deliveries.push(record);
    this.emit({ type: 'delivery', data: record });
  }

  addTrace(trace: RecordedTrace): void {
    this.emit({ type: 'trace', data: this.traces.add(trace) });
  }

  setCallbackUrl(url: string | undefined): void {
    this.bot.callbackUrl = url;
    this.emit({ type: 'config', data: { callbackUrl: url ?? null } });
  }

  reset(): void {
    this.messages.length = 0;
    this.deliveries.length = 0;
    this.traces.clear();
    this.#events.clear();
    this.#attempts.clear();
    this.emit({ type: 'reset', data: {} });
  }
}
