/**
 * The creator CLI compiled to plain JavaScript (dist-cli/cli.mjs) for the npm package: Node loads it directly, with
 * no TypeScript loader at start-up. An SSR build leaves every package in node_modules external, so sharp and the
 * list/signing libraries come from the package's runtime dependencies; `npm pack` builds it (prepack).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: false,
    minify: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'cli.mjs', chunkFileNames: '[name]-[hash].mjs' } },
  },
});
