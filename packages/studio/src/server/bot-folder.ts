/** The bot's folder: its root file, and paths inside it (the API never reaches outside it). */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** Where a bot lives; relative paths use `/` whatever the platform. */
export class BotFolder {
  readonly dir: string;

  constructor(readonly root: string) {
    this.dir = dirname(root);
  }

  /** The root file, relative. */
  get rootPath(): string {
    return this.relative(this.root) ?? this.root;
  }

  /** The absolute path of a relative one (throws on a path leaving the folder). */
  absolute(path: string): string {
    const abs = resolve(this.dir, path);
    if (this.relative(abs) === undefined) throw new PathError(`\`${path}\` is not a file of the bot's folder`);
    return abs;
  }

  /** The relative path of an absolute one, or `undefined` outside the folder. */
  relative(abs: string): string | undefined {
    const rel = relative(this.dir, abs);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
    return rel.split(sep).join('/');
  }
}

/** A path the API refuses. */
export class PathError extends Error {}
