/**
 * The import graph of src/: every relative import, export-from and dynamic import() of each .ts file, resolved to
 * a file. import-graph.test.ts fails on a circle and reports the import levels; a regex reads the specifiers,
 * which is enough for this codebase's one-statement-per-import style.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const SRC = new URL('../../../src/', import.meta.url).pathname;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveSpecifier(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec.split('?')[0]!);
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** File (relative to src/) -> the src files it imports (relative to src/). */
export function importGraph(root = SRC): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of tsFiles(root)) {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const deps = new Set<string>();
    for (const m of text.matchAll(SPECIFIER)) {
      const target = resolveSpecifier(file, m[1] ?? m[2] ?? m[3]!);
      if (target && target.startsWith(root)) deps.add(relative(root, target));
    }
    graph.set(relative(root, file), [...deps].sort());
  }
  return graph;
}

/** Every strongly connected group of more than one file (or a file importing itself): the import circles. */
export function circles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/**
 * Import levels among the files `within` selects: 1 for a file importing none of them, else one more than the
 * highest level it imports. Only meaningful without circles (a circle's files are counted once, at first visit).
 */
export function levels(graph: Map<string, string[]>, within: (file: string) => boolean = () => true): Map<string, number> {
  const level = new Map<string, number>();
  const busy = new Set<string>();
  const of = (v: string): number => {
    if (level.has(v)) return level.get(v)!;
    if (busy.has(v)) return 0;
    busy.add(v);
    const deps = (graph.get(v) ?? []).filter(within);
    const l = 1 + Math.max(0, ...deps.map(of));
    busy.delete(v);
    level.set(v, l);
    return l;
  };
  for (const v of graph.keys()) if (within(v)) of(v);
  return level;
}
