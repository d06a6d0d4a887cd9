// Sends signed prescriptions to the national prescription system through the outbox: queued in the signing
// transaction, delivered by an OutboxWorker with this handler. Idempotent on the prescription code.
import type { Qd808Prescription } from '../../../fhir/prescription/national/qd808-payload.ts';
import { foldVietnamese } from '../../../fhir/text/fold.ts';
import type { Db } from '../../db/client.ts';
import { outcomeOfHttpFailure, type DeliveryContext, type DeliveryOutcome } from '../../workers/delivery-outcome.ts';
import { enqueueOutboxMessage, type OutboxHandler } from '../../workers/outbox.ts';
import { DoctorSignInError, MissingCredentialsError, type NationalPrescriptionClient } from './client.ts';

export const NATIONAL_PRESCRIPTION_TOPIC = 'national-prescription';

export interface NationalPrescriptionMessage {
  /**
   * The prescribing facility's link code (its Organization identifier); absent, the deployment's default
   * (SEN_DTQG_FACILITY_LINK_CODE) is used: one Sen may serve several facilities, each with its own code.
   */
  facilityLinkCode?: string;
  /** The prescribing doctor's link code (mã liên thông bác sĩ): prescriptions are sent under the doctor's sign-in. */
  doctorLinkCode: string;
  prescription: Qd808Prescription;
}

/** The outbox key of a prescription: one message per national code, however often signing is retried. */
export function nationalPrescriptionKey(code: string): string {
  return `${NATIONAL_PRESCRIPTION_TOPIC}:${code}`;
}

export function enqueueNationalPrescription(db: Db, message: NationalPrescriptionMessage): Promise<{ id: number; created: boolean }> {
  return enqueueOutboxMessage(db, { topic: NATIONAL_PRESCRIPTION_TOPIC, key: nationalPrescriptionKey(message.prescription.ma_don_thuoc), payload: message });
}

/** The national system refuses a code it already has ("Mã đơn thuốc đã tồn tại"). */
function isDuplicateCode(errors: readonly string[]): boolean {
  return errors.some((error) => foldVietnamese(error).includes('da ton tai'));
}

export function nationalPrescriptionHandler(client: NationalPrescriptionClient): OutboxHandler {
  return {
    topic: NATIONAL_PRESCRIPTION_TOPIC,
    async deliver(payload: unknown, { attempt, signal }: DeliveryContext): Promise<DeliveryOutcome> {
      const { facilityLinkCode, doctorLinkCode, prescription } = payload as NationalPrescriptionMessage;
      try {
        const result = await client.send(prescription, { facility: facilityLinkCode, doctor: doctorLinkCode }, signal);
        if (result.kind === 'accepted') return { kind: 'delivered', httpStatus: 200, result: { checksum: result.checksum ?? null } };
        // An earlier attempt ended without an answer (timeout, interruption, 5xx) and may have arrived: the code being
        // known already is then that attempt's success, not a clash. Codes are unique per facility, so it cannot be
        // another prescription's.
        if (result.httpStatus === 422 && attempt > 1 && isDuplicateCode(result.errors)) {
          return { kind: 'delivered', httpStatus: 422, result: { checksum: null, acceptedByEarlierAttempt: true } };
        }
        return outcomeOfHttpFailure(result.httpStatus, result.errors.join('; ') || `HTTP ${result.httpStatus}`, result.retryAfter);
      } catch (error) {
        if (error instanceof MissingCredentialsError) return { kind: 'failed', error: error.message };
        if (error instanceof DoctorSignInError) return outcomeOfHttpFailure(error.httpStatus, error.message);
        throw error;
      }
    },
  };
}
