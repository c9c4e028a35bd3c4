import fc from "fast-check";
import { hostileText, mutatedBody, type Resolve, type Schema, schemaValue } from "./schema-values.js";

/** One generated request, with a label to name it in a failure report. */
export interface FuzzRequest {
  method: string;
  /** Path with query string. */
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | FormData;
  label: string;
}

interface Parameter {
  name: string;
  in: string;
  schema?: Schema;
  $ref?: string;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

/** The spec's operations with their parameters resolved. */
export interface SpecOperation {
  id: string;
  method: string;
  path: string;
  parameters: Parameter[];
  content: Record<string, Schema | undefined>;
}

/** Every operation of the spec. */
export function specOperations(spec: { paths: Record<string, Record<string, Operation>> }, resolve: Resolve) {
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      out.push({
        id: op.operationId,
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []).map((p) =>
          p.$ref ? (resolve(p.$ref) as unknown as Parameter) : p,
        ),
        content: Object.fromEntries(
          Object.entries(op.requestBody?.content ?? {}).map(([type, media]) => [type, media.schema]),
        ),
      });
    }
  }
  return out;
}

const HOSTILE_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "application/xml",
  "application/json; charset=utf-16le",
  "multipart/form-data",
  "multipart/form-data; boundary=nope",
  "application/octet-stream",
  "",
];

/** JSON text a parser should refuse politely: cut short, nested thousands deep, not UTF-8, wrapped in a BOM. */
const brokenJson: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constantFrom('{"name": ', "[", "{}}", "", "null", '"text"', "\ufeff{}", '{"a":1,"a":2}'),
  fc.integer({ min: 100, max: 6000 }).map((n) => `{"name":"x","filter":${"[".repeat(n)}${"]".repeat(n)}}`),
  fc.uint8Array({ maxLength: 64 }),
);

function queryOf(op: SpecOperation, resolve: Resolve): fc.Arbitrary<string> {
  const params = op.parameters.filter((p) => p.in === "query");
  const one = (p: Parameter) =>
    fc.option(
      fc.oneof(
        schemaValue(p.schema, resolve).map((v) => (Array.isArray(v) ? v.map(String) : [String(v)])),
        hostileText.map((t) => [t]),
        fc.constantFrom(["1e400"], ["100000000000000000000"], ["-5"], ["0"], ["a", "b"]),
      ),
      { freq: 2 },
    );
  return fc.tuple(...params.map(one), fc.option(hostileText)).map((values) => {
    const search = new URLSearchParams();
    params.forEach((p, i) => {
      for (const v of (values[i] as string[] | null) ?? []) search.append(p.name, v);
    });
    const extra = values[params.length] as string | null;
    if (extra !== null) search.append("unknown_param", extra);
    const text = search.toString();
    return text ? `?${text}` : "";
  });
}

/** Every UTF-8 byte percent-encoded (a lone surrogate becomes U+FFFD, as any client would send it). */
function percentEncoded(text: string): string {
  return [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
}

function pathOf(op: SpecOperation, ids: string[]): fc.Arbitrary<string> {
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const id = fc.oneof(
    { arbitrary: fc.constantFrom(...ids), weight: 4 },
    { arbitrary: fc.constantFrom(...ids).map((i) => i.toUpperCase()), weight: 2 },
    { arbitrary: fc.uuid(), weight: 2 },
    { arbitrary: hostileText.map((t) => percentEncoded(t) || "x"), weight: 2 },
  );
  return fc
    .tuple(...names.map(() => id))
    .map((values) =>
      names.reduce((path, name, i) => path.replace(`{${name}}`, values[i] as string), op.path),
    );
}

function formOf(schema: Schema | undefined): fc.Arbitrary<FormData> {
  const fields = Object.keys((schema?.properties ?? {}) as Record<string, Schema>);
  return fc
    .tuple(
      fc.oneof(fc.constantFrom("a,b,y\n1,2,3\n", "x\n", "", '[{"a":1}]', "a,b\n1"), hostileText),
      fc.oneof(fc.constantFrom("data.csv", "data.json", "x"), hostileText),
      fc.array(fc.tuple(fc.constantFrom(...fields, "file", "other"), hostileText), { maxLength: 4 }),
      fc.boolean(),
    )
    .map(([content, name, extra, withFile]) => {
      const form = new FormData();
      if (withFile) form.append("file", new Blob([content]), name);
      for (const [field, value] of extra) form.append(field, value);
      return form;
    });
}

function bodyOf(
  op: SpecOperation,
  resolve: Resolve,
): fc.Arbitrary<{ type: string; body?: string | Uint8Array | FormData }> {
  const declared = Object.keys(op.content);
  const options: fc.Arbitrary<{ type: string; body?: string | Uint8Array | FormData }>[] = [];
  for (const type of declared) {
    if (type === "application/json") {
      options.push(mutatedBody(op.content[type], resolve).map((v) => ({ type, body: JSON.stringify(v) })));
      options.push(brokenJson.map((body) => ({ type, body })));
    } else if (type === "multipart/form-data") {
      options.push(formOf(op.content[type]).map((body) => ({ type: "", body })));
    } else options.push(fc.uint8Array({ maxLength: 256 }).map((body) => ({ type, body })));
  }
  options.push(
    fc.tuple(fc.constantFrom(...HOSTILE_TYPES), fc.oneof(hostileText, brokenJson)).map(([type, body]) => ({
      type,
      body,
    })),
  );
  if (op.method === "GET" || op.method === "DELETE" || declared.length === 0)
    options.push(fc.constant({ type: "" }));
  return fc.oneof(...options);
}

/**
 * Requests for one operation: ids from the pool (another team's, upper-cased, random, hostile), query values from
 * the schema or hostile, bodies from the schema then spoiled, in declared and undeclared content types.
 */
export function requestsFor(
  op: SpecOperation,
  resolve: Resolve,
  ids: string[],
  key: string,
): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(
      pathOf(op, ids),
      queryOf(op, resolve),
      bodyOf(op, resolve),
      fc.constantFrom("key", "key", "key", "none", "garbage"),
      fc.option(hostileText.filter((t) => /^[\x20-\x7e]*$/.test(t))),
    )
    .map(([path, query, { type, body }, auth, idempotency]) => {
      const headers: Record<string, string> = {};
      if (type) headers["content-type"] = type;
      if (auth === "key") headers.authorization = `Bearer ${key}`;
      if (auth === "garbage") headers.authorization = "Bearer pz_\u00ff";
      if (idempotency !== null && idempotency !== "") headers["idempotency-key"] = idempotency;
      return { method: op.method, url: `${path}${query}`, headers, body, label: op.id };
    });
}
