/**
 * The kernel runtime: plait speaks the Jupyter messaging protocol (v5.3) to Python kernels
 * itself, over a pure-TypeScript ZMTP transport (or `npm:zeromq`), and keeps fresh kernels
 * warm in a pool backed by a fork server. This layer knows nothing of pipelines.
 *
 * @module
 */
export {
  type ConnectOptions,
  type Endpoint,
  getTransport,
  type Socket,
  type SocketKind,
  type Transport,
  type TransportName,
} from "./transport.ts";
export type {
  ExecuteOptions,
  ExecuteReply,
  Kernel,
  KernelExit,
  KernelInfo,
  KernelLaunchOptions,
  NbOutput,
  OutputMessage,
} from "./types.ts";
export { type PathFallback, startKernel } from "./launch.ts";
export { type ChannelKind, chooseChannelKind } from "./connection.ts";
export { KernelPool, type KernelPoolOptions } from "./pool.ts";
export { KernelTemplate, type KernelTemplateOptions, type TemplateRequest } from "./template.ts";
export { findKernelSpec, type KernelSpec, kernelSpecDirs, resolveKernelSpec } from "./kernelspec.ts";
export { OutputCollector } from "./outputs.ts";
export { type JupyterMessage, Session } from "./wire.ts";
