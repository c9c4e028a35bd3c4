import { frameFromRecords } from "@parzen/trainer";
import { describe, expect, it } from "vitest";
import {
  ExpressionError,
  evaluate,
  expressionColumns,
  parseExpression,
} from "../src/pipelines/expression.js";
import { frameRecords, transformFrame } from "../src/pipelines/tables.js";

// The transform block's engine without HTTP: the derive language and the order of column changes.
const row = (values: Record<string, unknown>) => (name: string) => (values[name] ?? null) as never;

describe("derive expressions", () => {
  it("computes arithmetic, comparisons, logic and functions with the usual precedence", () => {
    const values = { spend: 30, tenure: 2, plan: "Pro", signup: new Date("2024-03-15T00:00:00Z") };
    const cases: [string, unknown][] = [
      ["spend / (tenure + 1)", 10],
      ["spend - tenure * 10 % 7", 24],
      ["-spend + 1", -29],
      ["spend > 20 and tenure < 2", false],
      ["spend > 20 or tenure < 2", true],
      ["not (spend > 20)", false],
      ["lower(plan) == 'pro'", true],
      ["plan + '-' + upper('x')", "Pro-X"],
      ["year(signup) * 100 + month(signup)", 202403],
      ["if(spend >= 30, 'high', 'low')", "high"],
      ["round(spend / 7, 2)", 4.29],
      ["max(spend, tenure, 99)", 99],
      ["coalesce(missing, tenure)", 2],
      ['"spend" * 2', 60],
      ["missing + 1", null],
    ];
    for (const [text, expected] of cases)
      expect(evaluate(parseExpression(text), row(values)), text).toEqual(expected);
  });

  it("names the columns it reads and refuses what it does not know, saying where", () => {
    expect([...expressionColumns(parseExpression('a + log("b c") * if(d > 1, e, 0)'))]).toEqual([
      "a",
      "b c",
      "d",
      "e",
    ]);
    expect(() => parseExpression("spend +")).toThrow(ExpressionError);
    expect(() => parseExpression("system('rm -rf /')")).toThrow(/unknown function "system"/);
    expect(() => parseExpression("abs(1, 2)")).toThrow(/abs takes 1 to 1 argument/);
    expect(() => parseExpression("a ; b")).toThrow(/unexpected character at 2/);
  });
});

describe("transformFrame", () => {
  const frame = frameFromRecords([
    { id: 1, spend: 10, tenure: 1, plan: "a", signup: "2024-01-05" },
    { id: 2, spend: 30, tenure: 2, plan: "b", signup: "2024-02-10" },
  ]);

  it("derives, casts, renames, drops and selects, in that order", () => {
    const out = transformFrame(frame, {
      derive: [{ name: "per_month", expression: "spend / (tenure + 1)" }],
      cast: { tenure: "string", id: "float" },
      rename: { spend: "monthly_spend" },
      drop: ["plan"],
      select: ["per_month", "monthly_spend", "tenure", "signup"],
    });
    expect(out.names).toEqual(["per_month", "monthly_spend", "tenure", "signup"]);
    expect(out.column("tenure").kind).toBe("categorical");
    expect(frameRecords(out)).toEqual([
      { per_month: 5, monthly_spend: 10, tenure: "1", signup: "2024-01-05T00:00:00.000Z" },
      { per_month: 10, monthly_spend: 30, tenure: "2", signup: "2024-02-10T00:00:00.000Z" },
    ]);
  });

  it("replaces a column derived under an existing name, and fails naming a missing column", () => {
    expect(
      frameRecords(transformFrame(frame, { derive: [{ name: "spend", expression: "spend * 2" }] }))[1].spend,
    ).toBe(60);
    expect(() => transformFrame(frame, { select: ["nope"] })).toThrow(/select: no column "nope"/);
    expect(() => transformFrame(frame, { derive: [{ name: "x", expression: "nope + 1" }] })).toThrow(
      /no column "nope"/,
    );
  });
});
