/** A WHERE clause built from optional filters; each `?` becomes the next `$n` parameter. */
export class Where {
  private readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  /** Adds `clause` (with one `?`) bound to `value`. */
  add(clause: string, value: unknown): this {
    this.params.push(value);
    this.clauses.push(clause.replace("?", `$${this.params.length}`));
    return this;
  }

  get sql(): string {
    return this.clauses.join(" AND ");
  }
}
