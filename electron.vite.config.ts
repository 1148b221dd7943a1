import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build for every runtime piece. The main build also emits the CLI (`out/main/cli.js`), which
// is the browser-mode server and the automation door: it shares the core with the desktop app.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // age-encryption (and its @noble helpers) ship as ES modules only: bundled into the CommonJS
      // main build rather than loaded with require(), which Node 20 marks experimental.
      externalizeDeps: {
        exclude: ['age-encryption', 'drizzle-orm', 'zod', 'uuid', 'libphonenumber-js'],
      },
      rollupOptions: {
        input: {
          main: resolve(__dirname, 'electron/main.ts'),
          cli: resolve(__dirname, 'src/cli/bin.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve(__dirname, 'electron/preload.ts') },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
      },
    },
  },
});
