/**
 * Third-party code used only by `plait export`.
 *
 * @module
 */
export { stringify as yamlStringify } from "npm:yaml@2.9.1";
