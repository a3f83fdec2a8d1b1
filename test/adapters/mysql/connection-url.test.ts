import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseMySqlUrl, redacted } from "../../../adapters/mysql/connection-url";

describe("parseMySqlUrl", () => {
  it("reads user, password, host, port and database, decoding escapes", () => {
    expect(parseMySqlUrl("mysql://reco:p%40ss%3Aword@db.example:3307/scores")).toEqual({
      user: "reco",
      password: "p@ss:word",
      host: "db.example",
      port: 3307,
      database: "scores",
    });
  });

  it("defaults the port to 3306 and takes a socket path instead of host and port", () => {
    expect(parseMySqlUrl("mysql://reco@db/scores")).toMatchObject({ host: "db", port: 3306 });
    expect(parseMySqlUrl("mysql://root@localhost/reco?socket=/run/mysqld/mysqld.sock")).toEqual({
      user: "root",
      database: "reco",
      socketPath: "/run/mysqld/mysqld.sock",
    });
  });

  it.each([
    ["http://u@h/db", /expected a mysql:\/\/ URL/],
    ["mysql://h/db", /names no user/],
    ["mysql://u@h", /names no database/],
    ["mysql://u@h/a-b", /letters, digits or underscores/],
    ["mysql://u@h:0/db", /bad port/],
    ["mysql://u@h/db?ssl=true", /unknown URL parameter/],
    ["not a url", /not a URL/],
  ])("rejects %s", (url, message) => {
    expect(() => parseMySqlUrl(url)).toThrow(message);
  });

  it("lets a caller at server level leave the database out", () => {
    expect(parseMySqlUrl("mysql://u@h", { requireDatabase: false })).toEqual({ user: "u", host: "h", port: 3306 });
  });

  it("hides the password in messages", () => {
    expect(redacted("mysql://reco:hunter2@db:3306/x")).toBe("mysql://reco:***@db:3306/x");
    expect(redacted("mysql://reco@db/x")).toBe("mysql://reco@db/x");
  });

  it("hides any password, even one holding characters a URL does not allow there (/, @, space)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (password) => {
        const url = `mysql://reco:${password}@db:3306/x`;
        expect(redacted(url)).toBe("mysql://reco:***@db:3306/x");
        let message = "";
        try {
          parseMySqlUrl(url);
        } catch (error) {
          message = (error as Error).message;
        }
        if (password.length >= 4) expect(message).not.toContain(password);
      }),
    );
    expect(() => parseMySqlUrl("mysql://reco:pa/ss@db/x")).toThrow("got mysql://reco:***@db/x");
  });
});
