import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.ts";

describe("parseConfig", () => {
  it("applies defaults when nothing is set", () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(8787);
    expect(config.LANCEDB_URI).toBe("./data/lancedb");
    expect(config.EMBEDDER).toBe("local");
    expect(config.OPENAI_API_KEY).toBeUndefined();
  });

  it("treats empty strings as unset", () => {
    expect(parseConfig({ PORT: "", OPENAI_API_KEY: "  " }).PORT).toBe(8787);
  });

  it("names every invalid setting at once", () => {
    const attempt = () => parseConfig({ PORT: "eighty", EMBEDDER: "magic" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT: .*"eighty"[\s\S]*EMBEDDER/);
  });

  it("reports a cross-field problem by the setting to change", () => {
    expect(() => parseConfig({ CHUNK_SIZE: "300", CHUNK_OVERLAP: "400" })).toThrow(/CHUNK_OVERLAP/);
    expect(() => parseConfig({ EMBEDDER: "openai" })).toThrow(/OPENAI_API_KEY/);
  });

  it("never echoes a secret's value", () => {
    expect(() =>
      parseConfig({ OPENAI_BASE_URL: "not a url", OPENAI_API_KEY: "sk-secret" }),
    ).toThrow(/OPENAI_BASE_URL/);
    expect(() => parseConfig({ EMBEDDER: "magic", OPENAI_API_KEY: "sk-secret" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("sk-secret") }),
    );
  });

  it("keeps records apart from the index and refuses a short admin token without echoing it", () => {
    const config = parseConfig({ ADMIN_TOKEN: "0123456789abcdef" });
    expect(config.RECORDS_URI).toBe("./data/records");
    expect(config.ADMIN_TOKEN).toBe("0123456789abcdef");
    expect(parseConfig({ ADMIN_TOKEN: " " }).ADMIN_TOKEN).toBeUndefined();
    expect(() => parseConfig({ ADMIN_TOKEN: "short-secret" })).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/ADMIN_TOKEN: must be at least 16/),
      }),
    );
    expect(() => parseConfig({ ADMIN_TOKEN: "short-secret" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("short-secret") }),
    );
  });

  it("takes a PostgreSQL URL for records and never echoes a wrong one (it may hold a password)", () => {
    expect(parseConfig({}).DATABASE_URL).toBeUndefined();
    const url = "postgres://assistant:pw@db.internal:5432/records?sslmode=require";
    expect(parseConfig({ DATABASE_URL: url })).toMatchObject({
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: 10,
    });
    const wrong = () => parseConfig({ DATABASE_URL: "mysql://assistant:hunter22@db/records" });
    expect(wrong).toThrow(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(wrong).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("hunter22") }),
    );
    expect(() => parseConfig({ DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it("reads the staff console settings, refusing values it cannot use", () => {
    expect(parseConfig({})).toMatchObject({
      ADMIN_SESSION_HOURS: 12,
      MAX_UPLOAD_MB: 20,
      QUESTION_LOG: "on",
      QUESTION_LOG_RETENTION_DAYS: 90,
    });
    expect(parseConfig({}).QUESTION_LOG_HASH_KEY).toBeUndefined();
    expect(
      parseConfig({ QUESTION_LOG: "off", QUESTION_LOG_RETENTION_DAYS: "0", MAX_UPLOAD_MB: "5" }),
    ).toMatchObject({ QUESTION_LOG: "off", QUESTION_LOG_RETENTION_DAYS: 0, MAX_UPLOAD_MB: 5 });
    expect(() => parseConfig({ QUESTION_LOG: "maybe" })).toThrow(
      /QUESTION_LOG: must be "on" or "off"/,
    );
    expect(() => parseConfig({ QUESTION_LOG_RETENTION_DAYS: "-1" })).toThrow(
      /QUESTION_LOG_RETENTION_DAYS/,
    );
    expect(() => parseConfig({ MAX_UPLOAD_MB: "500" })).toThrow(/MAX_UPLOAD_MB/);
    expect(() => parseConfig({ QUESTION_LOG_HASH_KEY: "short-key" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("short-key") }),
    );
  });

  it("reads the hardening settings, refusing proxies, origins or timeouts it cannot use", () => {
    const defaults = parseConfig({});
    expect(defaults).toMatchObject({
      TRUST_PROXY: 0,
      CORS_ORIGINS: [],
      RATE_LIMIT_PER_MINUTE: 120,
      WECHAT_RATE_LIMIT_PER_MINUTE: 20,
      MAX_BODY_KB: 1024,
      CACHE_ENTRIES: 1000,
      MEMORY_INDEX_MB: 64,
    });
    expect(parseConfig({ MEMORY_INDEX_MB: "0" }).MEMORY_INDEX_MB).toBe(0);
    expect(() => parseConfig({ MEMORY_INDEX_MB: "-1" })).toThrow(/MEMORY_INDEX_MB/);
    expect(defaults.REQUEST_TIMEOUT_MS).toBeUndefined();
    const set = parseConfig({
      TRUST_PROXY: "true",
      CORS_ORIGINS: "https://invest.example.com, http://localhost:3000",
    });
    expect(set.TRUST_PROXY).toBe(1);
    expect(set.CORS_ORIGINS).toEqual(["https://invest.example.com", "http://localhost:3000"]);
    expect(parseConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(() => parseConfig({ TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY: must be false, true/);
    expect(() => parseConfig({ CORS_ORIGINS: "https://a.example/path" })).toThrow(/CORS_ORIGINS/);
    expect(() => parseConfig({ REQUEST_TIMEOUT_MS: "5000" })).toThrow(
      /REQUEST_TIMEOUT_MS: must be longer than LLM_TIMEOUT_MS/,
    );
  });

  it("reads REDIS_URL, refusing anything but a redis:// URL without echoing it", () => {
    expect(parseConfig({}).REDIS_URL).toBeUndefined();
    const set = parseConfig({ REDIS_URL: "rediss://:pw@redis.internal:6380/2" });
    expect(set.REDIS_URL).toBe("rediss://:pw@redis.internal:6380/2");
    expect(set.REDIS_KEY_PREFIX).toBe("cqia:");
    for (const url of ["localhost:6379", "http://redis.internal", "redis://"]) {
      let message = "";
      try {
        parseConfig({ REDIS_URL: `${url}#p4ssw0rd` });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
      expect(message).not.toMatch(/p4ssw0rd/);
      expect(message.match(/REDIS_URL/g)).toHaveLength(1);
    }
    expect(() => parseConfig({ REDIS_KEY_PREFIX: "has space" })).toThrow(/REDIS_KEY_PREFIX/);
  });
});
