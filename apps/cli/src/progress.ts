/**
 * A minimal progress bar on stderr, shown only when stderr is a terminal (never in JSON/CSV mode
 * or when piped), so machine-readable output stays clean.
 */
export interface ProgressBar {
  update(done: number): void;
  done(): void;
}

export function progressBar(label: string, total: number): ProgressBar | null {
  if (!process.stderr.isTTY) return null;
  const width = 30;
  const draw = (k: number) => {
    const filled = Math.round((width * k) / total);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${k}/${total}`);
  };
  draw(0);
  return {
    update: draw,
    done: () => process.stderr.write('\n'),
  };
}
