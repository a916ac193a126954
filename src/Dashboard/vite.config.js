import { defineConfig } from 'vite';

// Built into dist/, which the gateway's build copies into its output as "dashboard/" (Dashboard.targets).
// `npm run dev` serves the source with the API proxied to a gateway started by scripts/run.sh.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
  },
  server: {
    proxy: { '/v1': 'http://localhost:5221' },
  },
});
