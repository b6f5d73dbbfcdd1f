/** Where a command writes: injected so tests run commands with captured output. */
export type CommandIo = {
  out(line: string): void;
  err(line: string): void;
  isTty: boolean;
};

/** The process's own stdout and stderr. */
export const processIo: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTty: Boolean(process.stderr.isTTY),
};
