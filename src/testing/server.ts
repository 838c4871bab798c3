/**
 * @module Serves a fetch handler over real HTTP on 127.0.0.1 and a free port, for tests that
 * need real clients (the openai SDK, a browser).
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";

/** Starts `fetch` on 127.0.0.1:0; `close` stops it. */
export async function startServer(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            if ("closeAllConnections" in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
