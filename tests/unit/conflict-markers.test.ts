// No merge-conflict marker may land anywhere in the tree, docs included (one once sat in docs/architecture.md).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SKIP = new Set(['node_modules', '.git', 'demo-output', '.scratch']);
const MARKER = /^(<{7}|>{7}) |^<{7}$|^>{7}$|^={7}$/m;

/** Line numbers (1-based) of conflict markers in a text. */
export function conflictLines(text: string): number[] {
  const lines = text.split('\n');
  return lines.flatMap((line, i) => (MARKER.test(line) ? [i + 1] : []));
}

function trackedFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    // Not a git checkout (an unpacked archive): walk the tree instead.
    const out: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        if (SKIP.has(name) || name.startsWith('dist')) continue;
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else out.push(relative(ROOT, path));
      }
    };
    walk(ROOT);
    return out;
  }
}

describe('conflict markers', () => {
  it('finds the three kinds of marker line, and nothing in ordinary text', () => {
    const text = ['a', '<<<<<<< HEAD', 'b', '=======', 'c', '>>>>>>> branch', '== heading ==', '========= rule'].join('\n');
    expect(conflictLines(text)).toEqual([2, 4, 6]);
  });

  it('no tracked text file holds one', () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of files) {
      if (file.startsWith('dist')) continue;
      let text: string;
      try {
        const buf = readFileSync(join(ROOT, file));
        if (buf.includes(0)) continue; // binary
        text = buf.toString('utf8');
      } catch {
        continue; // deleted in the work tree, or unreadable
      }
      for (const line of conflictLines(text)) found.push(`${file}:${line}`);
    }
    expect(found).toEqual([]);
  });
});
