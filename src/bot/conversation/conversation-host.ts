import type { RequestOptions } from '../../client/client-options.js';
import type { SendMessageParams } from '../../client/send-message-params.js';
import { MoMoTalkError } from '../../errors/momotalk-error.js';
import { SessionConflictError } from '../../errors/session-conflict-error.js';
import { skipSend } from '../../internal/skip-send.js';
import type { MessageCreatedEvent } from '../../momotalk/events/message-created-event.js';
import { replyOptions } from '../context.js';
import type { SessionStorage } from '../session/session-storage.js';
import { Conversation, DIVERGED } from './conversation.js';
import type { ConversationState } from './conversation-state.js';
import type { ConversationFunction } from './create-conversation.js';

/** @internal How many messages one conversation takes (the one that entered it included). */
export const MAX_MESSAGES = 200;

/**
 * @internal What a conversation's sends go through: the update's Bot API client, within the update's
 * reply budget (the Bot's `replyTimeout`) when the context is the bot layer's `Context`.
 */
export interface SendingContext {
  readonly client: { sendMessage(params: SendMessageParams, options?: RequestOptions): Promise<unknown> };
}

/** @internal A registered conversation, as the host runs it. */
export interface ConversationDefinition {
  readonly fn: ConversationFunction;
  readonly ttl: number | undefined;
}

/**
 * @internal One update's view of one room-user's conversation: the stored state (read once, under the
 * key's in-process queue), the conversations registered so far on this update's way down the chain, and
 * the runs, each saved by compare-and-set.
 */
export class ConversationHost {
  readonly #storage: SessionStorage;
  readonly #key: string;
  readonly #ctx: SendingContext;
  readonly #event: MessageCreatedEvent;
  readonly now: () => number;
  /** The text of this update's message (for cancel words). */
  readonly text: string | undefined;
  readonly definitions = new Map<string, ConversationDefinition>();
  state: ConversationState | undefined;
  #version: string | undefined;

  constructor(init: {
    storage: SessionStorage;
    key: string;
    ctx: SendingContext;
    event: MessageCreatedEvent;
    state: ConversationState | undefined;
    version: string | undefined;
    now: () => number;
  }) {
    this.#storage = init.storage;
    this.#key = init.key;
    this.#ctx = init.ctx;
    this.#event = init.event;
    this.state = init.state;
    this.#version = init.version;
    this.now = init.now;
    const message = init.event.message;
    this.text = message.message_type === 'TEXT' ? message.body : undefined;
  }

  /** Starts `name` on this update's message (ending any other conversation of this user in this room). */
  async enter(name: string): Promise<void> {
    const definition = this.definitions.get(name);
    if (definition === undefined) {
      throw new TypeError(
        `[momotalk-bot-sdk] ctx.conversation.enter: no conversation '${name}' is registered on the way to this ` +
          `handler; bot.use(createConversation('${name}', …)) before the handlers that enter it.`,
      );
    }
    this.state = { v: 1, name, inputs: [this.#event], journal: [], lastAt: this.now() };
    await this.#run(definition, this.state);
  }

  /** Continues the active conversation with this update's message. */
  async resume(definition: ConversationDefinition, state: ConversationState): Promise<void> {
    // A redelivered message already in the journal's inputs is not added twice.
    if (!state.inputs.some((input) => input.event_id === this.#event.event_id)) {
      if (state.inputs.length >= MAX_MESSAGES) {
        // Every message replays all before it: past the bound the state and the replay would grow without end.
        await this.exit();
        throw new MoMoTalkError(
          `conversation '${state.name}' received ${MAX_MESSAGES} messages without finishing; it was ended.`,
        );
      }
      state.inputs.push(this.#event);
    }
    state.lastAt = this.now();
    await this.#run(definition, state);
  }

  /** Ends the active conversation (deletes its state). */
  async exit(): Promise<void> {
    if (this.#version !== undefined && !(await this.#storage.delete(this.#key, this.#version))) {
      throw new SessionConflictError(this.#key, 1);
    }
    this.#version = undefined;
    this.state = undefined;
  }

  async #run(definition: ConversationDefinition, state: ConversationState): Promise<void> {
    let suspend!: () => void;
    const suspended = new Promise<'waiting'>((resolve) => {
      suspend = () => resolve('waiting');
    });
    const conversation = new Conversation(state, {
      send: async (params) => {
        // The same budget as ctx.reply: a send the platform could no longer use is not made (nor journaled).
        const options = replyOptions(this.#ctx, undefined);
        if (options instanceof Error) throw options;
        await this.#ctx.client.sendMessage(params, options);
      },
      persist: () => this.#save(state, definition.ttl),
      suspend,
      // The inbox's send ledger numbers this run's sends: a replayed one must count as it did when it was
      // sent, or the next send would take its number and be taken for it (and never posted).
      replayedSend: () => skipSend(this.#client()),
    });
    let outcome: 'done' | 'waiting';
    try {
      const finished = Promise.resolve(definition.fn(conversation, conversation.entered())).then(
        () => 'done' as const,
      );
      outcome = await Promise.race([finished, suspended]);
    } catch (error) {
      // A diverged replay can never continue; other errors keep the state as last saved, so a
      // redelivery (or the user's next message) runs it again.
      if ((error as { [DIVERGED]?: boolean } | null)?.[DIVERGED] === true) await this.exit();
      throw error;
    }
    if (outcome === 'done') await this.exit();
    else await this.#save(state, definition.ttl);
  }

  /** The update's client, or an empty object when none is configured (a replay makes no request). */
  #client(): object {
    try {
      return this.#ctx.client;
    } catch {
      return {};
    }
  }

  async #save(state: ConversationState, ttl: number | undefined): Promise<void> {
    const version = await this.#storage.write(this.#key, JSON.stringify(state), {
      expectedVersion: this.#version,
      ttlMs: ttl,
    });
    if (version === undefined) throw new SessionConflictError(this.#key, 1);
    this.#version = version;
  }
}
