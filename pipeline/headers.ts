// A header label's role on its own, for stages that read one label (the facts' lot tables).
// Tables weigh headers and content together in pipeline/roles.ts.
export { headerKey } from './roles.js';
export { roleOfLabel as roleOf } from './tables.js';
export type { Role } from './vocabulary.js';
