/**
 * `momotalk-bot-sdk/otel`: OpenTelemetry traces and metrics for the receivers, the client and the inbox
 * workers, through the optional peer `@opentelemetry/api`.
 *
 * @module
 */
export type {
  DeliveryOutcome,
  DeliveryStepName,
  DeliveryTrace,
  ItemOutcome,
  JobTrace,
  QueueSample,
  SendTrace,
  Telemetry,
  TelemetryAttributes,
  TelemetrySpan,
} from '../telemetry/telemetry.js';
export { MOMOTALK_ATTRIBUTES } from './attribute-names.js';
export { type OpenTelemetryOptions, openTelemetry } from './open-telemetry.js';
