// Node only: what stops `npm start` from starting is usually the operator's to fix (a port in use,
// a data folder the server cannot write). Such failures become one line naming the setting, not a
// stack trace, and api/node.ts prints them so.

/** A start-up failure the operator can fix, through `setting` when one setting is at fault. */
export class StartupError extends Error {
  readonly setting: string | undefined;

  constructor(setting: string | undefined, message: string) {
    super(setting ? `${setting}: ${message}` : message);
    this.name = 'StartupError';
    this.setting = setting;
  }
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

const reasonOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/** Explains a failure to listen, or returns the error as it is when it is not the operator's. */
export function explainListenError(error: unknown, host: string, port: number): unknown {
  switch (codeOf(error)) {
    case 'EADDRINUSE':
      return new StartupError(
        'PORT',
        `port ${port} on ${host} is already in use; stop the other server or set another PORT`,
      );
    case 'EACCES':
      return new StartupError(
        'PORT',
        `not allowed to listen on port ${port} (ports below 1024 need privileges); set PORT to 1024 or above`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new StartupError('HOST', `${host} is not an address of this machine`);
    default:
      return error;
  }
}

const STORAGE_CODES = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'ENOTDIR',
  'EEXIST',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_PERM',
]);

/**
 * Explains a failure to create or write the data folder or the database file, naming `setting`
 * (CANDOR_DATA_DIR, or DATABASE_URL when the database lives elsewhere).
 */
export function explainStorageError(error: unknown, setting: string, path: string): unknown {
  const code = codeOf(error);
  const readOnly = /readonly|read-only/i.test(reasonOf(error));
  if (code === undefined || !(STORAGE_CODES.has(code) || readOnly || code.startsWith('SQLITE_READONLY')))
    return error;
  return new StartupError(
    setting,
    `cannot write ${path} (${reasonOf(error)}); the server needs to write there`,
  );
}
