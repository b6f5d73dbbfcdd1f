/**
 * Runs the real CLI (`node bin/observatory.mjs …`) in a child process and
 * captures its output, for tests that check exit codes, stdout/stderr and what
 * survives a killed process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { CommandIo } from '../../../cli/command-io.ts';
import { exitCodeOfErrorKind } from '../../../cli/exit-code.ts';
import { runCli } from '../../../cli/main.ts';
import { ObservatoryError } from '../../../pipeline/errors.ts';
import { PROJECT_ROOT } from '../../support/temp-observatory.ts';

export const CLI = join(PROJECT_ROOT, 'bin', 'observatory.mjs');

export type CliRun = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** A child process whose output is collected as it arrives. */
export type CliProcess = {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<CliRun>;
};

/**
 * Starts `node [nodeArgs…] <script> args…` with the observatory environment (plus whatever the parent has);
 * with fileSizeLimit, under util-linux's prlimit, so that no file it writes may grow past that many bytes (a full disk).
 */
export function startCliProcess(args: string[], env: Record<string, string>, options: { script?: string; nodeArgs?: string[]; fileSizeLimit?: number } = {}): CliProcess {
  const command = [process.execPath, ...(options.nodeArgs ?? []), options.script ?? CLI, ...args];
  const limited = options.fileSizeLimit === undefined ? command : ['prlimit', `--fsize=${options.fileSizeLimit}`, '--', ...command];
  const child = spawn(limited[0]!, limited.slice(1), {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Runs the CLI to completion in a child process. */
export async function runCliProcess(args: string[], env: Record<string, string>): Promise<CliRun> {
  return startCliProcess(args, env).exited;
}

/**
 * Runs the CLI in this process (the same runCli the binary calls) with captured
 * output: much faster than a child process. A thrown error becomes the exit
 * code and stderr line that bin/observatory.mjs would give.
 */
export async function runCliInProcess(args: string[], env: Record<string, string>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { out: (line) => (stdout += `${line}\n`), err: (line) => (stderr += `${line}\n`), isTty: false };
  try {
    const code = await runCli(args, io, env);
    return { code, signal: null, stdout, stderr };
  } catch (error) {
    if (!(error instanceof ObservatoryError)) throw error;
    stderr += `observatory: ${error.describe()}\n`;
    return { code: exitCodeOfErrorKind[error.kind], signal: null, stdout, stderr };
  }
}

/** Resolves when the process's output satisfies a condition, or rejects when it exits or times out first. */
export function waitForOutput(process: CliProcess, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (condition()) {
        clearInterval(timer);
        clearTimeout(timeout);
        resolve();
      }
    }, 5);
    const timeout = setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`timed out waiting for output; stdout:\n${process.stdout()}\nstderr:\n${process.stderr()}`));
    }, timeoutMs);
    void process.exited.then((run) => {
      if (condition()) return;
      clearInterval(timer);
      clearTimeout(timeout);
      reject(new Error(`the process exited (code ${run.code}, signal ${run.signal}) first; stdout:\n${run.stdout}\nstderr:\n${run.stderr}`));
    });
  });
}

/** Parses JSON-lines output. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
