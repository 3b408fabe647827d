import * as z from 'zod/mini';
import type { MessageCreatedEvent } from '../../momotalk/events/message-created-event.js';

/** @internal One journal entry: a step's name and its JSON result (absent for `undefined`). */
export interface JournalEntry {
  readonly s: string;
  readonly r?: unknown;
}

/**
 * @internal A running conversation as stored (JSON, in the session storage): which one, the messages it
 * received (the first entered it), the results of its steps in order, and when it last moved.
 */
export interface ConversationState {
  readonly v: 1;
  readonly name: string;
  readonly inputs: MessageCreatedEvent[];
  readonly journal: JournalEntry[];
  lastAt: number;
}

/** Built on first use: a module-level z.object() call is code no bundler can drop from webhook-only apps. */
let stateSchema: z.ZodMiniType | undefined;
const buildStateSchema = () =>
  z.object({
    v: z.literal(1),
    name: z.string(),
    inputs: z.array(
      z.looseObject({
        event_id: z.string(),
        message: z.looseObject({ room_id: z.union([z.number(), z.string()]), sender_user_id: z.string() }),
      }),
    ),
    journal: z.array(z.object({ s: z.string(), r: z.optional(z.unknown()) })),
    lastAt: z.number(),
  });

/** @internal The stored state, or `undefined` when the text is not a state this version wrote. */
export function parseConversationState(data: string): ConversationState | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  stateSchema ??= buildStateSchema();
  const result = z.safeParse(stateSchema, parsed);
  return result.success ? (result.data as unknown as ConversationState) : undefined;
}
