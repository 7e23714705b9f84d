import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * better-sqlite3 for the running Node.js. Up to 12 it wraps its objects in node::ObjectWrap, whose
 * destructor on Node 24 aborts the process (`RemoveEnvironmentCleanupHook: (env) != nullptr`) when a
 * statement is collected after a worker thread's environment is gone — a crash under load, not only
 * at exit. 13 is built on Node-API and fixed, but needs Node 22 and segfaults on 20. So both are
 * installed (13 as the alias better-sqlite3-node22, with Node-API prebuilds) and the one that is safe
 * on this Node is loaded. Both have the same API.
 */
const require = createRequire(import.meta.url);
const major = Number(process.versions.node.split('.')[0]);

const moduleName = major >= 22 ? 'better-sqlite3-node22' : 'better-sqlite3';

/** Where that module is, for threads and child processes that load it themselves. */
export const driverPath: string = require.resolve(moduleName);

export const Database: typeof BetterSqlite3 = require(moduleName);
export type Database = BetterSqlite3.Database;
