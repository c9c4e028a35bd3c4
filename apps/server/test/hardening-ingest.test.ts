import type { ParzenClient } from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/index.js";
import { teamClient } from "./clients.js";

let server: RunningServer;
let client: ParzenClient;
beforeAll(async () => {
  server = await startServer({ port: 0, limits: { maxDatasetCells: 1000 } });
  client = await teamClient(server, "ingest");
});
afterAll(() => server.close());

/** Registers a dataset from `text` uploaded as `name`; the error message when it is refused. */
async function register(text: string, name: string): Promise<{ status: number; message: string }> {
  const file = await client.files.upload(new TextEncoder().encode(text), { name });
  return client.datasets.create({ name, file_id: file.id }).then(
    () => ({ status: 201, message: "" }),
    (error: { status: number; message: string }) => ({ status: error.status, message: error.message }),
  );
}

describe("ingestion refuses what it cannot read faithfully", () => {
  it.each([
    [
      "ragged rows",
      "a,b,y\n1,2,3\n4,5\n6,7,8\n",
      "ragged.csv",
      /Row 2 \(line 3\) has 2 field\(s\) but the header has 3/,
    ],
    ["a row with too many fields", "a,b,y\n1,2,3\n4,5,6,7\n", "long.csv", /Row 2 .* has 4 field/],
    ["an unterminated quote", 'a,b,y\n1,2,3\n4,"5,3\n6,7,8\n', "quote.csv", /opens on line 3 never closes/],
    ["an empty file", "", "empty.csv", /empty/],
    ["a header without rows", "a,b,y\n", "header.csv", /header line but no rows/],
    ["duplicate column names", "a,A,b\n1,2,3\n", "dup.csv", /Columns 1 and 2 are both named "A"/],
    ["a JSON scalar", "42", "scalar.json", /single value, not records/],
    ["an empty JSON array", "[]", "none.json", /no rows/],
    [
      "JSON nested 5,000 deep",
      `[{"a":${"[".repeat(5000)}${"]".repeat(5000)}}]`,
      "deep.json",
      /max_json_depth/,
    ],
    ["more cells than the bound", `a,b\n${"1,2\n".repeat(501)}`, "big.csv", /max_dataset_cells/],
  ])("%s is a 400 naming where", async (_label, text, name, message) => {
    const answer = await register(text, name);
    expect(answer.status).toBe(400);
    expect(answer.message).toMatch(message);
  });

  it("nothing refused left a dataset behind", async () => {
    expect((await client.datasets.list()).items).toHaveLength(0);
  });
});

describe("ingestion still reads well-formed data", () => {
  it("reads quoted delimiters, doubled quotes, CRLF, blank lines and a sniffed delimiter", async () => {
    const quoted = await client.files.upload(
      new TextEncoder().encode('name,note,y\r\n"Smith, J","said ""hi""",1\r\n\r\nLee,"two\nlines",2\r\n'),
      { name: "quoted.csv" },
    );
    const dataset = await client.datasets.create({ name: "quoted", file_id: quoted.id });
    expect(dataset.record_count).toBe(2);
    const csv = await client.datasets.downloadData(dataset.id);
    expect(csv).toContain('"said ""hi"""');
    const semi = await client.files.upload(new TextEncoder().encode("a;b;y\n1;2;3\n4;5;6\n"), {
      name: "semi.csv",
    });
    const second = await client.datasets.create({ name: "semi", file_id: semi.id });
    const versions = await client.datasets.listDataVersions(second.id);
    expect(versions.items[0].columns.map((c) => c.name)).toEqual(["a", "b", "y"]);
  });
});
