import { execFile } from 'node:child_process';
import { test } from 'vitest';

/** One line a check script printed: `ok   name`, `FAIL name` (indented detail lines follow) or `SKIP name`. */
export interface ScriptCheck {
  status: 'ok' | 'fail' | 'skip';
  name: string;
  detail: string;
}

/** What running a check script gave: its checks, exit code and output. */
export interface ScriptRun {
  checks: ScriptCheck[];
  code: number;
  output: string;
}

const LINE = /^(ok|FAIL|SKIP) +(.*)$/;

/**
 * Runs a check script (scripts/runtimes/*.mjs) with this Node and reads its
 * ok/FAIL/SKIP lines. Called at collection time, so that each line becomes a vitest test of its own.
 */
export function runCheckScript(script: string, timeout = 600_000): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script],
      { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const checks: ScriptCheck[] = [];
        for (const line of stdout.split('\n')) {
          const match = LINE.exec(line);
          if (match?.[1] !== undefined && match[2] !== undefined) {
            const status = match[1] === 'ok' ? 'ok' : match[1] === 'FAIL' ? 'fail' : 'skip';
            checks.push({ status, name: match[2].trim(), detail: '' });
          } else if (line.startsWith('     ') && checks.length > 0) {
            const last = checks[checks.length - 1] as ScriptCheck;
            last.detail += `${line.trim()}\n`;
          }
        }
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ checks, code, output: `${stdout}\n${stderr}`.trim() });
      },
    );
  });
}

/**
 * One vitest test per check line, plus one for the exit code (a script that crashes before printing
 * anything must still fail). A SKIP line (a runtime missing locally) skips its test with the reason; on CI
 * the scripts print such a check as FAIL instead.
 */
export function testScriptChecks(run: ScriptRun): void {
  for (const check of run.checks) {
    test(check.name, (context) => {
      if (check.status === 'skip') context.skip(`not checked on this machine; CI fails here: ${check.name}`);
      if (check.status === 'fail') throw new Error(`${check.name}\n${check.detail}`);
    });
  }
  test('the script exits 0', () => {
    if (run.code !== 0)
      throw new Error(`exited ${run.code}:\n${run.output.split('\n').slice(-40).join('\n')}`);
  });
}

/** Runs a command from the repository root; the test fails with its output when it exits non-zero. */
export function runCommand(
  file: string,
  args: string[],
  timeout = 600_000,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}\n${stderr}`.trim() });
      },
    );
  });
}
