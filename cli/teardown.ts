// The end of a run that reads files with workers into a store, however it stopped.

interface Closable { close(): Promise<void> }

/**
 * Stops listening for the signals, stops the workers and closes the store. The store's failure to
 * close (its last lines could not be written) comes back as a message, in the caller's words.
 */
export async function closeRun(pool: Closable, store: Closable, onSignal: (signal: NodeJS.Signals) => void, reason: (e: unknown) => string): Promise<string | null> {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  await pool.close();
  try {
    await store.close();
    return null;
  } catch (e) {
    return reason(e);
  }
}
