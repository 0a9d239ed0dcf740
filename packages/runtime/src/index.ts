export type * from './graph/types.js';
export { GRAPH_FORMAT, MESSAGE_KEYS } from './graph/types.js';
export type * from './engine/types.js';
export { SESSION_VERSION } from './engine/types.js';
