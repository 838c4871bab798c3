/**
 * @module A free TCP port on 127.0.0.1, for a server a test or benchmark starts itself.
 */
import { createServer } from "node:net";

/** A port nothing listens on right now (the OS picks it; it is released before it resolves). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
