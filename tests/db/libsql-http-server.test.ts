// The dev libSQL HTTP server, driven by the real `@libsql/client/web` client the Worker uses.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client/web';
import { describe, expect, onTestFinished, test } from 'vitest';
import { migrate } from '../../db/migrate.ts';
import { readMigrationFiles } from '../../db/migration-files.ts';
import { startLibsqlHttpServer } from '../support/libsql-http-server.ts';

/** A server on a fresh temp file, and a client for it; all closed and deleted when the test finishes. */
async function startServer(options: { authToken?: string; clientToken?: string; intMode?: 'bigint' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'candor-libsql-http-'));
  const server = await startLibsqlHttpServer({
    file: join(dir, 'candor.db'),
    ...(options.authToken ? { authToken: options.authToken } : {}),
  });
  const clients: Client[] = [];
  const connect = (authToken = options.clientToken ?? options.authToken): Client => {
    const client = createClient({
      url: server.url,
      ...(authToken ? { authToken } : {}),
      ...(options.intMode ? { intMode: options.intMode } : {}),
    });
    clients.push(client);
    return client;
  };
  onTestFinished(async () => {
    for (const client of clients) client.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { url: server.url, db: connect(), connect };
}

async function count(db: Pick<Client, 'execute'>, table: string): Promise<number> {
  const { rows } = await db.execute(`SELECT count(*) AS n FROM ${table}`);
  return Number(rows[0]?.n);
}

describe('libSQL HTTP dev server', () => {
  test('listens on 127.0.0.1 and executes with positional and named arguments', async () => {
    const { url, db } = await startServer();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await db.execute('CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER)');

    const first = await db.execute({
      sql: 'INSERT INTO people (name, age) VALUES (?, ?)',
      args: ['Ada', 36],
    });
    expect(first.rowsAffected).toBe(1);
    expect(first.lastInsertRowid).toBe(1n);
    const second = await db.execute({
      sql: 'INSERT INTO people (name, age) VALUES (:name, $age)',
      args: { name: 'Grace', $age: 45 },
    });
    expect(second.lastInsertRowid).toBe(2n);

    const found = await db.execute({
      sql: 'SELECT id, name, age FROM people WHERE age > @min',
      args: { min: 40 },
    });
    expect(found.columns).toEqual(['id', 'name', 'age']);
    expect(found.columnTypes).toEqual(['INTEGER', 'TEXT', 'INTEGER']);
    expect(found.rows.map((row) => ({ ...row }))).toEqual([{ id: 2, name: 'Grace', age: 45 }]);
    expect(found.rowsAffected).toBe(0);

    const numbered = await db.execute({ sql: 'SELECT ?2 AS b, ?1 AS a', args: ['first', 'second'] });
    expect({ ...numbered.rows[0] }).toEqual({ b: 'second', a: 'first' });
    const updated = await db.execute({ sql: 'UPDATE people SET age = age + 1', args: [] });
    expect(updated.rowsAffected).toBe(2);
  });

  test('round-trips integers, reals, text, null and blobs', async () => {
    const { db } = await startServer({ intMode: 'bigint' });
    await db.execute('CREATE TABLE vals (i INTEGER, r REAL, t TEXT, n TEXT, b BLOB)');
    const big = 2n ** 62n + 1n; // beyond Number precision
    const blob = new Uint8Array([0, 1, 127, 128, 255]);
    await db.execute({
      sql: 'INSERT INTO vals VALUES (?, ?, ?, ?, ?)',
      args: [big, 2.5, 'héllo ✓', null, blob],
    });

    const { rows } = await db.execute(
      'SELECT i, r, t, n, b, typeof(i) AS ti, typeof(r) AS tr, typeof(n) AS tn, typeof(b) AS tb FROM vals',
    );
    const row = rows[0];
    expect(row?.i).toBe(big);
    expect(row?.r).toBe(2.5);
    expect(row?.t).toBe('héllo ✓');
    expect(row?.n).toBeNull();
    expect(new Uint8Array(row?.b as ArrayBuffer)).toEqual(blob);
    expect([row?.ti, row?.tr, row?.tn, row?.tb]).toEqual(['integer', 'real', 'null', 'blob']);

    // A JS number is sent as a float, as with a real libSQL server; the column affinity makes it an integer.
    const typed = await db.execute({ sql: 'SELECT typeof(?) AS a, typeof(?) AS b', args: [7, 7n] });
    expect({ ...typed.rows[0] }).toEqual({ a: 'real', b: 'integer' });
  });

  test("runs batch('write') atomically: a failing statement undoes the earlier ones", async () => {
    const { db } = await startServer();
    await db.execute('CREATE TABLE tags (name TEXT PRIMARY KEY)');
    const results = await db.batch(
      [
        { sql: 'INSERT INTO tags VALUES (?)', args: ['a'] },
        { sql: 'INSERT INTO tags VALUES (?)', args: ['b'] },
        'SELECT name FROM tags ORDER BY name',
      ],
      'write',
    );
    expect(results.map((result) => result.rowsAffected)).toEqual([1, 1, 0]);
    expect(results[2]?.rows.map((row) => row.name)).toEqual(['a', 'b']);

    const failing = db.batch(
      [
        { sql: 'INSERT INTO tags VALUES (?)', args: ['c'] },
        { sql: 'INSERT INTO tags VALUES (?)', args: ['a'] },
      ],
      'write',
    );
    await expect(failing).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT',
      message: expect.stringMatching(/UNIQUE/),
    });
    expect(await count(db, 'tags')).toBe(2);
  });

  test("commits and rolls back client.transaction('write') spread over several requests", async () => {
    const { db } = await startServer();
    await db.execute('CREATE TABLE notes (body TEXT NOT NULL)');

    const committed = await db.transaction('write');
    await committed.execute({ sql: 'INSERT INTO notes VALUES (?)', args: ['kept'] });
    await committed.execute({ sql: 'INSERT INTO notes VALUES (?)', args: ['kept too'] });
    expect(await count(committed, 'notes')).toBe(2);
    await committed.commit();
    expect(await count(db, 'notes')).toBe(2);

    const rolledBack = await db.transaction('write');
    await rolledBack.execute({ sql: 'INSERT INTO notes VALUES (?)', args: ['dropped'] });
    await expect(rolledBack.execute('INSERT INTO notes VALUES (NULL)')).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT',
    });
    await rolledBack.rollback();
    const { rows } = await db.execute('SELECT body FROM notes ORDER BY rowid');
    expect(rows.map((row) => row.body)).toEqual(['kept', 'kept too']);
  });

  test('lets a write from another stream wait for an open transaction instead of failing', async () => {
    const { db } = await startServer();
    await db.execute('CREATE TABLE events (n INTEGER NOT NULL)');
    const transaction = await db.transaction('write');
    await transaction.execute('INSERT INTO events VALUES (1)');
    const outside = db.execute('INSERT INTO events VALUES (2)');
    await transaction.execute('INSERT INTO events VALUES (3)');
    await transaction.commit();
    await outside;
    const { rows } = await db.execute('SELECT n FROM events ORDER BY rowid');
    expect(rows.map((row) => row.n)).toEqual([1, 3, 2]);
  });

  test('runs executeMultiple as one sequence and reports the statement that fails', async () => {
    const { db } = await startServer();
    await db.executeMultiple(`
      CREATE TABLE a (x INTEGER);
      BEGIN;
      INSERT INTO a VALUES (1);
      INSERT INTO a VALUES (2);
      COMMIT;
    `);
    expect(await count(db, 'a')).toBe(2);
    await expect(
      db.executeMultiple('INSERT INTO a VALUES (3); SELECT * FROM missing;'),
    ).rejects.toMatchObject({
      code: 'SQLITE_ERROR',
      message: expect.stringMatching(/no such table: missing/),
    });
    expect(await count(db, 'a')).toBe(3);
  });

  test('opens connections with foreign keys on and WAL on the file', async () => {
    const { db } = await startServer();
    await db.executeMultiple(`
      CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE child (parent_id INTEGER NOT NULL REFERENCES parent (id));
    `);
    await expect(db.execute('INSERT INTO child VALUES (42)')).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT',
    });
    const { rows } = await db.execute('PRAGMA journal_mode');
    expect(rows[0]?.journal_mode).toBe('wal');
  });

  test("applies the project's migrations once, through the HTTP client", async () => {
    const { db } = await startServer();
    const migrations = await readMigrationFiles();
    const first = await migrate(db, migrations);
    expect(first.applied).toEqual(migrations.map((migration) => migration.name).sort());
    expect(first.applied.length).toBeGreaterThan(0);

    const ledger = await db.execute('SELECT name FROM schema_migrations ORDER BY name');
    expect(ledger.rows.map((row) => row.name)).toEqual(first.applied);
    expect(await count(db, 'incidents')).toBe(0);
    const tables = await db.execute(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'components'",
    );
    expect(tables.rows).toHaveLength(1);

    expect((await migrate(db, migrations)).applied).toEqual([]);
  });

  test('requires the bearer token when one is configured', async () => {
    const { db, connect } = await startServer({ authToken: 'dev-secret' });
    expect(await db.execute('SELECT 1 AS one')).toMatchObject({ rows: [{ one: 1 }] });
    await expect(connect('wrong').execute('SELECT 1')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(connect('').execute('SELECT 1')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  test('closes every stream and stops listening on close()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'candor-libsql-http-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const server = await startLibsqlHttpServer({ file: join(dir, 'candor.db') });
    const db = createClient({ url: server.url });
    const transaction = await db.transaction('write');
    await transaction.execute('CREATE TABLE t (x)');
    await server.close();
    db.close();
    await expect(fetch(`${server.url}/v2`)).rejects.toThrow();
    // The open transaction was rolled back with its connection.
    const reopened = await startLibsqlHttpServer({ file: join(dir, 'candor.db') });
    const again = createClient({ url: reopened.url });
    const tables = await again.execute("SELECT name FROM sqlite_schema WHERE name = 't'");
    expect(tables.rows).toHaveLength(0);
    again.close();
    await reopened.close();
    expect(readdirSync(dir)).toContain('candor.db');
  });
});
