/**
 * Seeing builds: builds publish their events to `.plait/events/<build>.jsonl`; a server follows
 * them and pushes them to a live page; a report renders the last build as one HTML file. It reads
 * the graph (given by the CLI) and the events, never the engine.
 *
 * @module
 */
export { type EventLogOptions, EventLogWriter, EVENTS_DIR, listBuilds, readBuild } from "./event_log.ts";
export type { BuildHeader, LoggedEvent, LogLine } from "./event_log.ts";
export { EventTail, type TailOptions } from "./tail.ts";
export { type HistoryPoint, Hub } from "./hub.ts";
export { type BuildInfo, type Change, LiveBuild, type LiveStatus, type LiveTask } from "./live_state.ts";
export { newToken, type PlaitServer, type ServeOptions, startServer } from "./server.ts";
export type { ServeGraph, ServeProject, ServeTask, StartedBuild } from "./types.ts";
export { insideRoot } from "./files.ts";
