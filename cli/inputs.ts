// The files a command was given, as every command that reads files reports them.
import { collectInputs, type Inputs } from '../runtime/files.js';
import { shownName } from './table-format.js';

/**
 * The files under the paths given, after saying which paths do not exist; or the exit code when
 * there is nothing to read (1 when a path was missing, 0 for folders that hold no file).
 */
export async function inputsOrExit(paths: string[]): Promise<Inputs | number> {
  const inputs = await collectInputs(paths);
  for (const m of inputs.missing) process.stderr.write(`tender: ${shownName(m)}: no such file or folder\n`);
  if (inputs.files.length) return inputs;
  process.stderr.write('tender: no files found\n');
  return inputs.missing.length ? 1 : 0;
}
