// The bot as a Cloudflare Worker (bundled by esbuild the way wrangler does, run by workerd through
// miniflare). `GET /?label=…&baseUrl=…` runs the shared scenario and answers with its report.
// It also loads the other edge-safe entry, `momotalk-bot-sdk/kakao` (no static node:* import allowed).
import * as sdk from 'momotalk-bot-sdk';
import * as kakao from 'momotalk-bot-sdk/kakao';
import * as kit from 'momotalk-bot-sdk/testing';
import runScenario from './scenario.cjs';

export default {
  async fetch(request) {
    const params = new URL(request.url).searchParams;
    const report = await runScenario(
      sdk,
      { runtime: params.get('label'), baseUrl: params.get('baseUrl') },
      kit,
    );
    report.checks['kakao entry loads'] = Object.keys(kakao).length > 0 ? 'ok' : 'missing';
    return Response.json(report);
  },
};
