/**
 * @module A real `redis-server` for tests, on 127.0.0.1 and a free port, with its files in a
 * temporary folder and persistence off: it can be stopped and started again on the same port, as
 * when Redis goes away under running replicas and comes back empty.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createTempDir } from "./corpus.ts";
import { findFreePort } from "./ports.ts";

/** A running (or stopped) test Redis. */
export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server (SIGTERM) and waits until it has exited; the port stays reserved for it. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty; resolves when it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

const READY = /Ready to accept connections/;

/** Starts `redis-server` (Debian's package; `.ci/run` installs it). */
export async function startRedisServer(): Promise<TestRedis> {
  const { dir, cleanup } = await createTempDir();
  const port = await findFreePort();
  let child: ChildProcess | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const redis = spawn(
        "redis-server",
        [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--dir",
          dir,
          "--save",
          "",
          "--appendonly",
          "no",
          "--loglevel",
          "notice",
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      child = redis;
      let output = "";
      const onData = (data: string) => {
        output += data;
        if (READY.test(output)) resolve();
      };
      redis.stdout?.setEncoding("utf8").on("data", onData);
      redis.stderr?.setEncoding("utf8").on("data", onData);
      redis.once("error", (error) =>
        reject(new Error(`redis-server could not be started (is it installed?): ${error.message}`)),
      );
      redis.once("exit", (code) => {
        if (!READY.test(output)) reject(new Error(`redis-server exited (${code}):\n${output}`));
      });
    });

  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
    running.kill("SIGTERM");
    await exited;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async close() {
      await stop();
      await cleanup();
    },
  };
}
