import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const API = process.env['HOMECOMING_API'] ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The API's zod schemas are shared with the app; these modules import nothing but zod.
    alias: { '@server': fileURLToPath(new URL('../server/src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  // `npm run dev:web`: hot reload here, the API from the server started by `npm run dev`.
  server: { port: 5173, strictPort: true, proxy: { '/api': API, '/healthz': API, '/readyz': API } },
});
