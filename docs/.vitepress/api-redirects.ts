import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * The API reference exists in English only (TypeDoc writes it from the JSDoc). The language menu of an API
 * page points at the same path under /ko/, so each built `api/**` page gets a `ko/api/**` twin that sends the
 * reader back to the English page instead of a 404.
 *
 * @returns How many redirect pages were written.
 */
export function writeKoreanApiRedirects(outDir: string): number {
  const apiDir = join(outDir, 'api');
  let written = 0;
  for (const file of htmlFiles(apiDir)) {
    const path = relative(apiDir, file).split('\\').join('/');
    const url = `/api/${path.replace(/(^|\/)index\.html$/, '$1').replace(/\.html$/, '')}`;
    const target = join(outDir, 'ko', 'api', path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(
      target,
      `<!doctype html>
<html lang="ko">
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=${url}">
<link rel="canonical" href="${url}">
<title>API 레퍼런스 (영문)</title>
<p>API 레퍼런스는 영어로만 제공됩니다: <a href="${url}">${url}</a></p>
</html>
`,
    );
    written += 1;
  }
  return written;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}
