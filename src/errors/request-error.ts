import { MoMoTalkError } from './momotalk-error.js';

/**
 * @internal The request a transport-level error is about (no response arrived to describe it).
 */
export interface RequestDescription {
  /** Request method, e.g. `POST`. */
  readonly method: string;
  /** Request path below the base URL, e.g. `/bots/bot_1/messages`. */
  readonly path: string;
}

/**
 * @internal What {@link MoMoTalkConnectionError} and {@link MoMoTalkTimeoutError} share: the request's
 * method and path, and a `toJSON` summary that subclasses extend with their own fields. Not exported from
 * any entry: catch the subclasses (or {@link MoMoTalkError}).
 */
export class MoMoTalkRequestError extends MoMoTalkError {
  /** Request method, e.g. `POST`. */
  readonly method: string;
  /** Request path below the base URL, e.g. `/bots/bot_1/messages`. */
  readonly path: string;

  constructor(message: string, request: RequestDescription, options?: ErrorOptions) {
    super(message, options);
    this.method = request.method;
    this.path = request.path;
  }

  /** A plain summary for structured logs. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, method: this.method, path: this.path };
  }
}
