/**
 * The CLI and the Node library compiled to plain JavaScript in dist-cli/ for the npm package: `cli.mjs` (the
 * command line), `core.mjs` (`license-lens/core`), `audit-worker.mjs` (the audit's decoding thread, found beside
 * the chunks: src/cli/audit/decode-pool.ts), `registry-worker.mjs` (a shard thread of `registry build`). Node loads them directly, with no TypeScript loader at start-up. An SSR
 * build leaves every package in node_modules external, so sharp and the list/signing libraries come from the
 * package's runtime dependencies; `npm pack` builds it (prepack), with the library's type declarations
 * (tsconfig.core.json). `LL_CORE=browser` builds the browser face instead (dist-core/browser.mjs, one file).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The project's pure logic: no module there is imported for what it does when it loads (as worker-bundle.ts says). */
const LIB = fileURLToPath(new URL('src/lib/', import.meta.url));

const browser = process.env.LL_CORE === 'browser';

export default defineConfig(
  browser
    ? {
        publicDir: false,
        build: {
          lib: { entry: 'src/core/browser.ts', formats: ['es'], fileName: () => 'browser.mjs' },
          outDir: 'dist-core',
          emptyOutDir: true,
          target: 'es2022',
          minify: false,
        },
      }
    : {
        publicDir: false,
        build: {
          ssr: true,
          outDir: 'dist-cli',
          emptyOutDir: true,
          target: 'node20',
          sourcemap: false,
          minify: false,
          rollupOptions: {
            input: { cli: 'src/cli/main.ts', core: 'src/core/node.ts', 'audit-worker': 'src/cli/audit/decode-worker.ts', 'registry-worker': 'src/cli/registry-worker.ts' },
            output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
            // src/lib free of side effects, a chunk holds only the modules whose exports its entries use: the audit's
            // decoding thread loads the fingerprinting modules, not the whole matcher and the detail stages' tables
            // built when they load (the clone's worker bundle leaves them out the same way, worker-bundle.ts).
            treeshake: { moduleSideEffects: (id: string) => !id.startsWith(LIB) },
          },
        },
      },
);
