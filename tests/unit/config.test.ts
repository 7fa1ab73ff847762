import { ConfigError, parseConfig } from "../../app/config.server";

const good = {
  MONGODB_URI: "mongodb://127.0.0.1:27017/",
  REDIS_URL: "redis://127.0.0.1:6379",
};

describe("parseConfig", () => {
  it("accepts a minimal development environment and fills defaults", () => {
    const config = parseConfig(good);
    expect(config.PORT).toBe(3000);
    expect(config.MONGODB_DB).toBe("gonghui");
    expect(config.NODE_ENV).toBe("development");
  });

  it.each([
    [{ ...good, MONGODB_URI: undefined }, "MONGODB_URI"],
    [{ ...good, MONGODB_URI: "postgres://x" }, "MONGODB_URI"],
    [{ ...good, REDIS_URL: "127.0.0.1:6379" }, "REDIS_URL"],
    [{ ...good, PORT: "http" }, "PORT"],
    [{ ...good, PORT: "70000" }, "PORT"],
    [{ ...good, SESSION_SECRET: "short" }, "SESSION_SECRET"],
    [{ ...good, MONGODB_DB: "工会" }, "MONGODB_DB"],
  ])("names the bad variable (%#)", (env, name) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(new RegExp(`- ${name}: `));
  });

  it("names every bad variable at once, in Chinese", () => {
    try {
      parseConfig({ PORT: "x" });
      throw new Error("should have thrown");
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("配置错误");
      expect(message).toContain("MONGODB_URI");
      expect(message).toContain("REDIS_URL");
      expect(message).toContain("PORT");
    }
  });

  it("refuses the development session secret in production", () => {
    expect(() => parseConfig({ ...good, NODE_ENV: "production" })).toThrow(/SESSION_SECRET/);
    expect(parseConfig({ ...good, NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) }).NODE_ENV).toBe(
      "production",
    );
  });
});
