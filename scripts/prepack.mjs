// `prepack` of every package: refuses to pack what would not work once installed.
// - Packing goes through pnpm (`npm run pack` at the root): pnpm swaps `exports` for the built ones
//   in `publishConfig` and turns `workspace:*` into versions; `npm pack` would ship a package whose
//   exports point at TypeScript sources it does not contain, and ranges npm cannot install.
// - The package must have been built (`npm run build`): its tarball carries dist/, not src/.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.cwd();
const { name, publishConfig } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const agent = process.env.npm_config_user_agent ?? '';
if (!agent.startsWith('pnpm/')) {
  console.error(`${name}: pack it with pnpm — \`npm run pack\` at the repository root packs every package into build/packages.`);
  console.error(`(npm pack would ship exports that point at src/*.ts, which the tarball does not contain, and workspace:* ranges.)`);
  process.exit(1);
}
const missing = Object.values(publishConfig?.exports ?? {})
  .map((target) => target.default)
  .filter((file) => !existsSync(join(dir, file)));
if (missing.length > 0) {
  console.error(`${name}: not built (${missing.join(', ')} missing): run \`npm run build\` at the repository root first.`);
  process.exit(1);
}
