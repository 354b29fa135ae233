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
