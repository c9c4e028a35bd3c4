import type { PipelineConfigurationVersion } from "@parzen/client";

type Configuration = PipelineConfigurationVersion["configuration"];
const WIDTH = 150;
const HEIGHT = 40;

/** Each block's layer: the longest path to it from a block with no inputs, so every connection points rightwards. */
function layers(configuration: Configuration): Map<string, number> {
  const ids = Object.keys(configuration.blocks);
  const depth = new Map(ids.map((id) => [id, 0]));
  const links = configuration.connections ?? [];
  for (let pass = 0; pass < ids.length; pass++) {
    let moved = false;
    for (const { from, to } of links) {
      const next = (depth.get(from.block) ?? 0) + 1;
      if (next > (depth.get(to.block) ?? 0)) {
        depth.set(to.block, next);
        moved = true;
      }
    }
    if (!moved) break;
  }
  return depth;
}

/** The pipeline's configuration drawn as a graph: blocks (name and type) left to right, connections labelled by port. */
export function PipelineGraph({ configuration }: { configuration: Configuration }) {
  const depth = layers(configuration);
  const columns: string[][] = [];
  for (const [id, d] of depth) {
    columns[d] ??= [];
    columns[d].push(id);
  }
  const tallest = Math.max(1, ...columns.map((c) => c.length));
  const width = columns.length * (WIDTH + 50) + 10;
  const height = tallest * (HEIGHT + 24) + 10;
  const at = new Map<string, { x: number; y: number }>();
  for (const [c, column] of columns.entries()) {
    const offset = (height - column.length * (HEIGHT + 24)) / 2;
    for (const [r, id] of column.entries())
      at.set(id, { x: 10 + c * (WIDTH + 50), y: offset + r * (HEIGHT + 24) + 12 });
  }
  const title = `Pipeline ${configuration.name}: ${Object.keys(configuration.blocks).length} blocks`;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} className="pipeline-svg" role="img" aria-label={title}>
        {(configuration.connections ?? []).map(({ from, to }) => {
          const a = at.get(from.block);
          const b = at.get(to.block);
          if (!a || !b) return null;
          return (
            <g key={`${from.block}.${from.port}>${to.block}.${to.port}`}>
              <line x1={a.x + WIDTH} y1={a.y + HEIGHT / 2} x2={b.x} y2={b.y + HEIGHT / 2} stroke="#6b7680" />
              <text
                x={(a.x + WIDTH + b.x) / 2}
                y={(a.y + b.y + HEIGHT) / 2 - 3}
                className="port"
                textAnchor="middle"
              >
                {from.port}
              </text>
            </g>
          );
        })}
        {Object.values(configuration.blocks).map((block) => {
          const p = at.get(block.id);
          if (!p) return null;
          return (
            <g key={block.id} transform={`translate(${p.x},${p.y})`}>
              <rect width={WIDTH} height={HEIGHT} rx={5} className={`block block-${block.type}`} />
              <text x={8} y={16} className="block-name">
                {(block.name ?? block.id).slice(0, 20)}
              </text>
              <text x={8} y={32} className="block-type">
                {block.type}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
