import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

// The dashboard: a static SPA the API app serves from dist/web (apps/api/src/dashboard-support/web-assets.ts).
export default defineConfig({
  root: here('.'),
  base: '/',
  resolve: {
    alias: [
      { find: /^@cascade\/domain\/(.*)$/, replacement: `${here('../../libs/domain/src')}/$1` },
      { find: /^@cascade\/contracts\/(.*)$/, replacement: `${here('../../libs/contracts/src')}/$1` },
      { find: /^@cascade\/api-client$/, replacement: here('../../libs/api-client/src/index.ts') },
    ],
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: here('../../dist/web'), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
