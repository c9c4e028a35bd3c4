/**
 * The small expression language of a transform's `derive`: numbers, 'text', true/false/null, column names (bare,
 * or "quoted" for odd names), + - * / %, comparisons, and/or/not, and a fixed set of functions. Parsed once into a
 * tree and evaluated per row in JavaScript — no SQL, no code from the user ever runs.
 */
export type Value = number | string | boolean | Date | null;

type Node =
  | { kind: "literal"; value: Value }
  | { kind: "column"; name: string }
  | { kind: "unary"; op: "-" | "not"; arg: Node }
  | { kind: "binary"; op: string; left: Node; right: Node }
  | { kind: "call"; fn: string; args: Node[] };

/** A bad expression, with the character offset it was noticed at. */
export class ExpressionError extends Error {}

const num = (v: Value): number =>
  v === null ? Number.NaN : v instanceof Date ? v.getTime() : typeof v === "string" ? Number(v) : Number(v);
const date = (v: Value): Date | null => {
  if (v === null) return null;
  const d = v instanceof Date ? v : new Date(typeof v === "number" ? v : String(v));
  return Number.isNaN(d.getTime()) ? null : d;
};
const part = (f: (d: Date) => number) => (v: Value) => {
  const d = date(v);
  return d ? f(d) : null;
};

/** The functions, by name, with how many arguments each takes. */
const FUNCTIONS: Record<string, { arity: [number, number]; call: (...a: Value[]) => Value }> = {
  abs: { arity: [1, 1], call: (a) => Math.abs(num(a)) },
  sqrt: { arity: [1, 1], call: (a) => Math.sqrt(num(a)) },
  log: { arity: [1, 1], call: (a) => Math.log(num(a)) },
  exp: { arity: [1, 1], call: (a) => Math.exp(num(a)) },
  round: {
    arity: [1, 2],
    call: (a, d) => {
      const f = 10 ** (d === undefined ? 0 : num(d));
      return Math.round(num(a) * f) / f;
    },
  },
  floor: { arity: [1, 1], call: (a) => Math.floor(num(a)) },
  ceil: { arity: [1, 1], call: (a) => Math.ceil(num(a)) },
  min: { arity: [2, 8], call: (...a) => Math.min(...a.map(num)) },
  max: { arity: [2, 8], call: (...a) => Math.max(...a.map(num)) },
  year: { arity: [1, 1], call: part((d) => d.getUTCFullYear()) },
  month: { arity: [1, 1], call: part((d) => d.getUTCMonth() + 1) },
  day: { arity: [1, 1], call: part((d) => d.getUTCDate()) },
  weekday: { arity: [1, 1], call: part((d) => d.getUTCDay()) },
  lower: { arity: [1, 1], call: (a) => (a === null ? null : String(a).toLowerCase()) },
  upper: { arity: [1, 1], call: (a) => (a === null ? null : String(a).toUpperCase()) },
  length: { arity: [1, 1], call: (a) => (a === null ? null : String(a).length) },
  coalesce: { arity: [1, 8], call: (...a) => a.find((v) => v !== null && !Number.isNaN(v)) ?? null },
  if: { arity: [3, 3], call: (c, a, b) => (c === true || (typeof c === "number" && c !== 0) ? a : b) },
};

const TOKEN =
  /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)|'((?:[^']|'')*)'|"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|==|!=|<>|[-+*/%(),<>=]))/y;

function tokenize(text: string): { type: string; value: string; at: number }[] {
  const tokens: { type: string; value: string; at: number }[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new ExpressionError(`unexpected character at ${at}: "${text.slice(at, at + 10)}"`);
    const start = m.index + m[0].length - m[0].trimStart().length;
    if (m[1] !== undefined) tokens.push({ type: "number", value: m[1], at: start });
    else if (m[2] !== undefined)
      tokens.push({ type: "string", value: m[2].replaceAll("''", "'"), at: start });
    else if (m[3] !== undefined)
      tokens.push({ type: "column", value: m[3].replaceAll('""', '"'), at: start });
    else if (m[4] !== undefined) tokens.push({ type: "word", value: m[4], at: start });
    else tokens.push({ type: "op", value: m[5], at: start });
    at = TOKEN.lastIndex;
  }
  return tokens;
}

// Binding strength of the binary operators.
const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  "==": 3,
  "=": 3,
  "!=": 3,
  "<>": 3,
  "<": 4,
  "<=": 4,
  ">": 4,
  ">=": 4,
  "+": 5,
  "-": 5,
  "*": 6,
  "/": 6,
  "%": 6,
};

/** Parses an expression (an `ExpressionError` says what is wrong and where). */
export function parseExpression(text: string): Node {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const expect = (value: string) => {
    const t = tokens[i++];
    if (!t || t.value !== value)
      throw new ExpressionError(`expected "${value}" ${t ? `at ${t.at}` : "at the end"}`);
  };
  const primary = (): Node => {
    const t = tokens[i++];
    if (!t) throw new ExpressionError("the expression ends too early");
    if (t.type === "number") return { kind: "literal", value: Number(t.value) };
    if (t.type === "string") return { kind: "literal", value: t.value };
    if (t.type === "column") return { kind: "column", name: t.value };
    if (t.value === "(") {
      const inner = binary(0);
      expect(")");
      return inner;
    }
    if (t.value === "-") return { kind: "unary", op: "-", arg: binary(7) };
    if (t.type === "word") {
      const word = t.value.toLowerCase();
      if (word === "not") return { kind: "unary", op: "not", arg: binary(3) };
      if (word === "true" || word === "false") return { kind: "literal", value: word === "true" };
      if (word === "null") return { kind: "literal", value: null };
      if (peek()?.value === "(") {
        const fn = FUNCTIONS[word];
        if (!fn)
          throw new ExpressionError(`unknown function "${t.value}" (${Object.keys(FUNCTIONS).join(", ")})`);
        i++;
        const args: Node[] = [];
        if (peek()?.value !== ")") {
          args.push(binary(0));
          while (peek()?.value === ",") {
            i++;
            args.push(binary(0));
          }
        }
        expect(")");
        if (args.length < fn.arity[0] || args.length > fn.arity[1])
          throw new ExpressionError(`${word} takes ${fn.arity.join(" to ")} argument(s), got ${args.length}`);
        return { kind: "call", fn: word, args };
      }
      return { kind: "column", name: t.value };
    }
    throw new ExpressionError(`unexpected "${t.value}" at ${t.at}`);
  };
  const binary = (min: number): Node => {
    let left = primary();
    for (;;) {
      const t = peek();
      const op = t && (t.type === "op" || t.type === "word") ? t.value.toLowerCase() : undefined;
      const power = op ? PRECEDENCE[op] : undefined;
      if (!op || power === undefined || power <= min) return left;
      i++;
      left = { kind: "binary", op, left, right: binary(power) };
    }
  };
  const tree = binary(0);
  if (i < tokens.length) throw new ExpressionError(`unexpected "${tokens[i].value}" at ${tokens[i].at}`);
  return tree;
}

/** The column names an expression reads. */
export function expressionColumns(node: Node, out = new Set<string>()): Set<string> {
  if (node.kind === "column") out.add(node.name);
  else if (node.kind === "unary") expressionColumns(node.arg, out);
  else if (node.kind === "binary") {
    expressionColumns(node.left, out);
    expressionColumns(node.right, out);
  } else if (node.kind === "call") for (const a of node.args) expressionColumns(a, out);
  return out;
}

function compare(op: string, a: Value, b: Value): boolean | null {
  if (a === null || b === null) return null;
  const [x, y] =
    typeof a === "string" && typeof b === "string"
      ? [a, b]
      : a instanceof Date || b instanceof Date
        ? [date(a)?.getTime() ?? Number.NaN, date(b)?.getTime() ?? Number.NaN]
        : [num(a), num(b)];
  switch (op) {
    case "<":
      return x < y;
    case "<=":
      return x <= y;
    case ">":
      return x > y;
    case ">=":
      return x >= y;
    case "!=":
    case "<>":
      return x !== y;
    default:
      return x === y;
  }
}

/** Evaluates a parsed expression for one row (`column(name)` gives that row's value). */
export function evaluate(node: Node, column: (name: string) => Value): Value {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "column":
      return column(node.name);
    case "unary": {
      const v = evaluate(node.arg, column);
      if (node.op === "-") return v === null ? null : -num(v);
      return v === null ? null : !(v === true || (typeof v === "number" && v !== 0));
    }
    case "call":
      return FUNCTIONS[node.fn].call(...node.args.map((a) => evaluate(a, column)));
    case "binary": {
      const a = evaluate(node.left, column);
      const b = evaluate(node.right, column);
      if (node.op === "and") return a === true && b === true;
      if (node.op === "or") return a === true || b === true;
      if (node.op === "+" && (typeof a === "string" || typeof b === "string"))
        return a === null || b === null ? null : `${a}${b}`;
      if (["+", "-", "*", "/", "%"].includes(node.op)) {
        if (a === null || b === null) return null;
        const [x, y] = [num(a), num(b)];
        return node.op === "+"
          ? x + y
          : node.op === "-"
            ? x - y
            : node.op === "*"
              ? x * y
              : node.op === "/"
                ? x / y
                : x % y;
      }
      return compare(node.op, a, b);
    }
  }
}

export type Expression = Node;
