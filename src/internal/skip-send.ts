/**
 * @internal The key of a client method that counts one send without making it. The inbox's send ledger
 * numbers an event's sends (so a re-run recognises the ones already posted); a conversation that replays a
 * send journaled by an earlier run makes no request, and calls this so the sends after it keep the numbers
 * they had in that run. A client without it (no ledger) ignores the call.
 */
export const SKIP_SEND = Symbol.for('momotalk-bot-sdk.skip-send');

/** @internal Counts one send on `client`'s ledger, if it has one. */
export function skipSend(client: object): void {
  (client as { [SKIP_SEND]?: () => void })[SKIP_SEND]?.();
}
