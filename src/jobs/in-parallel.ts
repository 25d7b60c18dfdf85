/** Runs `work` on every element, at most `limit` at a time; rejects with the first failure once the running ones have ended. */
export async function inParallel<T>(elements: readonly T[], limit: number, work: (element: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < elements.length) await work(elements[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, elements.length) }, lane));
}
