/**
 * @module Node's way into the config: reads `.env` when present, then parses `process.env`
 * once. An invalid setting prints every problem by name and exits.
 */
import { existsSync } from "node:fs";
import { type Config, ConfigError, parseConfig } from "../../config.ts";

/** Parses the process environment (after `.env`), exiting with a clear message when invalid. */
export function loadConfig(): Config {
  if (existsSync(".env")) process.loadEnvFile(".env");
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${error.message}\nSee .env.example for every setting.`);
      process.exit(1);
    }
    throw error;
  }
}
