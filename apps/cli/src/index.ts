export { type Command, type CommandContext, type CommandIO, UsageError } from "./command.js";
export { commands, main } from "./main.js";
