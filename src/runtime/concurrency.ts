// A counting semaphore: bounds requests in flight to one org.
// A released slot is handed straight to the next waiter (never put back for anyone to take), so a caller
// arriving at the moment of a release cannot slip in beside the waiter it woke. A waiter whose signal aborts
// (its call's deadline, or the client cancelling) leaves the queue at once.

export interface Limiter {
  /** Runs task when a slot is free; rejects with the signal's reason if it aborts while waiting. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Calls waiting for a slot (for tests and diagnostics). */
  readonly waiting: number;
}

export function createLimiter(maxInFlight: number): Limiter {
  let active = 0;
  const queue = new Set<() => void>();

  const release = () => {
    const next = queue.values().next();
    if (next.done) {
      active--;
      return;
    }
    // The slot passes to the waiter as it is: `active` does not change.
    queue.delete(next.value);
    next.value();
  };

  const acquire = (signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (active < maxInFlight) {
      active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        queue.delete(grant);
        reject(signal!.reason);
      };
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      queue.add(grant);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  };

  return {
    async run(task, signal) {
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
    get waiting() {
      return queue.size;
    },
  };
}
