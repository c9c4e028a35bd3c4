import type { DatePart } from "../preprocess/steps/datetime.js";
import type { GraphBuilder } from "./graph.js";

/**
 * Calendar parts of UTC epoch milliseconds as graph ops, exactly as `Date` computes them: days since the epoch,
 * then Howard Hinnant's civil-from-days algorithm in doubles (every value stays an exact integer). NaN stays NaN.
 */
export function calendarParts(g: GraphBuilder, ms: string, parts: DatePart[]): Map<DatePart, string> {
  const c = (v: number) => g.scalar(v);
  const floorDiv = (x: string, d: number) => g.node("Floor", [g.node("Div", [x, c(d)])]);
  const mod = (x: string, d: number) => g.node("Sub", [x, g.node("Mul", [floorDiv(x, d), c(d)])]);
  const days = floorDiv(ms, 86_400_000);
  const out = new Map<DatePart, string>();
  const z = g.node("Add", [days, c(719_468)]);
  const era = floorDiv(z, 146_097);
  const doe = g.node("Sub", [z, g.node("Mul", [era, c(146_097)])]);
  const yoe = floorDiv(
    g.node("Sub", [
      g.node("Add", [g.node("Sub", [doe, floorDiv(doe, 1460)]), floorDiv(doe, 36_524)]),
      floorDiv(doe, 146_096),
    ]),
    365,
  );
  const doy = g.node("Sub", [
    doe,
    g.node("Sub", [g.node("Add", [g.node("Mul", [yoe, c(365)]), floorDiv(yoe, 4)]), floorDiv(yoe, 100)]),
  ]);
  const mp = floorDiv(g.node("Add", [g.node("Mul", [doy, c(5)]), c(2)]), 153);
  const day = g.node("Add", [
    g.node("Sub", [doy, floorDiv(g.node("Add", [g.node("Mul", [mp, c(153)]), c(2)]), 5)]),
    c(1),
  ]);
  const month = g.node("Where", [
    g.node("Less", [mp, c(10)]),
    g.node("Add", [mp, c(3)]),
    g.node("Sub", [mp, c(9)]),
  ]);
  const early = g.node("Cast", [g.node("LessOrEqual", [month, c(2)])], { to: 11 });
  const year = g.node("Add", [g.node("Add", [yoe, g.node("Mul", [era, c(400)])]), early]);
  out.set("year", year);
  out.set("month", month);
  out.set("day", day);
  if (parts.includes("dayofyear")) {
    // Days since 1 January of the same year: the March-based day of year shifted by the length of Jan + Feb.
    const y1 = g.node("Sub", [year, c(1)]);
    const era1 = floorDiv(y1, 400);
    const yoe1 = g.node("Sub", [y1, g.node("Mul", [era1, c(400)])]);
    const doe1 = g.node("Add", [
      g.node("Sub", [g.node("Add", [g.node("Mul", [yoe1, c(365)]), floorDiv(yoe1, 4)]), floorDiv(yoe1, 100)]),
      c(306),
    ]);
    const jan1 = g.node("Sub", [g.node("Add", [g.node("Mul", [era1, c(146_097)]), doe1]), c(719_468)]);
    out.set("dayofyear", g.node("Add", [g.node("Sub", [days, jan1]), c(1)]));
  }
  // 1 January 1970 was a Thursday (getUTCDay() = 4).
  out.set("weekday", mod(g.node("Add", [days, c(4)]), 7));
  out.set("hour", mod(floorDiv(ms, 3_600_000), 24));
  return out;
}
