// A dev-only stand-in for a libSQL server: Hrana over HTTP (JSON) on top of a local SQLite file, so
// `@libsql/client/web` (and so the Cloudflare Worker under workerd) can run against a plain file.
// @libsql/client 0.18 speaks protocol v2 at POST /v2/pipeline and never opens cursors; /v3/pipeline
// takes the same JSON. Version probes (GET /v3-protobuf) get a 404, which makes a client fall back to v2.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Database from 'libsql';

export interface LibsqlHttpServerOptions {
  file: string;
  port?: number;
  host?: string;
  /** When set, every request must carry `Authorization: Bearer <authToken>`. */
  authToken?: string;
}

export interface LibsqlHttpServer {
  url: string;
  close(): Promise<void>;
}

type HranaValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };
interface HranaStmt {
  sql?: string;
  sql_id?: number;
  args?: HranaValue[];
  named_args?: { name: string; value: HranaValue }[];
  want_rows?: boolean;
}
type HranaCond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: HranaCond }
  | { type: 'and' | 'or'; conds: HranaCond[] }
  | { type: 'is_autocommit' };
interface HranaRequest {
  type: string;
  stmt?: HranaStmt;
  batch?: { steps: { condition?: HranaCond; stmt: HranaStmt }[] };
  sql?: string;
  sql_id?: number;
}
type SqlValue = null | bigint | number | string | Buffer;

/** One Hrana stream: its own connection, so a transaction spread over several requests stays isolated. */
interface Stream {
  db: Database.Database;
  sqls: Map<number, string>;
  baton: string;
  idleTimer: NodeJS.Timeout | undefined;
}

const STREAM_IDLE_MS = 10_000;

class HranaError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

export async function startLibsqlHttpServer(options: LibsqlHttpServerOptions): Promise<LibsqlHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const streams = new Map<string, Stream>(); // by current baton
  let closing = false;

  // SQLite calls block this one thread, so a stream sitting in busy_timeout on a lock held by another of
  // our streams would freeze the server until it gives up. Instead, while one stream keeps a transaction
  // open between requests, the requests of other streams wait here (busy_timeout still covers other processes).
  let transactionOwner: Stream | undefined;
  const wakeWaiters: (() => void)[] = [];
  function releaseIfOwner(stream: Stream): void {
    if (transactionOwner !== stream) return;
    transactionOwner = undefined;
    for (const wake of wakeWaiters.splice(0)) wake();
  }

  function openStream(): Stream {
    const db = new Database(options.file);
    db.exec('PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;');
    return { db, sqls: new Map(), baton: '', idleTimer: undefined };
  }
  function closeStream(stream: Stream): void {
    clearTimeout(stream.idleTimer);
    streams.delete(stream.baton);
    stream.db.close(); // rolls back a transaction left open
    releaseIfOwner(stream);
  }
  /** Each response hands out a fresh baton; the client must send it back to continue the stream. */
  function keepOpen(stream: Stream): string {
    streams.delete(stream.baton);
    stream.baton = randomUUID();
    streams.set(stream.baton, stream);
    clearTimeout(stream.idleTimer);
    stream.idleTimer = setTimeout(() => closeStream(stream), STREAM_IDLE_MS).unref();
    if (stream.db.inTransaction) transactionOwner = stream;
    else releaseIfOwner(stream);
    return stream.baton;
  }

  async function pipeline(body: { baton?: string | null; requests?: unknown }) {
    if (!Array.isArray(body.requests)) throw new HranaError('Expected "requests"', 'HRANA_PROTO_ERROR');
    // Checked right before the synchronous work below, with no await in between.
    while (transactionOwner !== undefined && transactionOwner.baton !== body.baton && !closing) {
      await new Promise<void>((resolve) => wakeWaiters.push(resolve));
    }
    if (closing) throw new HranaError('Server is shutting down', 'SERVER_CLOSING');
    const stream = body.baton ? streams.get(body.baton) : openStream();
    if (stream === undefined) throw new HranaError('Stream expired or unknown baton', 'STREAM_EXPIRED');
    let open = true;
    const results = (body.requests as HranaRequest[]).map((request) => {
      try {
        if (!open) throw new HranaError('Stream is closed', 'STREAM_CLOSED');
        if (request.type === 'close') open = false;
        return { type: 'ok', response: { type: request.type, ...handleRequest(stream, request) } };
      } catch (error) {
        return { type: 'error', error: toHranaError(error) };
      }
    });
    if (!open) closeStream(stream);
    return { baton: open ? keepOpen(stream) : null, base_url: null, results };
  }

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => sendJson(res, 500, toHranaError(error)));
  });
  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (options.authToken !== undefined && req.headers.authorization !== `Bearer ${options.authToken}`) {
      return sendJson(res, 401, { message: 'Unauthorized', code: 'UNAUTHORIZED' });
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && (path === '/v2' || path === '/v3' || path === '/health')) {
      return sendJson(res, 200, {});
    }
    if (req.method !== 'POST' || (path !== '/v2/pipeline' && path !== '/v3/pipeline')) {
      return sendJson(res, 404, { message: `Not supported here: ${req.method} ${path}`, code: 'NOT_FOUND' });
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return sendJson(res, 400, { message: 'Malformed JSON body', code: 'HRANA_PROTO_ERROR' });
    }
    try {
      sendJson(res, 200, await pipeline((body ?? {}) as { baton?: string; requests?: unknown }));
    } catch (error) {
      sendJson(res, 400, toHranaError(error));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    async close() {
      closing = true;
      for (const stream of [...streams.values()]) closeStream(stream);
      for (const wake of wakeWaiters.splice(0)) wake();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function handleRequest(stream: Stream, request: HranaRequest): object {
  switch (request.type) {
    case 'close':
      return {};
    case 'execute':
      return { result: executeStmt(stream, required(request.stmt, 'stmt')) };
    case 'batch':
      return { result: executeBatch(stream, required(request.batch, 'batch').steps) };
    case 'sequence':
      stream.db.exec(sqlText(stream, request));
      return {};
    case 'store_sql':
      stream.sqls.set(required(request.sql_id, 'sql_id'), required(request.sql, 'sql'));
      return {};
    case 'close_sql':
      stream.sqls.delete(required(request.sql_id, 'sql_id'));
      return {};
    case 'get_autocommit':
      return { is_autocommit: !stream.db.inTransaction };
    default:
      // `describe` included: libsql's Node binding does not expose parameter names.
      throw new HranaError(`Request type "${request.type}" is not supported`, 'NOT_SUPPORTED');
  }
}

function executeBatch(stream: Stream, steps: { condition?: HranaCond; stmt: HranaStmt }[]) {
  const stepResults: (object | null)[] = [];
  const stepErrors: (object | null)[] = [];
  const holds = (cond: HranaCond): boolean => {
    switch (cond.type) {
      case 'ok':
        return stepResults[cond.step] != null;
      case 'error':
        return stepErrors[cond.step] != null;
      case 'not':
        return !holds(cond.cond);
      case 'and':
        return cond.conds.every(holds);
      case 'or':
        return cond.conds.some(holds);
      case 'is_autocommit':
        return !stream.db.inTransaction;
    }
  };
  for (const step of steps) {
    let result: object | null = null;
    let error: object | null = null;
    if (step.condition === undefined || holds(step.condition)) {
      try {
        result = executeStmt(stream, step.stmt);
      } catch (caught) {
        error = toHranaError(caught);
      }
    }
    stepResults.push(result);
    stepErrors.push(error);
  }
  return { step_results: stepResults, step_errors: stepErrors };
}

function executeStmt(stream: Stream, stmt: HranaStmt) {
  const { db } = stream;
  const statement = db.prepare(sqlText(stream, stmt));
  // Hrana names keep their prefix (":id"); libsql binds by the bare name.
  const namedArgs = stmt.named_args ?? [];
  const args =
    namedArgs.length > 0
      ? Object.fromEntries(namedArgs.map(({ name, value }) => [name.replace(/^[:@$]/, ''), fromHrana(value)]))
      : (stmt.args ?? []).map(fromHrana);
  const changesBefore = counters(db).total;
  let cols: { name: string; decltype: string | null }[] = [];
  let rows: SqlValue[][] = [];
  if (statement.reader) {
    statement.raw(true).safeIntegers(true); // bigint for INTEGER keeps integers apart from REAL
    cols = statement.columns().map((col) => ({ name: col.name, decltype: col.type }));
    rows = statement.all(args) as SqlValue[][];
  } else {
    statement.run(args);
  }
  // changes() is not reset by statements that change nothing (SELECT, DDL), hence the total_changes check.
  const after = counters(db);
  return {
    cols,
    rows: stmt.want_rows === false ? [] : rows.map((row) => row.map(toHrana)),
    affected_row_count: after.total === changesBefore ? 0 : Number(after.changes),
    last_insert_rowid: String(after.lastInsertRowid),
    rows_read: 0,
    rows_written: 0,
  };
}

function counters(db: Database.Database) {
  const [total, changes, lastInsertRowid] = db
    .prepare('SELECT total_changes(), changes(), last_insert_rowid()')
    .raw(true)
    .safeIntegers(true)
    .get() as bigint[];
  return { total, changes, lastInsertRowid };
}

function sqlText(stream: Stream, source: { sql?: string; sql_id?: number }): string {
  if (source.sql !== undefined) return source.sql;
  const stored = source.sql_id === undefined ? undefined : stream.sqls.get(source.sql_id);
  if (stored === undefined) throw new HranaError(`No SQL stored as sql_id ${source.sql_id}`, 'SQL_NOT_FOUND');
  return stored;
}

function fromHrana(value: HranaValue): SqlValue {
  switch (value.type) {
    case 'null':
      return null;
    case 'integer':
      return BigInt(value.value);
    case 'float':
      return Number(value.value);
    case 'text':
      return value.value;
    case 'blob':
      return Buffer.from(value.base64, 'base64');
    default:
      throw new HranaError(`Unknown value type ${JSON.stringify(value)}`, 'HRANA_PROTO_ERROR');
  }
}

function toHrana(value: SqlValue | undefined): HranaValue {
  if (value === null || value === undefined) return { type: 'null' };
  if (typeof value === 'bigint') return { type: 'integer', value: String(value) };
  if (typeof value === 'number') return { type: 'float', value };
  if (typeof value === 'string') return { type: 'text', value };
  return { type: 'blob', base64: Buffer.from(value).toString('base64') };
}

/** SQLite errors keep their primary code ("SQLITE_CONSTRAINT"), as a libSQL server reports them. */
function toHranaError(error: unknown): { message: string; code: string } {
  if (error instanceof HranaError) return { message: error.message, code: error.code };
  const { message, code } = error as { message?: string; code?: unknown };
  const primary = typeof code === 'string' ? /^SQLITE_[A-Z]+/.exec(code)?.[0] : undefined;
  return { message: String(message ?? error), code: primary ?? 'UNKNOWN' };
}

function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new HranaError(`Missing "${field}"`, 'HRANA_PROTO_ERROR');
  return value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// Exactly "application/json": the client only reads error bodies with that content type.
function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
