import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

/** Absolute paths of every `examples/*.flow` root and of the real bot `flows/jalna-mitra.flow`. */
export function exampleRoots(): string[] {
  const examples = join(repo, 'examples');
  const roots = readdirSync(examples)
    .filter((f) => f.endsWith('.flow'))
    .sort()
    .map((f) => join(examples, f));
  return [...roots, join(repo, 'flows', 'jalna-mitra.flow')];
}

/** A path shown relative to the repository. */
export function fromRepo(path: string): string {
  return path.startsWith(repo) ? path.slice(repo.length) : path;
}
