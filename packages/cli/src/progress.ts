/** Progress bars on stderr while uploads and analyses run; silent when stderr is not a terminal. */
import { Presets, SingleBar } from 'cli-progress';

export interface Bar {
  update(value: number, total?: number, label?: string): void;
  stop(): void;
}

export function progressBar(title: string, enabled: boolean, unit = 'B'): Bar {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      format: `${title} [{bar}] {percentage}% {value}/{total} ${unit} {label}`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.legacy,
  );
  let started = false;
  return {
    update(value, total, label = '') {
      if (!started) {
        bar.start(total ?? 100, value, { label });
        started = true;
      } else {
        if (total !== undefined) bar.setTotal(total);
        bar.update(value, { label });
      }
    },
    stop: () => started && bar.stop(),
  };
}
