// Library API: the same records the CLI writes.
export { processFile as extractFile } from './pipeline/run.js';
export { documentRecords } from './pipeline/document.js';
export * from './schemas/records.js';
