// How every command that reads the dataset opens it: one line and exit 1 when it cannot be
// opened, closed whatever the command does.
import { openDataset, type Dataset } from '../dataset/db.js';

export async function withDataset(command: string, path: string, opts: { readOnly?: boolean; sealed?: boolean }, run: (ds: Dataset) => Promise<number>): Promise<number> {
  const ds = await openDataset(path, opts);
  if (!ds.ok) {
    process.stderr.write(`tender ${command}: ${ds.error}\n`);
    return 1;
  }
  try {
    return await run(ds.value);
  } finally {
    ds.value.close();
  }
}
