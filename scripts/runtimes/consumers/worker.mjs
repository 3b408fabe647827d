// The bot as a Cloudflare Worker (bundled by esbuild the way wrangler does, run by workerd through
// miniflare). `GET /?label=…&baseUrl=…` runs the shared scenario and answers with its report.
import * as sdk from 'momotalk-bot-sdk';
import runScenario from './scenario.cjs';

export default {
  async fetch(request) {
    const params = new URL(request.url).searchParams;
    const report = await runScenario(sdk, { runtime: params.get('label'), baseUrl: params.get('baseUrl') });
    return Response.json(report);
  },
};
