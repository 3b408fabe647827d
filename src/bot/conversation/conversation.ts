import * as z from 'zod/mini';
import { MoMoTalkError } from '../../errors/momotalk-error.js';
import type { MoMoTalkId } from '../../momotalk/events/message-schema.js';
import { type ConversationContext, conversationContext } from './conversation-context.js';
import type { ConversationState } from './conversation-state.js';

/**
 * Options of {@link Conversation.ask}.
 *
 * @example
 * ```ts
 * const age = await conversation.ask('How old are you?', z.coerce.number(), { retry: 'A number, please.' });
 * ```
 */
export interface AskOptions {
  /**
   * Sent when an answer is not text or fails the schema, before waiting again.
   * @default the prompt again
   */
  readonly retry?: string;
}

/** @internal What the replaying handle needs from the update running it. */
export interface ReplayHost {
  /** Sends for real (live only). */
  send(params: { room_id: MoMoTalkId; body: string; reply_to_message_id?: MoMoTalkId }): Promise<void>;
  /** Saves the state (after a live step, so its result survives what follows). */
  persist(): Promise<void>;
  /** Called when the function waits for a message that has not arrived: the update ends here. */
  suspend(): void;
  /** Called when a journaled send is replayed (not sent): a send ledger counts it all the same. */
  replayedSend(): void;
}

/** @internal Marks the error of a diverged replay: the conversation cannot continue, so the host ends it. */
export const DIVERGED = '__momotalkDivergedReplay';

/**
 * The first argument of a conversation's function: how it waits for the user, asks, and runs side
 * effects once. A conversation is **replayed**: every message of the flow runs the function again from
 * the top, and `wait`, `ask`, `step`, `reply` and `send` return what they returned the first time from a
 * journal kept in the session storage, until the function reaches new ground. So code between them must
 * be deterministic (no `Date.now()`, `Math.random()` or database reads outside `step`), and every side
 * effect belongs in `step` (or is a `reply` / `send`): those run once.
 *
 * @example
 * ```ts
 * const signup = createConversation('signup', async (conversation, ctx) => {
 *   const name = await conversation.ask('What is your name?', z.string().min(1));
 *   const age = await conversation.ask('How old are you?', z.coerce.number().int().min(14));
 *   await conversation.step('save', () => db.users.insert({ name, age })); // runs once
 *   await ctx.reply(`Welcome, ${name}!`);
 * });
 * ```
 */
export class Conversation {
  readonly #state: ConversationState;
  readonly #host: ReplayHost;
  #input = 0;
  #entry = 0;

  /** @internal Made by the conversation middleware for each run. */
  constructor(state: ConversationState, host: ReplayHost) {
    this.#state = state;
    this.#host = host;
  }

  /** The conversation's name. */
  get name(): string {
    return this.#state.name;
  }

  /** @internal The view of the message that entered the conversation (the function's `ctx`). */
  entered(): ConversationContext {
    return this.#view(0);
  }

  /**
   * The next message of the same user in the same room. When it has not arrived yet, the update ends
   * here (the state is saved) and the function continues from this point, by replay, when it does.
   *
   * @returns The message, as a {@link ConversationContext}.
   */
  wait(): Promise<ConversationContext> {
    if (this.#input + 1 < this.#state.inputs.length) {
      this.#input += 1;
      return Promise.resolve(this.#view(this.#input));
    }
    this.#host.suspend();
    return new Promise<never>(() => undefined); // never settles: the run is abandoned here
  }

  /**
   * Sends `prompt`, waits for an answer, and returns it: the text, or what `schema` makes of it (zod or
   * zod/mini; `z.coerce.number()` for numbers). An answer that is not text or fails the schema gets the
   * `retry` message (the prompt again by default) and another wait. Prompts are sent once, even when
   * replayed, within the Bot's `replyTimeout` like `ctx.reply` (`MoMoTalkTimeoutError` once it is spent).
   *
   * @param prompt - The question.
   */
  async ask(prompt: string): Promise<string>;
  /**
   * Sends `prompt`, waits for an answer, and returns what `schema` makes of its text; an answer that is
   * not text or fails the schema gets the `retry` message and another wait.
   *
   * @param prompt - The question.
   * @param schema - Validates the answer's text.
   * @param options - The `retry` message.
   */
  async ask<T>(prompt: string, schema: z.core.$ZodType<T>, options?: AskOptions): Promise<T>;
  async ask(prompt: string, schema?: z.core.$ZodType, options: AskOptions = {}): Promise<unknown> {
    const room = this.#state.inputs[0]?.message.room_id as MoMoTalkId;
    await this.#send(room, prompt, undefined);
    for (;;) {
      const answer = await this.wait();
      if (answer.text !== undefined) {
        if (schema === undefined) return answer.text;
        const result = z.safeParse(schema, answer.text);
        if (result.success) return result.data;
      }
      await this.#send(room, options.retry ?? prompt, answer.message.message_id);
    }
  }

  /**
   * Runs `fn` once and journals its result: a replay returns the journaled result without running it
   * again. Steps are told apart by their order; `name` must match on replay (else the code changed and
   * the conversation ends with an error). The result must be JSON (or `undefined`).
   *
   * Exactly once, with one gap: if the process dies after `fn` finished but before its result was saved
   * (one storage write), the redelivered update runs it again. Make such steps idempotent when that
   * matters (an insert keyed by the event id).
   *
   * @param name - What the step does, checked on replay.
   * @param fn - The side effect.
   * @throws {TypeError} When the result is not JSON.
   * @throws {MoMoTalkError} When the replay diverged from the journal.
   */
  async step<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    const journal = this.#state.journal;
    const recorded = journal[this.#entry];
    if (recorded !== undefined) {
      if (recorded.s !== name) throw diverged(this.#state.name, this.#entry, recorded.s, name);
      this.#entry += 1;
      return recorded.r as T;
    }
    if (this.#input + 1 < this.#state.inputs.length) {
      // Older messages are being replayed, yet the journal has no entry here: the code changed.
      throw diverged(this.#state.name, this.#entry, undefined, name);
    }
    const value = await fn();
    let json: string | undefined;
    try {
      json = value === undefined ? undefined : JSON.stringify(value);
    } catch (error) {
      throw new TypeError(`[momotalk-bot-sdk] conversation.step('${name}'): the result must be JSON.`, {
        cause: error,
      });
    }
    journal.push(json === undefined ? { s: name } : { s: name, r: JSON.parse(json) });
    this.#entry += 1;
    await this.#host.persist();
    return value;
  }

  #view(index: number): ConversationContext {
    const event = this.#state.inputs[index];
    if (event === undefined) throw new MoMoTalkError('conversation: no such message.');
    return conversationContext(event, (body, replyTo, extra) =>
      this.#send(event.message.room_id, body, replyTo, extra),
    );
  }

  async #send(
    room: MoMoTalkId,
    body: string,
    replyTo: MoMoTalkId | undefined,
    extra?: object,
  ): Promise<void> {
    const replayed = this.#state.journal[this.#entry] !== undefined;
    await this.step(replyTo === undefined ? 'send' : 'reply', async () => {
      await this.#host.send({
        ...extra,
        room_id: room,
        body,
        ...(replyTo === undefined ? {} : { reply_to_message_id: replyTo }),
      });
    });
    if (replayed) this.#host.replayedSend();
  }
}

function diverged(name: string, index: number, recorded: string | undefined, asked: string): MoMoTalkError {
  const error = new MoMoTalkError(
    `conversation '${name}': the replay diverged at step ${index + 1} (the journal has ` +
      `${recorded === undefined ? 'nothing' : `'${recorded}'`}, the code asked for '${asked}'). Conversation code ` +
      'must be deterministic between wait/ask/step calls; the conversation was ended.',
  );
  Object.defineProperty(error, DIVERGED, { value: true });
  return error;
}
