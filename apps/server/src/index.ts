export { type AppOptions, buildApp } from "./app.js";
export { HttpError, sendError } from "./http/errors.js";
export { type RunningServer, startServer } from "./start.js";
export { serverVersion } from "./version.js";
