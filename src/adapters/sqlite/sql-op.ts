/** One SQL write as data, so it can be batched and executed on the writer thread. */
export interface SqlOp {
  sql: string;
  params: unknown[];
}

export interface SqlResult {
  changes: number;
  /** Rows of a statement that returns some (RETURNING). */
  rows: unknown[];
}

/** Executes groups of writes durably; each group is all-or-nothing and gets its own results. */
export interface SqlWriter {
  run(ops: SqlOp[]): Promise<SqlResult[]>;
  close(): Promise<void>;
}

export const op = (sql: string, ...params: unknown[]): SqlOp => ({ sql, params });
