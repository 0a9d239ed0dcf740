/**
 * Builds the studio's page into dist/web (Vite), for packing: an installed `@samvad/studio` serves
 * it as built and never builds it (the workspace builds it on the first `samvad studio`).
 */
import { PACKED_WEB_DIR, buildFrontEnd } from '../src/server/front-end.js';

await buildFrontEnd(PACKED_WEB_DIR);
process.stderr.write(`@samvad/studio: page built into ${PACKED_WEB_DIR}\n`);
