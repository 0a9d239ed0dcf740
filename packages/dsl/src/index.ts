export type * from './ast.js';
export type { Diagnostic, DiagnosticFix, DiagnosticLabel, Severity } from './diagnostic.js';
export { diagnostic } from './diagnostic.js';
