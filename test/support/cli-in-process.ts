import { vi } from 'vitest';
import { main } from '../../src/cli/main';

/** Runs the command line in this process (the code of the binary, without a process start per command). */
export async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const taken = { stdout: '', stderr: '' };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((taken.stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((taken.stderr += String(chunk)), true));
  // A command's exit code is process.exitCode: one run's must not become the next one's, or the test runner's.
  process.exitCode = undefined;
  try {
    return { code: await main(['node', 'hustings', ...args]), ...taken };
  } finally {
    process.exitCode = undefined;
    out.mockRestore();
    err.mockRestore();
  }
}
