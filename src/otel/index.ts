/**
 * `momotalk-bot-sdk/otel`: OpenTelemetry traces and metrics for the receivers, the client and the inbox
 * workers, through the optional peer `@opentelemetry/api`; `combineTelemetry` to report to several
 * telemetries at once (OpenTelemetry and the emulator's `emulatorTelemetry`).
 *
 * @module
 */

export { combineTelemetry } from '../telemetry/combine-telemetry.js';
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
