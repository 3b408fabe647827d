import * as z from 'zod/mini';
import { looseObjectExactType } from '../../internal/loose-object.js';
import { type OpenString, openString } from '../open-string.js';
import { nullish } from './nullish.js';

/**
 * The documented template review statuses: `TSC01` requested, `TSC02` reviewing, `TSC03` approved,
 * `TSC04` rejected.
 *
 * @example
 * ```ts
 * import { TEMPLATE_STATUSES } from 'momotalk-bot-sdk/kakao';
 *
 * TEMPLATE_STATUSES[2]; // 'TSC03' (approved)
 * ```
 */
export const TEMPLATE_STATUSES = ['TSC01', 'TSC02', 'TSC03', 'TSC04'] as const;

/**
 * A template `status`: one of {@link TEMPLATE_STATUSES} (autocompleted) or any other code.
 *
 * @example
 * ```ts
 * import type { TemplateStatus } from 'momotalk-bot-sdk/kakao';
 *
 * const approved: TemplateStatus = 'TSC03';
 * ```
 */
export type TemplateStatus = OpenString<(typeof TEMPLATE_STATUSES)[number]>;

/**
 * The documented inspection-comment statuses: `INQ` inquired, `APR` approved, `REJ` rejected, `REP`
 * replied, and `REQ` (listed by NHN without a description).
 *
 * @example
 * ```ts
 * import { TEMPLATE_COMMENT_STATUSES } from 'momotalk-bot-sdk/kakao';
 *
 * TEMPLATE_COMMENT_STATUSES.includes('REJ'); // true
 * ```
 */
export const TEMPLATE_COMMENT_STATUSES = ['INQ', 'APR', 'REJ', 'REP', 'REQ'] as const;

/**
 * A comment `status`: one of {@link TEMPLATE_COMMENT_STATUSES} (autocompleted) or any other code.
 *
 * @example
 * ```ts
 * import type { TemplateCommentStatus } from 'momotalk-bot-sdk/kakao';
 *
 * const rejected: TemplateCommentStatus = 'REJ';
 * ```
 */
export type TemplateCommentStatus = OpenString<(typeof TEMPLATE_COMMENT_STATUSES)[number]>;

/**
 * zod schema of one inspection comment on a template. `id` is a number in NHN's Korean and English
 * documentation and a string in the Japanese one: both parse, as sent.
 *
 * @example
 * ```ts
 * import { templateCommentSchema } from 'momotalk-bot-sdk/kakao';
 *
 * templateCommentSchema.parse({ id: 7, content: 'Please fix the button', status: 'REJ' });
 * ```
 */
export const templateCommentSchema = /* @__PURE__ */ looseObjectExactType({
  /** The inquiry id: a number (ko/en docs) or a string (ja docs). */
  id: nullish(z.union([z.number(), z.string()])),
  /** The comment text. */
  content: nullish(z.string()),
  /** Who wrote it. */
  userName: nullish(z.string()),
  /** When it was written (`yyyy-MM-dd HH:mm:ss`, Korean time). */
  createdAt: nullish(z.string()),
  /** Attached files. */
  attachment: nullish(
    z.array(
      looseObjectExactType({
        /** The file's original name. */
        originalFileName: nullish(z.string()),
        /** Where the file is stored. */
        filePath: nullish(z.string()),
      }),
    ),
  ),
  /** The comment status: `INQ`, `APR`, `REJ`, `REP`, `REQ` or another code. */
  status: nullish(openString(TEMPLATE_COMMENT_STATUSES)),
});

/**
 * One inspection comment on a template.
 *
 * @example
 * ```ts
 * import type { TemplateComment } from 'momotalk-bot-sdk/kakao';
 *
 * const commentId = (comment: TemplateComment) => String(comment.id);
 * ```
 */
export type TemplateComment = z.infer<typeof templateCommentSchema>;

/**
 * zod schema of one template status / inquiry update hook. NHN does not publish this hook's event
 * name, so the receiver also recognises it by shape: `templateCode` and `status` (both required here,
 * with `hookId`). Other fields may be absent or `null`; extra fields are kept at run time (the type is exact:
 * read one with `readExtraField`). `updateDate` is
 * `yyyy-MM-dd HH:mm:ss` Korean time (see `parseKoreanDateTime`).
 *
 * @example
 * ```ts
 * import { templateStatusUpdateHookSchema } from 'momotalk-bot-sdk/kakao';
 *
 * const hook = templateStatusUpdateHookSchema.parse({ hookId: 'h-9', templateCode: 'welcome', status: 'TSC03' });
 * ```
 */
export const templateStatusUpdateHookSchema = /* @__PURE__ */ looseObjectExactType({
  /** Unique per event: the dedupe key. */
  hookId: z.string(),
  /** The sender key (KakaoTalk channel). */
  senderKey: nullish(z.string()),
  /** The template code. */
  templateCode: z.string(),
  /** Kakao's original template code. */
  kakaoTemplateCode: nullish(z.string()),
  /** The template status: `TSC01`–`TSC04` or another code. */
  status: openString(TEMPLATE_STATUSES),
  /** The inspection comments. */
  comments: nullish(z.array(templateCommentSchema)),
  /** When the template changed (`yyyy-MM-dd HH:mm:ss`, Korean time). */
  updateDate: nullish(z.string()),
});

/**
 * One template status / inquiry update hook: a template's review status changed or a comment arrived.
 *
 * @example
 * ```ts
 * import type { TemplateStatusUpdateHook } from 'momotalk-bot-sdk/kakao';
 *
 * const approved = (hook: TemplateStatusUpdateHook) => hook.status === 'TSC03';
 * ```
 */
export type TemplateStatusUpdateHook = z.infer<typeof templateStatusUpdateHookSchema>;

/**
 * @internal True when `value` has the shape of a template status hook (`templateCode` and `status`
 * strings), whatever the envelope's `event` says.
 */
export function looksLikeTemplateStatusHook(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.templateCode === 'string' && typeof record.status === 'string';
}
