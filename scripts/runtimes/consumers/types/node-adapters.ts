// requires: createWebhookHandler
// The Node adapters with the real node:http types, as a user mounts them. Checked with the oldest and the
// newest supported @types/node: newer ones type `IncomingMessage.on` with an event map.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createWebhookHandler } from 'momotalk-bot-sdk';
import { handleNodeRequest, type NodeRequestLike, toNodeListener } from 'momotalk-bot-sdk/node';

const handler = createWebhookHandler({ secret: 'secret' });
export const server = createServer(toNodeListener(handler));

export function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request: NodeRequestLike = req;
  return handleNodeRequest(handler, request, res);
}
