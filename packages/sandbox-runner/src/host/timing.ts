/** Whether `promise` settles within `ms` (it is not cancelled either way). */
export function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Resolves/rejects with `work`, unless `abort` rejects first. */
export function withDeadline<T>(work: Promise<T>, abort: Promise<never>): Promise<T> {
  abort.catch(() => {});
  return Promise.race([work, abort]);
}
