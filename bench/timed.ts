/** Wall and CPU seconds of one piece of work, for the benches that report both (CPU-s hold on a loaded machine). */
export interface Timed<T> {
  readonly value: T;
  readonly wallS: number;
  readonly cpuS: number;
}

/** User + system CPU seconds of this process since `start`. */
export function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
}

export function timed<T>(work: () => T): Timed<T> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = work();
  return { value, wallS: (performance.now() - started) / 1000, cpuS: cpuSecondsSince(cpu) };
}

export async function timedAsync<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  return { value, wallS: (performance.now() - started) / 1000, cpuS: cpuSecondsSince(cpu) };
}
