/**
 * `@samvad/studio`: Samvad Studio, a local web app to write a bot with live diagnostics, a
 * WhatsApp phone preview, the bot's map, its tests and its translations (`samvad studio`).
 */
export { startStudio } from './server/studio-server.js';
export type { RunningStudio, StudioOptions, TestRunner } from './server/studio-server.js';
export { buildFrontEnd, ensureFrontEnd, PACKED_WEB_DIR, WEB_DIR } from './server/front-end.js';
export type * from './shared/api.js';
