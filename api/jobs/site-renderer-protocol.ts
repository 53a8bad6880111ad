// Messages between the server (api/jobs/site-renderer.ts) and its renderer child.

export type RendererRequest =
  | { type: 'full'; outDir: string; previousDir?: string; builtAt?: number }
  | {
      type: 'incremental';
      outDir: string;
      previousDir: string;
      /** The build live before `previousDir`, no longer served: moved to `outDir` and brought up to date. */
      recycleDir?: string;
      builtAt?: number;
    };

export type RendererReply =
  | { ok: true; mode: 'full' | 'incremental'; pages: number; rendered: number; timing?: string }
  | { ok: false; error: string; needsFullBuild?: boolean };
