import { BLOCK_TYPES, type PortType } from "./blocks.js";

/** A block of a configuration. */
export interface BlockSpec {
  id: string;
  type: string;
  name?: string;
  config?: Record<string, unknown>;
}

/** A connection from one block's output port to another's input port. */
export interface Connection {
  from: { block: string; port: string };
  to: { block: string; port: string };
}

/** A pipeline configuration (the seed's shape: blocks keyed by id, plus connections). */
export interface Configuration {
  id: string;
  name: string;
  version: string;
  description?: string;
  blocks: Record<string, BlockSpec>;
  connections?: Connection[];
}

/** A problem found in a configuration, at a JSONPath (`$.connections[2].to.port`). */
export interface ConfigError {
  path: string;
  code: string;
  message: string;
}

/** A JSONPath step for a key: `.name` when it is an identifier, else `['odd key']`. */
export const key = (name: string) =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `['${name.replaceAll("'", "\\'")}']`;

/** The JSONPath of a block, or of a part of it. */
export const blockPath = (block: string, rest = "") => `$.blocks${key(block)}${rest}`;

/** The type an output port carries, or undefined when the block type has no such port. */
export function outputType(block: BlockSpec, port: string): PortType | undefined {
  return BLOCK_TYPES[block.type]?.outputs[port];
}

/** Whether a block wants this input port, and of which type (`output` takes any port of any type). */
export function inputType(block: BlockSpec, port: string): PortType | "any" | undefined {
  const type = BLOCK_TYPES[block.type];
  if (!type) return undefined;
  if (type.openInputs) return "any";
  return type.inputs[port]?.type;
}

/**
 * Checks the connections and ports: blocks and ports that do not exist, input ports fed twice, types that do not
 * match, required inputs left unconnected. Only well-formed connections are checked (the schema reports the rest).
 */
export function checkPorts(config: Configuration): ConfigError[] {
  const errors: ConfigError[] = [];
  const fed = new Map<string, number>();
  for (const [name, block] of Object.entries(config.blocks)) {
    if (block.id !== name)
      errors.push({
        path: blockPath(name, ".id"),
        code: "block_id_mismatch",
        message: `the block's id "${block.id}" differs from its key "${name}"`,
      });
  }
  (config.connections ?? []).forEach((c, i) => {
    const at = `$.connections[${i}]`;
    const source = config.blocks[c.from.block];
    const target = config.blocks[c.to.block];
    if (!source)
      errors.push({ path: `${at}.from.block`, code: "unknown_block", message: `no block "${c.from.block}"` });
    if (!target)
      errors.push({ path: `${at}.to.block`, code: "unknown_block", message: `no block "${c.to.block}"` });
    if (!source || !target || !BLOCK_TYPES[source.type] || !BLOCK_TYPES[target.type]) return;
    const out = outputType(source, c.from.port);
    const into = inputType(target, c.to.port);
    if (!out) {
      const ports = Object.keys(BLOCK_TYPES[source.type].outputs).join(", ") || "none";
      errors.push({
        path: `${at}.from.port`,
        code: "unknown_port",
        message: `a ${source.type} block has no output port "${c.from.port}" (its outputs: ${ports})`,
      });
    }
    if (!into) {
      const ports = Object.keys(BLOCK_TYPES[target.type].inputs).join(", ") || "none";
      errors.push({
        path: `${at}.to.port`,
        code: "unknown_port",
        message: `a ${target.type} block has no input port "${c.to.port}" (its inputs: ${ports})`,
      });
    }
    const slot = `${c.to.block}\u0000${c.to.port}`;
    if (fed.has(slot))
      errors.push({
        path: `${at}.to.port`,
        code: "port_taken",
        message: `input "${c.to.block}.${c.to.port}" is already fed by connections[${fed.get(slot)}]`,
      });
    else fed.set(slot, i);
    if (out && into && into !== "any" && out !== into)
      errors.push({
        path: at,
        code: "type_mismatch",
        message: `"${c.from.block}.${c.from.port}" gives a ${out} but "${c.to.block}.${c.to.port}" takes a ${into}`,
      });
  });
  for (const [name, block] of Object.entries(config.blocks)) {
    const type = BLOCK_TYPES[block.type];
    if (!type) continue;
    for (const [port, spec] of Object.entries(type.inputs)) {
      const connected = fed.has(`${name}\u0000${port}`);
      const fromConfig =
        block.type === "predict" &&
        port === "model" &&
        (block.config?.model_id || block.config?.deployment_id);
      if (!connected && (spec.required || (block.type === "predict" && port === "model" && !fromConfig)))
        errors.push({
          path: blockPath(name),
          code: "unconnected_port",
          message:
            block.type === "predict" && port === "model"
              ? `predict block "${name}" needs a model: connect its "model" input or set config.model_id or config.deployment_id`
              : `input port "${port}" (${spec.type}) of ${block.type} block "${name}" is not connected`,
        });
    }
    if (block.type === "output" && !(config.connections ?? []).some((c) => c.to.block === name))
      errors.push({
        path: blockPath(name),
        code: "unconnected_port",
        message: `output block "${name}" has no inputs: connect what the execution should return`,
      });
  }
  return errors;
}

/**
 * The blocks in an order where every block comes after those feeding it (ties by key order), or the cycle found:
 * the connection indexes along it.
 */
export function runOrder(config: Configuration): { order: string[] } | { cycle: number[] } {
  const names = Object.keys(config.blocks);
  const edges = (config.connections ?? [])
    .map((c, i) => ({ from: c.from.block, to: c.to.block, i }))
    .filter((e) => config.blocks[e.from] && config.blocks[e.to]);
  const indegree = new Map(names.map((n) => [n, 0]));
  for (const e of edges) indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  const ready = names.filter((n) => indegree.get(n) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const next = ready.shift() as string;
    order.push(next);
    for (const e of edges.filter((x) => x.from === next)) {
      indegree.set(e.to, (indegree.get(e.to) as number) - 1);
      if (indegree.get(e.to) === 0) ready.push(e.to);
    }
  }
  if (order.length === names.length) return { order };
  // Walk back along unfinished edges from a block left over until a block repeats: that loop is a cycle.
  const left = new Set(names.filter((n) => !order.includes(n)));
  // Blocks merely downstream of a cycle lead nowhere: drop them until every block left has a way on.
  for (let pruned = true; pruned; ) {
    pruned = false;
    for (const n of left)
      if (!edges.some((e) => e.from === n && left.has(e.to))) {
        left.delete(n);
        pruned = true;
      }
  }
  const path: { block: string; edge: number }[] = [];
  let at = [...left][0];
  const seen = new Map<string, number>();
  while (!seen.has(at)) {
    seen.set(at, path.length);
    const edge = edges.find((e) => e.from === at && left.has(e.to)) as (typeof edges)[number];
    path.push({ block: at, edge: edge.i });
    at = edge.to;
  }
  return { cycle: path.slice(seen.get(at)).map((p) => p.edge) };
}

/** The connection feeding an input port, if any. */
export function feeding(config: Configuration, block: string, port: string): Connection | undefined {
  return (config.connections ?? []).find((c) => c.to.block === block && c.to.port === port);
}
