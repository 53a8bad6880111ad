// What `candor` exits with: scripts branch on these, so they never change meaning.
export const EXIT = {
  /** Done. */
  ok: 0,
  /** The API answered with an error (its problem detail is printed). */
  api: 1,
  /** The command line was wrong: unknown command or option, missing argument, no CANDOR_URL/TOKEN. */
  usage: 2,
  /** The API could not be reached (connection refused, DNS, timeout, not an API answer). */
  unreachable: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure that ends the command with its exit code; `problem` is the API's problem document. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly problem: Record<string, unknown> | undefined;

  constructor(exitCode: ExitCode, message: string, problem?: Record<string, unknown>) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.problem = problem;
  }
}
