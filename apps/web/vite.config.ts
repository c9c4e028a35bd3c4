import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Served by the Parzen server at `/`; `pnpm dev` proxies the API to a server on 8080.
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: { outDir: "dist", chunkSizeWarningLimit: 2500 },
  server: { proxy: { "/v1": "http://127.0.0.1:8080" } },
});
