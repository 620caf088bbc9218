import { base64UrlDecode, base64UrlEncode, fromUtf8 } from "./encoding";
import { SimGraphError } from "./http";

/**
 * The OData query options the wizard uses
 * (https://learn.microsoft.com/graph/query-parameters, https://learn.microsoft.com/graph/filter-query-parameter):
 * `$filter` with eq/ne, `in`, startswith(), lambda `any` on string collections (and on a property of object collections,
 * e.g. `targetResources/any(t: t/id eq 'x')`), joined by and/or and
 * parentheses; `$select`; `$top` with server paging through `@odata.nextLink` + `$skiptoken`
 * (https://learn.microsoft.com/graph/paging). Other filter forms are rejected with 400.
 */

export type FilterNode =
  | { op: "and" | "or"; left: FilterNode; right: FilterNode }
  | { op: "eq" | "ne"; prop: string; value: string | null | boolean | number }
  | { op: "in"; prop: string; values: string[] }
  | { op: "startswith"; prop: string; value: string }
  /** `prop/any(t: t eq 'v')` on a string collection, or `prop/any(t: t/path eq 'v')` on a collection of objects. */
  | { op: "any"; prop: string; value: string; path?: string };

type Token =
  | { kind: "ident"; text: string; pos: number }
  | { kind: "string"; text: string; pos: number }
  | { kind: "punct"; text: "(" | ")" | "," | ":"; pos: number };

function syntaxError(filter: string, pos: number): SimGraphError {
  return new SimGraphError(400, "BadRequest", `Invalid filter clause: Syntax error at position ${pos} in '${filter}'.`);
}

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const ch = filter[i] ?? "";
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      const start = i;
      let text = "";
      i++;
      for (;;) {
        if (i >= filter.length) throw syntaxError(filter, start);
        if (filter[i] === "'") {
          if (filter[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += filter[i];
        i++;
      }
      tokens.push({ kind: "string", text, pos: start });
    } else if (ch === "(" || ch === ")" || ch === "," || ch === ":") {
      tokens.push({ kind: "punct", text: ch, pos: i });
      i++;
    } else if (/[A-Za-z0-9_./@-]/.test(ch)) {
      const start = i;
      while (i < filter.length && /[A-Za-z0-9_./@-]/.test(filter[i] ?? "")) i++;
      tokens.push({ kind: "ident", text: filter.slice(start, i), pos: start });
    } else {
      throw syntaxError(filter, i);
    }
  }
  return tokens;
}

class FilterParser {
  private i = 0;
  constructor(
    private readonly filter: string,
    private readonly tokens: Token[],
  ) {}

  parse(): FilterNode {
    const node = this.orExpr();
    const extra = this.tokens[this.i];
    if (extra) throw syntaxError(this.filter, extra.pos);
    return node;
  }

  private peekWord(): string | undefined {
    const t = this.tokens[this.i];
    return t?.kind === "ident" ? t.text.toLowerCase() : undefined;
  }

  private next(): Token {
    const t = this.tokens[this.i];
    if (!t) throw syntaxError(this.filter, this.filter.length);
    this.i++;
    return t;
  }

  private expectPunct(text: string): void {
    const t = this.next();
    if (t.kind !== "punct" || t.text !== text) throw syntaxError(this.filter, t.pos);
  }

  private ident(): string {
    const t = this.next();
    if (t.kind !== "ident") throw syntaxError(this.filter, t.pos);
    return t.text;
  }

  private literal(): string | null | boolean | number {
    const t = this.next();
    if (t.kind === "string") return t.text;
    if (t.kind === "ident" && t.text === "null") return null;
    if (t.kind === "ident" && (t.text === "true" || t.text === "false")) return t.text === "true";
    // Integer literals, e.g. `status/errorCode eq 0` on sign-ins.
    if (t.kind === "ident" && /^-?\d+$/.test(t.text)) return Number(t.text);
    // Unquoted GUIDs are not string literals in OData.
    throw syntaxError(this.filter, t.pos);
  }

  private stringLiteral(): string {
    const t = this.next();
    if (t.kind !== "string") throw syntaxError(this.filter, t.pos);
    return t.text;
  }

  private orExpr(): FilterNode {
    let left = this.andExpr();
    while (this.peekWord() === "or") {
      this.i++;
      left = { op: "or", left, right: this.andExpr() };
    }
    return left;
  }

  private andExpr(): FilterNode {
    let left = this.primary();
    while (this.peekWord() === "and") {
      this.i++;
      left = { op: "and", left, right: this.primary() };
    }
    return left;
  }

  private primary(): FilterNode {
    const t = this.next();
    if (t.kind === "punct" && t.text === "(") {
      const inner = this.orExpr();
      this.expectPunct(")");
      return inner;
    }
    if (t.kind !== "ident") throw syntaxError(this.filter, t.pos);
    if (t.text.toLowerCase() === "startswith") {
      this.expectPunct("(");
      const prop = this.ident();
      this.expectPunct(",");
      const value = this.stringLiteral();
      this.expectPunct(")");
      return { op: "startswith", prop, value };
    }
    if (t.text.toLowerCase().endsWith("/any")) {
      const prop = t.text.slice(0, -4);
      this.expectPunct("(");
      const variable = this.ident();
      this.expectPunct(":");
      const ref = this.ident();
      const path =
        ref === variable
          ? undefined
          : ref.startsWith(`${variable}/`) && ref.length > variable.length + 1
            ? ref.slice(variable.length + 1)
            : null;
      if (path === null || this.ident().toLowerCase() !== "eq") throw syntaxError(this.filter, t.pos);
      const value = this.stringLiteral();
      this.expectPunct(")");
      return path === undefined ? { op: "any", prop, value } : { op: "any", prop, value, path };
    }
    const operator = this.ident().toLowerCase();
    if (operator === "eq" || operator === "ne") return { op: operator, prop: t.text, value: this.literal() };
    if (operator === "in") {
      this.expectPunct("(");
      const values = [this.stringLiteral()];
      while (this.tokens[this.i]?.text === ",") {
        this.i++;
        values.push(this.stringLiteral());
      }
      this.expectPunct(")");
      return { op: "in", prop: t.text, values };
    }
    throw new SimGraphError(400, "Request_UnsupportedQuery", `Unsupported Query: operator '${operator}' is not supported.`);
  }
}

export function parseFilter(filter: string): FilterNode {
  return new FilterParser(filter, tokenize(filter)).parse();
}

/** Filterable properties of a resource and how each may be filtered. */
export type FilterSupport = Record<string, ReadonlyArray<FilterNode["op"]>>;

function propsOf(node: FilterNode): { prop: string; op: FilterNode["op"] }[] {
  switch (node.op) {
    case "and":
    case "or":
      return [...propsOf(node.left), ...propsOf(node.right)];
    case "any":
      // A lambda over objects is checked as `collection/property`, e.g. `targetResources/id`.
      return [{ prop: node.path === undefined ? node.prop : `${node.prop}/${node.path}`, op: node.op }];
    default:
      return [{ prop: node.prop, op: node.op }];
  }
}

export function checkFilter(node: FilterNode, support: FilterSupport, resourceType: string): void {
  for (const { prop, op } of propsOf(node)) {
    const key = Object.keys(support).find((k) => k.toLowerCase() === prop.toLowerCase());
    if (!key || !support[key]?.includes(op)) {
      throw new SimGraphError(
        400,
        "Request_UnsupportedQuery",
        `Unsupported or invalid query filter clause specified for property '${prop}' of resource '${resourceType}'.`,
      );
    }
  }
}

const fold = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);

/** A property, or a path into complex properties such as `status/errorCode`. */
function valueOf(item: Record<string, unknown>, prop: string): unknown {
  let current: unknown = item;
  for (const part of prop.split("/")) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    const record = current as Record<string, unknown>;
    const key = Object.keys(record).find((k) => k.toLowerCase() === part.toLowerCase());
    if (key === undefined) return undefined;
    current = record[key];
  }
  return current;
}

/** Directory string comparisons are case-insensitive. */
export function matches(node: FilterNode, item: Record<string, unknown>): boolean {
  switch (node.op) {
    case "and":
      return matches(node.left, item) && matches(node.right, item);
    case "or":
      return matches(node.left, item) || matches(node.right, item);
    case "eq":
    case "ne": {
      const actual = valueOf(item, node.prop) ?? null;
      const equal = fold(actual) === fold(node.value);
      return node.op === "eq" ? equal : !equal;
    }
    case "in": {
      const actual = fold(valueOf(item, node.prop));
      return node.values.some((v) => fold(v) === actual);
    }
    case "startswith": {
      const actual = valueOf(item, node.prop);
      return typeof actual === "string" && actual.toLowerCase().startsWith(node.value.toLowerCase());
    }
    case "any": {
      const actual = valueOf(item, node.prop);
      const { path } = node;
      const element = (v: unknown) =>
        path === undefined
          ? v
          : v !== null && typeof v === "object" && !Array.isArray(v)
            ? valueOf(v as Record<string, unknown>, path)
            : undefined;
      return Array.isArray(actual) && actual.some((v) => fold(element(v)) === node.value.toLowerCase());
    }
  }
}

/** Reads `$name`, accepting Graph v1.0's dollar-less spelling too. */
export function queryOption(query: URLSearchParams, name: string): string | null {
  return query.get(`$${name}`) ?? query.get(name);
}

export function parseSelect(query: URLSearchParams): string[] | null {
  const raw = queryOption(query, "select");
  if (raw === null) return null;
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Applies `$select`; unknown properties are rejected as Graph's OData layer does. */
export function applySelect(item: Record<string, unknown>, select: string[] | null, typeName: string): Record<string, unknown> {
  if (!select) return item;
  const out: Record<string, unknown> = {};
  if (typeof item["@odata.type"] === "string") out["@odata.type"] = item["@odata.type"];
  for (const prop of select) {
    const key = Object.keys(item).find((k) => k.toLowerCase() === prop.toLowerCase());
    if (key === undefined) {
      throw new SimGraphError(
        400,
        "BadRequest",
        `Parsing OData Select and Expand failed: Could not find a property named '${prop}' on type 'microsoft.graph.${typeName}'.`,
      );
    }
    out[key] = item[key];
  }
  return out;
}

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 999;

function parseTop(query: URLSearchParams): number {
  const raw = queryOption(query, "top");
  if (raw === null) return DEFAULT_PAGE_SIZE;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE_SIZE) {
    throw new SimGraphError(
      400,
      "Request_BadRequest",
      `Invalid page size specified: '${raw}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`,
    );
  }
  return top;
}

function readSkipToken(query: URLSearchParams): number {
  const raw = queryOption(query, "skiptoken");
  if (raw === null) return 0;
  const bytes = base64UrlDecode(raw);
  const match = bytes ? /^sim-offset:(\d+)$/.exec(fromUtf8(bytes)) : null;
  if (!match?.[1]) throw new SimGraphError(400, "Request_BadRequest", "The specified page token value has expired or is invalid.");
  return Number(match[1]);
}

interface Page<T> {
  value: T[];
  nextLink?: string;
}

/** One page of `items`; `selfUrl` is the absolute URL of this request (the nextLink keeps its other options). */
export function paginate<T>(items: T[], query: URLSearchParams, selfUrl: string): Page<T> {
  const top = parseTop(query);
  const offset = readSkipToken(query);
  const value = items.slice(offset, offset + top);
  if (offset + top >= items.length) return { value };
  const next = new URL(selfUrl);
  next.searchParams.delete("skiptoken");
  next.searchParams.set("$skiptoken", base64UrlEncode(`sim-offset:${offset + top}`));
  return { value, nextLink: next.toString().replace(/%24/g, "$") };
}
