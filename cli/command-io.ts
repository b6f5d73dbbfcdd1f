import { createInterface } from 'node:readline';

/** Where a command writes: injected so tests run commands with captured output. */
export type CommandIo = {
  out(line: string): void;
  err(line: string): void;
  isTty: boolean;
  /** Reads one secret line (a new password) without echoing it on a terminal; absent where there is no input. */
  readSecret?(prompt: string): Promise<string>;
};

/** Reads one line from stdin; on a terminal the typed characters are not shown. */
function readSecretFromStdin(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input });
      let answered = false;
      lines.once('line', (line) => {
        answered = true;
        lines.close();
        resolve(line);
      });
      lines.once('close', () => {
        if (!answered) reject(new Error('no input: pipe the password in on one line'));
      });
    });
  }
  process.stderr.write(prompt);
  return new Promise((resolve) => {
    let typed = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        typed = ch === '\u007f' ? typed.slice(0, -1) : typed + ch;
      }
    };
    input.on('data', onData);
  });
}

/** The process's own stdout and stderr. */
export const processIo: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTty: Boolean(process.stderr.isTTY),
  readSecret: readSecretFromStdin,
};
