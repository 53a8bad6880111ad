// Node only: the site folder's layout (`current` → `builds/<id>`) and its repair. Backup tools,
// operators and disk clean-ups damage it in ways a build alone would never fix: a live build
// deleted, or `current` copied over as a real folder (a tool following symlinks), on which every
// rename of the new link fails with EISDIR.
import { lstat, mkdir, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';

export class SiteFolders {
  readonly currentDir: string;
  readonly buildsDir: string;

  constructor(siteDir: string) {
    this.currentDir = join(siteDir, 'current');
    this.buildsDir = join(siteDir, 'builds');
  }

  /** True when `current` is a link to a build that has its front page. */
  async hasLiveSite(): Promise<boolean> {
    try {
      await readlink(this.currentDir);
      return (await readdir(this.currentDir)).includes('index.html');
    } catch {
      return false;
    }
  }

  /**
   * Puts the folders back in shape for a swap: `builds/` exists, no stale `current.next`, and
   * `current` is a link or absent. Anything else at `current` is moved into `builds/`, where the
   * next clean-up deletes it. Returns what it repaired, for the log.
   */
  async repair(): Promise<string[]> {
    const repaired: string[] = [];
    await mkdir(this.buildsDir, { recursive: true });
    // Recursive: a crash or a tool may have left a folder there, which a plain rm refuses.
    await rm(`${this.currentDir}.next`, { recursive: true, force: true });
    const current = await lstat(this.currentDir).catch(() => undefined);
    if (current && !current.isSymbolicLink()) {
      const aside = join(this.buildsDir, `damaged-current-${Date.now()}`);
      await rename(this.currentDir, aside);
      repaired.push(
        `${this.currentDir} was a ${current.isDirectory() ? 'folder' : 'file'}, not a link; moved to ${aside}`,
      );
    }
    return repaired;
  }

  /**
   * Makes `outDir` the live site with one atomic rename of a link over `current`: a reader
   * resolves either the old build or the new one. Returns the name of the build live before.
   */
  async swapTo(outDir: string): Promise<string | undefined> {
    const previous = await readlink(this.currentDir).catch(() => undefined);
    const next = `${this.currentDir}.next`;
    await symlink(outDir, next, 'dir');
    await rename(next, this.currentDir);
    return previous === undefined ? undefined : basename(previous);
  }

  /** The build `current` leads to, as written by swapTo; undefined when it is not a link. */
  async liveBuildDir(): Promise<string | undefined> {
    return readlink(this.currentDir).catch(() => undefined);
  }

  /** Names of the folders in `builds/`, none when it is missing. */
  async listBuilds(): Promise<string[]> {
    return readdir(this.buildsDir).catch(() => []);
  }
}
