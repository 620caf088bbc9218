import { describe, expect, it } from "vitest";
import { hclString, powershellQuote, shellQuote } from "@/lib/text/quote";

describe("quoting", () => {
  it("shellQuote leaves safe words bare and single-quotes the rest", () => {
    expect(shellQuote("us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0")).toBe("us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0");
    expect(shellQuote("a@b.iam.gserviceaccount.com")).toBe("a@b.iam.gserviceaccount.com");
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("$(id)")).toBe("'$(id)'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it("powershellQuote doubles straight and typographic single quotes", () => {
    expect(powershellQuote("abc")).toBe("'abc'");
    expect(powershellQuote("O'Brien")).toBe("'O''Brien'");
    expect(powershellQuote("a\u2019b")).toBe("'a\u2019\u2019b'");
    expect(powershellQuote("$env:PATH `n")).toBe("'$env:PATH `n'");
  });

  it("hclString escapes quotes, backslashes, newlines and template sequences", () => {
    expect(hclString("plain")).toBe('"plain"');
    expect(hclString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(hclString("line1\nline2")).toBe('"line1\\nline2"');
    expect(hclString("${var.x} %{ if }")).toBe('"$${var.x} %%{ if }"');
  });
});
