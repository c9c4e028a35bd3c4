import fc from "fast-check";

/** A JSON schema as the spec writes it (the parts the generators read). */
export type Schema = Record<string, unknown>;

/** Resolves `#/components/...` references against the spec's components. */
export type Resolve = (ref: string) => Schema;

/** Text a hostile client sends: NUL bytes, lone surrogates, control characters, very long, odd Unicode. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udc00y",
    "\r\nX-Injected: 1",
    "../../etc/passwd",
    "%00",
    "1e400",
    "-1",
    "NaN",
    "constructor",
    "__proto__",
    "AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA",
    "urn:uuid:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
    "😀".repeat(50),
    "'; DROP TABLE teams; --",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.nat({ max: 20_000 }).map((n) => "x".repeat(n)),
);

/** Numbers past what a column or a loop should take. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -1, 1e-9, 1e308, -1e308, 2 ** 53, 2 ** 31, 1.5, Number.MIN_VALUE),
  fc.double(),
  fc.integer(),
);

/** Any JSON value, with a hostile leaning. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
);

/**
 * Values that follow the schema (types, enums, bounds, required fields, formats), so requests get past the
 * validator and into the handlers; `depth` stops recursive schemas such as the trainer's `Filter`.
 */
export function schemaValue(schema: Schema | undefined, resolve: Resolve, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 5) return fc.constant(null);
  if (typeof schema.$ref === "string") return schemaValue(resolve(schema.$ref), resolve, depth + 1);
  for (const key of ["oneOf", "anyOf"] as const) {
    const options = schema[key] as Schema[] | undefined;
    if (options?.length) return fc.oneof(...options.map((o) => schemaValue(o, resolve, depth + 1)));
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0)
    return schemaValue(schema.allOf[0] as Schema, resolve, depth + 1);
  if (Array.isArray(schema.enum) && schema.enum.length > 0)
    return fc.constantFrom(...(schema.enum as unknown[]));
  if (schema.const !== undefined) return fc.constant(schema.const);
  const types = Array.isArray(schema.type)
    ? (schema.type as string[])
    : schema.type
      ? [schema.type as string]
      : [];
  if (types.length > 1)
    return fc.oneof(...types.map((t) => schemaValue({ ...schema, type: t }, resolve, depth)));
  const min = (name: string) => schema[name] as number | undefined;
  switch (types[0]) {
    case "string":
      if (schema.format === "uuid") return fc.uuid();
      if (schema.format === "date-time") return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      return fc.string({ minLength: min("minLength") ?? 0, maxLength: Math.min(min("maxLength") ?? 20, 20) });
    case "integer":
      return fc.integer({ min: min("minimum") ?? -1000, max: min("maximum") ?? 1000 });
    case "number":
      return fc.double({ min: min("minimum") ?? -1e6, max: min("maximum") ?? 1e6, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(schemaValue(schema.items as Schema, resolve, depth + 1), {
        minLength: min("minItems") ?? 0,
        maxLength: Math.min(min("maxItems") ?? 3, 3),
      });
    default: {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      if (Object.keys(properties).length === 0 && types[0] !== "object") return fc.jsonValue({ maxDepth: 2 });
      const required = (schema.required ?? []) as string[];
      const record = Object.fromEntries(
        Object.entries(properties).map(([name, s]) => [name, schemaValue(s, resolve, depth + 1)]),
      );
      return fc.record(record, { requiredKeys: required.filter((r) => r in record) });
    }
  }
}

/**
 * A body derived from the schema and then, most of the time, spoiled: one field replaced by a hostile value, a
 * required field dropped, an unknown field added, or the whole value swapped for something else.
 */
export function mutatedBody(schema: Schema | undefined, resolve: Resolve): fc.Arbitrary<unknown> {
  const valid = schemaValue(schema, resolve);
  const spoilField = fc
    .tuple(valid, fc.nat(), hostileValue, fc.boolean())
    .map(([value, pick, replacement, drop]) => {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return replacement;
      const copy = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(copy);
      if (keys.length === 0) return { unknown_field: replacement };
      const key = keys[pick % keys.length];
      if (drop) delete copy[key];
      else copy[key] = replacement;
      return copy;
    });
  return fc.oneof(
    { arbitrary: valid, weight: 3 },
    { arbitrary: spoilField, weight: 5 },
    { arbitrary: hostileValue, weight: 1 },
  );
}
