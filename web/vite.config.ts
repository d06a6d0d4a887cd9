import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.SEN_API_URL ?? 'http://localhost:8080';

export default defineConfig({
  root,
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    port: 5173,
    // In development the app is served by Vite and talks to the Sen server through this proxy.
    proxy: { '/fhir': api, '/api': api, '/auth': api },
  },
});
