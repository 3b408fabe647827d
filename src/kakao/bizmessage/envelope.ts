import * as z from 'zod/mini';
import { looseObjectExactType } from '../../internal/loose-object.js';
import { type OpenString, openString } from '../open-string.js';
import { nullish } from './nullish.js';

/**
 * The Bizmessage event names this SDK types. Only `MESSAGE_RESULT_UPDATE` is documented by name; the
 * template status hook is recognised by shape (see `templateStatusUpdateHookSchema`).
 *
 * @example
 * ```ts
 * import { BIZMESSAGE_EVENTS } from 'momotalk-bot-sdk/kakao';
 *
 * BIZMESSAGE_EVENTS[0]; // 'MESSAGE_RESULT_UPDATE'
 * ```
 */
export const BIZMESSAGE_EVENTS = ['MESSAGE_RESULT_UPDATE'] as const;

/**
 * An envelope `event`: a documented name (autocompleted) or any other (other NHN products send the same
 * envelope with `UNSUBSCRIBE`, `CONVERSION_BLOCK`, …).
 *
 * @example
 * ```ts
 * import type { BizmessageEventName } from 'momotalk-bot-sdk/kakao';
 *
 * const event: BizmessageEventName = 'MESSAGE_RESULT_UPDATE';
 * ```
 */
export type BizmessageEventName = OpenString<(typeof BIZMESSAGE_EVENTS)[number]>;

/**
 * zod schema of the NHN Cloud webhook envelope, common to every NHN product. `hooksId` (unique per POST)
 * and a `hooks` array are required; `event` and the other fields may be absent or `null`. Extra fields are
 * kept at run time, but the type is exact: read one with `readExtraField`. Each hook is left `unknown` here: `parseBizmessageWebhook` recognises and validates them.
 *
 * @example
 * ```ts
 * import { bizmessageEnvelopeSchema } from 'momotalk-bot-sdk/kakao';
 *
 * const envelope = bizmessageEnvelopeSchema.parse(JSON.parse(rawBody));
 * console.log(envelope.hooksId, envelope.hooks.length);
 * ```
 */
export const bizmessageEnvelopeSchema = /* @__PURE__ */ looseObjectExactType({
  /** Unique for each POST. */
  hooksId: z.string(),
  /** The webhook setting that sent it. */
  webhookConfigId: nullish(z.string()),
  /** The NHN product, e.g. `KakaoTalk Bizmessage`. */
  productName: nullish(z.string()),
  /** The app key of the service where the event happened. */
  appKey: nullish(z.string()),
  /** The event name, e.g. `MESSAGE_RESULT_UPDATE`. */
  event: nullish(openString(BIZMESSAGE_EVENTS)),
  /** The hooks, one per event, as sent. */
  hooks: z.array(z.unknown()),
});

/**
 * The NHN Cloud webhook envelope as sent (the hooks themselves untyped; see `BizmessageHookEvent`).
 *
 * @example
 * ```ts
 * import type { BizmessageEnvelope } from 'momotalk-bot-sdk/kakao';
 *
 * const describe = (envelope: BizmessageEnvelope) => `${envelope.event} x${envelope.hooks.length}`;
 * ```
 */
export type BizmessageEnvelope = z.infer<typeof bizmessageEnvelopeSchema>;
