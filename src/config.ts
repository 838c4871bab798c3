/**
 * @module The one place settings are read: a zod schema over environment-style variables,
 * parsed once per process (Node) or per isolate (Workers). Nothing else reads `process.env`.
 */
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every setting, as documented in `.env.example`. */
export const Config = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
    HOST: z.string().trim().min(1).default("0.0.0.0"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    CORPUS_DIR: z.string().trim().min(1).default("./corpus"),
    LANCEDB_URI: z.string().trim().min(1).default("./data/lancedb"),
    EMBEDDER: z.enum(["local", "openai"]).default("local"),
    EMBEDDING_MODEL: z.string().trim().min(1).default("text-embedding-3-small"),
    EMBEDDING_DIMENSIONS: z.coerce.number().int().positive().max(8192).optional(),
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    CHAT_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
    LLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(20_000),
    LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
    ANSWER_K: positiveInt(8).pipe(z.number().max(20)),
    CHUNK_SIZE: positiveInt(700).pipe(z.number().min(200).max(8000)),
    CHUNK_OVERLAP: z.coerce.number().int().min(0).max(2000).default(120),
    SEARCH_K: positiveInt(5).pipe(z.number().max(50)),
    VECTOR_INDEX_MIN_ROWS: positiveInt(50_000),
    INDEX_REFRESH_SECONDS: z.coerce.number().min(0).max(3600).default(5),
    TRUST_PROXY: z
      .string()
      .trim()
      .regex(/^(?:true|false|\d)$/, "must be false, true or the number of proxies (0–9)")
      .transform((value) => (value === "true" ? 1 : value === "false" ? 0 : Number(value)))
      .default(0),
    CORS_ORIGINS: z
      .string()
      .trim()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z
            .string()
            .regex(
              /^(?:\*|https?:\/\/[^/\s]+)$/,
              "must be `*` or origins such as https://example.com (no path), separated by commas",
            ),
        ),
      ),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000_000).default(120),
    WECHAT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000_000).default(20),
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).optional(),
    MAX_BODY_KB: z.coerce.number().int().min(16).max(65_536).default(1024),
    CACHE_ENTRIES: z.coerce.number().int().min(0).max(1_000_000).default(1000),
    MEMORY_INDEX_MB: z.coerce.number().min(0).max(65_536).default(64),
    RECORDS_URI: z.string().trim().min(1).default("./data/records"),
    /** PostgreSQL for records instead of LanceDB at RECORDS_URI: safe for several replicas. */
    DATABASE_URL: optionalString.pipe(
      z
        .url({
          protocol: /^postgres(ql)?$/,
          error:
            "must be a postgres:// or postgresql:// URL, e.g. postgres://user:password@host:5432/db",
        })
        .optional(),
    ),
    /** Connections each process keeps to DATABASE_URL. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    ADMIN_TOKEN: optionalString.pipe(
      z.string().min(16, "must be at least 16 characters (e.g. `openssl rand -hex 32`)").optional(),
    ),
    /** Hours a staff console session lasts after sign-in. */
    ADMIN_SESSION_HOURS: z.coerce
      .number()
      .min(0.1)
      .max(24 * 30)
      .default(12),
    /** Largest document a staff member may upload in the console, in megabytes. */
    MAX_UPLOAD_MB: z.coerce.number().min(0.1).max(50).default(20),
    /** `off` stops recording questions in the question log. */
    QUESTION_LOG: z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on"),
    /** Days question-log rows are kept; older rows are deleted. 0 keeps them forever. */
    QUESTION_LOG_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
    /** Key for hashing WeChat/WeCom user ids in the question log; derived from ADMIN_TOKEN when unset. */
    QUESTION_LOG_HASH_KEY: optionalString.pipe(
      z.string().min(16, "must be at least 16 characters (e.g. `openssl rand -hex 32`)").optional(),
    ),
    WECHAT_TOKEN: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9]{3,32}$/, "must be 3–32 letters or digits, as set in the console")
        .optional(),
    ),
    WECHAT_APP_ID: optionalString,
    WECHAT_ENCODING_AES_KEY: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9+/]{43}$/, "must be the 43-character EncodingAESKey")
        .optional(),
    ),
    WECHAT_APP_SECRET: optionalString,
    WECHAT_MAX_SKEW_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    WECHAT_API_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://api.weixin.qq.com"),
    WECOM_TOKEN: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9]{3,32}$/, "must be 3–32 letters or digits, as set in the console")
        .optional(),
    ),
    WECOM_CORP_ID: optionalString,
    WECOM_ENCODING_AES_KEY: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9+/]{43}$/, "must be the 43-character EncodingAESKey")
        .optional(),
    ),
    WECOM_AGENT_ID: z.coerce.number().int().positive().optional(),
    WECOM_SECRET: optionalString,
    WECOM_API_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://qyapi.weixin.qq.com"),
    /** Redis or Valkey for state shared by replicas; unset keeps it in this process's memory. */
    REDIS_URL: optionalString.pipe(
      z
        .url({
          protocol: /^rediss?$/,
          hostname: /./,
          error:
            "must be a redis:// or rediss:// URL, e.g. redis://:password@redis.internal:6379/0",
        })
        .optional(),
    ),
    /** Start of every key this app writes to Redis, so that one Redis can serve several apps. */
    REDIS_KEY_PREFIX: z
      .string()
      .trim()
      .regex(/^[\w:.-]{1,64}$/, "must be 1–64 letters, digits or _ : . -")
      .default("cqia:"),
  })
  .refine((config) => config.CHUNK_OVERLAP < config.CHUNK_SIZE, {
    path: ["CHUNK_OVERLAP"],
    message: "must be smaller than CHUNK_SIZE",
  })
  .refine(
    (config) =>
      config.REQUEST_TIMEOUT_MS === undefined || config.REQUEST_TIMEOUT_MS > config.LLM_TIMEOUT_MS,
    {
      path: ["REQUEST_TIMEOUT_MS"],
      message: "must be longer than LLM_TIMEOUT_MS, so a slow model is answered offline in time",
    },
  )
  .refine(
    (config) => config.EMBEDDER !== "openai" || config.OPENAI_API_KEY || config.OPENAI_BASE_URL,
    {
      path: ["EMBEDDER"],
      message: "EMBEDDER=openai needs OPENAI_API_KEY or OPENAI_BASE_URL",
    },
  )
  .refine(
    (config) =>
      config.WECHAT_TOKEN !== undefined ||
      (config.WECHAT_APP_ID ?? config.WECHAT_ENCODING_AES_KEY ?? config.WECHAT_APP_SECRET) ===
        undefined,
    { path: ["WECHAT_TOKEN"], message: "is required when any other WECHAT_* setting is given" },
  )
  .refine(
    (config) =>
      config.WECHAT_APP_ID !== undefined ||
      (config.WECHAT_ENCODING_AES_KEY ?? config.WECHAT_APP_SECRET) === undefined,
    {
      path: ["WECHAT_APP_ID"],
      message: "is required with WECHAT_ENCODING_AES_KEY or WECHAT_APP_SECRET",
    },
  )
  .refine(
    (config) => {
      const set = [config.WECOM_TOKEN, config.WECOM_CORP_ID, config.WECOM_ENCODING_AES_KEY];
      const extra = [config.WECOM_AGENT_ID, config.WECOM_SECRET];
      return (
        set.every((value) => value !== undefined) ||
        [...set, ...extra].every((value) => value === undefined)
      );
    },
    {
      path: ["WECOM_TOKEN"],
      message: "WeCom needs WECOM_TOKEN, WECOM_CORP_ID and WECOM_ENCODING_AES_KEY together",
    },
  )
  .refine(
    (config) => (config.WECOM_AGENT_ID === undefined) === (config.WECOM_SECRET === undefined),
    {
      path: ["WECOM_SECRET"],
      message: "WECOM_AGENT_ID and WECOM_SECRET go together (both turn on sending late answers)",
    },
  );
export type Config = z.infer<typeof Config>;

/** Settings whose values must never be echoed back (a database or Redis URL may hold a password). */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|DATABASE_URL|REDIS_URL/i;

/** Thrown when settings are invalid; the message names every bad setting at once. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * Parses settings from an environment-like record. Empty strings count as unset.
 * @throws ConfigError naming each invalid setting.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
  const result = Config.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(settings)";
    const key = typeof issue.path[0] === "string" ? issue.path[0] : "";
    const given = SECRET_NAME.test(key) ? undefined : cleaned[key];
    return `  ${name}: ${issue.message}${given === undefined ? "" : ` (got ${JSON.stringify(given)})`}`;
  });
  // One line per problem, even where zod reports one value twice (a URL's protocol and host).
  return failConfig(`Invalid configuration:\n${[...new Set(lines)].join("\n")}`);
}

function failConfig(message: string): never {
  throw new ConfigError(message);
}

/** Whether answers go through an LLM: an API key or a base URL switches LLM mode on. */
export function isLlmEnabled(config: Config): boolean {
  return config.OPENAI_API_KEY !== undefined || config.OPENAI_BASE_URL !== undefined;
}

/** The settings the embedder factory needs, derived from the config. */
export function getEmbedderSettings(config: Config) {
  return {
    kind: config.EMBEDDER,
    dimensions: config.EMBEDDING_DIMENSIONS,
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.EMBEDDING_MODEL,
  };
}
