export { type AppOptions, buildApp } from "./app.js";
export { bootstrapAdmin, type Caller, createTeamWithUser, generateKey } from "./auth/keys.js";
export { HttpError, sendError } from "./http/errors.js";
export { type RunningServer, type StartOptions, startServer } from "./start.js";
export type { Database } from "./store/database.js";
export { openStore, type StoreOptions } from "./store/open.js";
export { serverVersion } from "./version.js";
