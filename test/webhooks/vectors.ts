import { readFileSync } from 'node:fs';

/** One OpenSSL-signed vector from test/fixtures/webhooks/vectors.json (see make-vectors.sh). */
export interface Vector {
  name: string;
  description: string;
  secret: string;
  body: string;
  bodyBase64: string;
  signature: string;
}

interface VectorFile {
  vectors: Vector[];
  generated: {
    name: string;
    line: string;
    length: number;
    sha256: string;
    secret: string;
    signature: string;
  }[];
}

export const vectorFile = JSON.parse(
  readFileSync(new URL('../fixtures/webhooks/vectors.json', import.meta.url), 'utf8'),
) as VectorFile;

export const vectors = vectorFile.vectors;

export function vector(name: string): Vector {
  const found = vectors.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no vector named ${name}`);
  return found;
}

/** The 1 MiB body, rebuilt exactly as make-vectors.sh builds it: the first N bytes of `yes LINE`. */
export function oneMiBBody(): Buffer {
  const spec = vectorFile.generated[0];
  if (spec === undefined) throw new Error('vectors.json has no generated vector');
  const unit = `${spec.line}\n`;
  return Buffer.from(unit.repeat(Math.ceil(spec.length / unit.length)).slice(0, spec.length), 'latin1');
}
