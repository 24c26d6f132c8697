/** One `cascade` sub-command. `args` are the words after its name. */
export interface CliCommand {
  /** Words that select it, e.g. ['db', 'migrate']. */
  name: string[];
  summary: string;
  run(args: string[]): Promise<number | void>;
}

/** A mistake of the caller: printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
