import { describe, expect, it } from "vitest";
import { applyFilter, COMPARISON_OPS, type Filter, filterRows, frameFromColumns } from "../src/index.js";

const frame = frameFromColumns({
  n: [1, 5, null, 3, 10],
  city: ["Oslo", "Lima", "Oslo", null, "Pune"],
  ts: ["2024-01-01", "2024-03-15", "2023-12-31", "2024-06-01T12:00:00Z", null],
  ok: [true, false, true, null, false],
});

const rows = (filter: Filter) => Array.from(filterRows(frame, filter));

describe("comparison ops", () => {
  it.each([
    ["==", 5, [1]],
    ["!=", 5, [0, 2, 3, 4]],
    ["<", 5, [0, 3]],
    ["<=", 5, [0, 1, 3]],
    [">", 3, [1, 4]],
    [">=", 3, [1, 3, 4]],
    ["in", [1, 10], [0, 4]],
    ["not_in", [1, 10], [1, 2, 3]],
    ["is_null", undefined, [2]],
    ["is_not_null", undefined, [0, 1, 3, 4]],
  ] as const)("numeric %s", (op, value, expected) => {
    expect(rows({ kind: "cmp", col: "n", op, value })).toEqual(expected);
  });

  it("covers every documented op", () => {
    expect([...COMPARISON_OPS].sort()).toEqual([
      "!=",
      "<",
      "<=",
      "==",
      ">",
      ">=",
      "in",
      "is_not_null",
      "is_null",
      "not_in",
    ]);
  });

  it.each([
    ["==", "Oslo", [0, 2]],
    ["!=", "Oslo", [1, 3, 4]],
    ["in", ["Lima", "Pune"], [1, 4]],
    ["not_in", ["Lima", "Pune"], [0, 2, 3]],
    ["<", "Oslo", [1]],
    ["is_null", null, [3]],
  ] as const)("categorical %s", (op, value, expected) => {
    expect(rows({ kind: "cmp", col: "city", op, value } as Filter)).toEqual(expected);
  });

  it("coerces ISO-8601 strings for datetime columns", () => {
    expect(frame.column("ts").kind).toBe("datetime");
    expect(rows({ kind: "cmp", col: "ts", op: ">=", value: "2024-01-01" })).toEqual([0, 1, 3]);
    expect(rows({ kind: "cmp", col: "ts", op: "<", value: "2024-06-01T12:00:00Z" })).toEqual([0, 1, 2]);
    expect(rows({ kind: "cmp", col: "ts", op: "in", value: ["2023-12-31"] })).toEqual([2]);
  });

  it("coerces numbers in strings and booleans", () => {
    expect(rows({ kind: "cmp", col: "n", op: ">", value: "4" })).toEqual([1, 4]);
    expect(rows({ kind: "cmp", col: "ok", op: "==", value: true })).toEqual([0, 2]);
    expect(rows({ kind: "cmp", col: "ok", op: "==", value: "false" })).toEqual([1, 4]);
  });
});

describe("boolean combinators", () => {
  it("and, or, not", () => {
    const big: Filter = { kind: "cmp", col: "n", op: ">=", value: 3 };
    const oslo: Filter = { kind: "cmp", col: "city", op: "==", value: "Oslo" };
    expect(rows({ kind: "and", filters: [big, { kind: "not", filter: oslo }] })).toEqual([1, 3, 4]);
    expect(rows({ kind: "or", filters: [oslo, { kind: "cmp", col: "n", op: "==", value: 10 }] })).toEqual([
      0, 2, 4,
    ]);
    expect(applyFilter(frame, { kind: "not", filter: big }).nRows).toBe(2);
  });
});

describe("errors name what is wrong", () => {
  it("unknown column lists the columns", () => {
    expect(() => rows({ kind: "cmp", col: "nope", op: "==", value: 1 })).toThrow(
      'filter.col: unknown column "nope". Columns: n, city, ts, ok.',
    );
  });

  it("unknown op lists the ops", () => {
    expect(() => rows({ kind: "cmp", col: "n", op: "~=" as "==", value: 1 })).toThrow(
      /unknown op "~=". Ops: ==, !=, <,/,
    );
  });

  it("unknown kind lists the kinds", () => {
    expect(() => rows({ kind: "xor" } as unknown as Filter)).toThrow(
      /kind "xor" is not one of cmp, and, or, not/,
    );
  });

  it("a list is required for in / not_in and refused elsewhere", () => {
    expect(() => rows({ kind: "cmp", col: "n", op: "in", value: 3 })).toThrow(/must be a list for op "in"/);
    expect(() => rows({ kind: "cmp", col: "n", op: "==", value: [3] })).toThrow(/single value/);
  });

  it("uncoercible values name the path and the column's type", () => {
    expect(() => rows({ kind: "cmp", col: "ts", op: ">", value: "last tuesday" })).toThrow(
      /filter.value: "last tuesday" is not an ISO-8601 timestamp, as column "ts" \(datetime\) needs/,
    );
    expect(() =>
      rows({ kind: "and", filters: [{ kind: "cmp", col: "n", op: "in", value: [1, "x"] }] }),
    ).toThrow(/filter.filters\[0\].value\[1\]: "x" is not a number/);
  });

  it("empty and/or lists are refused", () => {
    expect(() => rows({ kind: "and", filters: [] })).toThrow(/filter.filters must be a non-empty list/);
  });
});
