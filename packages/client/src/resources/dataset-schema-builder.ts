import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/request-options.js";
import type { components } from "../generated/schema.js";

type Column = components["schemas"]["DatasetColumn"];
type ColumnType = components["schemas"]["ColumnType"];
type Parsing = components["schemas"]["ParsingOptions"];
type SchemaCreate = components["schemas"]["DatasetSchemaCreate"];
type Schema = components["schemas"]["DatasetSchema"];

/**
 * Builds a dataset schema step by step (`dataset.schemaBuilder()`); `create()` sends it. Like the seed SDK's
 * builder, the schema becomes the one new data is checked against only after `asCurrent()`.
 *
 * @example
 * const schema = await dataset
 *   .schemaBuilder()
 *   .addColumn("id", "int", { required: true })
 *   .addColumn("name", "string", { description: "User name" })
 *   .withParsing({ delimiter: ",", header_row: 1 })
 *   .asCurrent()
 *   .create();
 */
export class DatasetSchemaBuilder {
  private readonly columns: Column[] = [];
  private parsing: Parsing | undefined;
  private current = false;

  constructor(private readonly send: (body: SchemaCreate, options?: RequestOptions) => APIPromise<Schema>) {}

  /** Adds a column; a name used twice throws at once. */
  addColumn(
    name: string,
    type: ColumnType,
    options: { required?: boolean; description?: string } = {},
  ): this {
    if (this.columns.some((c) => c.name === name))
      throw new TypeError(`Column "${name}" is already in this schema.`);
    this.columns.push({ name, type, ...options });
    return this;
  }

  /** How text data is read: the one-character `delimiter` and the one-based `header_row`. */
  withParsing(parsing: Parsing): this {
    this.parsing = { ...this.parsing, ...parsing };
    return this;
  }

  /** Makes the schema current on creation, so new data is checked against it. */
  asCurrent(current = true): this {
    this.current = current;
    return this;
  }

  /** The request body as built so far. */
  build(): SchemaCreate {
    if (this.columns.length === 0) throw new TypeError("Add at least one column before creating the schema.");
    return { columns: [...this.columns], parsing: this.parsing, is_current: this.current };
  }

  /** Sends the schema. */
  create(options?: RequestOptions): APIPromise<Schema> {
    return this.send(this.build(), options);
  }
}
