import type { Client, Row } from '@libsql/client';
import { newId } from '../ids.ts';
import type { SiteBuild, SiteBuildStatus } from '../types.ts';

function toSiteBuild(row: Row): SiteBuild {
  return {
    id: String(row.id),
    status: String(row.status) as SiteBuildStatus,
    data_version: Number(row.data_version),
    started_at: String(row.started_at),
    finished_at: row.finished_at == null ? null : String(row.finished_at),
    duration_ms: row.duration_ms == null ? null : Number(row.duration_ms),
    pages: row.pages == null ? null : Number(row.pages),
    error: row.error == null ? null : String(row.error),
  };
}

/** Records that a build of the given data version has started; returns its id. */
export async function insertRunningSiteBuild(db: Client, dataVersion: number, now: string): Promise<string> {
  const id = newId('bld');
  await db.execute({
    sql: `INSERT INTO site_builds (id, status, data_version, started_at) VALUES (:id, 'running', :dataVersion, :now)`,
    args: { id, dataVersion, now },
  });
  return id;
}

export interface SiteBuildOutcome {
  status: 'succeeded' | 'failed';
  finishedAt: string;
  durationMs: number;
  pages?: number;
  error?: string;
}

/** Records how a build ended. A no-op for an unknown id. */
export async function finishSiteBuild(db: Client, id: string, outcome: SiteBuildOutcome): Promise<void> {
  await db.execute({
    sql: `UPDATE site_builds SET status = :status, finished_at = :finishedAt, duration_ms = :durationMs,
      pages = :pages, error = :error WHERE id = :id`,
    args: {
      id,
      status: outcome.status,
      finishedAt: outcome.finishedAt,
      durationMs: outcome.durationMs,
      pages: outcome.pages ?? null,
      error: outcome.error ?? null,
    },
  });
}

/**
 * Builds left 'running' by a process that died mid-build are marked failed, so the list never
 * shows a build that will not finish.
 */
export async function failInterruptedSiteBuilds(db: Client, now: string): Promise<void> {
  await db.execute({
    sql: `UPDATE site_builds SET status = 'failed', finished_at = :now, error = 'interrupted: the server stopped during the build'
      WHERE status = 'running'`,
    args: { now },
  });
}

/** Builds newest first. */
export async function listSiteBuilds(db: Client, limit: number): Promise<SiteBuild[]> {
  const result = await db.execute({
    sql: 'SELECT * FROM site_builds ORDER BY started_at DESC, rowid DESC LIMIT :limit',
    args: { limit },
  });
  return result.rows.map(toSiteBuild);
}

/**
 * The newest successful build (highest data version, then latest start), or null when no build
 * ever succeeded. Its `started_at` is the moment the live pages were rendered for.
 */
export async function getLastSucceededSiteBuild(db: Client): Promise<SiteBuild | null> {
  const result = await db.execute(
    `SELECT * FROM site_builds WHERE status = 'succeeded' ORDER BY data_version DESC, started_at DESC LIMIT 1`,
  );
  const row = result.rows[0];
  return row ? toSiteBuild(row) : null;
}
