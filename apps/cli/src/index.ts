export { type CommandContext, type CommandFactory, type CommandIO, UsageError } from "./command.js";
export { commands, INTERRUPTED, main, program } from "./main.js";
export { formatProgress, type ProgressLine, type ProgressState, progressLine } from "./progress-bar.js";
