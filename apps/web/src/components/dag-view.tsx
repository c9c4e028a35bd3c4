interface DagNode {
  id: string;
  kind: "input" | "step" | "output";
  label: string;
}
interface Dag {
  nodes?: DagNode[];
  edges?: { from: string; to: string }[];
  /** An ensemble's lineage: one graph per member. */
  members?: Record<string, Dag>;
}

/** The model's preprocessing graph, or one per member of an ensemble (the first four). */
export function LineageView({ lineage, title }: { lineage: Dag; title: string }) {
  if (!lineage.members) return <DagView dag={lineage} title={title} />;
  return (
    <>
      {Object.entries(lineage.members)
        .slice(0, 4)
        .map(([member, dag]) => (
          <DagView key={member} dag={dag} title={`${title}: ${member}`} />
        ))}
    </>
  );
}

const COLUMN = { input: 0, step: 1, output: 2 } as const;

/**
 * The preprocessing DAG drawn left to right: input columns, the steps in order, the model features. Steps are
 * stacked in their own column in order; the drawing scales to the width of the screen.
 */
export function DagView({ dag, title }: { dag: Dag; title: string }) {
  const nodes = dag.nodes ?? [];
  if (nodes.length === 0) return <p className="muted">No preprocessing graph for this model.</p>;
  const byColumn: DagNode[][] = [[], [], []];
  for (const node of nodes) byColumn[COLUMN[node.kind] ?? 1].push(node);
  const rowHeight = 28;
  const width = 640;
  const height = Math.max(...byColumn.map((c) => c.length)) * rowHeight + 16;
  const at = new Map<string, { x: number; y: number }>();
  byColumn.forEach((column, c) => {
    const offset = (height - column.length * rowHeight) / 2;
    column.forEach((node, r) => {
      at.set(node.id, { x: 20 + c * 220, y: offset + r * rowHeight + rowHeight / 2 });
    });
  });
  return (
    <figure className="chart dag">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} className="dag-svg" role="img" aria-label={title}>
        {(dag.edges ?? []).map((edge) => {
          const a = at.get(edge.from);
          const b = at.get(edge.to);
          if (!a || !b) return null;
          // Steps run top to bottom in their column: join them edge to edge vertically.
          const stacked = a.x === b.x;
          return (
            <line
              key={`${edge.from}>${edge.to}`}
              x1={stacked ? a.x + 75 : a.x + 150}
              y1={stacked ? a.y + 11 : a.y}
              x2={stacked ? b.x + 75 : b.x}
              y2={stacked ? b.y - 11 : b.y}
              stroke="#6b7680"
            />
          );
        })}
        {nodes.map((node) => {
          const p = at.get(node.id);
          if (!p) return null;
          return (
            <g key={node.id} transform={`translate(${p.x},${p.y - 11})`}>
              <rect width={150} height={22} rx={4} className={`dag-${node.kind}`} />
              <text x={8} y={15}>
                {node.label.length > 20 ? `${node.label.slice(0, 19)}…` : node.label}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
