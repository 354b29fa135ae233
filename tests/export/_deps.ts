/**
 * Test-only third-party code: the targets' own schemas, to validate what `plait export` writes.
 * Argo's Workflow and Kubernetes' Job carry their official OpenAPI schemas (validated by the
 * packages' own `validate()`); the AWS SDK's Batch client carries the service model's shapes.
 * @module
 */
export { Workflow } from "npm:@kubernetes-models/argo-workflows@2.0.0/argoproj.io/v1alpha1/Workflow";
export { Job } from "npm:kubernetes-models@5.1.0/batch/v1/Job";
export {
  JobDefinitionType,
  PlatformCapability,
  RegisterJobDefinitionRequest$,
  ResourceType,
} from "npm:@aws-sdk/client-batch@3.1138.0";
