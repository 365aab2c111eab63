// A bench phase in a process of its own: node with these arguments, its stderr passed through, the
// last line of its stdout read as the JSON result, and its wall time from spawn to exit.
import { spawn } from 'node:child_process';

export function runJsonChild<T>(args: string[], label: string): Promise<{ wallMs: number; result: T }> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      if (code !== 0) reject(new Error(`${label} exited with ${code}`));
      else resolve({ wallMs, result: JSON.parse(out.trim().split('\n').pop() ?? '{}') as T });
    });
  });
}
